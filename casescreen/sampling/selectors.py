"""Reads for importing and sampling: case lists as the domain sees them, previews, profiles."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from casescreen.assessments.models import Assessment
from casescreen.cases import importing
from casescreen.cases.kinds import kind_label
from casescreen.cases.models import Case, Level, SentenceType
from casescreen.domain import sampling as domain
from casescreen.domain.percent import percent_text
from casescreen.inspections.models import Inspection, Yot
from casescreen.sampling import wording
from casescreen.sampling.models import ColumnMapping, ImportUpload, SampleRecord, SamplingSettings

RULE_NAME = "sqs-stratified-v1"
DRAW_STATUSES = (Inspection.Status.PLANNED, Inspection.Status.ANNOUNCED)
_RECORD_FIELDS = (
    "reference",
    "sentence_type",
    "supervision_start",
    "rosh_level",
    "gender",
    "ethnicity",
    "looked_after",
    "case_manager",
)
BALANCED_LABELS = {
    "rosh_level": gettext_lazy("risk of serious harm"),
    "gender": gettext_lazy("gender"),
    "ethnicity": gettext_lazy("ethnicity"),
    "looked_after": gettext_lazy("looked-after status"),
}
DIMENSION_LABELS = {
    "sentence_type": gettext_lazy("Sentence type"),
    "rosh_level": gettext_lazy("Risk of serious harm level"),
    "gender": gettext_lazy("Gender"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "looked_after": gettext_lazy("Looked after"),
}


# --- Settings and rules ---------------------------------------------------------------


def sampling_settings(inspection: Inspection) -> SamplingSettings:
    """The inspection's settings, or, when none were changed, unsaved ones holding the
    sampling plan of the framework version the inspection pins."""
    found = SamplingSettings.objects.filter(inspection=inspection).first()
    if found is not None:
        return found
    plan = inspection.framework().sampling
    return SamplingSettings(
        inspection=inspection,
        min_weeks=plan.min_weeks,
        max_months=plan.max_months,
        size_floor=plan.size_floor,
        size_ceiling=plan.size_ceiling,
        take_all_below=plan.take_all_below,
        fraction_numerator=plan.fraction.numerator,
        fraction_denominator=plan.fraction.denominator,
        manager_share_numerator=plan.manager_share.numerator,
        manager_share_denominator=plan.manager_share.denominator,
    )


def eligibility_rule(settings: SamplingSettings) -> domain.EligibilityRule:
    """The window from the settings; the eligible kinds of case from the framework."""
    framework = settings.inspection.framework()
    plan = framework.sampling
    return domain.EligibilityRule(
        min_weeks=settings.min_weeks,
        max_months=settings.max_months,
        sentence_types=plan.sentence_types,
        kinds=tuple(framework.case_kinds[k].label for k in plan.kinds),
    )


def strata(inspection: Inspection) -> tuple[str, ...]:
    """The dimensions the framework's sample is balanced on."""
    return inspection.framework().sampling.strata


def size_rule(settings: SamplingSettings) -> domain.SizeRule:
    return domain.SizeRule(
        floor=settings.size_floor,
        ceiling=settings.size_ceiling,
        fraction=Fraction(settings.fraction_numerator, settings.fraction_denominator),
        take_all_below=settings.take_all_below,
    )


def manager_share(settings: SamplingSettings) -> Fraction:
    return Fraction(settings.manager_share_numerator, settings.manager_share_denominator)


def case_records(inspection: Inspection) -> list[domain.CaseRecord]:
    """Every case of the inspection as the sampling rules see it (one query)."""
    rows = Case.objects.filter(inspection=inspection).values_list(*_RECORD_FIELDS)
    return [
        domain.CaseRecord(
            reference=ref,
            sentence_type=sentence,
            supervision_start=start,
            rosh_level=rosh or "not recorded",
            gender=gender or "not recorded",
            ethnicity=ethnicity or "not recorded",
            looked_after=looked_after,
            case_manager=manager or "not recorded",
        )
        for ref, sentence, start, rosh, gender, ethnicity, looked_after, manager in rows
    ]


