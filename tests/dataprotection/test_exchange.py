"""Export and import of a whole inspection as one JSON document."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from casescreen.accounts.models import User
from casescreen.assessments.models import Assessment, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case
from casescreen.dataprotection.document import build_document, dumps
from casescreen.dataprotection.selectors import inspection_export_payload
from casescreen.findings.selectors import inspection_findings
from casescreen.inspections.models import CopyListContact, Inspection, InspectionTransition
from casescreen.reoffending.models import ReoffendingFigure
from casescreen.reports.models import Comment, PublishedFile, ReportVersion
from casescreen.sampling.models import SampleRecord
from tests.dataprotection.helpers import (
    findings_snapshot,
    model_counts,
    publish_report,
    record_sample,
    report_snapshot,
)

Document = dict[str, Any]


def _export(reference: str, path: Path) -> Document:
    call_command("export_inspection", reference, "--output", str(path))
    document: Document = json.loads(path.read_text(encoding="utf-8"))
    return document


def _import(path: Path, *args: str) -> None:
    call_command("import_inspection", str(path), *args)


def _write(path: Path, document: Document, *, resign: bool) -> Path:
    """Write ``document``; with ``resign`` its digest and signature are recomputed with this
    installation's key, so that only the schema and the rules can refuse it."""
    if resign:
        document = build_document(document["payload"])
    path.write_text(dumps(document), encoding="utf-8")
    return path


def _payload_without_reference(inspection: Inspection) -> dict[str, Any]:
    """The export of an inspection, without its reference and audit trail (see _audit_kept)."""
    payload = inspection_export_payload(inspection)
    payload["inspection"].pop("reference")
    payload.pop("audit")
    return payload


def _audit_kept(imported: Inspection, document: Document) -> None:
    """The imported trail is the exported one, then the import itself."""
    audit = inspection_export_payload(imported)["audit"]
    assert audit[:-1] == document["payload"]["audit"]
    assert (audit[-1]["action"], audit[-1]["field"]) == ("create", "import")


def _samples(inspection: Inspection) -> list[Any]:
    return [
        (
            r.seed,
            r.selected,
            r.reserves,
            r.drawn_by_id,
            r.drawn_at,
            [
                (
                    e.case.reference,
                    e.reason,
                    getattr(e.replacement, "reference", None),
                    e.excluded_at,
                )
                for e in r.exclusions.select_related("case", "replacement")
            ],
        )
        for r in SampleRecord.objects.filter(inspection=inspection)
    ]


def test_round_trip_under_a_new_reference_reproduces_everything(
    demo: Inspection, tmp_path: Path
) -> None:
    publish_report(demo)
    record_sample(demo, reason="Case manager absent", replaced=True)
    SampleRecord.objects.filter(inspection=demo).update(redraw_reason="Wrong cohort")
    reopened = Assessment.objects.filter(case__inspection=demo).order_by("pk")[:1]
    Assessment.objects.filter(pk__in=list(reopened.values_list("pk", flat=True))).update(
        reopen_reason="Plan missed"
    )
    path = tmp_path / "redbridge.json"
    document = _export(demo.reference, path)

    _import(path, "--as", "redbridge-copy")
    assert SampleRecord.objects.get(inspection__reference="redbridge-copy").redraw_reason == (
        "Wrong cohort"
    )
    assert Assessment.objects.filter(
        case__inspection__reference="redbridge-copy", reopen_reason="Plan missed"
    ).exists()

    imported = Inspection.objects.get(reference="redbridge-copy")
    assert inspection_findings(imported).tallies == inspection_findings(demo).tallies
    assert report_snapshot(imported) == report_snapshot(demo)
    replies = Comment.objects.filter(report__inspection=imported, parent__isnull=False)
    assert [reply.text for reply in replies] == ["Checked."]
    assert findings_snapshot(imported)["completed"] == 33
    assert _payload_without_reference(imported) == _payload_without_reference(demo)
    assert imported.yot_id == demo.yot_id
    assert _samples(imported) == _samples(demo) != []
    assert len(document["payload"]["audit"]) >= 5  # the report's drafting, comments, publication
    _audit_kept(imported, document)


