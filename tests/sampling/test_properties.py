"""Hypothesis: malformed files never cause a server error or a partial import; drawn samples
keep the size rule, take eligible cases only and repeat for the same seed."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from casescreen.cases import importing
from casescreen.cases.models import Case
from casescreen.domain.sampling import check_eligibility, sample_size
from casescreen.sampling import selectors, services
from casescreen.sampling.models import ImportUpload, SampleRecord
from tests.sampling.conftest import FIELDWORK_START

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADERS = ["Case reference", "Sentence type", "Supervision start date", "DOB", "LAC", "RoSH"]
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["YRO", "Referral Order", "DTO", "31/02/2015", "2015-03-10", "=1+1", "42000"]),
)
csv_texts = st.lists(st.lists(cell, min_size=0, max_size=8), max_size=15).map(
    lambda rows: "\n".join(",".join(r) for r in [HEADERS, *rows])
)


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VALID_XLSX = _xlsx([["X1", "YRO", "2015-03-10"]])
files = st.one_of(
    st.binary(max_size=2000),
    csv_texts.map(lambda t: t.encode("utf-8")),
    csv_texts.map(lambda t: t.encode("utf-16")),
    st.integers(0, len(VALID_XLSX)).map(lambda n: VALID_XLSX[:n]),
    st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.binary(min_size=1, max_size=8)).map(
        lambda t: VALID_XLSX[: t[0]] + t[1] + VALID_XLSX[t[0] + len(t[1]) :]
    ),
)


def _renamed_sheet_header(workbook: bytes) -> bytes:
    """The workbook with its sheet's local header naming another file than the directory."""
    at = workbook.index(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xm")
    return workbook[:at] + b"\x00" + workbook[at + 1 :]


@SETTINGS
@given(content=files, name=st.sampled_from(["cases.csv", "cases.xlsx", "cases.txt"]))
@example(content=_renamed_sheet_header(VALID_XLSX), name="cases.csv")
def test_malformed_files_never_cause_a_server_error_or_a_partial_import(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, content: bytes, name: str
) -> None:
    Case.objects.filter(inspection=planned_inspection).delete()
    ImportUpload.objects.all().delete()
    client = as_user(lead_inspector)
    url = f"/inspections/{planned_inspection.reference}/import/"

    response = client.post(url, {"case_list": SimpleUploadedFile(name, content)})

    assert response.status_code in (302, 400)
    assert not Case.objects.filter(inspection=planned_inspection).exists()
    if response.status_code == 400:
        assert b"govuk-error-summary" in response.content
        return
    preview_page = client.get(response["Location"])
    assert preview_page.status_code == 200
    if not response["Location"].endswith("/preview/"):
        return
    expected = preview_page.context["preview"].created
    confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    assert Case.objects.filter(inspection=planned_inspection).count() == expected


@SETTINGS
@given(text=csv_texts)
def test_parsing_random_text_gives_a_row_or_an_error_for_every_row(
    planned_inspection: Any, text: str
) -> None:
    try:
        preview = selectors.read_case_list(planned_inspection, text.encode(), "c.csv")
    except importing.ImportFileError as exc:
        assert str(exc)
        return
    parsed = preview.parsed
    rows = {r.row for r in parsed.rows}
    rejected = {e.row for e in parsed.errors}
    skipped = {n for n, _ in parsed.skipped}
    assert not rows & rejected
    # Rows refused for what they contain are left out of the table but reported.
    refused = {n for n, _, _ in preview.table.refused}
    assert rows | rejected | skipped == {n for n, _ in preview.table.rows} | refused


def _case_list(specs: list[tuple[str, int, str, bool, int]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["Case reference", "Sentence type", "Supervision start date", "RoSH", "LAC", "Case manager"]
    )
    for i, (sentence, days, rosh, lac, manager) in enumerate(specs):
        start = FIELDWORK_START - timedelta(days=days)
        writer.writerow([f"P{i:04d}", sentence, start.isoformat(), rosh, lac, f"M{manager}"])
    return buffer.getvalue().encode()


specs = st.lists(
    st.tuples(
        st.sampled_from(["YRO", "Referral order", "DTO", "Youth caution", "Reparation order"]),
        st.integers(0, 150),
        st.sampled_from(["Low", "Medium", "High"]),
        st.booleans(),
        st.integers(1, 8),
    ),
    min_size=1,
    max_size=120,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=specs, seed=st.integers(0, 2**40))
def test_drawn_sample_keeps_the_size_rule_takes_eligible_cases_and_repeats_for_a_seed(
    planned_inspection: Any, lead_inspector: Any, specs: list[Any], seed: int
) -> None:
    Case.objects.filter(inspection=planned_inspection).delete()
    SampleRecord.objects.all().delete()
    preview = selectors.read_case_list(planned_inspection, _case_list(specs), "c.csv")
    services.cases_import(inspection=planned_inspection, user=lead_inspector, parsed=preview.parsed)
    records = {r.reference: r for r in selectors.case_records(planned_inspection)}
    eligible = [r for r in records.values() if check_eligibility(r, FIELDWORK_START).eligible]
    if not eligible:
        return

    first = services.sample_draw(inspection=planned_inspection, user=lead_inspector, seed=seed)
    second = services.sample_draw(
        inspection=planned_inspection, user=lead_inspector, seed=seed, reason="Reproducing it."
    )

    assert first.selected == second.selected
    assert len(first.selected) == sample_size(len(eligible))
    assert all(check_eligibility(records[r], FIELDWORK_START).eligible for r in first.selected)
    assert sorted(
        Case.objects.filter(inspection=planned_inspection, sample_status="sampled").values_list(
            "reference", flat=True
        )
    ) == list(first.selected)
