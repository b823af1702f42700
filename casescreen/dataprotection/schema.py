"""The schema of an exported inspection, and the rules checked before anything is written.

Validation is strict (no type coercion, no unknown fields) and complete: a
document is either accepted as a whole or refused with a message naming the
element and field at fault. Length limits match the database columns so that
a long value is refused here, never by the database half-way through.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from casescreen.assessments.models import Assessment
from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case, Level, SentenceType
from casescreen.dataprotection.document import DocumentError
from casescreen.frameworks import get_framework
from casescreen.inspections.models import Inspection, TeamMembership, Yot
from casescreen.reports.content import check_report_content
from casescreen.reports.models import Report
from casescreen.reports.services import content_hash

Text = Annotated[str, Field(max_length=200)]
ShortText = Annotated[str, Field(max_length=60)]
Rate = Annotated[Decimal, Field(max_digits=4, decimal_places=1)]
Username = Annotated[str, Field(min_length=1, max_length=150)]
# Free text is bounded so that a hostile file cannot exhaust memory or the database.
LongText = Annotated[str, Field(max_length=100_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class CopyContactDoc(_Strict):
    role_title: Text
    name: Annotated[str, Field(max_length=300)]
    position: Annotated[int, Field(ge=0, le=32767)]
    # The role in Welsh; absent from files written before it was kept.
    role_title_cy: Text = ""


class YotDoc(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    local_authority: Annotated[str, Field(min_length=1, max_length=200)]
    nation: Yot.Nation
    region: Annotated[str, Field(max_length=100)]
    board_chair: Text
    manager_name: Text
    copy_list: list[CopyContactDoc]
    # Its names in Welsh (a YOT in Wales); absent from files written before they were kept.
    name_cy: Annotated[str, Field(max_length=200)] = ""
    local_authority_cy: Annotated[str, Field(max_length=200)] = ""


class InspectionDoc(_Strict):
    reference: Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", min_length=1, max_length=60)]
    framework_id: Annotated[str, Field(min_length=1, max_length=40)]
    framework_version: Annotated[str, Field(min_length=1, max_length=20)]
    # Empty for a framework that states its findings as percentages.
    vocabulary: Annotated[str, Field(max_length=30)]
    status: Inspection.Status
    announced_on: date | None
    fieldwork_start: date
    fieldwork_end: date
    published_on: date | None
    reoffending_rate: Rate | None
    reoffending_previous_rate: Rate | None
    reoffending_national_rate: Rate | None
    reoffending_cohort: ShortText
    reoffending_published: Annotated[str, Field(max_length=30)]


class MemberDoc(_Strict):
    username: Username
    role: TeamMembership.Role


class TransitionDoc(_Strict):
    from_status: Inspection.Status
    to_status: Inspection.Status
    actor: Annotated[str, Field(max_length=150)]
    by: Username | None
    at: datetime
    reason: LongText
    letter_html: Annotated[str, Field(max_length=1_000_000)]


class IdentityDoc(_Strict):
    child_name: Text
    date_of_birth: date | None
    purged_at: datetime | None


class AnswerDoc(_Strict):
    question_id: ShortText
    value: Annotated[str, Field(max_length=20)]
    evidence: LongText
    version: Annotated[int, Field(ge=1)]
    updated_by: Username | None


class PracticeExampleDoc(_Strict):
    paragraph: Annotated[str, Field(min_length=1, max_length=10)]
    text: LongText
    pseudonym: ShortText
    created_by: Username | None
    created_at: datetime
    # Absent from files written before examples had a language: English then.
    language: Literal["en", "cy"] = "en"


class AssessmentDoc(_Strict):
    inspector: Username | None
    case_manager_present: bool
    status: Assessment.Status
    framework_id: Annotated[str, Field(min_length=1, max_length=40)]
    framework_version: Annotated[str, Field(min_length=1, max_length=20)]
    version: Annotated[int, Field(ge=1)]
    completed_at: datetime | None
    reopen_reason: LongText = ""
    answers: list[AnswerDoc]
    practice_examples: list[PracticeExampleDoc]


class CaseDoc(_Strict):
    reference: Annotated[str, Field(min_length=1, max_length=50)]
    sample_status: Case.SampleStatus
    exclusion_reason: Annotated[str, Field(max_length=300)]
    sentence_type: SentenceType
    psr_prepared: bool
    has_plan: bool
    reoffending_review_required: bool
    roh_review_required: bool
    roh_plan_required: bool
    identifiable_victim: bool
    oversight_required: bool
    vulnerability_review_required: bool
    vulnerability_plan_required: bool
    rosh_level: Level | Literal[""]
    vulnerability_level: Level | Literal[""]
    looked_after: bool
    placed_from_other_la: bool
    placing_authority: Text
    non_compliance: bool
    sentence_date: date | None
    supervision_start: date | None
    gender: Annotated[str, Field(max_length=30)]
    ethnicity: ShortText
    case_manager: Text
    version: Annotated[int, Field(ge=1)]
    identity: IdentityDoc | None
    assessment: AssessmentDoc | None


class ReportVersionDoc(_Strict):
    number: Annotated[int, Field(ge=1)]
    content: dict[str, Any]
    data: dict[str, Any]
    # The Welsh document and its data, for a report in Welsh and English.
    content_cy: dict[str, Any] | None = None
    data_cy: dict[str, Any] | None = None
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    published: bool
    published_at: datetime | None
    created_by: Username | None
    created_at: datetime


class CommentDoc(_Strict):
    # Position-independent identity within the file, so that replies can name their parent.
    id: Annotated[int, Field(ge=1)]
    parent: Annotated[int, Field(ge=1)] | None
    paragraph_key: Annotated[str, Field(min_length=1, max_length=100)]
    author: Username
    text: LongText
    created_at: datetime


class OverrideDoc(_Strict):
    problem_key: Annotated[str, Field(min_length=1, max_length=200)]
    reason: LongText
    by: Username
    created_at: datetime


class ReportDoc(_Strict):
    status: Report.Status
    content: dict[str, Any]
    content_cy: dict[str, Any] | None = None
    version: Annotated[int, Field(ge=1)]
    versions: list[ReportVersionDoc]
    comments: list[CommentDoc]
    overrides: list[OverrideDoc]


CaseReference = Annotated[str, Field(min_length=1, max_length=50)]


class SampleExclusionDoc(_Strict):
    case: CaseReference
    reason: Annotated[str, Field(max_length=300)]
    replacement: CaseReference | None
    excluded_by: Username | None
    excluded_at: datetime


class SampleRecordDoc(_Strict):
    """One draw of the sample, as recorded: enough to reproduce and audit it."""

    seed: Annotated[int, Field(ge=0, lt=2**63)]
    rule: ShortText
    parameters: dict[str, Any]
    population_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    population_size: Annotated[int, Field(ge=0)]
    size: Annotated[int, Field(ge=0)]
    selected: list[CaseReference]
    reserves: dict[str, list[CaseReference]]
    strata: list[Any]
    drawn_by: Username | None
    drawn_at: datetime
    redraw_reason: LongText = ""
    exclusions: list[SampleExclusionDoc]


class AuditEventDoc(_Strict):
    """One entry of the inspection's audit trail. ``object_id`` is the id the object had
    where the event was recorded; ``user`` is linked on import only if that account exists
    (the ``actor`` name is kept either way)."""

    at: datetime
    actor: Annotated[str, Field(max_length=150)]
    user: Username | None
    action: AuditEvent.Action
    case: CaseReference | None
    object_type: Annotated[str, Field(min_length=1, max_length=40)]
    object_id: ShortText
    field: Annotated[str, Field(max_length=100)]
    old_value: LongText
    new_value: LongText


class PayloadDoc(_Strict):
    yot: YotDoc
    inspection: InspectionDoc
    team: list[MemberDoc]
    transitions: list[TransitionDoc]
    cases: list[CaseDoc]
    report: ReportDoc | None
    # Absent from documents written before they were exported: read as none.
    samples: list[SampleRecordDoc] = Field(default_factory=list)
    audit: list[AuditEventDoc] = Field(default_factory=list)
    # Extension point for parts of an inspection kept by apps this format does
    # not cover yet (reoffending tables). Version 1 defines none, so anything
    # here is refused rather than silently dropped.
    extensions: dict[str, Any]


INSPECTION_FIELDS: tuple[str, ...] = tuple(
    name for name in InspectionDoc.model_fields if name != "reference"
)
CASE_FIELDS: tuple[str, ...] = tuple(
    name for name in CaseDoc.model_fields if name not in {"identity", "assessment"}
)


def _where(loc: tuple[int | str, ...]) -> str:
    """``('cases', 3, 'assessment', 'answers', 0, 'value')`` -> ``cases[3].assessment.answers[0].value``."""
    text = "payload"
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in part or part.startswith(("function-", "literal")):
            continue  # the union member pydantic tried, not a place in the document
        else:
            text += f".{part}"
    return text


def parse_payload(data: bytes) -> PayloadDoc:
    """Parse and check the payload; raise DocumentError naming the first problem."""
    try:
        payload = PayloadDoc.model_validate_json(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise DocumentError(f"{_where(tuple(first['loc']))}: {first['msg']}{more}") from exc
    check_rules(payload)
    return payload


def _duplicates(values: list[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def check_rules(payload: PayloadDoc) -> None:
    """The rules a schema cannot express: uniqueness, known questions, one lead, dates in order."""
    inspection = payload.inspection
    if inspection.fieldwork_end < inspection.fieldwork_start:
        raise DocumentError("payload.inspection.fieldwork_end: is before fieldwork_start")
    if payload.extensions:
        raise DocumentError(
            f"payload.extensions: {', '.join(sorted(payload.extensions))} not supported by "
            "this installation"
        )
    try:
        get_framework(inspection.framework_id, inspection.framework_version)
    except (KeyError, LookupError, ValueError) as exc:
        raise DocumentError(
            f"payload.inspection.framework_version: framework "
            f"{inspection.framework_id}@{inspection.framework_version} is not installed here"
        ) from exc

    duplicated = _duplicates([contact.role_title for contact in payload.yot.copy_list])
    if duplicated:
        raise DocumentError(f"payload.yot.copy_list: role(s) listed twice: {', '.join(duplicated)}")
    for index, transition in enumerate(payload.transitions):
        if transition.from_status == transition.to_status:
            raise DocumentError(f"payload.transitions[{index}].to_status: the same as from_status")

    usernames = [member.username for member in payload.team]
    duplicated = _duplicates(usernames)
    if duplicated:
        raise DocumentError(f"payload.team: {', '.join(duplicated)} listed more than once")
    leads = sum(1 for member in payload.team if member.role == TeamMembership.Role.LEAD)
    if leads > 1:
        raise DocumentError(f"payload.team: {leads} lead inspectors; an inspection has one")

    if payload.report is not None:
        _check_report(payload.report)

    duplicated = _duplicates([case.reference for case in payload.cases])
    if duplicated:
        raise DocumentError(f"payload.cases: duplicate case reference(s) {', '.join(duplicated)}")
    _check_case_references(payload)
    for index, case in enumerate(payload.cases):
        if case.assessment is not None:
            _check_assessment(f"payload.cases[{index}].assessment", case.assessment)


def _check_case_references(payload: PayloadDoc) -> None:
    """Samples and audit events name cases of the document, by reference."""
    known = {case.reference for case in payload.cases}

    def check(where: str, reference: str | None) -> None:
        if reference is not None and reference not in known:
            raise DocumentError(f"{where}: {reference!r} is not a case of this document")

    for index, sample in enumerate(payload.samples):
        where = f"payload.samples[{index}]"
        for position, reference in enumerate(sample.selected):
            check(f"{where}.selected[{position}]", reference)
        for stratum, references in sample.reserves.items():
            for position, reference in enumerate(references):
                check(f"{where}.reserves.{stratum}[{position}]", reference)
        excluded = [exclusion.case for exclusion in sample.exclusions]
        duplicated = _duplicates(excluded)
        if duplicated:
            raise DocumentError(f"{where}.exclusions: excluded twice: {', '.join(duplicated)}")
        for position, exclusion in enumerate(sample.exclusions):
            check(f"{where}.exclusions[{position}].case", exclusion.case)
            check(f"{where}.exclusions[{position}].replacement", exclusion.replacement)
    for index, event in enumerate(payload.audit):
        check(f"payload.audit[{index}].case", event.case)


def _check_assessment(where: str, assessment: AssessmentDoc) -> None:
    try:
        framework = get_framework(assessment.framework_id, assessment.framework_version)
    except (KeyError, LookupError, ValueError) as exc:
        raise DocumentError(
            f"{where}.framework_version: framework "
            f"{assessment.framework_id}@{assessment.framework_version} is not installed here"
        ) from exc
    questions = {question.id: question for question in framework.questions}
    duplicated = _duplicates([answer.question_id for answer in assessment.answers])
    if duplicated:
        raise DocumentError(f"{where}.answers: question(s) answered twice: {', '.join(duplicated)}")
    for index, answer in enumerate(assessment.answers):
        question = questions.get(answer.question_id)
        if question is None:
            raise DocumentError(
                f"{where}.answers[{index}].question_id: {answer.question_id!r} is not a question "
                f"of {framework.key}"
            )
        if answer.value and answer.value not in question.values:
            raise DocumentError(
                f"{where}.answers[{index}].value: {answer.value!r} is not an answer to "
                f"{answer.question_id} (expected one of {', '.join(sorted(question.values))})"
            )
    for index, example in enumerate(assessment.practice_examples):
        # Practice examples may sit under a report paragraph or a free heading such as "OM".
        if not example.paragraph.strip():
            raise DocumentError(f"{where}.practice_examples[{index}].paragraph: is blank")


def _check_content(loc: tuple[int | str, ...], content: dict[str, Any]) -> None:
    """The same document shape the application writes (``reports.content``)."""
    try:
        check_report_content(content)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise DocumentError(f"{_where((*loc, *first['loc']))}: {first['msg']}{more}") from exc


def _check_report(report: ReportDoc) -> None:
    where = "payload.report"
    _check_content(("report", "content"), report.content)
    if report.content_cy is not None:
        _check_content(("report", "content_cy"), report.content_cy)
    numbers = [str(version.number) for version in report.versions]
    duplicated = _duplicates(numbers)
    if duplicated:
        raise DocumentError(f"{where}.versions: version(s) {', '.join(duplicated)} listed twice")
    for index, version in enumerate(report.versions):
        _check_content(("report", "versions", index, "content"), version.content)
        if version.content_cy is not None:
            _check_content(("report", "versions", index, "content_cy"), version.content_cy)
        # A frozen version must still be exactly what was frozen.
        if content_hash(version.content, version.content_cy) != version.content_hash:
            raise DocumentError(
                f"{where}.versions[{index}].content: does not match its content_hash "
                f"(version {version.number} was changed after it was frozen)"
            )
        if version.published and version.published_at is None:
            raise DocumentError(
                f"{where}.versions[{index}].published_at: a published version needs it"
            )
    seen: set[int] = set()
    for index, comment in enumerate(report.comments):
        if comment.id in seen:
            raise DocumentError(f"{where}.comments[{index}].id: {comment.id} used twice")
        if comment.parent is not None and comment.parent not in seen:
            raise DocumentError(
                f"{where}.comments[{index}].parent: no earlier comment with id {comment.parent}"
            )
        seen.add(comment.id)
    duplicated = _duplicates([override.problem_key for override in report.overrides])
    if duplicated:
        raise DocumentError(f"{where}.overrides: {', '.join(duplicated)} overridden twice")


def referenced_usernames(payload: PayloadDoc) -> set[str]:
    names = {member.username for member in payload.team}
    names.update(t.by for t in payload.transitions if t.by)
    for sample in payload.samples:
        if sample.drawn_by:
            names.add(sample.drawn_by)
        names.update(e.excluded_by for e in sample.exclusions if e.excluded_by)
    if payload.report is not None:
        names.update(v.created_by for v in payload.report.versions if v.created_by)
        names.update(c.author for c in payload.report.comments)
        names.update(o.by for o in payload.report.overrides)
    for case in payload.cases:
        assessment = case.assessment
        if assessment is None:
            continue
        if assessment.inspector:
            names.add(assessment.inspector)
        names.update(a.updated_by for a in assessment.answers if a.updated_by)
        names.update(p.created_by for p in assessment.practice_examples if p.created_by)
    return names
