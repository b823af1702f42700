from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from casescreen.audit.models import AuditEvent
from casescreen.reoffending.models import ReoffendingChoice, ReoffendingFigure
from casescreen.reoffending.selectors import ReoffendingError, SeriesMismatchError
from casescreen.reoffending.services import (
    inspection_reoffending_choose,
    inspection_reoffending_override,
)

D = Decimal
HEADER = (
    "area,series,cohort start,cohort end,cohort,offenders,reoffenders,reoffences,rate,published\n"
)


def figure(area: Any, year: int, rate: str, *, series: str = "12-month", **extra: Any) -> Any:
    offenders = 1000
    return ReoffendingFigure.objects.create(
        area=area,
        series=series,
        cohort_start=date(year, 4, 1),
        cohort_end=date(year + 1, 3, 31),
        cohort_label=f"April {year} – March {year + 1}",
        offenders=offenders,
        reoffenders=int(D(rate) * 10),
        rate=D(rate),
        published_on=extra.pop("published_on", date(year + 3, 1, 29)),
        **extra,
    )


@pytest.mark.django_db
def test_england_and_wales_juvenile_rates_ship_as_initial_data() -> None:
    national = ReoffendingFigure.objects.filter(area=None, series="12-month")
    assert {f.cohort_start.year: f.rate for f in national} == {
        2008: D("32.8"),
        2009: D("33.3"),
        2010: D("35.8"),
        2011: D("35.5"),
        2012: D("36.1"),
        2013: D("38.0"),
    }
    assert national.get(cohort_start__year=2012).offenders == 52648


def test_inspection_quotes_latest_figures_published_before_fieldwork(
    inspection: Any, yot: Any, lead_inspector: Any
) -> None:
    figure(yot, 2011, "46.9")
    figure(yot, 2012, "43.6")  # published January 2015
    figure(yot, 2013, "40.0", published_on=date(2015, 7, 1))  # after fieldwork (June 2015)
    choice = inspection_reoffending_choose(inspection=inspection, user=lead_inspector)
    inspection.refresh_from_db()
    assert (inspection.reoffending_rate, inspection.reoffending_previous_rate) == (
        D("43.6"),
        D("46.9"),
    )
    assert inspection.reoffending_national_rate == D("36.1")
    assert inspection.reoffending_cohort == "April 2012 – March 2013"
    assert inspection.reoffending_published == "January 2015"
    assert choice.automatic and choice.reason == ""
    assert AuditEvent.objects.filter(
        inspection=inspection, field="reoffending_rate", new_value="43.6"
    ).exists()


def test_choosing_without_published_figures_is_refused_with_reason(
    inspection: Any, lead_inspector: Any
) -> None:
    with pytest.raises(ReoffendingError, match="No 12-month cohorts .* Testshire YOT"):
        inspection_reoffending_choose(inspection=inspection, user=lead_inspector)
    inspection.refresh_from_db()
    assert inspection.reoffending_rate is None
    assert not ReoffendingChoice.objects.exists()


def test_override_records_reason(inspection: Any, yot: Any, lead_inspector: Any) -> None:
    older = figure(yot, 2010, "41.0")
    chosen = figure(yot, 2011, "44.0")
    national = ReoffendingFigure.objects.get(area=None, cohort_start=date(2011, 4, 1))
    choice = inspection_reoffending_override(
        inspection=inspection,
        user=lead_inspector,
        figure=chosen,
        previous=older,
        national=national,
        reason="The 2012 cohort figure was withdrawn for revision.",
    )
    inspection.refresh_from_db()
    assert inspection.reoffending_rate == D("44.0")
    assert inspection.reoffending_national_rate == D("35.5")
    assert not choice.automatic
    assert choice.reason.startswith("The 2012 cohort")
    assert AuditEvent.objects.filter(
        object_type="ReoffendingChoice", new_value__startswith="The 2012 cohort"
    ).exists()


def test_override_without_reason_is_refused(inspection: Any, yot: Any, lead_inspector: Any) -> None:
    chosen = figure(yot, 2011, "44.0")
    national = ReoffendingFigure.objects.get(area=None, cohort_start=date(2011, 4, 1))
    with pytest.raises(ReoffendingError, match="reason"):
        inspection_reoffending_override(
            inspection=inspection,
            user=lead_inspector,
            figure=chosen,
            previous=None,
            national=national,
            reason="  ",
        )
    assert not ReoffendingChoice.objects.exists()