def test_round_trip_into_a_database_without_the_inspection(
    demo: Inspection, tmp_path: Path
) -> None:
    CopyListContact.objects.create(
        yot=demo.yot, role_title="Police", role_title_cy="Heddlu", name="Chief Constable"
    )
    copy_list = list(demo.yot.copy_list.values_list("role_title", "role_title_cy", "name"))
    InspectionTransition.objects.create(
        inspection=demo, from_status="planned", to_status="announced", actor="lead"
    )
    # The YOT's Welsh names and an example's language go too (here as data only).
    demo.yot.name_cy, demo.yot.local_authority_cy = "TTI Redbridge", "Cyngor Redbridge"
    demo.yot.save()
    first_example = PracticeExample.objects.filter(assessment__case__inspection=demo).first()
    assert first_example is not None
    PracticeExample.objects.filter(pk=first_example.pk).update(language="cy")
    publish_report(demo)
    path = tmp_path / "redbridge.json"
    document = _export(demo.reference, path)
    before_payload = inspection_export_payload(demo)
    before_payload.pop("audit")
    before_findings = findings_snapshot(demo)
    before_report = report_snapshot(demo)
    yot_name = demo.yot.name
    PublishedFile.objects.filter(version__report__inspection=demo).delete()
    ReportVersion.objects.filter(report__inspection=demo).delete()
    Comment.objects.filter(report__inspection=demo, parent__isnull=False).delete()
    Comment.objects.filter(report__inspection=demo).delete()
    demo.delete()
    User.objects.filter(role=User.Role.YOT_MANAGER).delete()
    ReoffendingFigure.objects.filter(area=demo.yot).delete()
    demo.yot.delete()
    assert not Case.objects.filter(inspection__reference="redbridge-2015-02").exists()

    _import(path)

    imported = Inspection.objects.get(reference="redbridge-2015-02")
    assert imported.yot.name == yot_name
    assert (imported.yot.name_cy, imported.yot.local_authority_cy) == (
        "TTI Redbridge",
        "Cyngor Redbridge",
    )
    welsh = PracticeExample.objects.filter(assessment__case__inspection=imported, language="cy")
    assert list(welsh.values_list("text", flat=True)) == [first_example.text]
    after_payload = inspection_export_payload(imported)
    after_payload.pop("audit")
    assert after_payload == before_payload
    _audit_kept(imported, document)
    assert findings_snapshot(imported) == before_findings
    assert report_snapshot(imported) == before_report
    assert (
        list(imported.yot.copy_list.values_list("role_title", "role_title_cy", "name")) == copy_list
    )
    assert ("Police", "Heddlu", "Chief Constable") in copy_list


def test_a_changed_frozen_report_version_is_refused(demo: Inspection, tmp_path: Path) -> None:
    publish_report(demo)
    path = tmp_path / "redbridge.json"
    document = _export(demo.reference, path)
    version = document["payload"]["report"]["versions"][0]
    version["content"]["header"]["publication_date"] = "1st April 2015"
    _write(path, document, resign=True)
    counts = model_counts()

    with pytest.raises(
        CommandError, match=r"versions\[0\]\.content: does not match its content_hash"
    ):
        _import(path, "--as", "redbridge-copy")

    assert model_counts() == counts


def test_import_is_recorded_with_the_digest(small: Inspection, tmp_path: Path) -> None:
    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)

    _import(path, "--as", "testshire-copy")

    event = AuditEvent.objects.get(field="import")
    assert event.action == AuditEvent.Action.CREATE
    assert event.inspection is not None
    assert event.inspection.reference == "testshire-copy"
    assert event.new_value == f"sha256:{document['integrity']['sha256']}"


def test_a_yot_named_in_another_case_is_the_register_s_yot(
    small: Inspection, tmp_path: Path
) -> None:
    """The register holds names ignoring case: the document's "TESTSHIRE YOT" is the
    Testshire YOT here, not a second one."""
    from casescreen.inspections.models import Yot

    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)
    document["payload"]["yot"]["name"] = small.yot.name.upper()
    _write(path, document, resign=True)

    _import(path, "--as", "testshire-copy")

    assert Yot.objects.count() == 1
    assert Inspection.objects.get(reference="testshire-copy").yot == small.yot


def test_export_is_recorded_in_the_access_log(small: Inspection, tmp_path: Path) -> None:
    _export(small.reference, tmp_path / "testshire.json")

    event = AuditEvent.objects.get(field="export")
    assert event.action == AuditEvent.Action.VIEW
    assert event.inspection == small


