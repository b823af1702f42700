"""Sampling follows the framework an inspection pins: eligible kinds of case, window, size
and strata; out-of-court disposals are a kind of case of their own where it has them."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from casescreen.cases.models import Case
from casescreen.frameworks import get_framework
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.sampling import selectors
from casescreen.sampling.models import SampleRecord, SamplingSettings
from tests.sampling.conftest import HEADER

FIELDWORK = date(2021, 11, 15)
# Inside both frameworks' windows (6 weeks to 3 months, and 12 weeks to 9 months).
SUPERVISED = FIELDWORK - timedelta(weeks=13)
COURT = ["Referral Order", "YRO", "DTO", "Reparation Order"] * 3
OUT_OF_COURT = ["Youth Caution", "YCC", "Community resolution", "Youth Conditional Caution"] * 2


def _inspection(yot: Any, lead: Any, key: str, reference: str) -> Inspection:
    framework_id, _, version = key.partition("@")
    inspection = Inspection.objects.create(
        yot=yot,
        reference=reference,
        framework_id=framework_id,
        framework_version=version,
        status=Inspection.Status.ANNOUNCED,
        fieldwork_start=FIELDWORK,
        fieldwork_end=FIELDWORK + timedelta(days=11),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead, role="lead")
    return inspection


@pytest.fixture
def youth_justice(db: Any, yot: Any, lead_inspector: Any) -> Inspection:
    return _inspection(yot, lead_inspector, "youth-justice@2021.1", "testshire-2021-11")


@pytest.fixture
def sqs(db: Any, other_yot: Any, lead_inspector: Any) -> Inspection:
    return _inspection(other_yot, lead_inspector, "sqs@2015.1", "elsewhere-2021-11")


def _load(inspection: Inspection, tmp_path: Path) -> None:
    lines = [HEADER]
    for number, sentence in enumerate(COURT + OUT_OF_COURT):
        lines.append(
            f"K{number:03d},Child {number},01/01/2005,{['Male', 'Female'][number % 2]},"
            f"White British,{sentence},{SUPERVISED:%d/%m/%Y},{SUPERVISED:%d/%m/%Y},"
            f"{['Low', 'Medium', 'High'][number % 3]},Low,{'Yes' if number % 5 == 0 else 'No'},"
            f"No,Manager {number % 7},No,No"
        )
    path = tmp_path / f"{inspection.reference}.csv"
    path.write_text("\r\n".join(lines) + "\r\n")
    call_command("import_cases", inspection.reference, str(path), stdout=io.StringIO())


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_default_settings_are_the_frameworks_sampling_plan(
    youth_justice: Inspection, sqs: Inspection
) -> None:
    for inspection in (youth_justice, sqs):
        plan = inspection.framework().sampling
        settings = selectors.sampling_settings(inspection)
        assert settings.pk is None
        assert (settings.min_weeks, settings.max_months) == (plan.min_weeks, plan.max_months)
        assert (settings.size_floor, settings.size_ceiling, settings.take_all_below) == (
            plan.size_floor,
            plan.size_ceiling,
            plan.take_all_below,
        )
        assert Fraction(settings.fraction_numerator, settings.fraction_denominator) == (
            plan.fraction
        )
        assert selectors.manager_share(settings) == plan.manager_share
        rule = selectors.eligibility_rule(settings)
        assert rule.sentence_types == plan.sentence_types
    settings = selectors.sampling_settings(youth_justice)
    # The two frameworks differ, so the defaults above are not the model's.
    assert (settings.min_weeks, settings.max_months, settings.size_ceiling) == (12, 9, 91)
    assert SamplingSettings._meta.get_field("min_weeks").default != settings.min_weeks


def test_out_of_court_disposals_are_eligible_as_their_own_kind_where_the_framework_has_them(
    youth_justice: Inspection, tmp_path: Path, as_user: Any, lead_inspector: Any
) -> None:
    _load(youth_justice, tmp_path)
    kinds = {
        c.sentence_type for c in Case.objects.filter(inspection=youth_justice)
    } - get_framework("youth-justice", "2021.1").case_kinds["court"].sentence_types
    assert kinds == {"youth_caution", "youth_conditional_caution", "community_resolution"}
    overview = selectors.eligibility_overview(youth_justice)
    assert len(overview.eligible) == len(COURT) + len(OUT_OF_COURT)
    assert overview.eligible_kinds == "Court disposal and out-of-court disposal"

    call_command("draw_sample", youth_justice.reference, "--seed", "5", stdout=io.StringIO())
    record = SampleRecord.objects.get(inspection=youth_justice)
    counts = {k.kind: k for k in selectors.kind_counts(youth_justice, overview)}
    assert [(k.eligible) for k in counts.values()] == [len(COURT), len(OUT_OF_COURT)]
    assert sum(k.sampled for k in counts.values()) == record.size == 14
    assert counts["Out-of-court disposal"].sampled > 0
    assert record.parameters["sentence_types"] == sorted(
        youth_justice.framework().sampling.sentence_types
    )

    page = _text(as_user(lead_inspector).get(f"/inspections/{youth_justice.reference}/sample/"))
    assert "Court disposal and out-of-court disposal supervised for at least 12 weeks" in page
    assert "at most 91" in page
    assert (
        f"Out-of-court disposal {len(OUT_OF_COURT)} {counts['Out-of-court disposal'].sampled}"
        in page
    )
    sampled_oocd = Case.objects.filter(
        inspection=youth_justice,
        sample_status="sampled",
        sentence_type__in=["youth_caution", "youth_conditional_caution", "community_resolution"],
    ).first()
    assert sampled_oocd is not None
    assert f"{sampled_oocd.reference} Out-of-court disposal" in page


def test_an_sqs_inspection_keeps_out_of_court_disposals_out(
    sqs: Inspection, tmp_path: Path, as_user: Any, lead_inspector: Any
) -> None:
    _load(sqs, tmp_path)
    overview = selectors.eligibility_overview(sqs)
    assert len(overview.eligible) == len(COURT)
    assert {c.reasons for c in overview.ineligible} == {
        ("not a statutory court sentence (out of court disposal)",)
    }
    assert {c.kind for c in overview.ineligible} == {"Not covered by the framework"}
    assert [(k.kind, k.eligible) for k in selectors.kind_counts(sqs, overview)] == [
        ("Statutory court sentence", len(COURT))
    ]
    page = _text(as_user(lead_inspector).get(f"/inspections/{sqs.reference}/sample/"))
    assert "Statutory court sentence supervised for at least 6 weeks" in page
    assert "at least 14 and at most 45" in page


def test_the_draw_balances_on_the_frameworks_strata(
    youth_justice: Inspection, tmp_path: Path, as_user: Any, lead_inspector: Any
) -> None:
    _load(youth_justice, tmp_path)
    call_command("draw_sample", youth_justice.reference, "--seed", "9", stdout=io.StringIO())
    record = SampleRecord.objects.get(inspection=youth_justice)
    assert record.parameters["balanced"] == list(youth_justice.framework().sampling.strata)
    page = _text(as_user(lead_inspector).get(f"/inspections/{youth_justice.reference}/sample/"))
    assert "balanced on risk of serious harm, gender, ethnicity and looked-after status" in page
