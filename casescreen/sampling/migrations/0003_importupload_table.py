"""Uploads keep the table read from the file instead of the file (read once, at upload)."""

from django.db import migrations, models


def read_pending_uploads(apps, schema_editor):
    # A pending upload is read as the upload page now reads it; one that the reading
    # limits refuse is dropped, as it would be refused if uploaded today.
    from casescreen.cases import importing

    ImportUpload = apps.get_model("sampling", "ImportUpload")
    for upload in ImportUpload.objects.all():
        try:
            table = importing.read_table(bytes(upload.content), upload.filename)
        except importing.ImportFileError:
            upload.delete()
            continue
        upload.table = table.to_json()
        upload.save(update_fields=["table"])


class Migration(migrations.Migration):
    dependencies = [
        ("sampling", "0002_sample_redraw_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="importupload",
            name="table",
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(read_pending_uploads, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="importupload", name="content"),
        migrations.AlterField(
            model_name="importupload",
            name="table",
            field=models.JSONField(),
        ),
    ]
