"""Fetching a web page safely: ``fetch_page(url)`` → bytes, ``fetch_article(url)`` → Article.

The URL is untrusted (it comes from a user, a URL list or the web API), so:

* only ``http``/``https``, no credentials in the URL;
* the host is resolved first and every address it resolves to must be a public (global)
  address: loopback, private, link-local, shared, multicast and reserved addresses are
  refused, also for IPv4-mapped IPv6; the connection then goes to the checked address (the
  request is made to the IP, with the host in the ``Host`` header and as TLS SNI, so the
  certificate is still checked for the host), so a second DNS answer cannot redirect it;
* redirects are followed by hand, at most ``fetch_max_redirects``, each target checked again;
* ``robots.txt`` of every host is read and obeyed by default (RFC 9309: a robots.txt that
  cannot be read because of a server or network error means "do not fetch");
* a time limit for the whole download, connect/read timeouts, a size limit on the
  decompressed body (checked against Content-Length first, then while reading);
* only HTML, XHTML and plain text are accepted; the charset comes from the header, the page,
  or detection; a polite User-Agent names the tool.

``allow_loopback`` exists for tests that start a local server; nothing else sets it.
"""

from __future__ import annotations

import concurrent.futures
import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..about import __version__
from ..errors import FetchError, FetchRefused, FetchTimeout, InputTooLarge, require
from ..model import Article, ArticleMeta
from ..settings import DEFAULT_SETTINGS, Settings
from .decode import decode_bytes
from .html import decode_html, html_to_article
from .text import text_to_article

_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_ROBOTS_MAX_BYTES = 512 * 1024
_ROBOTS_TTL = 3600.0
_ROBOTS_CACHE: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
_DNS_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="dns")


@dataclass(slots=True)
class FetchedPage:
    """A downloaded page: where it ended up, what it is, and its bytes."""

    url: str
    requested: str
    content_type: str
    kind: str  # "html" or "text"
    data: bytes
    fetched: str
    redirects: list[str] = field(default_factory=list)


def user_agent(settings: Settings) -> str:
    """The User-Agent: the setting, or one that names the tool and how to learn about it."""
    return settings.fetch_user_agent or (
        f"quellenlage/{__version__} (German news sourcing analysis; "
        "+https://pypi.org/project/quellenlage/)"
    )


def fetch_article(
    url: str,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    meta: ArticleMeta | None = None,
    allow_loopback: bool = False,
) -> Article:
    """Fetch ``url`` (see the module docstring) and ingest the page into an ``Article``."""
    page = fetch_page(url, settings=settings, allow_loopback=allow_loopback)
    base = meta or ArticleMeta()
    update: dict[str, Any] = {"fetched": base.fetched or page.fetched, "input_format": "url"}
    if not base.url:
        update["url"] = page.url
    given = base.model_copy(update=update)
    if page.redirects:
        given.extra = {**given.extra, "requested_url": page.requested}
    if page.kind == "text":
        text, given.encoding = decode_bytes(page.data, name=page.url, settings=settings)
        return text_to_article(text, meta=given, settings=settings, name=page.url)
    return html_to_article(decode_html(page.data, page.content_type), meta=given, settings=settings)


def fetch_page(
    url: str, *, settings: Settings = DEFAULT_SETTINGS, allow_loopback: bool = False
) -> FetchedPage:
    """Download one page within the limits of ``settings``; raise a ``FetchError`` otherwise."""
    deadline = time.monotonic() + settings.fetch_timeout
    current = url
    seen: list[str] = []
    for _ in range(settings.fetch_max_redirects + 1):
        target = _checked_target(current, allow_loopback, deadline, settings)
        if settings.fetch_respect_robots:
            _check_robots(current, settings, allow_loopback, deadline)
        status, headers, body = _get(target, settings, deadline, _PAGE)
        if status in (301, 302, 303, 307, 308):
            location = headers.get("location")
            if not location:
                raise FetchError(f"{current}: HTTP {status} redirect without a Location")
            seen.append(current)
            current = urljoin(current, location.strip())
            continue
        if status >= 400:
            raise FetchError(f"{current}: HTTP {status}; no page to analyse")
        ctype = headers.get("content-type", "")
        return FetchedPage(
            url=current,
            requested=url,
            content_type=ctype,
            kind=_TYPES.get(ctype.split(";")[0].strip().lower(), "html"),
            data=body,
            fetched=datetime.now(UTC).isoformat(timespec="seconds"),
            redirects=seen,
        )
    raise FetchError(f"{url}: more than {settings.fetch_max_redirects} redirects")


