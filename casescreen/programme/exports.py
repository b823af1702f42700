"""The programme's aggregates as CSV, JSON and chart text: counts only, no personal data,
and groups smaller than the disclosure threshold left blank."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext

from casescreen.programme.selectors import Programme, QuestionRow, Share

CSV_HEADER = (
    "level",
    "yot",
    "nation",
    "region",
    "question_id",
    "paragraph",
    "met",
    "counted",
    "share_per_cent",
    "wilson_95_low_per_cent",
    "wilson_95_high_per_cent",
    "suppressed",
    "reoffending_rate_per_cent",
    "reoffending_cohort",
)


def _share_cells(share: Share) -> list[object]:
    if not share.shown:
        return ["", "", "", "", "", "yes" if share.suppressed else "no"]
    return [share.met, share.applicable, share.per_cent, share.low, share.high, "no"]


def csv_rows(result: Programme) -> Iterator[list[object]]:
    for row in result.questions:
        yield [
            "programme",
            "",
            "",
            "",
            row.question.id,
            row.question.paragraph,
            *_share_cells(row.pooled),
            "",
            "",
        ]
    for yot in result.yots:
        rate = "" if yot.reoffending_rate is None else str(yot.reoffending_rate)
        place = [yot.name, yot.nation, yot.region]
        yield ["yot", *place, "all", "", *_share_cells(yot.overall), rate, yot.reoffending_cohort]
        for question in result.filters.framework.questions:
            share = yot.questions.get(question.id, Share(0, 0, result.threshold))
            yield ["yot", *place, question.id, question.paragraph, *_share_cells(share), "", ""]


def _question_json(row: QuestionRow) -> dict[str, Any]:
    low, middle, high = row.spread_display
    return {
        "id": row.question.id,
        "paragraph": row.question.paragraph,
        "text": row.question.text,
        **row.pooled.as_dict(),
        "yots_counted": row.yots_counted,
        "spread_per_cent": None
        if row.spread is None
        else {"lowest": float(low), "median": float(middle), "highest": float(high)},
    }


def as_json(result: Programme) -> dict[str, Any]:
    return {
        "filters": result.filters.as_dict(),
        "disclosure_threshold": result.threshold,
        "inspections": result.inspections,
        "cases": result.cases,
        "questions": [_question_json(row) for row in result.questions],
        "yots": [
            {
                "name": yot.name,
                "nation": yot.nation,
                "region": yot.region,
                "inspections": yot.inspections,
                "overall": yot.overall.as_dict(),
                "reoffending_rate_per_cent": None
                if yot.reoffending_rate is None
                else float(yot.reoffending_rate),
                "reoffending_cohort": yot.reoffending_cohort or None,
                "previous_inspection": None
                if yot.comparison is None
                else {
                    "latest_start": yot.comparison.latest_start.isoformat(),
                    "latest": yot.comparison.latest.as_dict(),
                    "previous_start": yot.comparison.previous_start.isoformat(),
                    "previous": yot.comparison.previous.as_dict(),
                    "change_points": yot.comparison.change_display or None,
                    "direction": yot.comparison.direction,
                },
                "questions": {qid: share.as_dict() for qid, share in sorted(yot.questions.items())},
            }
            for yot in result.yots
        ],
    }


def chart_texts(result: Programme) -> dict[str, tuple[str, str]]:
    """Title and text alternative of each chart, written from the same numbers as the tables."""
    shown = [row for row in result.questions if row.pooled.share is not None]
    if shown:
        weakest = min(shown, key=lambda row: row.pooled.share or 0)
        strongest = max(shown, key=lambda row: row.pooled.share or 0)
        summary = gettext(
            "Across %(inspections)s inspections, the share of judgements met ranged from "
            "%(low)s%% (paragraph %(low_paragraph)s) to %(high)s%% (paragraph "
            "%(high_paragraph)s). The table below the chart gives every figure."
        ) % {
            "inspections": result.inspections,
            "low": weakest.pooled.per_cent,
            "low_paragraph": weakest.question.paragraph,
            "high": strongest.pooled.per_cent,
            "high_paragraph": strongest.question.paragraph,
        }
    else:
        summary = gettext("No completed inspection matches these filters.")
    paired = [
        y for y in result.yots if y.overall.share is not None and y.reoffending_rate is not None
    ]
    scatter = gettext(
        "Each of %(yots)s YOTs is a point: the share of judgements met at inspection "
        "against its latest published proven reoffending rate. The YOT table gives every figure."
    ) % {"yots": len(paired)}
    return {
        "questions": (gettext("Judgements met per question, all YOTs pooled"), summary),
        "reoffending": (gettext("Inspection findings and reoffending rates by YOT"), scatter),
    }
