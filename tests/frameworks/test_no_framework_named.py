"""The engine is generalised, not forked: no Python code names a shipped framework.

What a framework decides (its kinds of case, sampling rule, schedule, words) comes from the
version an inspection pins, so a string literal naming a framework id ("sqs", "sqs@2015.1")
would be a rule of one framework hidden in code. Prose that mentions a programme (a
docstring, a comment) is not a rule and is allowed: only STRING tokens whose whole value
is an id, or starts with an id followed by "@", count.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest
import yaml

from casescreen.frameworks.loader import FRAMEWORK_DIR

# From Python 3.12 an f-string's pieces are tokens of their own.
FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
FSTRING_MIDDLE = getattr(tokenize, "FSTRING_MIDDLE", -1)
ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "casescreen"
# The loader reads the files; it names no framework, but it is where an id may be spelt.
ALLOWED = {PACKAGE / "frameworks" / "loader.py"}


def framework_ids() -> frozenset[str]:
    """The ids of every framework file shipped."""
    ids = set()
    for path in FRAMEWORK_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids.add(str(data["id"]))
    return frozenset(ids)


def naming_literals(source: str, ids: frozenset[str]) -> list[tuple[int, str]]:
    """(line, literal) of every string literal of ``source`` that names a framework id."""
    found = []
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        value: object = None
        if token.type == tokenize.STRING:
            try:
                value = ast.literal_eval(token.string)
            except ValueError:  # an f-string (one token before Python 3.12): its text
                value = token.string.lstrip("rRbBfF").strip("'\"")
        elif token.type == FSTRING_MIDDLE and previous == FSTRING_START:
            # The start of an f-string: f"sqs@{version}" names one as surely as "sqs@2015.1".
            value = token.string
        previous = token.type
        if not isinstance(value, str):
            continue
        text = value.strip().lower()
        if any(text == i or text.startswith(f"{i}@") for i in ids):
            found.append((token.start[0], token.string))
    return found


def python_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if path not in ALLOWED and "migrations" not in path.relative_to(PACKAGE).parts
    )


def test_the_shipped_frameworks_have_ids() -> None:
    assert len(framework_ids()) >= 2


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ('FRAMEWORK = ("sqs", "2015.1")\n', True),
        ('get_framework("youth-justice", "2021.1")\n', True),
        ('KEY = "sqs@2015.1"\n', True),
        ('KEY = f"sqs@{version}"\n', True),
        ('KEY = f"{framework_id}@{version}"\n', False),
        ("KEY = 'SQS@2015.1'\n", True),
        ('RULE = "sqs-stratified-v1"\n', False),
        ('"""The SQS programme and its sqs vocabulary, in prose."""\n', False),
        ("# sqs in a comment\nx = 1\n", False),
        ('label = "Short Quality Screening (SQS)"\n', False),
    ],
)
def test_the_check_flags_literals_that_name_a_framework(source: str, named: bool) -> None:
    assert bool(naming_literals(source, frozenset({"sqs", "youth-justice"}))) is named


def test_no_python_code_names_a_framework() -> None:
    ids = framework_ids()
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {literal}"
        for path in python_files()
        for line, literal in naming_literals(path.read_text(encoding="utf-8"), ids)
    ]
    assert not problems, "A framework is named in code (take it from the inspection):\n" + (
        "\n".join(problems)
    )
