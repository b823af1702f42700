"""Shared fixtures: named personas and a small inspection, plus the Redbridge demo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

os.environ.setdefault("CASESCREEN_DEV", "true")

import pytest  # noqa: E402
from django.test import Client  # noqa: E402

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config: Any) -> None:
    """Tests hash passwords with MD5 for speed: the production hasher takes about half a
    second a user, and the access matrix alone creates hundreds. The sign-in tests still
    go through Django's real password checking.

    WhiteNoise finds a static file when it is asked for (as under ``DEBUG``) instead of
    listing every static file when its middleware starts: each test client starts the
    middleware afresh, and the listing took about 30 ms, a tenth of the suite's time.
    The files served, and their headers, are the same."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(scope="session", autouse=True)
def _empty_postgresql_tables_by_delete() -> Iterator[None]:
    """After each test on a transactional database (the browser tests, the tests of row
    locks) Django empties every table, on PostgreSQL with one ``TRUNCATE`` of them all.
    That gives every table and index new files and drops their pages from the shared
    buffers: about 0.25 s of the server's CPU each time, for tables of a few thousand rows
    at most. ``DELETE`` empties them in about 10 ms, and the foreign keys (every one
    deferrable) are checked at the commit, once nothing is left. SQLite deletes already."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    operations = type(connection.ops)
    truncate = operations.sql_flush

    def sql_flush(
        self: Any, style: Any, tables: Any, *, reset_sequences: bool = False, **options: Any
    ) -> list[str]:
        # Restarting the sequences, or emptying the tables that point at these too
        # (allow_cascade), needs TRUNCATE.
        if reset_sequences or options.get("allow_cascade") or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, **options)
        delete = style.SQL_KEYWORD("DELETE FROM")
        return [
            "SET CONSTRAINTS ALL DEFERRED;",
            *(f"{delete} {style.SQL_FIELD(self.quote_name(table))};" for table in tables),
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Iterator[None]:
    """Each test starts in the default language. The test client runs a view in the test's
    own thread, so a page asked for in Welsh leaves Welsh active there, and a later test
    that calls a service directly would otherwise read its messages in Welsh."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def make_user(db: Any) -> Any:
    from casescreen.accounts.models import User

    def make(username: str, **extra: Any) -> User:
        return User.objects.create_user(username=username, password=PASSWORD, **extra)

    return make


@pytest.fixture
def yot(db: Any) -> Any:
    from casescreen.inspections.models import Yot

    return Yot.objects.create(
        name="Testshire YOT", local_authority="Testshire County Council", nation="england"
    )


@pytest.fixture
def other_yot(db: Any) -> Any:
    from casescreen.inspections.models import Yot

    return Yot.objects.create(name="Elsewhere YOT", local_authority="Elsewhere", nation="wales")


@pytest.fixture
def lead_inspector(make_user: Any) -> Any:
    return make_user("lead-inspector", first_name="Lena", last_name="Lead")


@pytest.fixture
def inspector(make_user: Any) -> Any:
    return make_user("inspector", first_name="Ian", last_name="Inspector")


@pytest.fixture
def outsider(make_user: Any) -> Any:
    return make_user("outsider", first_name="Olly", last_name="Outsider")


@pytest.fixture
def administrator(make_user: Any) -> Any:
    return make_user("administrator", role="administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def viewer(make_user: Any) -> Any:
    return make_user("viewer", role="viewer")


@pytest.fixture
def yot_manager(make_user: Any, yot: Any) -> Any:
    return make_user("yot-manager", role="yot_manager", yot=yot)


@pytest.fixture
def other_yot_manager(make_user: Any, other_yot: Any) -> Any:
    return make_user("other-yot-manager", role="yot_manager", yot=other_yot)


@pytest.fixture
def yot_auditor(make_user: Any, yot: Any) -> Any:
    return make_user("yot-auditor", role="yot_auditor", yot=yot)


@pytest.fixture
def other_yot_auditor(make_user: Any, other_yot: Any) -> Any:
    return make_user("other-yot-auditor", role="yot_auditor", yot=other_yot)


@pytest.fixture
def self_assessment(db: Any, yot: Any, yot_manager: Any, yot_auditor: Any) -> Any:
    """The own YOT's self-assessment, in progress, led by its manager with its auditor."""
    from casescreen.inspections.models import Inspection, TeamMembership

    inspection = Inspection.objects.create(
        yot=yot,
        kind=Inspection.Kind.SELF_ASSESSMENT,
        reference="self-assessment-testshire-2016-01",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2016, 1, 11),
        fieldwork_end=date(2016, 1, 11),
    )
    TeamMembership.objects.create(inspection=inspection, user=yot_manager, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=yot_auditor, role="inspector")
    return inspection


