"""The house's layout holds: one door to search, no import cycle, modules of one job each."""

import ast
from pathlib import Path

import pytest

import articles.search

APP = Path(__file__).resolve().parent.parent / "articles"
MODULES = sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def imports_of(path: Path) -> set[str]:
    """Every module (and `module.name`) a file imports, at any depth."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(APP)))
def test_every_module_opens_with_a_sentence_and_stays_short(path):
    tree = ast.parse(path.read_text())
    assert ast.get_docstring(tree), f"{path.name} says nothing of its job"
    assert len(path.read_text().splitlines()) <= 420


def test_views_use_only_the_public_names_of_the_search_package():
    public = {f"articles.search.{name}" for name in articles.search.__all__}
    for path in (APP / "views").glob("*.py"):
        used = {name for name in imports_of(path) if name.startswith("articles.search.")}
        assert used <= public, f"{path.name} reaches inside the search package: {used - public}"


def test_models_and_querysets_do_not_import_each_other():
    assert not any(name.startswith("articles.models") for name in imports_of(APP / "querysets.py"))


def test_only_the_search_backends_ask_which_engine_is_in_use():
    asking = {
        str(path.relative_to(APP)) for path in MODULES if "connection.vendor" in path.read_text()
    }
    assert asking == {"search/backends/__init__.py"}
