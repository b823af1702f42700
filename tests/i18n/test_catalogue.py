"""The Welsh catalogue is complete: every text marked for translation has its Welsh.

makemessages runs on a copy of the project's code, templates and catalogue, so that the
catalogue in the repository is never touched; the regenerated catalogue must have no
untranslated, fuzzy or obsolete entry. A text marked without its Welsh fails here, and
so does a translation left behind by a text that is gone or changed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
PO = Path("locale/cy/LC_MESSAGES/django.po")
# What makemessages reads: the project's Python and templates (text, HTML); the rest of
# the repository is other packages, data or tests.
COPIED = ("casescreen", "templates", "locale")
SKIPPED = shutil.ignore_patterns("vendor", "__pycache__", "*.mo", "*.pyc", "scss", "*.yaml")


def _statistics(po: Path) -> str:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.strip()


def _entries(po: Path, flag: str) -> list[str]:
    """msgids of the entries msgattrib selects with ``flag`` (--untranslated, ...)."""
    done = subprocess.run(
        ["msgattrib", flag, "--no-wrap", str(po)], capture_output=True, text=True, check=True
    )
    return [m for m in re.findall(r'^(?:#~ )?msgid "(.*)"$', done.stdout, re.M) if m]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("project")
    for name in COPIED:
        shutil.copytree(ROOT / name, copy / name, ignore=SKIPPED)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        # makemessages reads the folder it runs in.
        previous = Path.cwd()
        try:
            os.chdir(copy)
            call_command(
                "makemessages", locale=["cy"], domain="django", add_location="file", verbosity=0
            )
        finally:
            os.chdir(previous)
    return copy / PO


def test_the_catalogue_in_the_repository_is_valid_and_whole() -> None:
    statistics = _statistics(ROOT / PO)
    assert "fuzzy" not in statistics and "untranslated" not in statistics, statistics
    assert "#~" not in (ROOT / PO).read_text(encoding="utf-8"), "obsolete entries are kept"


def test_every_marked_text_has_its_welsh(regenerated: Path) -> None:
    untranslated = _entries(regenerated, "--untranslated")
    fuzzy = _entries(regenerated, "--only-fuzzy")
    assert not untranslated, f"{len(untranslated)} texts have no Welsh: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} Welsh translations are fuzzy: {fuzzy[:20]}"


def test_no_welsh_is_left_without_its_text(regenerated: Path) -> None:
    obsolete = _entries(regenerated, "--only-obsolete")
    assert not obsolete, (
        f"{len(obsolete)} translations no longer match a text of the service (a text changed "
        f"or went): {obsolete[:20]}"
    )