@pytest.fixture
def inspection(db: Any, yot: Any, lead_inspector: Any, inspector: Any) -> Any:
    from casescreen.inspections.models import Inspection, TeamMembership

    inspection = Inspection.objects.create(
        yot=yot,
        reference="testshire-2015-06",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2015, 6, 1),
        fieldwork_end=date(2015, 6, 3),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead_inspector, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")
    return inspection


@pytest.fixture
def make_case(db: Any) -> Any:
    from casescreen.assessments.models import Assessment
    from casescreen.cases.models import Case, CaseIdentity

    def make(inspection: Any, reference: str, *, name: str = "Jamie Test", **facts: Any) -> Case:
        facts.setdefault("sentence_type", "youth_rehabilitation_order")
        facts.setdefault("sample_status", Case.SampleStatus.SAMPLED)
        case = Case.objects.create(inspection=inspection, reference=reference, **facts)
        CaseIdentity.objects.create(case=case, child_name=name, date_of_birth=date(2000, 1, 1))
        Assessment.objects.create(
            case=case,
            framework_id=inspection.framework_id,
            framework_version=inspection.framework_version,
        )
        return case

    return make


@pytest.fixture
def case(inspection: Any, make_case: Any) -> Any:
    return make_case(inspection, "TS1001", psr_prepared=True)


@dataclass
class Table:
    """A table's recorded rows, as the statement that writes them back as they were
    (keys and times included) and the values it takes, ready for the database."""

    model: Any
    sql: str
    values: list[tuple[Any, ...]]


def recorded(model: Any, objects: list[Any]) -> Table:
    from django.db import connection

    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # The model's own table and column names, quoted.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    return Table(
        model,
        sql,
        [
            tuple(f.get_db_prep_save(getattr(o, f.attname), connection) for f in fields)
            for o in objects
        ],
    )


@dataclass
class DemoRows:
    """Every row the migrations wrote (``migrated``, per model) and every row ``load_demo``
    then writes (``rows``)."""

    migrated: dict[Any, Table]
    rows: list[Table]


@pytest.fixture(scope="session")
def demo_rows(django_db_setup: Any, django_db_blocker: Any) -> DemoRows:
    """The demo's rows, read once per test process: loading it takes seconds, and many
    tests start from it."""
    from django.apps import apps
    from django.db import transaction

    from casescreen.demo import data as demo_module

    models = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]
    with django_db_blocker.unblock(), transaction.atomic():
        migrated = {m: list(m._base_manager.all()) for m in models}
        demo_module.load_demo(PASSWORD, publish_report=False)
        rows = [
            (m, list(m._base_manager.exclude(pk__in=[o.pk for o in migrated[m]]))) for m in models
        ]
        transaction.set_rollback(True)
        return DemoRows(
            migrated={m: recorded(m, objects) for m, objects in migrated.items()},
            rows=[recorded(m, objects) for m, objects in rows if objects],
        )


@pytest.fixture
def demo(db: Any, demo_rows: DemoRows) -> Any:
    """The demo, as ``load_demo`` writes it: restored from the rows read once when the
    database holds only what the migrations wrote, else loaded (it then reuses what the
    test made, such as a user of the same name)."""
    from casescreen.demo import data as demo_module
    from casescreen.inspections.models import Inspection

    if not restore_demo(demo_rows):
        demo_module.load_demo(PASSWORD, publish_report=False)
    return Inspection.objects.get(reference=demo_module.REFERENCE)


def restore_demo(demo_rows: DemoRows) -> bool:
    """Write the demo's recorded rows if the database holds only what the migrations
    wrote, and say whether it did.

    A test on a transactional database empties every table when it ends, and Django
    makes only its content types and permissions again: the rows the project's own
    migrations wrote (the national reoffending figures) are then written back first,
    so that a later test in the same process still starts from a fresh database."""
    counts = {m: m._base_manager.count() for m in demo_rows.migrated}
    if not all(counts[m] in (len(t.values), 0) for m, t in demo_rows.migrated.items()):
        return False
    emptied = [t for m, t in demo_rows.migrated.items() if t.values and not counts[m]]
    write_rows([*emptied, *demo_rows.rows])
    return True


def write_rows(tables: list[Table]) -> None:
    """Write recorded rows back; the next key of each table then follows them
    (PostgreSQL)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.executemany(table.sql, table.values)
        models = [table.model for table in tables]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user() -> Any:
    return client_for
