"""Once created a PostgreSQL function for the answer save; the save is now the ORM's, the
same on every database, and migration 0005 drops the function where this one created it.
Kept, empty, so that databases migrated before keep their history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_facts_confirmed"),
        ("audit", "0001_initial"),
        ("inspections", "0002_lifecycle_and_copy_list"),
    ]

    operations = []