def test_comparing_across_cohort_series_is_refused(
    inspection: Any, yot: Any, lead_inspector: Any
) -> None:
    previous = figure(yot, 2011, "44.0")
    three_month = figure(yot, 2012, "48.0", series="3-month")
    national = ReoffendingFigure.objects.get(area=None, cohort_start=date(2012, 4, 1))
    with pytest.raises(SeriesMismatchError, match="October 2017") as raised:
        inspection_reoffending_override(
            inspection=inspection,
            user=lead_inspector,
            figure=three_month,
            previous=previous,
            national=national,
            reason="Try the new series",
        )
    assert "12-month cohorts" in str(raised.value) and "3-month cohorts" in str(raised.value)
    inspection.refresh_from_db()
    assert inspection.reoffending_rate is None


def quarter(area: Any, year: int, rate: str, *, published_on: date) -> Any:
    """A 3-month cohort, January to March of ``year``."""
    return ReoffendingFigure.objects.create(
        area=area,
        series="3-month",
        cohort_start=date(year, 1, 1),
        cohort_end=date(year, 3, 31),
        cohort_label=f"January – March {year}",
        offenders=1000,
        reoffenders=int(D(rate) * 10),
        rate=D(rate),
        published_on=published_on,
    )


def test_automatic_choice_quotes_the_series_published_last(
    inspection: Any, yot: Any, lead_inspector: Any
) -> None:
    inspection.fieldwork_start, inspection.fieldwork_end = date(2019, 6, 3), date(2019, 6, 5)
    inspection.save()
    figure(yot, 2011, "46.9")
    figure(yot, 2012, "43.6")  # the 12-month series, published January 2015
    quarter(yot, 2016, "41.0", published_on=date(2018, 1, 25))
    ReoffendingFigure.objects.create(
        area=yot,
        series="3-month",
        cohort_start=date(2016, 10, 1),
        cohort_end=date(2016, 12, 31),
        cohort_label="October – December 2016",
        offenders=1000,
        reoffenders=390,
        rate=D("39.0"),
        published_on=date(2018, 10, 25),
    )
    quarter(yot, 2017, "40.2", published_on=date(2019, 1, 31))
    quarter(None, 2017, "39.5", published_on=date(2019, 1, 31))

    choice = inspection_reoffending_choose(inspection=inspection, user=lead_inspector)

    inspection.refresh_from_db()
    assert (
        inspection.reoffending_rate,
        inspection.reoffending_previous_rate,
        inspection.reoffending_national_rate,
    ) == (D("40.2"), D("41.0"), D("39.5"))
    assert inspection.reoffending_cohort == "January – March 2017"
    assert choice.previous is not None and choice.previous.cohort_start == date(2016, 1, 1)


def test_a_cohort_two_years_back_is_not_quoted_as_the_previous_year(
    inspection: Any, yot: Any, lead_inspector: Any
) -> None:
    figure(yot, 2010, "41.0")
    figure(yot, 2012, "43.6")  # no figure held for April 2011 – March 2012

    choice = inspection_reoffending_choose(inspection=inspection, user=lead_inspector)

    inspection.refresh_from_db()
    assert inspection.reoffending_rate == D("43.6")
    assert inspection.reoffending_previous_rate is None
    assert choice.previous is None


@pytest.mark.parametrize(
    ("chosen_year", "previous_year", "national_year", "refusal"),
    [
        # An older cohort printed as "the previous year".
        (2011, 2009, 2011, "April 2009 – March 2010 is not"),
        # England and Wales for another cohort than the YOT's rate.
        (2012, None, 2011, "must be for the same cohort"),
    ],
    ids=["previous-year-too-old", "national-for-another-cohort"],
)
def test_an_override_of_figures_that_do_not_belong_together_is_refused(
    inspection: Any,
    yot: Any,
    lead_inspector: Any,
    chosen_year: int,
    previous_year: int | None,
    national_year: int,
    refusal: str,
) -> None:
    chosen = figure(yot, chosen_year, "43.6")
    previous = figure(yot, previous_year, "47.0") if previous_year else None
    national = ReoffendingFigure.objects.get(area=None, cohort_start=date(national_year, 4, 1))
    with pytest.raises(ReoffendingError, match=refusal):
        inspection_reoffending_override(
            inspection=inspection,
            user=lead_inspector,
            figure=chosen,
            previous=previous,
            national=national,
            reason="The figure expected was withdrawn.",
        )
    inspection.refresh_from_db()
    assert inspection.reoffending_rate is None
    assert inspection.reoffending_previous_rate is None
    assert inspection.reoffending_national_rate is None
    assert not ReoffendingChoice.objects.exists()