def test_export_of_an_unknown_inspection_is_refused(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no inspection with reference 'nowhere-2015-01'"):
        call_command("export_inspection", "nowhere-2015-01", "--output", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_import_under_an_existing_reference_is_refused(small: Inspection, tmp_path: Path) -> None:
    path = tmp_path / "testshire.json"
    _export(small.reference, path)
    counts = model_counts()

    with pytest.raises(CommandError, match="'testshire-2015-06' already exists here.*--as"):
        _import(path)

    assert model_counts() == counts


def test_import_refuses_unknown_users_unless_asked_to_create_them(
    small: Inspection, tmp_path: Path
) -> None:
    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)
    document["payload"]["team"].append({"username": "visiting-inspector", "role": "inspector"})
    _write(path, document, resign=True)
    counts = model_counts()

    with pytest.raises(CommandError, match="no account for visiting-inspector"):
        _import(path, "--as", "testshire-copy")
    assert model_counts() == counts

    _import(path, "--as", "testshire-copy", "--create-missing-users")
    visitor = User.objects.get(username="visiting-inspector")
    assert not visitor.is_active
    assert not visitor.has_usable_password()
    assert visitor.memberships.get().inspection.reference == "testshire-copy"


def test_file_from_another_installation_needs_explicit_trust(
    small: Inspection, tmp_path: Path, settings: Any
) -> None:
    path = tmp_path / "testshire.json"
    _export(small.reference, path)
    settings.SECRET_KEY = "another-installation-" + "k" * 40
    counts = model_counts()

    with pytest.raises(CommandError, match="signature does not match this installation's key"):
        _import(path, "--as", "testshire-copy")
    assert model_counts() == counts

    _import(path, "--as", "testshire-copy", "--accept-foreign-signature")
    assert Inspection.objects.filter(reference="testshire-copy").exists()


def _first_answer(document: Document) -> dict[str, Any]:
    answer: dict[str, Any] = document["payload"]["cases"][0]["assessment"]["answers"][0]
    return answer


def _set(path: list[Any], value: Any) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        node: Any = document["payload"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _duplicate_reference(document: Document) -> None:
    cases = document["payload"]["cases"]
    cases[1]["reference"] = cases[0]["reference"]


def _second_lead(document: Document) -> None:
    for member in document["payload"]["team"]:
        member["role"] = "lead"


def _duplicate_answer(document: Document) -> None:
    answers = document["payload"]["cases"][0]["assessment"]["answers"]
    answers.append(copy.deepcopy(answers[0]))


def _unknown_field(document: Document) -> None:
    document["payload"]["cases"][0]["nickname"] = "Ash"


def _drop_cases(document: Document) -> None:
    del document["payload"]["cases"]


def _sample(**changes: Any) -> dict[str, Any]:
    sample: dict[str, Any] = {
        "seed": 7,
        "rule": "sqs-stratified-v1",
        "parameters": {},
        "population_hash": "b" * 64,
        "population_size": 3,
        "size": 2,
        "selected": ["TS1000", "TS1001"],
        "reserves": {"referral_order": ["TS1002"]},
        "strata": [],
        "drawn_by": None,
        "drawn_at": "2015-05-20T10:00:00+00:00",
        "exclusions": [],
    }
    sample.update(changes)
    return sample


def _event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "at": "2015-06-01T10:00:00+00:00",
        "actor": "lead",
        "user": None,
        "action": "view",
        "case": "TS1000",
        "object_type": "Case",
        "object_id": "1",
        "field": "",
        "old_value": "",
        "new_value": "",
    }
    event.update(changes)
    return event


def _exclusion(case: str, replacement: str | None) -> dict[str, Any]:
    return {
        "case": case,
        "reason": "Case manager absent",
        "replacement": replacement,
        "excluded_by": None,
        "excluded_at": "2015-05-21T10:00:00+00:00",
    }


def _append(key: str, item: dict[str, Any]) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["payload"].setdefault(key, []).append(item)

    return change


# Files that were changed and re-signed: only the schema and the rules stand in the way.
SCHEMA_VIOLATIONS = [
    (
        "sample listing an unknown case",
        _append("samples", _sample(selected=["TS1000", "XX9999"])),
        r"payload\.samples\[0\]\.selected\[1\]: 'XX9999' is not a case of this document",
    ),
    (
        "exclusion of an unknown case",
        _append("samples", _sample(exclusions=[_exclusion("XX9999", None)])),
        r"payload\.samples\[0\]\.exclusions\[0\]\.case: 'XX9999' is not a case",
    ),
    (
        "replacement by an unknown case",
        _append("samples", _sample(exclusions=[_exclusion("TS1000", "XX9999")])),
        r"exclusions\[0\]\.replacement: 'XX9999' is not a case",
    ),
    (
        "sample hash that is not one",
        _append("samples", _sample(population_hash="not-a-hash")),
        r"payload\.samples\[0\]\.population_hash: String should match pattern",
    ),
    (
        "audit event of an unknown case",
        _append("audit", _event(case="XX9999")),
        r"payload\.audit\[\d+\]\.case: 'XX9999' is not a case of this document",
    ),
    (
        "audit event with an unknown action",
        _append("audit", _event(action="shred")),
        r"payload\.audit\[\d+\]\.action: Input should be",
    ),
    (
        "wrong type",
        _set(["cases", 0, "psr_prepared"], "yes"),
        r"payload\.cases\[0\]\.psr_prepared: Input should be a valid boolean",
    ),
    (
        "number as text",
        _set(["cases", 0, "version"], "1"),
        r"payload\.cases\[0\]\.version: Input should be a valid integer",
    ),
    (
        "unknown question",
        _set(["cases", 0, "assessment", "answers", 0, "question_id"], "q9_9_made_up"),
        r"answers\[0\]\.question_id: 'q9_9_made_up' is not a question of sqs@2015\.1",
    ),
    (
        "answer off the scale",
        _set(["cases", 0, "assessment", "answers", 0, "value"], "maybe"),
        r"answers\[0\]\.value: 'maybe' is not an answer",
    ),
    ("duplicate case reference", _duplicate_reference, r"duplicate case reference\(s\) TS1000"),
    ("question answered twice", _duplicate_answer, r"question\(s\) answered twice"),
    ("two leads", _second_lead, r"payload\.team: 2 lead inspectors"),
    ("unknown field", _unknown_field, r"payload\.cases\[0\]\.nickname: Extra inputs"),
    ("missing part", _drop_cases, r"payload\.cases: Field required"),
    (
        "unknown sentence",
        _set(["cases", 0, "sentence_type"], "community_service"),
        r"payload\.cases\[0\]\.sentence_type: Input should be",
    ),
    (
        "bad date",
        _set(["inspection", "fieldwork_start"], "2015-02-31"),
        r"payload\.inspection\.fieldwork_start: Input should be a valid date",
    ),
    (
        "fieldwork backwards",
        _set(["inspection", "fieldwork_end"], "2015-01-01"),
        r"fieldwork_end: is before fieldwork_start",
    ),
    (
        "overlong name",
        _set(["cases", 0, "identity", "child_name"], "x" * 201),
        r"identity\.child_name: String should have at most 200 characters",
    ),
    (
        "unknown framework",
        _set(["inspection", "framework_version"], "2099.1"),
        r"framework sqs@2099\.1 is not installed here",
    ),
    (
        "unsupported extension",
        _set(["extensions"], {"reports": []}),
        r"payload\.extensions: reports not supported",
    ),
    (
        "bad reference",
        _set(["inspection", "reference"], "../../etc"),
        r"payload\.inspection\.reference: String should match pattern",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"),
    [pytest.param(change, message, id=name) for name, change, message in SCHEMA_VIOLATIONS],
)
def test_schema_violations_are_refused_and_import_nothing(
    small: Inspection, tmp_path: Path, change: Callable[[Document], None], message: str
) -> None:
    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)
    change(document)
    _write(path, document, resign=True)
    Inspection.objects.filter(pk=small.pk).delete()  # the import would otherwise be refused anyway
    counts = model_counts()

    with pytest.raises(CommandError, match=r"refused, nothing imported: .*" + message):
        _import(path)

    assert model_counts() == counts


def _tamper_value(document: Document) -> None:
    _first_answer(document)["value"] = "no" if _first_answer(document)["value"] == "yes" else "yes"


def _forge_digest(document: Document) -> None:
    _tamper_value(document)
    forged = build_document(document["payload"])
    document["integrity"]["sha256"] = forged["integrity"]["sha256"]


def _bump_format(document: Document) -> None:
    document["format_version"] = 2


def _drop_integrity(document: Document) -> None:
    del document["integrity"]


TAMPERED = [
    ("changed value", _tamper_value, "SHA-256 digest of the payload does not match"),
    ("recomputed digest", _forge_digest, "signature does not match this installation's key"),
    ("newer format", _bump_format, "format_version: this installation reads version 1, found 2"),
    ("no integrity", _drop_integrity, "top level: missing integrity"),
]


@pytest.mark.parametrize(
    ("change", "message"),
    [pytest.param(change, message, id=name) for name, change, message in TAMPERED],
)
def test_tampered_files_are_refused_and_import_nothing(
    small: Inspection, tmp_path: Path, change: Callable[[Document], None], message: str
) -> None:
    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)
    change(document)
    _write(path, document, resign=False)
    counts = model_counts()

    with pytest.raises(CommandError, match=message):
        _import(path, "--as", "testshire-copy")

    assert model_counts() == counts


