"""Importing case lists from the command line: preview, rejections, re-import."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case, CaseIdentity
from tests.sampling.conftest import FIXTURES, case_list_csv

MESSY = FIXTURES / "messy_case_list.csv"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_messy_case_list_imports_with_exactly_the_expected_rejections(
    planned_inspection: Any,
) -> None:
    output = run("import_cases", planned_inspection.reference, str(MESSY))

    rejected = [line for line in output.splitlines() if line.startswith("Rejected")]
    assert rejected == [
        "Rejected row 7, Sentence type: 'Community Order' is not a known sentence type",
        "Rejected row 8, Date of birth: '31/02/2001' is an impossible date",
        "Rejected row 12, Case reference: duplicate case reference RB1002 (first on row 3)",
        "Rejected row 13, Case reference: is missing",
    ]
    assert "Skipped row 17: summary line 'Total: 57'" in output
    assert "8 created, 0 updated, 0 unchanged, 4 rows rejected" in output
    cases = {c.reference: c for c in Case.objects.filter(inspection=planned_inspection)}
    assert sorted(cases) == [
        "RB1001", "RB1002", "RB1003", "RB1004", "RB1007", "RB1008", "RB1009", "RB1010",
    ]  # fmt: skip
    assert cases["RB1002"].sentence_type == "youth_rehabilitation_order"
    assert cases["RB1002"].supervision_start == date(2015, 3, 16)
    assert cases["RB1002"].looked_after is True
    assert cases["RB1003"].sentence_type == "custody"
    assert cases["RB1003"].sentence_date == date(2015, 3, 5)
    assert cases["RB1007"].sentence_type == "youth_caution"
    assert cases["RB1008"].rosh_level == "very_high"
    assert cases["RB1009"].rosh_level == "medium"
    assert cases["RB1009"].psr_prepared is True
    assert all(c.sample_status == Case.SampleStatus.POPULATION for c in cases.values())
    identity = CaseIdentity.objects.get(case=cases["RB1003"])
    # Excel serial 42005 is 1 January 2015, so 42000 is 27 December 2014.
    assert identity.date_of_birth == date(2014, 12, 27)
    assert CaseIdentity.objects.get(case=cases["RB1001"]).child_name == "Alex Smith"


def test_dry_run_writes_nothing(planned_inspection: Any) -> None:
    output = run("import_cases", planned_inspection.reference, str(MESSY), "--dry-run")

    assert "Dry run: 8 to create, 0 to update, 0 unchanged, 4 rows rejected." in output
    assert not Case.objects.filter(inspection=planned_inspection).exists()
    assert not AuditEvent.objects.filter(inspection=planned_inspection).exists()


def test_reimport_creates_no_duplicates_and_audits_changed_facts(
    planned_inspection: Any, tmp_path: Path
) -> None:
    run("import_cases", planned_inspection.reference, str(MESSY))
    changed = MESSY.read_bytes().replace(
        b"RB1001,Alex Smith,03/04/2000,Male,White British,Referral Order",
        b"RB1001,Alex Smith,03/04/2000,Male,White British,YRO",
    )
    changed_file = tmp_path / "again.csv"
    changed_file.write_bytes(changed)

    output = run("import_cases", planned_inspection.reference, str(changed_file))

    assert "0 created, 1 updated, 7 unchanged" in output
    assert Case.objects.filter(inspection=planned_inspection).count() == 8
    case = Case.objects.get(inspection=planned_inspection, reference="RB1001")
    assert case.sentence_type == "youth_rehabilitation_order"
    assert case.version == 2
    event = AuditEvent.objects.get(case=case, action=AuditEvent.Action.CHANGE)
    assert (event.field, event.old_value, event.new_value) == (
        "sentence_type",
        "referral_order",
        "youth_rehabilitation_order",
    )


def test_changed_identity_is_audited_without_the_personal_values(
    planned_inspection: Any, tmp_path: Path
) -> None:
    run("import_cases", planned_inspection.reference, str(MESSY))
    renamed = tmp_path / "renamed.csv"
    renamed.write_bytes(MESSY.read_bytes().replace(b"Alex Smith", b"Alexandra Smith"))

    run("import_cases", planned_inspection.reference, str(renamed))

    case = Case.objects.get(inspection=planned_inspection, reference="RB1001")
    assert case.identity.child_name == "Alexandra Smith"
    event = AuditEvent.objects.get(case=case, object_type="CaseIdentity")
    assert event.field == "child_name"
    assert "Alex" not in event.old_value + event.new_value


def test_unrecognised_column_needs_a_mapping_file(planned_inspection: Any, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Ref no;Order Type;Start Date\nX1;YRO;01/04/2015\n", encoding="cp1252")

    with pytest.raises(CommandError, match="Unrecognised column: 'Ref no'"):
        run("import_cases", planned_inspection.reference, str(odd))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Ref no": "reference"}))
    output = run("import_cases", planned_inspection.reference, str(odd), "--mapping", str(mapping))

    assert "1 created" in output
    assert Case.objects.get(inspection=planned_inspection).reference == "X1"


def test_windows_1252_semicolon_file_is_read(planned_inspection: Any, tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes(
        "Case reference;Child name;Sentence type;Case manager\nW1;Zoë Müller;YRO;Siân Évans\n".encode(
            "cp1252"
        )
    )

    run("import_cases", planned_inspection.reference, str(path))

    case = Case.objects.get(inspection=planned_inspection, reference="W1")
    assert case.case_manager == "Siân Évans"
    assert case.identity.child_name == "Zoë Müller"


def test_generated_case_list_imports_every_row(planned_inspection: Any, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(case_list_csv(300))

    output = run("import_cases", planned_inspection.reference, str(path))

    assert "300 created" in output
    assert Case.objects.filter(inspection=planned_inspection).count() == 300


def test_unknown_inspection_is_a_clear_error(db: Any) -> None:
    with pytest.raises(CommandError, match="No inspection 'nope'"):
        run("import_cases", "nope", str(MESSY))