def draw_refusal(inspection: Inspection, *, changing: bool = False) -> str | None:
    """Why the sample cannot be (re)drawn now, or its settings ``changing``, or None."""
    # A self-assessment has no announcement: its sample is drawn once it has started.
    closed = inspection.status not in DRAW_STATUSES and not (
        inspection.is_self_assessment and not inspection.records_frozen
    )
    if closed and changing:
        return gettext(
            "The sample cannot be changed once fieldwork has started "
            "(the inspection is at %(status)s)."
        ) % {"status": inspection.get_status_display().lower()}
    if closed:
        return gettext(
            "The sample cannot be drawn or redrawn once fieldwork has started "
            "(the inspection is at %(status)s)."
        ) % {"status": inspection.get_status_display().lower()}
    started = Assessment.objects.filter(case__inspection=inspection).exclude(
        status=Assessment.Status.NOT_STARTED
    )
    if started.exists():
        return gettext("The sample cannot be redrawn: assessment of sampled cases has started.")
    return None


# --- Import ---------------------------------------------------------------------------


def saved_mapping(yot: Yot) -> dict[str, str]:
    found = ColumnMapping.objects.filter(yot=yot).values_list("mapping", flat=True).first()
    return dict(found or {})


@dataclass(frozen=True)
class ImportPreview:
    table: importing.Table
    columns: importing.ColumnMap
    parsed: importing.ParsedCases
    created: int
    updated: int
    unchanged: int
    # Why the list cannot be imported at all (it names another YOT), or None.
    refusal: str | None = None

    @property
    def rejected(self) -> int:
        return self.parsed.rejected_rows

    @property
    def column_choices(self) -> dict[str, str]:
        """Each named column of the file (the first of a name) and how it is read: a
        field, "ignore" (also a second column for a field), or "" when not recognised,
        those not recognised first."""
        read = {self.table.headers[i]: field for i, field in self.columns.columns.items()}
        choices: dict[str, str] = {}
        seen: set[str] = set()
        for header in self.table.headers:
            key = importing.normalise_header(header)
            if key and key not in seen:
                seen.add(key)
                unread = "" if header in self.columns.unrecognised else importing.IGNORE
                choices[header] = read.get(header, unread)
        return dict(sorted(choices.items(), key=lambda item: item[1] != ""))

    @property
    def mapped_columns(self) -> list[tuple[str, str]]:
        return [
            (self.table.headers[i], str(importing.FIELDS[name]))
            for i, name in sorted(self.columns.columns.items())
        ]


def read_case_list(
    inspection: Inspection,
    data: bytes,
    filename: str,
    *,
    mapping: Mapping[str, str] | None = None,
    today: date | None = None,
) -> ImportPreview:
    """Parse and validate a case list and compare it with the cases already imported.
    Raises :class:`importing.ImportFileError` when the file cannot be used at all."""
    known = _known_columns(inspection.yot, mapping)
    table = importing.read_table(data, filename, known)
    return preview_table(inspection, table, known, today=today)