def test_import_command_saves_all_rows(tmp_path: Any, yot: Any) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        HEADER
        + "Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,300,43.6,2015-01-29\n"
        + "England and Wales,12-month,2014-04-01,2015-03-31,,40000,15000,,37.5,2017-01-26\n"
    )
    call_command("import_reoffending", str(path))
    local = ReoffendingFigure.objects.get(area=yot)
    assert (local.rate, local.reoffences, local.cohort_label) == (
        D("43.6"),
        300,
        "April 2012 – March 2013",
    )
    assert ReoffendingFigure.objects.filter(area=None, cohort_start=date(2014, 4, 1)).exists()


def test_import_with_any_bad_row_saves_nothing(tmp_path: Any, yot: Any) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        HEADER
        + "Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,,43.6,2015-01-29\n"
        + "Nowhere YOT,12-month,2012-04-01,2013-03-31,,250,109,,43.6,2015-01-29\n"
        + "Testshire YOT,6-month,2013-04-01,2014-03-31,,250,109,,43.6,2016-01-29\n"
        + "Testshire YOT,12-month,2011-04-01,2012-03-31,,250,109,,50.0,2014-01-29\n"
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_reoffending", str(path))
    message = str(raised.value)
    assert "row 3, area: no YOT is called 'Nowhere YOT'" in message
    assert "row 4, series: '6-month' is not 12-month or 3-month" in message
    assert "row 5, rate: 50.0 does not match 109 reoffenders of 250 offenders (43.6)" in message
    assert not ReoffendingFigure.objects.filter(area=yot).exists()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Testshire YOT,12-month,2013-04-01,2013-03-31,,250,109,,,2015-01-29", "cohort_end"),
        ("Testshire YOT,12-month,2012-04-01,2013-03-31,,250,300,,,2015-01-29", "reoffenders"),
        ("Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,,,2013-01-29", "published"),
        ("Testshire YOT,12-month,2012-04-01,2013-03-31,,two,109,,,2015-01-29", "offenders"),
        ("Testshire YOT,12-month,1 April 2012,2013-03-31,,250,109,,,2015-01-29", "cohort_start"),
        # Decimal reads these, but none is a count (and a signalling NaN cannot be compared).
        ("Testshire YOT,12-month,2012-04-01,2013-03-31,,Infinity,109,,,2015-01-29", "offenders"),
        ("Testshire YOT,12-month,2012-04-01,2013-03-31,,250,sNaN,,,2015-01-29", "reoffenders"),
        ("Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,1e9999,,2015-01-29", "reoffences"),
        # Past what the column holds on every database.
        ("Testshire YOT,12-month,2012-04-01,2013-03-31,,2147483648,109,,,2015-01-29", "offenders"),
    ],
)
def test_import_row_errors_name_row_and_column(
    tmp_path: Any, yot: Any, line: str, expected: str
) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + line + "\n")
    with pytest.raises(CommandError, match=f"row 2, {expected}:"):
        call_command("import_reoffending", str(path))
    assert not ReoffendingFigure.objects.filter(area=yot).exists()


@pytest.mark.parametrize("rate", ["43.6", "43.6%", " 43.6 % ", "0.436", "0.4360"])
def test_a_rate_written_as_a_percentage_or_a_proportion_is_read(
    tmp_path: Any, yot: Any, rate: str
) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        HEADER + f'Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,,"{rate}",2015-01-29\n'
    )
    call_command("import_reoffending", str(path))
    assert ReoffendingFigure.objects.get(area=yot).rate == D("43.6")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # Written with a per cent sign, 0.436 is 0.436 per cent, not a proportion.
        (
            "Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,,0.436%,2015-01-29",
            "row 2, rate: 0.436 does not match 109 reoffenders of 250 offenders (43.6)",
        ),
        (
            "Testshire YOT,12-month,2012-04-01,2013-03-31,,250,250,,100.05,2015-01-29",
            "row 2, rate: 100.05 is not a percentage between 0 and 100",
        ),
        (
            "Testshire YOT,12-month,2012-04-01,2013-03-31,,250,0,,-0.05,2015-01-29",
            "row 2, rate: -0.05 is not a percentage between 0 and 100",
        ),
    ],
)
def test_a_rate_that_is_not_a_percentage_of_the_cohort_is_refused(
    tmp_path: Any, yot: Any, line: str, message: str
) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + line + "\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_reoffending", str(path))
    assert message in str(raised.value)
    assert not ReoffendingFigure.objects.filter(area=yot).exists()


