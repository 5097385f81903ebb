"""Imports point one way: no module of src/provenance imports, at any depth, a module that imports it.

Every import counts, also those inside functions (a lazy import hides a cycle from Python's loader, not
from the design), and the vocabularies the readers share stay in leaf modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import provenance

PACKAGE = Path(provenance.__file__).parent


def module_name(path: Path) -> str:
    parts = ("provenance", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports (functions' imports included)."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base)
        graph[name] = {m for m in found if m in files and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "provenance.attribution" in graph and "provenance.htmltree" in graph["provenance.attribution"]
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    # (the test above would pass on a finder that finds nothing)
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_readers_vocabularies_are_leaves() -> None:
    graph = import_graph()
    assert graph["provenance.datewords"] == set()
    assert graph["provenance.htmltree"] == set()
    assert graph["provenance.outlet_words"] == {"provenance.outlets"}
    readers = {"provenance.attribution", "provenance.htmlmeta", "provenance.textmeta", "provenance.quotes"}
    for reader in readers:
        assert graph[reader] & readers == set(), reader
