"""Habits every page keeps, read from the templates themselves."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_every_submit_button_sends_its_form_once() -> None:
    """A second click within a second is ignored by GOV.UK Frontend's button, so a slow
    page (a report being published, an email being sent) is not submitted twice."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in re.findall(r"<button[^>]*>", path.read_text()):
            if 'type="submit"' in tag and not (
                'data-module="govuk-button"' in tag and 'data-prevent-double-click="true"' in tag
            ):
                found.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert found == []
    assert len(list(TEMPLATES.rglob("*.html"))) > 50  # the templates were found
