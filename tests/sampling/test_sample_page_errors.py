"""The sample pages' error messages: each names what is wrong and links to something on
the page (GOV.UK error summary)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from casescreen.inspections.models import Inspection
from casescreen.sampling.models import SampleRecord, SamplingSettings
from tests.sampling.test_sample import load


def summary_links(content: bytes) -> list[tuple[str, str]]:
    """(href, message) of each entry of the page's error summary."""
    page = content.decode()
    summary = page[
        page.index("govuk-error-summary__list") : page.index(
            "</ul>", page.index("govuk-error-summary__list")
        )
    ]
    return re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary)


def assert_links_on_page(content: bytes) -> None:
    for target, _ in summary_links(content):
        assert f'id="{target}"' in content.decode(), target


@pytest.mark.parametrize(
    "data", [{"seed": "8"}, {"seed": "8", "reason": "New list", "confirm": "on"}]
)
def test_a_refused_draw_says_only_why_and_links_to_it_on_the_page(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path, data: Any
) -> None:
    load(planned_inspection, tmp_path)
    call_command("draw_sample", planned_inspection.reference, "--seed", "7", stdout=io.StringIO())
    Inspection.objects.filter(pk=planned_inspection.pk).update(status="fieldwork")

    response = as_user(lead_inspector).post(
        f"/inspections/{planned_inspection.reference}/sample/draw/", data
    )

    assert response.status_code == 400
    links = summary_links(response.content)
    assert [message for _, message in links] == [
        "The sample cannot be drawn or redrawn once fieldwork has started (the inspection is"
        " at fieldwork)."
    ]
    assert_links_on_page(response.content)
    assert SampleRecord.objects.filter(inspection=planned_inspection).count() == 1


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        (
            {"min_weeks": "", "max_months": ""},
            [
                "Enter the minimum time supervised, in weeks",
                "Enter the maximum time supervised, in months",
            ],
        ),
        (
            {"min_weeks": "six", "max_months": "3.5"},
            [
                "The minimum time supervised must be a whole number of weeks from 0 to 52",
                "The maximum time supervised must be a whole number of months from 1 to 24",
            ],
        ),
        (
            {"min_weeks": "53", "max_months": "0"},
            [
                "The minimum time supervised must be a whole number of weeks from 0 to 52",
                "The maximum time supervised must be a whole number of months from 1 to 24",
            ],
        ),
    ],
)
def test_the_eligibility_window_form_names_what_is_wrong(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, data: Any, messages: list[str]
) -> None:
    response = as_user(lead_inspector).post(
        f"/inspections/{planned_inspection.reference}/sample/settings/", data
    )

    assert response.status_code == 400
    assert summary_links(response.content) == [
        ("id_min_weeks", messages[0]),
        ("id_max_months", messages[1]),
    ]
    assert_links_on_page(response.content)
    assert not SamplingSettings.objects.exists()


@pytest.mark.parametrize(
    ("seed", "message"),
    [
        ("-1", "The seed must be 0 or more"),
        ("9223372036854775808", "The seed is too large"),
    ],
)
def test_a_seed_out_of_range_names_the_range(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, seed: str, message: str
) -> None:
    response = as_user(lead_inspector).post(
        f"/inspections/{planned_inspection.reference}/sample/draw/", {"seed": seed}
    )

    assert response.status_code == 400
    assert summary_links(response.content) == [("id_seed", message)]
    assert not SampleRecord.objects.exists()


def test_an_exclusion_reason_with_a_control_character_is_refused(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    from casescreen.cases.models import Case

    load(planned_inspection, tmp_path)
    call_command("draw_sample", planned_inspection.reference, "--seed", "5", stdout=io.StringIO())
    out = Case.objects.filter(inspection=planned_inspection, sample_status="sampled").first()
    assert out is not None
    url = f"/inspections/{planned_inspection.reference}/sample/exclude/{out.reference}/"

    response = as_user(lead_inspector).post(url, {"reason": "Absent\x1b[2J"})

    assert response.status_code == 400
    assert summary_links(response.content) == [
        (
            "id_reason",
            "Why is this case excluded? contains a control character (U+001B) that cannot be"
            " saved: remove it",
        )
    ]
    out.refresh_from_db()
    assert out.sample_status == "sampled"


def test_a_redraw_reason_with_a_control_character_is_refused(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    call_command("draw_sample", planned_inspection.reference, "--seed", "5", stdout=io.StringIO())

    response = as_user(lead_inspector).post(
        f"/inspections/{planned_inspection.reference}/sample/draw/",
        {"reason": "New list\x07", "confirm": "on"},
    )

    assert response.status_code == 400
    assert [target for target, _ in summary_links(response.content)] == ["id_reason"]
    assert SampleRecord.objects.filter(inspection=planned_inspection).count() == 1
