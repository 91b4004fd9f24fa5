"""The import rules of docs/architecture.md ("Who imports whom"), checked on the source.

Every module under src/fazhi/ is parsed (imports at any depth, relative imports, and
`importlib.import_module("fazhi.…")` with a literal name), each import is mapped to the app it
names, and the pair is checked against the layer table below. Templates are checked the same
way through the tag libraries they `{% load %}`. A violation reads `file:line imports X`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "fazhi"

# An app may import itself and the apps of a strictly lower layer, plus the extras named
# below; nothing may import an app of its own layer or above. From docs/architecture.md.
LAYERS = {
    "core": 0,
    "directory": 1,
    "workdays": 1,
    "procedures": 2,
    "disclosure": 3,
    "desk": 3,
    "portal": 4,
    "workbench": 4,
    # backups reads every app's models to count and restore them, but nothing on the top.
    "backups": 4,
    # The project modules (settings, urls, cli, wsgi) assemble the apps.
    "project": 5,
}

# core's account pages read the user model: core may import directory and nothing else.
CORE_ONLY = {"core", "directory"}
EXTRA_ALLOWED = {"core": {"directory"}}

# demo may import anything; it is imported only by tests, conftest.py and demo itself
# (its management commands live inside it).
DEMO = "demo"

# Known exceptions, each `(importing file relative to src/fazhi, imported app)`. Keep empty
# unless a rule is being broken on purpose for a short while, and say why.
# Empty now: desk imports nothing of demo (checked when this test was written).
DEMO_MOVE_EXCEPTIONS: set[tuple[str, str]] = set(
    # removed by the demo move (issue 11.6)
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _app_of_module(dotted: str) -> str | None:
    """Return the app a `fazhi.…` module belongs to, "project" for the top, None outside."""
    parts = dotted.split(".")
    if parts[0] != "fazhi":
        return None
    if len(parts) == 1 or parts[1] not in _apps():
        return "project"
    return parts[1]


def _apps() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} - {
        "settings",
        "locale",
        "templates",
        "var",
    }


def _is_test_module(path: Path) -> bool:
    rel = path.relative_to(PACKAGE).parts
    return "tests" in rel or rel[-1] == "conftest.py" or rel[-1].startswith("test_")


def _resolve_relative(
    module: str, is_package: bool, level: int, name: str | None
) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Return (line, dotted module) for every import in *path*, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = _resolve_relative(module, is_package, node.level, node.module)
            else:
                target = node.module or ""
            if node.module is None:
                # `from . import x`: each name may be a submodule of its own.
                found.extend(
                    (node.lineno, f"{target}.{alias.name}") for alias in node.names
                )
            else:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Call) and _calls_import_module(node):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def _calls_import_module(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in {"import_module", "__import__"}


def violation(importer_app: str, imported_app: str, is_test: bool) -> bool:
    """Return whether an import from *importer_app* of *imported_app* breaks a rule."""
    if imported_app == importer_app:
        return False
    if imported_app == DEMO:
        return not is_test
    if importer_app == DEMO or is_test:
        return False
    if importer_app == "core":
        return imported_app not in CORE_ONLY
    if imported_app in EXTRA_ALLOWED.get(importer_app, set()):
        return False
    return LAYERS[imported_app] >= LAYERS[importer_app]


def python_violations() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        importer = _app_of_module(_module_name(path))
        is_test = _is_test_module(path)
        for line, target in imports_of(path):
            imported = _app_of_module(target)
            if imported is None:
                continue
            if (str(rel), imported) in DEMO_MOVE_EXCEPTIONS:
                continue
            if violation(importer, imported, is_test):
                problems.append(f"{rel}:{line} imports {target}")
    return problems


_LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}")


def template_libraries() -> dict[str, str]:
    """Return each app's template tag library name → the app that defines it."""
    return {
        lib.stem: lib.parent.parent.name
        for lib in PACKAGE.glob("*/templatetags/*.py")
        if lib.stem != "__init__"
    }


