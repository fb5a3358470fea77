"""The direction of imports between the layers (issue 16): the tree's folders are the contract.

data/ -> figures/ -> charts/ -> app/ (and pages/); text/ (catalogue, formatting) is used by charts, app
and cli. A module may import from its own layer and the layers below it, never above.  Figures are pure
pandas: no translator, imported or passed in (their words are in charts/).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "clusterviz"

# What each layer may import from clusterviz (besides itself).
ALLOWED = {
    "data": set(),
    "text": set(),
    "figures": {"data"},
    "charts": {"data", "figures", "text"},
    "app": {"data", "figures", "charts", "text"},
    "cli": {"data", "figures", "charts", "text", "app"},
}
STREAMLIT = ("streamlit",)


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if len(rel.parts) == 1:
        return "cli"  # __init__, __main__, cli: the package's top
    return rel.parts[0]


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) of every import in a file, inner ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import (the tree uses absolute ones)"
            found.append((node.module or "", [alias.name for alias in node.names], node.lineno))
    return found


def target_layers(module: str, names: list[str]) -> set[str]:
    parts = module.split(".")
    if parts[0] != "clusterviz":
        return set()
    if len(parts) == 1:  # from clusterviz import x: a layer, or the package's top (cli, __version__)
        return {name if name in ALLOWED else "cli" for name in names}
    return {"cli" if parts[1] in ("cli", "__main__") else parts[1]}


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer():
    layers = {layer_of(path) for path in SOURCES}
    assert layers <= set(ALLOWED), layers - set(ALLOWED)
    assert {"data", "figures", "charts", "text", "app"} <= layers


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path):
    layer = layer_of(path)
    wrong = []
    for module, names, line in imports(path):
        for target in target_layers(module, names):
            if target != layer and target not in ALLOWED[layer]:
                wrong.append(f"line {line}: {layer} imports {module} {names}")
    assert not wrong, wrong


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_app_imports_streamlit(path):
    bad = [line for module, _, line in imports(path) if module.split(".")[0] in STREAMLIT]
    assert layer_of(path) == "app" or not bad, f"{path}: streamlit imported on lines {bad}"


FIGURES = [path for path in SOURCES if layer_of(path) == "figures"]


def translator_parameters(path: Path) -> list[str]:
    """Functions of a module that take a translator: a parameter named ``tr`` or annotated Translator."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = node.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                if arg.arg == "tr" or (arg.annotation is not None and "Translator" in ast.unparse(arg.annotation)):
                    found.append(f"line {node.lineno}: {getattr(node, 'name', 'lambda')}({arg.arg})")
    return found


@pytest.mark.parametrize("path", FIGURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_figures_take_no_translator(path):
    """The import check cannot see an untyped ``tr`` passed in: words belong to charts/ (its *_tables.py)."""
    assert not translator_parameters(path), translator_parameters(path)


def test_the_translator_check_finds_one(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("def table(frame, tr):\n    return frame\n\ndef other(frame, words: 'Translator'):\n    return frame\n")
    assert [hit.split(": ")[1] for hit in translator_parameters(fake)] == ["table(tr)", "other(words)"]


ALL_SOURCES = [*SOURCES, *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]


@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_names_across_modules(path):
    """`from clusterviz.x import _y` reaches into another module's privates."""
    bad = [
        (line, module, name)
        for module, names, line in imports(path)
        if module.startswith("clusterviz")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not bad, bad


@pytest.mark.parametrize("path", ALL_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_dynamic_imports(path):
    """Modules are imported by name: no __import__ or importlib tricks that hide a dependency."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__"
    ]
    assert not calls, calls
    assert all(module != "importlib" for module, _, _ in imports(path))


def test_pages_and_router_only_reach_the_app_and_below():
    for path in [*(ROOT / "pages").glob("*.py"), ROOT / "app.py"]:
        for module, names, line in imports(path):
            assert "cli" not in target_layers(module, names), f"{path}:{line} imports the cli"


def test_a_violation_is_found(tmp_path):
    """The checker itself: a data module importing the app is reported."""
    fake = PACKAGE / "data" / "fake.py"
    src = "from clusterviz.app import ui\nfrom clusterviz.data.validate import _conform\n"
    tree = ast.parse(src)
    module_names = [(n.module, [a.name for a in n.names]) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert "app" not in ALLOWED[layer_of(fake)]
    assert target_layers(*module_names[0]) == {"app"}
    assert module_names[1][1][0].startswith("_")
