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

# Lowest first. Reading needs the word lists and sentence splitter (a dateline, a caption, the story's
# paragraphs), so `lexicon` and `sentences` live with `read`; the gazetteer reads no text.
ROOMS: dict[str, tuple[str, ...]] = {
    "shared": ("models", "errors", "geometry", "files", "palette"),
    "read": ("text", "dates", "fetch", "sentences", "lexicon", "archives"),
    "gazetteer": ("names", "borders", "gazetteer_sources", "sites", "gazetteer_build", "gazetteer", "geocoding"),
    "extract": ("places", "strike_words", "strike_triggers", "strike_details", "strike_phrases", "strike_dates",
                "strike_roles", "extraction", "fusion_index", "fusion", "pipeline", "engine_dask", "evaluate"),
    "formats": ("storage_codec", "formats_area", "storage", "formats_csv", "formats_gpkg", "formats_kml",
                "formats_parquet"),
    "maps": ("map_popups", "assets", "map_columns", "rendering"),
    "app": ("exporting", "map_component", "store_rows", "store_edits", "store", "app_bundle", "dataset", "views",
            "app_text", "app_charts", "review"),
    "api": ("__init__",),  # the public names, each loaded on first use
    "cli": ("cli_progress", "cli_evaluate", "cli_maps", "cli_events", "cli", "__main__"),
}
RANK = {module: rank for rank, modules in enumerate(ROOMS.values()) for module in modules}
ROOM_OF = {module: room for room, modules in ROOMS.items() for module in modules}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    return {path.stem: path for path in sorted(GEO.glob("*.py"))}


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """(geo modules imported, top-level packages imported), lazy imports included."""
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                inside.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
            elif node.module and node.module.split(".")[0] == "geo":
                inside.add(node.module.split(".")[1] if "." in node.module else "__init__")
            elif node.module:
                outside.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                (inside.add(parts[1]) if parts[0] == "geo" and len(parts) > 1 else outside.add(parts[0]))
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
    assert sorted(set(modules()) - set(RANK)) == [], "place the new module in ROOMS"
    assert sorted(set(RANK) - set(modules())) == [], "a room names a module that is gone"


def test_no_import_circles():
    assert circles(graph()) == []


def test_imports_run_one_way():
    upward = [f"{name} ({ROOM_OF[name]}) imports {target} ({ROOM_OF[target]})"
              for name, targets in graph().items() for target in sorted(targets)
              if RANK.get(target, -1) > RANK.get(name, len(ROOMS))]
    assert upward == []


def test_geo_never_imports_streamlit():
    assert [name for name, path in modules().items() if "streamlit" in imports_of(path)[1]] == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_size(name):
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"geo/{name}.py has {lines} lines"


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
                             "('folium', 'geopandas', 'trafilatura', 'geo.gazetteer') if m in sys.modules))"],
                            capture_output=True, text=True, check=True, cwd=GEO.parent).stdout.strip()
    assert loaded == "[]"
