"""The house rules of the code base, checked: layering, sizes, evidence labels, stage table.

* no import cycle between modules of ``src/quellenlage`` (function-local imports count too,
  so a cycle cannot hide inside a function);
* no module over 500 lines, no function over 80 lines;
* every evidence label the pipeline writes is registered once and documented in English and
  German, and no code writes a label that bypasses the catalogue;
* ``docs/architecture.md`` lists exactly the registered stages, with what each needs and sets.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import quellenlage
from quellenlage import evidence, registry
from quellenlage.attribute import load_plugins

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "quellenlage"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    # A compiled module (``_sequence.c``) is known by its type stub: a leaf of the graph.
    return {_module_name(p): p for pattern in ("*.py", "*.pyi") for p in SRC.rglob(pattern)}


def _resolve(mod: str, is_package: bool, node: ast.ImportFrom, known: set[str]) -> list[str]:
    """The quellenlage modules an ``from X import a, b`` statement imports."""
    if node.level:
        base = mod.split(".") if is_package else mod.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    out = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        out.append(sub if sub in known else target)
    return [t for t in out if t in known]


def _import_graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        tree = ast.parse(path.read_text("utf-8"))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                graph[mod].update(_resolve(mod, is_package, node, known))
            elif isinstance(node, ast.Import):
                graph[mod].update(a.name for a in node.names if a.name in known)
        graph[mod].discard(mod)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    assert _cycles(_import_graph()) == []


def test_no_stage_imports_a_later_one() -> None:
    order = ["annotate", "attribute", "sources", "assess", "export", "pipeline"]
    graph = _import_graph()
    for mod, deps in graph.items():
        area = mod.split(".")[1] if "." in mod else ""
        if area not in order:
            continue
        for dep in deps:
            dep_area = dep.split(".")[1] if "." in dep else ""
            if dep_area in order:
                assert order.index(dep_area) <= order.index(area), f"{mod} imports {dep}"
    assert not any(d.startswith("quellenlage.pipeline") for d in graph["quellenlage.eval.score"])
    eval_modules = [
        m for m in graph if m == "quellenlage.eval" or m.startswith("quellenlage.eval.")
    ]
    eval_deps = set().union(*(graph[m] for m in eval_modules))
    assert "quellenlage.pipeline" not in eval_deps


def test_modules_and_functions_are_small() -> None:
    too_long: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text("utf-8")
        rel = path.relative_to(SRC)
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{rel}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    too_long.append(f"{rel}:{node.lineno} {node.name}() has {n} lines")
    assert too_long == []


# ------------------------------------------------------------------------------- evidence


def _emitted_labels() -> set[str]:
    labels: set[str] = set()
    texts = [p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    texts.append((ROOT / "examples" / "beispiel.txt").read_text("utf-8"))
    for text in texts:
        analysis = quellenlage.analyze(text)
        for e in analysis.speech_events:
            labels.update(e.evidence)
        for s in analysis.statements:
            labels.update(x for x in s.evidence if not x.startswith("event:"))
    return labels


def test_every_emitted_evidence_label_is_registered_and_documented() -> None:
    emitted = _emitted_labels()
    assert len(emitted) > 15
    for label in emitted:
        found = evidence.lookup(label)
        assert found is not None, f"{label!r} is not registered in the evidence catalogue"
        assert found.en and found.de and found.stage, label
        _, reason = evidence.explain(label, "de")
        assert reason != label


_LABEL = re.compile(r"^(?:rule|model|marker|source-type):[\w-]")
_REGISTERING = {"decision", "label", "rule"}


def test_labels_are_written_only_through_the_catalogue() -> None:
    """No code writes a rule/model/marker label as a bare string: each string that looks like
    one is the first argument of the call that registers it (``decision``/``label``/``rule``)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        registering: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in _REGISTERING:
                    registering.add(id(node.args[0]))
                    for part in ast.walk(node.args[0]):
                        registering.add(id(part))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _LABEL.match(node.value)
                and id(node) not in registering
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value!r}")
    assert offenders == []


def test_catalogue_labels_are_unique_per_stage() -> None:
    load_plugins()
    cat = evidence.catalog()
    assert len({d.label for d in cat}) == len(cat)
    with pytest.raises(ValueError, match="already registered"):
        evidence.decision(cat[0].label, stage="elsewhere", en="x", de="y")


# ----------------------------------------------------------------------------- stage table


def _documented_stages() -> dict[str, tuple[str, str]]:
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    rows = re.findall(r"^\|\s*`(quellenlage\.[\w.-]+)`\s*\|([^|]*)\|([^|]*)\|", text, re.M)
    return {name: (needs.strip(), sets.strip()) for name, needs, sets in rows}


def test_stage_table_matches_the_registry() -> None:
    load_plugins()
    documented = _documented_stages()
    registered = {
        s.name: (", ".join(s.needs), ", ".join(s.sets))
        for s in registry.stages()
        if not s.name.split(".")[2].startswith("test-")
    }
    assert documented == registered


def test_default_pipeline_is_checked_and_complete() -> None:
    from quellenlage.pipeline import stages_for

    names = [s.name for s in stages_for("default")]
    assert names[0] == "quellenlage.annotate.tokenize.v1"
    assert names[-1] == "quellenlage.assess.targets.v1"
    with pytest.raises(quellenlage.errors.ModelError, match="needs"):
        registry.check(("quellenlage.assess.targets.v1",))