def _known_columns(yot: Yot, mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Normalised header -> field: the YOT's saved column choices, ``mapping``'s on top."""
    known = saved_mapping(yot)
    known.update({importing.normalise_header(k): v for k, v in (mapping or {}).items()})
    return known


def other_yot_refusal(inspection: Inspection, parsed: importing.ParsedCases) -> str | None:
    """Why a case list whose YOT column names another YOT cannot be imported, or None."""
    yot = inspection.yot
    names = [yot.name, yot.local_authority, yot.name_cy, yot.local_authority_cy]
    others = importing.yot_mismatches(parsed, names)
    if not others:
        return None
    number, named = others[0]
    return gettext(
        "This case list is from another YOT: row %(row)s names %(named)s, not %(yot)s"
        " (%(count)s rows name another YOT). Nothing was imported."
    ) % {"row": number, "named": named[:60], "yot": yot.name, "count": len(others)}


def upload_preview(
    upload: ImportUpload, *, mapping: Mapping[str, str] | None = None
) -> ImportPreview:
    """The preview of a stored upload, from the table read when it was uploaded."""
    table = importing.Table.from_json(upload.table)
    return preview_table(upload.inspection, table, _known_columns(upload.inspection.yot, mapping))


def preview_table(
    inspection: Inspection,
    table: importing.Table,
    known: Mapping[str, str],
    *,
    today: date | None = None,
) -> ImportPreview:
    """The preview of a table read, its columns resolved with ``known`` choices."""
    columns = importing.resolve_mapping(table.headers, known)
    parsed = importing.ParsedCases()
    created = updated = unchanged = 0
    if not columns.missing:
        parsed = importing.parse_cases(table, columns, today=today or timezone.localdate())
        existing = existing_values(inspection)
        for row in parsed.rows:
            current = existing.get(row.reference)
            if current is None:
                created += 1
            elif changed_fields(current, row):
                updated += 1
            else:
                unchanged += 1
    refusal = other_yot_refusal(inspection, parsed)
    return ImportPreview(table, columns, parsed, created, updated, unchanged, refusal)


def existing_values(inspection: Inspection) -> dict[str, dict[str, object]]:
    """Reference -> current facts and identity of every case of the inspection."""
    names = (*importing.FACT_FIELDS, "identity__child_name", "identity__date_of_birth")
    rows = Case.objects.filter(inspection=inspection).values("reference", *names)
    return {
        row.pop("reference"): {k.removeprefix("identity__"): v for k, v in row.items()}
        for row in rows
    }


def changed_fields(current: Mapping[str, object], row: importing.CaseRow) -> list[str]:
    return [
        name
        for name, value in (*row.facts.items(), *row.identity.items())
        if current.get(name) != value
    ]


# --- Eligibility and the sample -------------------------------------------------------


@dataclass(frozen=True)
class IneligibleCase:
    reference: str
    sentence_type: str
    supervision_start: date | None
    reasons: tuple[str, ...]
    kind: str = ""


@dataclass(frozen=True)
class EligibilityOverview:
    eligible: list[domain.CaseRecord]
    ineligible: list[IneligibleCase]
    sample_size: int
    rule: domain.EligibilityRule
    size_rule: domain.SizeRule

    @property
    def imported(self) -> int:
        return len(self.eligible) + len(self.ineligible)

    @property
    def fraction_words(self) -> str:
        return wording.fraction_words(self.size_rule.fraction)

    @property
    def eligible_kinds(self) -> str:
        """The eligible kinds of case as the sample page names them."""
        return wording.listed_kinds(self.rule.kinds)


def eligibility_overview(inspection: Inspection) -> EligibilityOverview:
    settings = sampling_settings(inspection)
    rule = eligibility_rule(settings)
    framework = inspection.framework()
    eligible: list[domain.CaseRecord] = []
    ineligible: list[IneligibleCase] = []
    for record in sorted(case_records(inspection), key=lambda c: c.reference):
        check = domain.check_eligibility(record, inspection.fieldwork_start, rule)
        if check.eligible:
            eligible.append(record)
        else:
            ineligible.append(
                IneligibleCase(
                    record.reference,
                    sentence_label(record.sentence_type),
                    record.supervision_start,
                    tuple(wording.reason_text(reason, rule) for reason in check.reasons),
                    kind_label(framework, record.sentence_type),
                )
            )
    sizes = size_rule(settings)
    size = domain.sample_size(len(eligible), sizes)
    return EligibilityOverview(eligible, ineligible, size, rule, sizes)


def sample_history(inspection: Inspection) -> list[SampleRecord]:
    """Every draw of the inspection's sample, the current one first."""
    return list(
        SampleRecord.objects.filter(inspection=inspection)
        .select_related("drawn_by")
        .order_by("-drawn_at", "-id")
    )


def set_aside(history: list[SampleRecord]) -> list[tuple[SampleRecord, str]]:
    """The draws replaced by a later one, newest first, each with the reason given for
    the draw that replaced it."""
    return [(draw, newer.redraw_reason) for newer, draw in itertools.pairwise(history)]


def current_sample(inspection: Inspection) -> SampleRecord | None:
    return (
        SampleRecord.objects.filter(inspection=inspection)
        .select_related("drawn_by")
        .order_by("-drawn_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class SampledCase:
    case: Case
    kind: str


def sampled_cases(inspection: Inspection) -> list[SampledCase]:
    """The cases in and taken out of the sample, each with its kind of case."""
    framework = inspection.framework()
    cases = (
        Case.objects.filter(
            inspection=inspection,
            sample_status__in=(Case.SampleStatus.SAMPLED, Case.SampleStatus.EXCLUDED),
        )
        .select_related("assessment")
        .order_by("sample_status", "reference")
    )
    return [SampledCase(case, kind_label(framework, case.sentence_type)) for case in cases]


@dataclass(frozen=True)
class KindCount:
    kind: str
    eligible: int
    sampled: int


def kind_counts(inspection: Inspection, overview: EligibilityOverview) -> list[KindCount]:
    """For each kind of case the framework samples, how many cases were eligible and how
    many are in the sample now."""
    framework = inspection.framework()
    sampled = Counter(
        kind_label(framework, sentence)
        for sentence in Case.objects.filter(
            inspection=inspection, sample_status=Case.SampleStatus.SAMPLED
        ).values_list("sentence_type", flat=True)
    )
    eligible = Counter(kind_label(framework, c.sentence_type) for c in overview.eligible)
    labels = [framework.case_kinds[k].label for k in framework.sampling.kinds]
    return [KindCount(label, eligible[label], sampled[label]) for label in labels]


def balanced_words(record: SampleRecord) -> str:
    """What the recorded draw balanced on, as the sample page says it."""
    balanced = record.parameters.get("balanced", domain.BALANCED_DIMENSIONS)
    names = [str(BALANCED_LABELS.get(d, d.replace("_", " "))) for d in balanced]
    if not names:
        return gettext("not balanced on any other dimension")
    return gettext("balanced on %(listed)s") % {"listed": wording.and_list(names)}


def sampled_case(inspection: Inspection, reference: str) -> Case | None:
    return (
        Case.objects.filter(
            inspection=inspection, reference=reference, sample_status=Case.SampleStatus.SAMPLED
        )
        .select_related("assessment")
        .first()
    )


def sentence_label(value: str) -> str:
    labels = dict(SentenceType.choices)
    return str(labels.get(value, value.replace("_", " ").capitalize()))


def _value_label(dimension: str, value: str) -> str:
    if dimension == "sentence_type":
        return sentence_label(value)
    if dimension == "rosh_level":
        return str(dict(Level.choices).get(value, value.capitalize()))
    return value.capitalize() if value else gettext("Not recorded")


@dataclass(frozen=True)
class ProfileLine:
    dimension: str
    value: str
    eligible: int
    eligible_percent: str
    sample: int
    sample_percent: str
    eligible_share: Fraction
    sample_share: Fraction


def sample_profile(inspection: Inspection) -> list[ProfileLine]:
    """Sample (cases now in it) against the eligible population on every profiled dimension."""
    overview = eligibility_overview(inspection)
    in_sample = set(
        Case.objects.filter(
            inspection=inspection, sample_status=Case.SampleStatus.SAMPLED
        ).values_list("reference", flat=True)
    )
    eligible_refs = {c.reference for c in overview.eligible}
    dimensions = ("sentence_type", *strata(inspection))
    rows = domain.profile(overview.eligible, in_sample & eligible_refs, dimensions)
    return [
        ProfileLine(
            dimension=str(DIMENSION_LABELS[row.dimension]),
            value=_value_label(row.dimension, row.value),
            eligible=row.population,
            eligible_percent=percent_text(row.population_share),
            sample=row.sample,
            sample_percent=percent_text(row.sample_share),
            eligible_share=row.population_share,
            sample_share=row.sample_share,
        )
        for row in rows
    ]


def proposed_reserve(inspection: Inspection, record: SampleRecord, reference: str) -> str | None:
    unavailable = Case.objects.filter(inspection=inspection).exclude(
        sample_status=Case.SampleStatus.POPULATION
    )
    return domain.next_reserve(
        record.reserves,
        case_records(inspection),
        reference,
        unavailable=set(unavailable.values_list("reference", flat=True)),
    )


def export_rows(
    inspection: Inspection, *, with_identity: bool
) -> tuple[list[str], list[list[object]]]:
    """The case list in import order of columns, so an export can be imported again."""
    names = [n for n in importing.FIELDS if with_identity or n not in importing.IDENTITY_FIELDS]
    query = [f"identity__{n}" if n in importing.IDENTITY_FIELDS else n for n in names]
    rows = (
        Case.objects.filter(inspection=inspection)
        .order_by("reference")
        .values_list(*query, "sample_status")
    )
    with translation.override("en"):  # the headers an import recognises, in any language
        headers = [str(importing.FIELDS[n]) for n in names] + ["Sample status"]
    return headers, [
        [v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row] for row in rows
    ]
