"""The README's "Where things are" stays true: its module table lists exactly the modules in the tree."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"### {title}")
    end = README.find("\n## ", start)
    return README[start:end]


def test_the_module_table_lists_every_module_and_no_other():
    listed = set(re.findall(r"^\| `(clusterviz/[\w/]+\.py)` \|", section("Where things are"), re.M))
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "clusterviz").rglob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    assert listed, "no module table found"
    assert sorted(modules - listed) == [], "modules missing from the README's table"
    assert sorted(listed - modules) == [], "the README lists modules that do not exist"


def test_the_tree_names_every_folder_of_the_package_and_of_tests():
    tree = section("Where things are")
    for folder in [p for p in (ROOT / "clusterviz").iterdir() if (p / "__init__.py").exists()]:
        assert f"clusterviz/{folder.name}/" in tree, folder.name
    for folder in ("unit", "app", "browser", "support"):
        assert f"tests/{folder}/" in tree and (ROOT / "tests" / folder).is_dir()


def test_every_path_the_readme_names_exists():
    """Paths like `clusterviz/figures/metrics.py` or `tests/unit/test_i18n.py` anywhere in the README."""
    named = set(re.findall(r"(?<![\w/.])((?:clusterviz|tests|pages|scripts|benchmarks)/[\w/]+\.(?:py|sh|toml))", README))
    missing = sorted(p for p in named if "*" not in p and not (ROOT / p).exists())
    assert missing == []