def test_blank_lines_above_the_heading_row_are_passed_over(tmp_path: Any, yot: Any) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        "\n,,\n"
        + HEADER
        + "Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,,,2015-01-29\n"
        + "Testshire YOT,12-month,2011-04-01,2012-03-31,,250,109,,50.0,2014-01-29\n"
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_reoffending", str(path))
    # Numbered as the spreadsheet numbers the row: the heading is row 3.
    assert "row 5, rate: 50.0 does not match" in str(raised.value)
    assert "heading row" not in str(raised.value)

    path.write_text(
        "\n,,\n" + HEADER + "Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,,,2015-01-29\n"
    )
    call_command("import_reoffending", str(path))
    assert ReoffendingFigure.objects.get(area=yot).rate == D("43.6")


@pytest.mark.parametrize(
    ("series", "start", "end", "message"),
    [
        (
            "12-month",
            "2012-04-01",
            "01/04/2013",
            "row 2, cohort_end: a 12-month cohort starting in April 2012 runs from "
            "1 April 2012 to 31 March 2013",
        ),
        (
            "12-month",
            "2012-04-02",
            "2013-03-31",
            "row 2, cohort_start: a 12-month cohort starting in April 2012 runs from "
            "1 April 2012 to 31 March 2013",
        ),
        (
            "3-month",
            "2016-01-01",
            "2016-12-31",
            "row 2, cohort_end: a 3-month cohort starting in January 2016 runs from "
            "1 January 2016 to 31 March 2016",
        ),
    ],
)
def test_a_cohort_period_that_is_not_the_series_one_is_refused(
    tmp_path: Any, yot: Any, series: str, start: str, end: str, message: str
) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + f"Testshire YOT,{series},{start},{end},,250,109,,,2018-01-29\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_reoffending", str(path))
    assert message in str(raised.value)
    assert not ReoffendingFigure.objects.filter(area=yot).exists()


def test_a_cohort_written_with_other_dates_does_not_add_a_second_figure(
    tmp_path: Any, yot: Any
) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        HEADER
        + "Testshire YOT,12-month,01/04/2012,31/03/2013,,250,109,,,2015-01-29\n"
        + "Testshire YOT,3-month,2016-10-01,2016-12-31,,100,40,,,2018-10-25\n"
    )
    call_command("import_reoffending", str(path))
    path.write_text(HEADER + "Testshire YOT,12-month,2012-04-01,2013-04-01,,250,110,,,2015-01-29\n")
    with pytest.raises(CommandError):
        call_command("import_reoffending", str(path))
    assert ReoffendingFigure.objects.filter(area=yot, series="12-month").count() == 1
    assert ReoffendingFigure.objects.get(area=yot, series="12-month").reoffenders == 109


def test_a_row_repeating_an_area_and_cohort_is_refused_naming_both_rows(
    tmp_path: Any, yot: Any
) -> None:
    path = tmp_path / "figures.csv"
    line = "testshire yot,12-month,2012-04-01,2013-03-31,,250,109,,,2015-01-29\n"
    path.write_text(HEADER + line + "\n" + line.replace("testshire yot", "Testshire YOT"))
    with pytest.raises(CommandError) as raised:
        call_command("import_reoffending", str(path))
    assert "row 4, cohort_start: repeats the area and cohort of row 2" in str(raised.value)
    assert not ReoffendingFigure.objects.filter(area=yot).exists()


