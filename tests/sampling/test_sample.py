"""Drawing the sample: same seed, same sample from page and command; refusals; exclusions."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from casescreen.assessments.models import Assessment
from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case
from casescreen.domain.sampling import sample_size
from casescreen.inspections.models import Inspection
from casescreen.sampling.models import SampleExclusion, SampleRecord
from tests.sampling.conftest import case_list_csv


def load(inspection: Any, tmp_path: Path, n: int = 120) -> None:
    path = tmp_path / f"{inspection.reference}.csv"
    path.write_text(case_list_csv(n))
    call_command("import_cases", inspection.reference, str(path), stdout=io.StringIO())


def sampled(inspection: Any) -> list[str]:
    return sorted(
        Case.objects.filter(inspection=inspection, sample_status="sampled").values_list(
            "reference", flat=True
        )
    )


def test_command_and_page_give_the_same_sample_for_the_same_seed(
    as_user: Any, planned_inspection: Any, twin_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    load(twin_inspection, tmp_path)

    call_command(
        "draw_sample", planned_inspection.reference, "--seed", "4242", stdout=io.StringIO()
    )
    response = as_user(lead_inspector).post(
        f"/inspections/{twin_inspection.reference}/sample/draw/", {"seed": "4242"}
    )

    assert response.status_code == 302
    first = SampleRecord.objects.get(inspection=planned_inspection)
    second = SampleRecord.objects.get(inspection=twin_inspection)
    assert first.selected == second.selected == sampled(planned_inspection)
    assert first.population_hash == second.population_hash
    assert (first.seed, first.rule) == (4242, "sqs-stratified-v1")
    assert first.parameters["eligibility"] == {"min_weeks": 6, "max_months": 3}
    assert first.size == sample_size(first.population_size)
    assert Assessment.objects.filter(case__inspection=twin_inspection).count() == second.size
    assert AuditEvent.objects.filter(
        object_type="SampleRecord", inspection=twin_inspection
    ).exists()


def test_redraw_replaces_the_sample_and_keeps_the_record_of_both(
    planned_inspection: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    call_command("draw_sample", planned_inspection.reference, "--seed", "1", stdout=io.StringIO())
    call_command(
        "draw_sample",
        planned_inspection.reference,
        "--seed",
        "2",
        "--reason",
        "The YOT sent a corrected list.",
        stdout=io.StringIO(),
    )

    latest = SampleRecord.objects.filter(inspection=planned_inspection).first()
    assert latest is not None and latest.seed == 2
    assert latest.redraw_reason == "The YOT sent a corrected list."
    assert SampleRecord.objects.filter(inspection=planned_inspection).count() == 2
    assert sampled(planned_inspection) == latest.selected
    assert (
        sorted(
            Assessment.objects.filter(case__inspection=planned_inspection).values_list(
                "case__reference", flat=True
            )
        )
        == latest.selected
    )


def test_redraw_is_refused_once_fieldwork_has_started(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    call_command("draw_sample", planned_inspection.reference, "--seed", "7", stdout=io.StringIO())
    before = sampled(planned_inspection)
    Inspection.objects.filter(pk=planned_inspection.pk).update(status="fieldwork")

    with pytest.raises(CommandError, match="once fieldwork has started"):
        call_command("draw_sample", planned_inspection.reference, stdout=io.StringIO())
    response = as_user(lead_inspector).post(
        f"/inspections/{planned_inspection.reference}/sample/draw/", {"seed": "8"}
    )

    assert response.status_code == 400
    assert b"once fieldwork has started" in response.content
    assert sampled(planned_inspection) == before
    assert SampleRecord.objects.filter(inspection=planned_inspection).count() == 1


def test_redraw_is_refused_once_an_assessment_has_started(
    planned_inspection: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    call_command("draw_sample", planned_inspection.reference, "--seed", "7", stdout=io.StringIO())
    Assessment.objects.filter(case__inspection=planned_inspection).update(status="in_progress")

    with pytest.raises(CommandError, match="assessment of sampled cases has started"):
        call_command("draw_sample", planned_inspection.reference, stdout=io.StringIO())
    assert SampleRecord.objects.filter(inspection=planned_inspection).count() == 1


def test_drawing_with_no_eligible_case_is_a_clear_error(planned_inspection: Any) -> None:
    with pytest.raises(CommandError, match="No case is eligible"):
        call_command("draw_sample", planned_inspection.reference, stdout=io.StringIO())


def test_a_bad_seed_is_a_form_error(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    response = as_user(lead_inspector).post(
        f"/inspections/{planned_inspection.reference}/sample/draw/", {"seed": "abc"}
    )
    assert response.status_code == 400
    assert b"The seed must be a whole number" in response.content
    assert not SampleRecord.objects.exists()


def test_sample_page_shows_seed_profile_and_ineligible_reasons(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    call_command("draw_sample", planned_inspection.reference, "--seed", "99", stdout=io.StringIO())
    client = as_user(lead_inspector)

    page = client.get(f"/inspections/{planned_inspection.reference}/sample/")

    assert page.status_code == 200
    assert b'id="sample-seed">99<' in page.content
    assert b"Risk of serious harm level: Low" in page.content
    assert b"not a statutory court sentence (out of court disposal)" in page.content
    assert b"supervised for less than 6 weeks before fieldwork" in page.content
    eligible_percent = [line for line in page.context["profile"] if line.dimension == "Gender"]
    assert all(line.eligible_percent.endswith("%") for line in eligible_percent)
    chart = client.get(f"/inspections/{planned_inspection.reference}/sample/chart.svg")
    assert chart["Content-Type"].startswith("image/svg+xml")
    assert b'<title id="chart-title">' in chart.content
    assert b"Gender Male: eligible" in chart.content


def test_excluding_a_case_brings_in_a_reserve_of_the_same_sentence_type(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    call_command("draw_sample", planned_inspection.reference, "--seed", "5", stdout=io.StringIO())
    before = set(sampled(planned_inspection))
    out = Case.objects.filter(inspection=planned_inspection, sample_status="sampled").first()
    assert out is not None
    client = as_user(lead_inspector)
    url = f"/inspections/{planned_inspection.reference}/sample/exclude/{out.reference}/"
    form = client.get(url)
    proposed = form.context["reserve"]

    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Case manager absent"})

    assert response.status_code == 302
    out.refresh_from_db()
    assert (out.sample_status, out.exclusion_reason) == ("excluded", "Case manager absent")
    exclusion = SampleExclusion.objects.get(case=out)
    assert exclusion.replacement is not None
    assert exclusion.replacement.reference == proposed
    assert exclusion.replacement.sentence_type == out.sentence_type
    assert set(sampled(planned_inspection)) == before - {out.reference} | {proposed}
    assert Assessment.objects.filter(case=exclusion.replacement).exists()


def test_sample_page_counts_the_cases_imported_and_names_the_fraction_set(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    from casescreen.sampling.models import SamplingSettings

    load(planned_inspection, tmp_path, 60)
    client = as_user(lead_inspector)
    url = f"/inspections/{planned_inspection.reference}/sample/"
    page = client.get(url).content.decode()
    assert 'id="count-cases">60<' in page
    assert "(a third of the eligible cases" in page
    SamplingSettings.objects.update_or_create(
        inspection=planned_inspection,
        defaults={"fraction_numerator": 2, "fraction_denominator": 5},
    )
    assert "(two fifths of the eligible cases" in client.get(url).content.decode()


def test_sample_pages_are_for_the_lead_inspector_only(
    as_user: Any, planned_inspection: Any, inspector: Any, outsider: Any
) -> None:
    base = f"/inspections/{planned_inspection.reference}/sample/"
    for url in (base, base + "chart.svg", base + "settings/"):
        assert as_user(inspector).get(url).status_code == 403
        assert as_user(outsider).get(url).status_code == 404
    assert as_user(inspector).post(base + "draw/", {"seed": "1"}).status_code == 403
    assert not SampleRecord.objects.exists()


def test_eligibility_window_is_configurable_per_inspection(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    client = as_user(lead_inspector)
    url = f"/inspections/{planned_inspection.reference}/sample/settings/"
    narrow = client.get(f"/inspections/{planned_inspection.reference}/sample/")
    eligible_before = len(narrow.context["overview"].eligible)

    assert client.post(url, {"min_weeks": "20", "max_months": "3"}).status_code == 400
    assert client.post(url, {"min_weeks": "4", "max_months": "5"}).status_code == 302

    wide = client.get(f"/inspections/{planned_inspection.reference}/sample/")
    assert len(wide.context["overview"].eligible) > eligible_before
    assert planned_inspection.sampling_settings.min_weeks == 4


def test_case_list_import_and_exclusions_are_refused_after_publication(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path, 60)
    path = tmp_path / "more.csv"
    call_command("draw_sample", planned_inspection.reference, "--seed", "5", stdout=io.StringIO())
    Inspection.objects.filter(pk=planned_inspection.pk).update(status="published")
    cases = Case.objects.filter(inspection=planned_inspection).order_by("pk")
    before = list(cases.values_list("pk", "version", "sample_status"))

    path.write_text(case_list_csv(70))
    with pytest.raises(CommandError, match="report of this inspection is published"):
        call_command("import_cases", planned_inspection.reference, str(path), stdout=io.StringIO())
    out = Case.objects.filter(inspection=planned_inspection, sample_status="sampled").first()
    assert out is not None
    response = as_user(lead_inspector).post(
        f"/inspections/{planned_inspection.reference}/sample/exclude/{out.reference}/",
        {"reason": "Case manager absent"},
    )
    assert Inspection.RECORDS_FROZEN_MESSAGE in response.content.decode()

    assert list(cases.values_list("pk", "version", "sample_status")) == before


def test_chart_labels_are_plain_text_never_maths(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    """A case list's value between dollar signs was parsed as maths text and took the chart
    down when it named an unknown macro."""
    text = case_list_csv(60).replace("White British", r"$\undefinedmacro{x}$")
    path = tmp_path / "maths.csv"
    path.write_text(text)
    call_command("import_cases", planned_inspection.reference, str(path), stdout=io.StringIO())
    call_command("draw_sample", planned_inspection.reference, "--seed", "7", stdout=io.StringIO())

    client = as_user(lead_inspector)
    chart = client.get(f"/inspections/{planned_inspection.reference}/sample/chart.svg")

    assert chart.status_code == 200
    assert rb"$\undefinedmacro{x}$" in chart.content
    page = client.get(f"/inspections/{planned_inspection.reference}/sample/")
    assert page.status_code == 200


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_the_service_refuses_a_redraw_without_a_reason(
    planned_inspection: Any, lead_inspector: Any, tmp_path: Path, reason: str
) -> None:
    from casescreen.sampling import services

    load(planned_inspection, tmp_path)
    first = services.sample_draw(inspection=planned_inspection, user=lead_inspector, seed=1)
    events = AuditEvent.objects.count()

    with pytest.raises(services.SamplingError, match="why the sample is being redrawn"):
        services.sample_draw(
            inspection=planned_inspection, user=lead_inspector, seed=2, reason=reason
        )
    with pytest.raises(CommandError, match="why the sample is being redrawn"):
        call_command("draw_sample", planned_inspection.reference, stdout=io.StringIO())

    assert list(SampleRecord.objects.filter(inspection=planned_inspection)) == [first]
    assert sampled(planned_inspection) == first.selected
    assert AuditEvent.objects.count() == events


def test_a_first_draw_needs_no_reason_and_stores_none(
    planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    from casescreen.sampling import services

    load(planned_inspection, tmp_path)
    record = services.sample_draw(
        inspection=planned_inspection, user=lead_inspector, seed=1, reason="ignored"
    )
    assert record.redraw_reason == ""


def test_redrawing_on_the_page_asks_for_a_reason_and_confirmation_and_lists_earlier_draws(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    load(planned_inspection, tmp_path)
    client = as_user(lead_inspector)
    base = f"/inspections/{planned_inspection.reference}/sample/"
    assert client.post(base + "draw/", {"seed": "11"}).status_code == 302
    first = sampled(planned_inspection)
    page = client.get(base).content.decode()
    assert 'name="reason"' in page and 'name="confirm"' in page

    for data, message in [
        ({"seed": "12"}, "Enter why the sample is being redrawn"),
        ({"seed": "12", "reason": "  "}, "Enter why the sample is being redrawn"),
        ({"seed": "12", "reason": "Wrong list."}, "Confirm that the current sample"),
        ({"seed": "12", "confirm": "on"}, "Enter why the sample is being redrawn"),
    ]:
        refused = client.post(base + "draw/", data)
        assert refused.status_code == 400
        assert message in refused.content.decode()
        assert "govuk-error-summary" in refused.content.decode()
        assert SampleRecord.objects.filter(inspection=planned_inspection).count() == 1
        assert sampled(planned_inspection) == first

    redrawn = client.post(
        base + "draw/",
        {"seed": "12", "reason": "The YOT's first list missed 20 cases.", "confirm": "on"},
    )

    assert redrawn.status_code == 302
    latest, earlier = SampleRecord.objects.filter(inspection=planned_inspection)
    assert (latest.seed, earlier.seed) == (12, 11)
    assert latest.redraw_reason == "The YOT's first list missed 20 cases."
    assert latest.drawn_by == lead_inspector
    assert AuditEvent.objects.filter(
        object_type="SampleRecord", object_id=str(latest.pk), new_value__contains="redraw"
    ).exists()
    page = client.get(base).content.decode()
    table = page[page.index('id="earlier-draws"') :]
    assert ">11<" in table
    assert "The YOT&#x27;s first list missed 20 cases." in table
