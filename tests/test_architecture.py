"""The house rules, read from the code: imports run one way, no circles, no streamlit in ``geo``,
no module past 400 lines, no function past 60 without its reason at its top.

Every module of ``geo`` lives in one room; a room may import its own modules and the rooms below it.
Lazy imports inside functions count: a circle hidden in a function is still a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parent.parent / "geo"

# Lowest first. A package under geo/ is a room of its own; the modules at the top of geo/ are placed here.
# Reading needs the word lists and sentence splitter (a dateline, a caption, the story's paragraphs),
# so `lexicon` and `sentences` live in `read`; the gazetteer reads no text. Scoring (`evaluate`) sits on
# extraction; one `export(events, path)` sits on the files and the map, since HTML is one of its formats.
ROOMS: tuple[str, ...] = ("shared", "read", "gazetteer", "extract", "evaluate", "formats", "maps", "export", "app",
                          "api", "cli")
TOP: dict[str, str] = {"models": "shared", "errors": "shared", "geometry": "shared", "files": "shared",
                       "tables": "shared", "palette": "shared", "evaluate": "evaluate", "exporting": "export",
                       "__init__": "api", "__main__": "cli"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    """Dotted names under geo ("extract.fusion", "models", "read" for read/__init__.py) -> file."""
    found = {}
    for path in sorted(GEO.rglob("*.py")):
        parts = list(path.relative_to(GEO).with_suffix("").parts)
        if len(parts) > 1 and parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def room_of(name: str) -> str | None:
    head = name.split(".")[0]
    if (GEO / head).is_dir():
        return head if head in ROOMS else None
    return TOP.get(name)


def rank_of(name: str) -> int | None:
    room = room_of(name)
    return ROOMS.index(room) if room else None


def _package(path: Path) -> list[str]:
    return list(path.relative_to(GEO).parent.parts)


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """(geo modules imported, as dotted names, top-level packages imported), lazy imports included."""
    known = modules()
    inside, outside = set(), set()

    def add(base: list[str], module: str | None, names: list[str]) -> None:
        stem = base + (module.split(".") if module else [])
        for name in names:  # `from pkg import module` imports the module; `from module import name` the module
            dotted = ".".join(stem + [name])
            inside.add(dotted if dotted in known else ".".join(stem) or "__init__")

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            if node.level:
                package = _package(path)
                add(package[:len(package) - node.level + 1], node.module, names)
            elif node.module and node.module.split(".")[0] == "geo":
                add([], node.module.partition(".")[2] or None, names)
            elif node.module:
                outside.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                (inside.add(".".join(parts[1:])) if parts[0] == "geo" and len(parts) > 1 else outside.add(parts[0]))
    return inside, outside


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: {m for m in imports_of(path)[0] if m in found and m != name} for name, path in found.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_circle_finder_finds_circles():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_every_module_has_a_room():
    assert [name for name in modules() if room_of(name) is None] == [], "place the new module in a room (TOP)"
    assert sorted(set(TOP) - set(modules())) == [], "TOP names a module that is gone"


def test_every_room_says_what_comes_in_and_goes_out():
    for room in ROOMS:
        if (GEO / room).is_dir():
            assert ast.get_docstring(ast.parse((GEO / room / "__init__.py").read_text(encoding="utf-8"))), room


def test_no_import_circles():
    assert circles(graph()) == []


def test_imports_run_one_way():
    upward = [f"{name} ({room_of(name)}) imports {target} ({room_of(target)})"
              for name, targets in graph().items() for target in sorted(targets)
              if rank_of(target) > rank_of(name)]
    assert upward == []


def test_geo_never_imports_streamlit():
    assert [name for name, path in modules().items() if "streamlit" in imports_of(path)[1]] == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_size(name):
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{modules()[name]} has {lines} lines"


def test_long_functions_say_why():
    silent = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES \
                    and "Long because:" not in (ast.get_docstring(node) or ""):
                silent.append(f"{name}.{node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert silent == []


def test_the_public_api_is_typed_documented_and_light():
    import inspect
    import subprocess
    import sys

    import geo

    for name in geo.__all__:
        function = getattr(geo, name)
        assert callable(function) and inspect.getdoc(function), name
        assert inspect.signature(function).return_annotation is not inspect.Signature.empty, name
    with pytest.raises(AttributeError):
        geo.no_such_stage  # noqa: B018
    loaded = subprocess.run([sys.executable, "-c", "import sys, geo; print(sorted(m for m in "
                             "('folium', 'geopandas', 'trafilatura', 'geo.gazetteer.index') if m in sys.modules))"],
                            capture_output=True, text=True, check=True, cwd=GEO.parent).stdout.strip()
    assert loaded == "[]"
