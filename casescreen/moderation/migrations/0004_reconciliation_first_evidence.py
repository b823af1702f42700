"""Keep the first assessor's evidence on each reconciliation, which may write over it.

Existing rows stay empty: where the answer that counts is the first assessor's, its
evidence is still on the answer (``moderation.selectors.comparisons`` reads it there);
where it is the second's, the first's evidence is in the audit trail only.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_reconciliation_first_value"),
    ]

    operations = [
        migrations.AddField(
            model_name="reconciliation",
            name="first_evidence",
            field=models.TextField(blank=True, default=""),
        ),
    ]