@dataclass(slots=True, frozen=True)
class _Target:
    """A URL, and the checked address to connect to for it."""

    url: str
    host: str
    port: int
    ip: str


@dataclass(slots=True, frozen=True)
class _Purpose:
    """What a download is for: the accepted types and the size limit (None: settings)."""

    types: tuple[str, ...] | None
    max_bytes: int | None


_PAGE = _Purpose(tuple(_TYPES), None)
_ROBOTS = _Purpose(None, _ROBOTS_MAX_BYTES)


def _checked_target(url: str, allow_loopback: bool, deadline: float, settings: Settings) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"{url[:200]}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"{url[:200]}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchRefused(f"{url[:200]}: the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(f"{url[:200]}: URLs with credentials are not fetched")
    host = parts.hostname
    port = port or (443 if scheme == "https" else 80)
    ips = _resolve(host, port, deadline, settings)
    for ip in ips:
        problem = address_problem(ip, allow_loopback=allow_loopback)
        if problem is not None:
            where = f"{host} is" if host == ip else f"{host} resolves to {ip},"
            raise FetchRefused(f"{url[:200]}: {where} {problem}; not fetched")
    return _Target(url=url, host=host, port=port, ip=ips[0])


def address_problem(ip: str, *, allow_loopback: bool = False) -> str | None:
    """Why this address must not be contacted, or ``None`` for a public address."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if addr.is_loopback:
        return None if allow_loopback else "a loopback address"
    for test, what in (
        (addr.is_link_local, "a link-local address"),
        (addr.is_private, "a private address"),
        (addr.is_multicast, "a multicast address"),
        (addr.is_reserved, "a reserved address"),
        (addr.is_unspecified, "an unspecified address"),
        (not addr.is_global, "not a public address"),
    ):
        if test:
            return what
    return None


def _resolve(host: str, port: int, deadline: float, settings: Settings) -> list[str]:
    """All addresses of ``host`` (an IP literal resolves to itself), within the time left."""
    wait = min(settings.fetch_connect_timeout, max(0.0, deadline - time.monotonic()))
    job = _DNS_POOL.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        infos = job.result(timeout=wait)
    except concurrent.futures.TimeoutError:
        raise FetchTimeout(f"{host}: no DNS answer within {wait:.1f} s") from None
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"{host}: the host name cannot be resolved ({exc})") from None
    ips = [str(info[4][0]) for info in infos]
    if not ips:
        raise FetchError(f"{host}: the host name resolves to no address")
    return ips


def _get(
    target: _Target, settings: Settings, deadline: float, purpose: _Purpose
) -> tuple[int, dict[str, str], bytes]:
    """One GET to the checked address; the body only for a 2xx answer."""
    httpx = require("httpx", "serve")
    parts = urlsplit(target.url)
    ip_host = f"[{target.ip}]" if ":" in target.ip else target.ip
    netloc = f"{ip_host}:{target.port}"
    ip_url = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    default_port = 443 if parts.scheme.lower() == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    headers = {
        "Host": host_header,
        "User-Agent": user_agent(settings),
        "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
        "Accept-Language": "de,en;q=0.5",
    }
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchTimeout(f"{target.url}: the time limit of {settings.fetch_timeout:g} s is over")
    timeout = httpx.Timeout(left, connect=min(settings.fetch_connect_timeout, left))
    extensions = {"sni_hostname": target.host} if parts.scheme.lower() == "https" else {}
    try:
        with httpx.Client(trust_env=False, follow_redirects=False, timeout=timeout) as client:
            request = client.build_request("GET", ip_url, headers=headers, extensions=extensions)
            response = client.send(request, stream=True)
            try:
                return _read(response, target, settings, deadline, purpose)
            finally:
                response.close()
    except httpx.TimeoutException:
        raise FetchTimeout(
            f"{target.url}: no complete answer within the time limit ({settings.fetch_timeout:g} s)"
        ) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{target.url}: {type(exc).__name__}: {exc}") from None


def _read(
    response: Any, target: _Target, settings: Settings, deadline: float, purpose: _Purpose
) -> tuple[int, dict[str, str], bytes]:
    status = int(response.status_code)
    headers = {k.lower(): v for k, v in response.headers.items()}
    if not 200 <= status < 300:
        return status, headers, b""
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    if purpose.types is not None and ctype and ctype not in purpose.types:
        raise FetchRefused(
            f"{target.url}: the server sends {ctype}, not a web page (HTML or plain text)"
        )
    limit = purpose.max_bytes or settings.fetch_max_bytes
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit and purpose.max_bytes is None:
        raise InputTooLarge(
            f"{target.url}: the page is {int(declared):,} bytes, more than the limit of "
            f"{limit:,}; not downloaded"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            if purpose.max_bytes is not None:
                break  # robots.txt: what was read so far is enough
            raise InputTooLarge(
                f"{target.url}: the page is larger than the limit of {limit:,} bytes; "
                "the download was stopped"
            )
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise FetchTimeout(
                f"{target.url}: the download took longer than {settings.fetch_timeout:g} s"
            )
    return status, headers, b"".join(chunks)


def _check_robots(url: str, settings: Settings, allow_loopback: bool, deadline: float) -> None:
    """Refuse ``url`` when its host's robots.txt disallows it for this user agent."""
    parts = urlsplit(url)
    origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    cached = _ROBOTS_CACHE.get(origin)
    if cached is None or time.monotonic() - cached[0] > _ROBOTS_TTL:
        cached = (time.monotonic(), _load_robots(origin, settings, allow_loopback, deadline))
        if len(_ROBOTS_CACHE) > 256:
            _ROBOTS_CACHE.clear()
        _ROBOTS_CACHE[origin] = cached
    rules = cached[1]
    if rules is None:
        raise FetchRefused(
            f"{url[:200]}: {origin}/robots.txt cannot be read (server or network error), which "
            "means no fetching (RFC 9309); set fetch_respect_robots=False to fetch anyway"
        )
    if not rules.can_fetch(user_agent(settings), url):
        raise FetchRefused(f"{url[:200]}: {origin}/robots.txt does not allow fetching this page")


def _load_robots(
    origin: str, settings: Settings, allow_loopback: bool, deadline: float
) -> urllib.robotparser.RobotFileParser | None:
    """The parsed robots.txt; allow-all when there is none (4xx); None when unreadable."""
    rules = urllib.robotparser.RobotFileParser()
    current = f"{origin}/robots.txt"
    for _ in range(5):
        try:
            target = _checked_target(current, allow_loopback, deadline, settings)
            status, headers, body = _get(target, settings, deadline, _ROBOTS)
        except FetchRefused:
            raise
        except (FetchError, InputTooLarge):
            return None
        if status in (301, 302, 303, 307, 308) and headers.get("location"):
            current = urljoin(current, headers["location"])
            continue
        if 400 <= status < 500:
            rules.parse([])
            return rules
        if status >= 500:
            return None
        rules.parse(body.decode("utf-8", "replace").splitlines())
        return rules
    rules.parse([])  # too many redirects: RFC 9309 says treat as unavailable (allow)
    return rules