DAMAGED: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("truncated", lambda raw: raw[: len(raw) // 2], "the file ends too early: is it truncated"),
    ("not json", lambda raw: b"case,name\nRB15001,Ashan\n", "the file is not valid JSON"),
    ("empty", lambda raw: b"", "the file is empty"),
    ("binary", lambda raw: b"\x89PNG\r\n\x1a\n\xff\xfe", "the file is not UTF-8 text"),
    ("a list", lambda raw: b"[1, 2, 3]", "top level: expected a JSON object"),
    ("NaN", lambda raw: raw.replace(b'"version": 1', b'"version": NaN', 1), "NaN is not a number"),
    ("too deep", lambda raw: b"[" * 100_000 + b"]" * 100_000, "nested too deeply to read"),
]


@pytest.mark.parametrize(
    ("damage", "message"),
    [pytest.param(damage, message, id=name) for name, damage, message in DAMAGED],
)
def test_damaged_files_are_refused_and_import_nothing(
    small: Inspection, tmp_path: Path, damage: Callable[[bytes], bytes], message: str
) -> None:
    path = tmp_path / "testshire.json"
    _export(small.reference, path)
    path.write_bytes(damage(path.read_bytes()))
    counts = model_counts()

    with pytest.raises(CommandError, match=message):
        _import(path, "--as", "testshire-copy")

    assert model_counts() == counts


def test_a_missing_file_is_refused(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot be read"):
        _import(tmp_path / "nowhere.json")


def test_a_document_from_before_samples_and_audit_were_exported_still_imports(
    small: Inspection, tmp_path: Path
) -> None:
    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)
    del document["payload"]["samples"]
    del document["payload"]["audit"]
    _write(path, document, resign=True)

    _import(path, "--as", "testshire-copy")

    imported = Inspection.objects.get(reference="testshire-copy")
    assert not SampleRecord.objects.filter(inspection=imported).exists()
    assert list(AuditEvent.objects.filter(inspection=imported).values_list("field", flat=True)) == [
        "import"
    ]


def test_audit_events_keep_their_times_and_link_only_known_people(
    small: Inspection, tmp_path: Path
) -> None:
    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)
    lead = small.members.get(role="lead").user.username
    document["payload"]["audit"] = [
        _event(user=lead, actor=lead, at="2015-06-01T10:00:00+00:00"),
        _event(user="departed", actor="departed", at="2015-06-02T11:30:00+00:00", case=None),
    ]
    _write(path, document, resign=True)

    _import(path, "--as", "testshire-copy")

    events = AuditEvent.objects.filter(inspection__reference="testshire-copy").exclude(
        field="import"
    )
    rows = list(
        events.order_by("at").values_list("actor", "user__username", "case__reference", "at")
    )
    assert [(actor, user, case) for actor, user, case, _ in rows] == [
        (lead, lead, "TS1000"),
        ("departed", None, None),
    ]
    assert [at.isoformat() for *_, at in rows] == [
        "2015-06-01T10:00:00+00:00",
        "2015-06-02T11:30:00+00:00",
    ]
    assert not User.objects.filter(username="departed").exists()


def test_a_self_assessment_is_not_exported(self_assessment: Any, tmp_path: Path) -> None:
    path = tmp_path / "own.json"
    with pytest.raises(CommandError, match="is a YOT's self-assessment"):
        call_command("export_inspection", self_assessment.reference, "--output", str(path))
    assert not path.exists()
