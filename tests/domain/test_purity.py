"""The methodology in casescreen/domain must stay pure: no Django, no app imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "casescreen" / "domain"
MODULES = sorted(DOMAIN.glob("*.py"))


def imported_modules(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def is_forbidden(module: str) -> bool:
    root = module.split(".")[0]
    if root == "django":
        return True
    return root == "casescreen" and not (
        module == "casescreen.domain" or module.startswith("casescreen.domain.")
    )


def test_domain_modules_exist() -> None:
    assert {p.name for p in MODULES} >= {"quantifiers.py", "statistics.py", "findings.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_domain_module_imports_no_django_or_app_code(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    forbidden = [m for m in imported_modules(tree) if is_forbidden(m)]
    assert forbidden == [], f"{path.name} imports {forbidden}"


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("django", True),
        ("django.db.models", True),
        ("casescreen.cases.models", True),
        ("casescreen", True),
        ("casescreen.domain.quantifiers", False),
        ("casescreen.domainx", True),
        ("fractions", False),
        ("djangoish", False),
    ],
)
def test_forbidden_import_rule(module: str, expected: bool) -> None:
    assert is_forbidden(module) is expected
