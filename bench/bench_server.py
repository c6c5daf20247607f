"""Load the web service: N concurrent POSTs of a ~500-word article on loopback.

Usage: python bench/bench_server.py [--n 100] [--words 500] [--workers 0] [--results FILE]

The article is the shipped example with its body paragraphs repeated (whole paragraphs) until
it has at least ``--words`` words. Starts ``quellenlage serve`` in a subprocess on a free
loopback port (the real configuration: worker processes, time limit, body limit), sends two
warm-up requests, then fires N requests at once with httpx (async, one connection each) and
reports how many were answered 200, how many were lost, and the p50/p95/max latency (which
includes the wait for a free worker: N requests share the server's few workers). With
``--results`` the figures replace the ``bench_server`` section of that Markdown file (e.g.
bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK_BEGIN, MARK_END = "<!-- bench_server:begin -->", "<!-- bench_server:end -->"


def article_text(words: int) -> str:
    """The shipped example, its body paragraphs repeated until at least ``words`` words."""
    base = (ROOT / "examples" / "beispiel.txt").read_text("utf-8")
    paragraphs = [p for p in base.split("\n\n") if len(p.split()) > 12]
    head = base.split("\n\n")[:3]
    out = list(head)
    while sum(len(p.split()) for p in out) < words:
        out.extend(paragraphs)
    return "\n\n".join(out)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[k]


async def fire(url: str, text: str, n: int) -> tuple[list[float], list[int], list[str]]:
    """N POSTs at once; latencies of the answered ones, their statuses, and the errors."""
    import httpx

    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(limits=limits, timeout=600) as client:

        async def one() -> tuple[float, int | None, str | None]:
            t = time.perf_counter()
            try:
                r = await client.post(url, json={"text": text})
                body_ok = r.status_code != 200 or r.json().get("schema_version") == "1"
                if not body_ok:
                    return time.perf_counter() - t, None, "200 without an Analysis"
                return time.perf_counter() - t, r.status_code, None
            except Exception as exc:  # a lost request is a result here, not a crash
                return time.perf_counter() - t, None, f"{type(exc).__name__}: {exc}"

        results = await asyncio.gather(*(one() for _ in range(n)))
    latencies = sorted(t for t, status, _e in results if status is not None)
    statuses = [status for _t, status, _e in results if status is not None]
    errors = [e for _t, _s, e in results if e is not None]
    return latencies, statuses, errors


def write_results(path: Path, section: str) -> None:
    """Replace (or append) the bench_server section of a Markdown results file."""
    old = path.read_text("utf-8") if path.exists() else "# Benchmark results\n"
    block = f"{MARK_BEGIN}\n{section.rstrip()}\n{MARK_END}"
    pattern = re.compile(re.escape(MARK_BEGIN) + ".*?" + re.escape(MARK_END), re.S)
    new = (
        pattern.sub(lambda _m: block, old)
        if pattern.search(old)
        else (old.rstrip() + "\n\n" + block + "\n")
    )
    path.write_text(new, "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="concurrent requests")
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--workers", type=int, default=0, help="server workers (0: up to 2)")
    ap.add_argument("--timeout", type=float, default=120.0, help="server time limit per analysis")
    ap.add_argument("--results", type=Path, help="Markdown file to write the figures into")
    args = ap.parse_args()
    import httpx

    load_before = os.getloadavg()[0]

    text = article_text(args.words)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable, "-c", "from quellenlage.cli import main; main()",
        "serve", "--port", str(port), "--timeout", str(args.timeout),
        "--workers", str(args.workers),
    ]  # fmt: skip
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        t0 = time.perf_counter()
        while True:
            if server.poll() is not None:
                raise SystemExit(f"server exited: {server.stderr.read().decode()[-2000:]}")
            try:
                health = httpx.get(base + "/healthz", timeout=2).json()
                break
            except httpx.HTTPError:
                if time.perf_counter() - t0 > 120:
                    raise SystemExit("server did not start within 120 s") from None
                time.sleep(0.2)
        startup = time.perf_counter() - t0
        for _ in range(2):  # warm-up: both workers loaded, first-request costs paid
            r = httpx.post(base + "/v1/analyze", json={"text": text}, timeout=300)
            if r.status_code != 200:
                raise SystemExit(f"warm-up request failed: {r.status_code} {r.text[:500]}")
        single = []
        for _ in range(5):
            t = time.perf_counter()
            httpx.post(base + "/v1/analyze", json={"text": text}, timeout=300)
            single.append(time.perf_counter() - t)
        t_all = time.perf_counter()
        latencies, statuses, errors = asyncio.run(fire(base + "/v1/analyze", text, args.n))
        wall = time.perf_counter() - t_all
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    ok = sum(1 for s in statuses if s == 200)
    others = sorted(set(s for s in statuses if s != 200))
    single.sort()
    lines = [
        "## bench_server: concurrent POST /v1/analyze on loopback",
        "",
        f"`python bench/bench_server.py --n {args.n} --words {args.words}` on "
        f"{platform.machine()}, {os.cpu_count()} CPU(s), load average before the run "
        f"{load_before:.2f}, server with "
        f"{health['workers']} {health['executor']} worker(s).",
        "",
        f"- article: {len(text.split())} words; server start-up {startup:.1f} s",
        f"- one request at a time (after warm-up): median {single[len(single) // 2]:.3f} s",
        f"- {args.n} concurrent requests: **{ok}/{args.n} answered 200**, "
        f"{len(errors)} lost" + (f", other statuses {others}" if others else ""),
        f"- latency p50 **{percentile(latencies, 0.50):.2f} s**, p95 "
        f"**{percentile(latencies, 0.95):.2f} s**, max {percentile(latencies, 1.0):.2f} s;"
        f" all {args.n} done in {wall:.2f} s ({args.n / wall:.1f} requests/s)",
    ]
    if errors:
        lines.append(f"- first error: {errors[0]}")
    section = "\n".join(lines) + "\n"
    print(section)
    if args.results:
        write_results(args.results, section)
    if ok != args.n:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
