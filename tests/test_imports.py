"""The package reads as the pipeline: imports run one way, from the command line down to
the content model, with no circle. Read from the source (AST), so nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "generator"
# Top to bottom: a module may import from its own package and from any layer below its
# own, never from a layer above or a sibling package in its layer.
LAYERS = [
    {"__main__"},
    {"commands"},
    {"preview"},
    {"engine"},
    {"editorial", "search", "audio"},
    {"render"},
    {"content"},
    # What every stage may use: the build's store, its file, and the rules and words below.
    {"store"},
    {"store_file"},
    {"diagnostics", "language", "site_urls"},
    {"sites"},
]
MAX_LINES = 400


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that `path` imports anywhere, TYPE_CHECKING blocks included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from generator.engine import site` imports the module generator.engine.site.
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found.update(name for name in names if name in known)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, known) - {name} for name, path in known.items()}


def unit(module: str) -> str:
    """The package below generator/ a module belongs to, or its own name at the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def layer(module: str) -> int:
    found = [i for i, units in enumerate(LAYERS) if unit(module) in units]
    assert found, f"{module} is in no layer of LAYERS: add its package there"
    return found[0]


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            if unit(target) == unit(module) or unit(target) == "generator":
                continue
            if layer(target) <= layer(module):
                wrong.append(f"{module} imports {target}")
    return wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of imports found by a depth-first walk, each as the modules in order."""
    found, state, stack = [], {}, []

    def visit(module: str) -> None:
        state[module] = "open"
        stack.append(module)
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module)
    return found


def test_every_module_is_in_a_layer():
    for module in graph():
        if unit(module) != "generator":
            layer(module)


def test_imports_run_down_the_layers():
    assert upward_imports(graph()) == []


def test_no_import_circle():
    assert cycles(graph()) == []


def test_no_module_is_over_the_size_a_reader_takes_in():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


# The checks themselves, on made-up graphs: they must catch what they are for.
@pytest.mark.parametrize("edges, expected", [
    ({"generator.render.links": {"generator.engine.build"}},
     ["generator.render.links imports generator.engine.build"]),
    ({"generator.search.files": {"generator.audio.listen"}},
     ["generator.search.files imports generator.audio.listen"]),
    ({"generator.engine.build": {"generator.render.pages", "generator.engine.site"}}, []),
])
def test_upward_and_sideways_imports_are_found(edges, expected):
    assert upward_imports(edges) == expected


def test_a_circle_is_found():
    edges = {"generator.render.links": {"generator.render.markdown"},
             "generator.render.markdown": {"generator.memo"},
             "generator.memo": {"generator.render.links"}}
    assert cycles(edges) == [["generator.memo", "generator.render.links",
                              "generator.render.markdown", "generator.memo"]]
