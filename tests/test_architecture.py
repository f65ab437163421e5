"""The architecture's rules, checked on the source (docs/code-map.md): the import-linter
contracts in pyproject.toml, and two rules import-linter cannot state."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("campaigns", "contests", "franchise", "promotions", "config")


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imports_from(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.level, node.module or "", [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield 0, alias.name, []


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_rules_modules_use_no_orm():
    rules = [
        (path, tree)
        for path, tree in _modules()
        if path.name == "rules.py" or "rules" in path.relative_to(ROOT).parts[:-1]
    ]
    assert len(rules) >= 5
    found = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, tree in rules
        for level, module, _names in _imports_from(tree)
        if level == 0 and (module == "django.db" or module.startswith("django.db."))
    ]
    assert found == []


def test_no_module_imports_another_modules_private_names():
    """A leading underscore means "only this module": shared machinery is used by its
    public name (a package's own modules may share privates through relative imports
    of their siblings only if the name is public there, so no exception)."""
    found = [
        f"{path.relative_to(ROOT)} imports {name} from {'.' * level}{module}"
        for path, tree in _modules()
        for level, module, names in _imports_from(tree)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert found == []


def test_no_module_reaches_into_another_modules_private_names():
    """The same through an imported name: `charts._fit(...)`, `pdf._shorten(...)`.
    (Django's `_meta` is public API despite its underscore.)"""
    found = []
    for path, tree in _modules():
        imported = {
            alias.asname or alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr != "_meta"
        ]
    assert found == []
