"""Dependencies point one way: the cross-cutting apps under besokshjem/ know no domain, and the two domain packages
do not import each other in a circle. Read from the source (every import statement, also inside functions)."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOMAIN = ("applications", "placements")


def imported_modules(package: str):
    """(file, module) for every import statement in the package's Python files, migrations excluded."""
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        module_path = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # a relative import: resolve it against this module's package
                    base = module_path.split(".")[: -node.level]
                    module = ".".join([*base, node.module] if node.module else base)
                else:
                    module = node.module
                yield path, module
                for alias in node.names:  # `from placements import services` imports placements.services
                    yield path, f"{module}.{alias.name}"


def top(module: str) -> str:
    return module.split(".")[0]


def imports_of(package: str, targets) -> list[str]:
    return [f"{path.relative_to(ROOT)}: {module}" for path, module in imported_modules(package) if top(module) in targets]


def test_cross_cutting_apps_import_no_domain_code():
    assert imports_of("besokshjem", DOMAIN) == []


def test_placements_does_not_import_applications():
    """applications uses placements (an approval creates a home, a case has an agreement); never the other way."""
    assert imports_of("placements", {"applications"}) == []


def test_the_walker_sees_absolute_and_relative_imports():
    """The walker must find every kind of import, or the tests above could not fail."""
    found = {module for _path, module in imported_modules("applications")}
    assert "placements.services" in found  # a module-level absolute import (volunteer/services.py)
    assert "applications.volunteer.checklist" in found  # a relative import, resolved


def test_no_import_inside_a_function_dodges_a_cycle():
    """Imports belong at module level; the only function-level imports allowed are in AppConfig.ready()
    (Django's registration point, before which models cannot be imported)."""
    offenders = []
    for package in ("besokshjem", *DOMAIN):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for func in ast.walk(tree):
                if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef) or func.name == "ready":
                    continue
                for node in ast.walk(func):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} in {func.name}()")
    assert offenders == []
