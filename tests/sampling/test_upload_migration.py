"""Uploads waiting for confirmation when the table replaced the file are kept, read once."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.sampling.conftest import case_list_csv

BEFORE = [("sampling", "0002_sample_redraw_reason")]
AFTER = [("sampling", "0003_importupload_table")]


def test_pending_uploads_are_read_into_tables_and_unreadable_ones_dropped(
    transactional_db: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Upload = old.get_model("sampling", "ImportUpload")
    common = {"inspection_id": planned_inspection.pk, "uploaded_by_id": lead_inspector.pk}
    good = Upload.objects.create(
        filename="cases.csv", content=case_list_csv(4).encode(), sha256="0" * 64, **common
    )
    bad = Upload.objects.create(filename="cases.csv", content=b"", sha256="1" * 64, **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    from casescreen.sampling.models import ImportUpload

    assert list(ImportUpload.objects.values_list("pk", flat=True)) == [good.pk]
    table = ImportUpload.objects.get().table
    assert table["headers"][0] == "Case reference"
    assert [n for n, _ in table["rows"]] == [2, 3, 4, 5]
    assert not ImportUpload.objects.filter(pk=bad.pk).exists()
