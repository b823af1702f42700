"""Keep the first assessor's answer on each reconciliation, which writes over it.

Existing rows are filled in exactly: a reconciliation is only made where the two assessors
gave a yes and a no, so the first assessor's answer is the other of the second's.
"""

from typing import Any

from django.db import migrations, models


def fill_first_value(apps: Any, schema_editor: Any) -> None:
    Reconciliation = apps.get_model("moderation", "Reconciliation")
    SecondAnswer = apps.get_model("moderation", "SecondAnswer")
    for settled in Reconciliation.objects.all():
        second = (
            SecondAnswer.objects.filter(
                double_assessment_id=settled.double_assessment_id,
                question_id=settled.question_id,
            )
            .values_list("value", flat=True)
            .first()
        )
        if second in ("yes", "no"):
            settled.first_value = "no" if second == "yes" else "yes"
            settled.save(update_fields=["first_value"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_order_by_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="reconciliation",
            name="first_value",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.RunPython(fill_first_value, migrations.RunPython.noop),
    ]
