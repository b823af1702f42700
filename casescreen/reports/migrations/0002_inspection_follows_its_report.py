"""Bring every inspection to its report's stage.

Before this, a report could be moved through its stages while its inspection stayed
in fieldwork, so a published report's cases were never frozen nor purged. From now on
the two move together (``reports.services``); this brings existing records in line,
each change recorded as a transition of the inspection.
"""

from django.db import migrations

STAGE = {
    "draft": "drafting",
    "quality_assurance": "quality_assurance",
    "factual_accuracy": "factual_accuracy",
    "published": "published",
}
REASON = "Brought in line with the stage of its report."


def align(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    Transition = apps.get_model("inspections", "InspectionTransition")
    for report in Report.objects.select_related("inspection"):
        inspection = report.inspection
        wanted = STAGE[report.status]
        if inspection.status == wanted or (wanted == "published" and inspection.status == "closed"):
            continue
        if wanted == "published" and inspection.published_on is None:
            first = report.versions.filter(published=True).order_by("number").first()
            inspection.published_on = first.published_at.date()
        Transition.objects.create(
            inspection=inspection,
            from_status=inspection.status,
            to_status=wanted,
            actor="casescreen",
            reason=REASON,
        )
        inspection.status = wanted
        inspection.save(update_fields=["status", "published_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("inspections", "0002_lifecycle_and_copy_list"),
    ]

    operations = [migrations.RunPython(align, migrations.RunPython.noop)]
