"""The shape of the code: data flows one way through the stages, and a test says so.

Each room of `src/kam/` has a level; a module may import only from rooms of a lower
level, or from its own room (as RenderCV's tests/test_tests.py guards its layout):

    cache ← i18n ← base (problems, registry, periods, limits, text, interrupt, cycles, stand_ins)
      ← load, models ← validate ← analysis ← rules ← review, compare, render ← deck
      ← rollup ← pipeline, starter ← cli ← entry (the command's first module)

Imports inside functions count too: a lazy import is still a dependency.

The deck (`deck/`, the QBR slides) reads render's labels and palette, so it sits
just above render. No function is longer than `MAX_LINES`, save the benchmarked hot
loops of `LONG`, whose docstrings say why ("Why:").
"""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

SOURCE = ROOT / "src" / "kam"
LEVELS = {
    "cache": -2,  # kept between runs (Babel's data, compiled templates): below i18n
    "i18n": -1,  # messages in the user's language: below the problems that carry them
    **dict.fromkeys(
        ("problems", "registry", "periods", "limits", "text", "interrupt", "cycles", "stand_ins"),
        0,
    ),
    "load": 1,
    "models": 1,
    "validate": 2,
    "analysis": 3,
    "rules": 4,
    "review": 5,
    "compare": 5,  # what changed between two prepared documents (kam diff)
    "render": 5,
    "deck": 5.2,  # the QBR deck: reads render's labels, formats, palette and key figures
    "rollup": 5.5,  # many accounts in one view: reads review and render
    "pipeline": 6,
    "starter": 6,
    "cli": 7,
    "__main__": 8,
    "entry": 7.5,  # the command's first module: kam.cache set up, then kam.cli
}


MAX_LINES = 60
# hot loops `make bench` covers: splitting them would cost a call per row
LONG = {"kam.load.tables.read_purchases"}


def room(module: str) -> str:
    """`kam.render.pdf.incremental` → `render`; `kam` itself (its version) → `problems`'s level."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "problems"


def modules() -> list[tuple[str, object]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE.parent).with_suffix("")
        name = ".".join(p for p in relative.parts if p != "__init__")
        found.append((name, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def imports(module: str, tree) -> set[str]:
    """The kam modules `module` imports, anywhere in its code."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("kam.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kam":
                out |= {f"kam.{a.name}" for a in node.names if a.name != "__version__"}
            elif node.module.startswith("kam."):
                out.add(node.module)
    return out


def test_every_room_has_a_level():
    rooms = {room(name) for name, _tree in modules()}
    assert rooms <= set(LEVELS), f"rooms without a level: {rooms - set(LEVELS)}"


@pytest.mark.parametrize("name, tree", modules(), ids=[name for name, _ in modules()])
def test_imports_run_one_way(name, tree):
    mine = room(name)
    wrong = sorted(
        target
        for target in imports(name, tree)
        if room(target) != mine and LEVELS[room(target)] >= LEVELS[mine]
    )
    assert not wrong, f"{name} (level {LEVELS[mine]}) imports {wrong}"


def test_the_rule_catches_an_import_against_it():
    tree = ast.parse("def f():\n    from kam.pipeline import build\n")
    target = next(iter(imports("kam.render.html", tree)))
    assert LEVELS[room(target)] >= LEVELS[room("kam.render.html")]


def functions() -> list[tuple[str, int, ast.FunctionDef]]:
    """Every function of `src/kam` by its qualified name, with its length in lines."""
    found = []
    for module, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{module}.{node.name}"
                found.append((name, node.end_lineno - node.lineno + 1, node))
    return found


def test_no_function_is_too_long():
    long = sorted(
        f"{name} ({length} lines)"
        for name, length, _node in functions()
        if length > MAX_LINES and name not in LONG
    )
    assert not long, f"functions over {MAX_LINES} lines: {long}"


def test_each_long_function_says_why():
    lengths = {name: (length, node) for name, length, node in functions()}
    for name in LONG:
        length, node = lengths[name]  # a hot loop that moved must leave the list too
        assert length > MAX_LINES, f"{name} is short now: take it off LONG"
        assert "Why:" in (ast.get_docstring(node) or ""), f"{name} must say why it is long"