def test_upload_preview_then_confirm_saves(as_user: Any, administrator: Any, yot: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user(administrator)
    content = HEADER + "Testshire YOT,12-month,2012-04-01,2013-03-31,,250,109,,,2015-01-29\n"
    response = client.post(
        "/reoffending/figures/",
        {"file": SimpleUploadedFile("figures.csv", content.encode(), "text/csv")},
    )
    assert response.status_code == 200
    assert b"Check the figures before saving" in response.content
    assert not ReoffendingFigure.objects.filter(area=yot).exists()
    token = response.context["token"]
    response = client.post("/reoffending/figures/confirm/", {"token": token})
    assert response.status_code == 302
    assert ReoffendingFigure.objects.get(area=yot).rate == D("43.6")


def test_upload_of_bad_file_shows_row_errors(as_user: Any, administrator: Any, yot: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user(administrator)
    response = client.post(
        "/reoffending/figures/",
        {"file": SimpleUploadedFile("figures.xlsx", b"not a workbook", "application/zip")},
    )
    assert response.status_code == 400
    assert b"not a valid Excel workbook" in response.content
    assert b"There is a problem" in response.content


def test_upload_of_a_csv_with_an_overlong_cell_is_refused_in_words(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = HEADER + "Testshire YOT," + "x" * 140_000 + ",2012-04-01\n"
    response = as_user(administrator).post(
        "/reoffending/figures/",
        {"file": SimpleUploadedFile("figures.csv", content.encode(), "text/csv")},
    )
    assert response.status_code == 400
    assert b"a cell is longer than 131,072 characters" in response.content
    assert not ReoffendingFigure.objects.filter(area=yot).exists()


def test_upload_xlsx(as_user: Any, administrator: Any, yot: Any) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        ["Area", "Series", "Cohort start", "Cohort end", "Offenders", "Reoffenders", "Published"]
    )
    sheet.append(
        [
            "Testshire YOT",
            "12-month",
            date(2012, 4, 1),
            date(2013, 3, 31),
            250,
            109,
            date(2015, 1, 29),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = as_user(administrator)
    response = client.post(
        "/reoffending/figures/",
        {"file": SimpleUploadedFile("figures.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 200
    client.post("/reoffending/figures/confirm/", {"token": response.context["token"]})
    assert ReoffendingFigure.objects.get(area=yot).rate == D("43.6")


def test_upload_xlsx_with_the_rate_formatted_as_a_percentage(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Area", "Series", "Cohort start", "Cohort end", "Offenders", "Reoffenders"])
    sheet.append(["Testshire YOT", "12-month", date(2012, 4, 1), date(2013, 3, 31), 250, 109])
    sheet["G1"], sheet["H1"] = "Binary rate", "Published"
    # Shown as 43.6% in the spreadsheet, held as 0.436.
    sheet["G2"], sheet["H2"] = 0.436, date(2015, 1, 29)
    sheet["G2"].number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    client = as_user(administrator)
    response = client.post(
        "/reoffending/figures/", {"file": SimpleUploadedFile("figures.xlsx", content)}
    )
    assert response.status_code == 200, response.content.decode()
    client.post("/reoffending/figures/confirm/", {"token": response.context["token"]})
    assert ReoffendingFigure.objects.get(area=yot).rate == D("43.6")


@pytest.mark.parametrize("persona", ["lead_inspector", "viewer", "yot_manager"])
def test_only_administrators_may_upload(
    as_user: Any, request: pytest.FixtureRequest, persona: str
) -> None:
    response = as_user(request.getfixturevalue(persona)).get("/reoffending/figures/")
    assert response.status_code == 403


def test_starting_fieldwork_quotes_the_figures_published_before_it(
    inspection: Any, yot: Any, lead_inspector: Any
) -> None:
    from casescreen.inspections.lifecycle import inspection_transition

    figure(yot, 2011, "46.9")
    figure(yot, 2012, "43.6")
    inspection.status = "announced"
    inspection.save()
    inspection_transition(user=lead_inspector, inspection=inspection, to_status="fieldwork")
    inspection.refresh_from_db()
    assert inspection.status == "fieldwork"
    assert (inspection.reoffending_rate, inspection.reoffending_previous_rate) == (
        D("43.6"),
        D("46.9"),
    )
    assert ReoffendingChoice.objects.get(inspection=inspection).automatic


def test_starting_fieldwork_without_published_figures_keeps_the_entered_ones(
    inspection: Any, lead_inspector: Any
) -> None:
    from casescreen.inspections.lifecycle import inspection_transition

    inspection.status = "announced"
    inspection.reoffending_rate = D("38.2")
    inspection.save()
    inspection_transition(user=lead_inspector, inspection=inspection, to_status="fieldwork")
    inspection.refresh_from_db()
    assert inspection.status == "fieldwork"
    assert inspection.reoffending_rate == D("38.2")
    assert not ReoffendingChoice.objects.exists()


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(
    as_user: Any, administrator: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casescreen.reoffending.models import ReoffendingFigure

    held = ReoffendingFigure.objects.count()
    big = b"area,series\n" + b"x" * (10 * 1024 * 1024)
    response = as_user(administrator).post(
        "/reoffending/figures/", {"file": SimpleUploadedFile("figures.csv", big, "text/csv")}
    )
    assert response.status_code == 400
    assert "The file must be smaller than 10 MB" in response.content.decode()
    assert ReoffendingFigure.objects.count() == held