def _template_app(path: Path) -> str:
    # The project-wide templates folder holds core's site chrome (base.html, error pages).
    top = path.relative_to(PACKAGE).parts[0]
    return "core" if top == "templates" else top


def template_violations() -> list[str]:
    libraries = template_libraries()
    problems = []
    for path in sorted(PACKAGE.rglob("templates/**/*.html")):
        app = _template_app(path)
        text = path.read_text(encoding="utf-8")
        for match in _LOAD.finditer(text):
            words = match.group(1).split()
            names = words[words.index("from") + 1 :] if "from" in words else words
            line = text.count("\n", 0, match.start()) + 1
            for name in names:
                owner = libraries.get(name)
                if owner and violation(app, owner, is_test=False):
                    rel = path.relative_to(PACKAGE)
                    problems.append(
                        f"{rel}:{line} imports {owner} (template library {name})"
                    )
    return problems


def test_python_modules_import_only_downwards():
    problems = python_violations()
    assert not problems, "Import rules broken:\n" + "\n".join(problems)


def test_templates_load_only_libraries_of_lower_apps():
    problems = template_violations()
    assert not problems, "Template tag rules broken:\n" + "\n".join(problems)


def test_the_scan_reads_the_real_tree():
    """Guard against a scan that silently finds nothing: known cross-app imports are seen."""
    seen = {
        (_app_of_module(_module_name(path)), _app_of_module(target))
        for path in PACKAGE.rglob("*.py")
        if not _is_test_module(path)
        for _line, target in imports_of(path)
    }
    assert ("portal", "disclosure") in seen
    assert ("procedures", "workdays") in seen
    assert ("core", "directory") in seen


def test_every_app_has_a_layer():
    assert _apps() - {DEMO} <= set(LAYERS)


def test_known_exceptions_are_still_needed():
    """An exception the code no longer needs must leave the list."""
    still = set()
    for path in PACKAGE.rglob("*.py"):
        rel = str(path.relative_to(PACKAGE))
        for _line, target in imports_of(path):
            app = _app_of_module(target)
            if (rel, app) in DEMO_MOVE_EXCEPTIONS:
                still.add((rel, app))
    assert still == DEMO_MOVE_EXCEPTIONS


@pytest.mark.parametrize(
    ("importer", "imported", "is_test", "broken"),
    [
        ("core", "directory", False, False),
        ("core", "workdays", False, True),
        ("core", "procedures", False, True),
        ("directory", "core", False, False),
        ("directory", "workdays", False, True),
        ("procedures", "workdays", False, False),
        ("procedures", "desk", False, True),
        ("desk", "disclosure", False, True),
        ("desk", "procedures", False, False),
        ("portal", "disclosure", False, False),
        ("portal", "workbench", False, True),
        ("backups", "desk", False, False),
        ("backups", "portal", False, True),
        ("desk", "demo", False, True),
        ("desk", "demo", True, False),
        ("demo", "portal", False, False),
        ("project", "portal", False, False),
        ("project", "demo", False, True),
        ("procedures", "project", False, True),
    ],
)
def test_rule_table(importer, imported, is_test, broken):
    assert violation(importer, imported, is_test) is broken


def test_the_scanner_sees_every_kind_of_import(tmp_path, monkeypatch):
    """Nested, relative and importlib imports are all found."""
    package = tmp_path / "fazhi" / "desk"
    package.mkdir(parents=True)
    (tmp_path / "fazhi" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    module = package / "thing.py"
    module.write_text(
        "import importlib\n"
        "from . import selectors\n"
        "from ..portal import views\n"
        "def f():\n"
        "    import fazhi.workbench.views\n"
        "    return importlib.import_module('fazhi.demo.services')\n"
    )
    monkeypatch.setitem(globals(), "SRC", tmp_path)
    found = [target for _line, target in imports_of(module)]
    assert "fazhi.desk.selectors" in found
    assert "fazhi.portal" in found
    assert "fazhi.workbench.views" in found
    assert "fazhi.demo.services" in found
