"""Two layers, one direction: the analysis library never imports the book builder, and nothing imports in a circle.

The graph is read from the source (every ``import`` statement, also inside functions), so a lazy
import that closes a circle counts as one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kmunetz

PACKAGE = Path(kmunetz.__file__).parent


def modules() -> dict[str, Path]:
    out = {}
    for p in PACKAGE.rglob("*.py"):
        if "data" in p.relative_to(PACKAGE).parts:
            continue
        parts = ("kmunetz",) + p.relative_to(PACKAGE).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    return out


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name in mods}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target in mods:
                    deps.add(target)
                deps |= {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in mods}
        graph[name] = deps - {name, "kmunetz"}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == "open":
                found.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_graph_sees_the_imports():
    graph = import_graph()
    assert "kmunetz.builder.book" in graph and "kmunetz.paths" in graph["kmunetz.builder.book"]
    assert "kmunetz.estimation" in graph["kmunetz.models"]


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_library_never_imports_the_builder():
    graph = import_graph()
    library = [m for m in graph if not m.startswith("kmunetz.builder") and m != "kmunetz.__main__"]
    assert len(library) >= 15
    wrong = {m: sorted(d for d in graph[m] if d.startswith("kmunetz.builder")) for m in library}
    assert {m: d for m, d in wrong.items() if d} == {}


def test_no_private_names_imported_across_modules():
    private = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("kmunetz")):
                private += [f"{name}: {a.name}" for a in node.names if a.name.startswith("_")
                            and a.name not in ("__version__",)]
    assert private == []


#: Longest hidden cell (tag remove-cell) of a chapter, in non-blank lines: hidden cells compute and glue;
#: the sentences they glue are built in kmunetz.wording, not in the chapter.
MAX_HIDDEN_LINES = 40


def hidden_cell_lengths(text: str) -> list[int]:
    """Non-blank lines of each code cell tagged remove-cell in a MyST notebook's text.

    >>> hidden_cell_lengths("```{code-cell} ipython3\\n:tags: [remove-cell]\\n\\na = 1\\n\\nb = 2\\n```\\n"
    ...                     "```{code-cell} ipython3\\nc = 3\\n```\\n")
    [2]
    """
    import jupytext

    nb = jupytext.reads(text, fmt="md:myst")
    return [len([line for line in c.source.splitlines() if line.strip()]) for c in nb.cells
            if c.cell_type == "code" and "remove-cell" in c.metadata.get("tags", [])]


def test_hidden_chapter_cells_only_compute_and_glue():
    root = Path(__file__).resolve().parents[1]
    chapters = [p for p in sorted((root / "chapters").glob("*.md")) if "```{code-cell}" in p.read_text(encoding="utf-8")]
    assert len(chapters) >= 15
    long = {p.name: max(n) for p in chapters if (n := hidden_cell_lengths(p.read_text(encoding="utf-8")))
            and max(n) > MAX_HIDDEN_LINES}
    assert not long, f"hidden cells longer than {MAX_HIDDEN_LINES} lines (move their wording to kmunetz.wording): {long}"
