"""Drop the PostgreSQL function of the answer save: ``assessments.services.assessment_answer``
is the one save, the same on every database."""

from typing import Any

from django.db import migrations


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS casescreen_answer_save")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_reopen_reason")]

    # Going back does not recreate the function: no code calls it.
    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
