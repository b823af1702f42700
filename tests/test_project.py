"""The project's setup: health check, sign-in everywhere, settings that refuse to run unsafely."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from django.urls import reverse


def test_healthz_answers_without_sign_in_and_checks_the_database(client: Any, db: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("url", ["/", "/inspections/anything/", "/inspections/x/cases/y/"])
def test_pages_require_sign_in(client: Any, db: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_in_page_is_open(client: Any, db: Any) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_signing_in_with_the_demo_lead_shows_the_redbridge_inspection(
    client: Any, demo: Any
) -> None:
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "lead", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert b"redbridge-2015-02" in home.content
    page = client.get(f"/inspections/{demo.reference}/")
    # The sampled cases' pages (the lead's second assessments are linked too).
    assert (
        len(re.findall(rb'href="/inspections/redbridge-2015-02/cases/[^/"]+/"', page.content)) == 33
    )


def _settings_import(
    env: dict[str, str], code: str = "import casescreen.settings"
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, with the settings' own variables only as given."""
    ours = {
        "CASESCREEN_DEV",
        "DEBUG",
        "SECRET_KEY",
        "DATABASE_PREPARED_STATEMENTS",
        "TRUSTED_PROXY_COUNT",
        "REDIS_URL",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_mode_refuses_to_start_without_a_secret_key() -> None:
    result = _settings_import({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


STRONG_KEY = "q3Vx9-LmT2rW8yZpA6nB4cD1eF7gH0jK5sU_oIiE3wR9tY2uP8aS"


@pytest.mark.parametrize(
    "key",
    [
        "short",
        "x" * 50,  # long, but one character
        "abcd" * 20,  # four different characters
        "django-insecure-" + STRONG_KEY,  # what startproject writes
        "changeme-" + STRONG_KEY,
        STRONG_KEY + "-CHANGE_ME",
        STRONG_KEY[:49],
    ],
)
def test_production_mode_refuses_a_weak_secret_key(key: str) -> None:
    result = _settings_import({"SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is weak" in result.stderr
    assert "at least 50 characters" in result.stderr


def test_production_mode_starts_with_a_real_secret_key() -> None:
    result = _settings_import({"SECRET_KEY": STRONG_KEY, "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode == 0, result.stderr


def test_development_mode_refuses_a_weak_secret_key_too() -> None:
    result = _settings_import({"SECRET_KEY": "x" * 60, "CASESCREEN_DEV": "true"})
    assert "SECRET_KEY is weak" in result.stderr


@pytest.mark.parametrize("value", ["two", "-1", "1.5"])
def test_a_bad_trusted_proxy_count_is_refused(value: str) -> None:
    result = _settings_import({"CASESCREEN_DEV": "true", "TRUSTED_PROXY_COUNT": value})
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_development_mode_starts_with_the_built_in_key() -> None:
    assert _settings_import({"CASESCREEN_DEV": "true"}).returncode == 0


def test_production_mode_refuses_to_start_without_a_shared_cache() -> None:
    """Sessions are cached: in one process's memory, a session signed out in one worker
    would stay valid in the others."""
    result = _settings_import({"SECRET_KEY": STRONG_KEY})
    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"CASESCREEN_DEV": "true"}, "django.core.cache.backends.locmem.LocMemCache"),
        (
            {"CASESCREEN_DEV": "true", "REDIS_URL": "redis://127.0.0.1:6379/0"},
            "django.core.cache.backends.redis.RedisCache",
        ),
    ],
)
def test_the_cache_is_redis_when_redis_url_is_set(env: dict[str, str], backend: str) -> None:
    code = "import casescreen.settings as s; print(s.CACHES['default']['BACKEND'])"
    result = _settings_import(env, code)
    assert result.stdout.strip() == backend, result.stderr


def test_the_console_script_is_manage_py() -> None:
    script = os.path.join(os.path.dirname(sys.executable), "casescreen")
    result = subprocess.run(
        [script, "help", "load_demo"],
        env={**os.environ, "CASESCREEN_DEV": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Redbridge" in result.stdout


def test_the_console_script_stops_quietly_when_its_reader_goes_away() -> None:
    """``casescreen findings REF | head``: no traceback when head has read enough."""
    script = os.path.join(os.path.dirname(sys.executable), "casescreen")
    lines = "for i in range(200_000): print(i)"  # far more than a pipe holds
    process = subprocess.Popen(
        [script, "shell", "--verbosity", "0", "-c", lines],
        env={**os.environ, "CASESCREEN_DEV": "true"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"0\n"
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr
    assert stderr == ""


def _database_options(env: dict[str, str]) -> dict[str, Any]:
    result = _settings_import(
        {"CASESCREEN_DEV": "true", **env},
        "import json, casescreen.settings as s;"
        " print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))",
    )
    assert result.returncode == 0, result.stderr
    options: dict[str, Any] = json.loads(result.stdout)
    return options


def test_postgresql_prepares_repeated_statements_unless_told_not_to() -> None:
    url = "postgres://casescreen@db.internal:5432/casescreen"
    assert _database_options({"DATABASE_URL": url}) == {
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
    off = _database_options({"DATABASE_URL": url, "DATABASE_PREPARED_STATEMENTS": "false"})
    assert off["prepare_threshold"] is None
    # Options given in the URL are kept, and win.
    given = _database_options({"DATABASE_URL": url + "?sslmode=require&prepare_threshold=2"})
    assert given["sslmode"] == "require"
    assert given["prepare_threshold"] == 2


def test_a_statement_is_prepared_once_it_has_run_five_times_on_postgresql(db: Any) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    statement = "SELECT count(*) FROM accounts_user WHERE id > %s"

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    with connection.cursor() as cursor:
        for i in range(5):
            cursor.execute(statement, [i])
        assert "SELECT count(*) FROM accounts_user WHERE id > $1" not in prepared()
        cursor.execute(statement, [5])
    assert "SELECT count(*) FROM accounts_user WHERE id > $1" in prepared()


def _wsgi_get(path: str, cookie: str = "") -> tuple[str, bytes]:
    """A request through the WSGI handler gunicorn calls.

    The test client leaves out the connection housekeeping that starts and ends each
    real request (``close_old_connections``), which is what the health check hangs on.
    """
    from wsgiref.util import setup_testing_defaults

    from django.core.handlers.wsgi import WSGIHandler

    environ: dict[str, Any] = {"PATH_INFO": path, "HTTP_HOST": "testserver"}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    setup_testing_defaults(environ)
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        statuses.append(status)
        return lambda data: None

    response = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        response.close()
    return statuses[0], body


def test_a_lost_database_connection_costs_no_request(transactional_db: Any, make_user: Any) -> None:
    from django.db import connection, connections
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server connection to lose; this runs in the PostgreSQL pass")
    signed_in = Client()
    signed_in.force_login(make_user("worker-user"))
    cookie = f"sessionid={signed_in.cookies['sessionid'].value}"
    assert _wsgi_get("/healthz")[0].startswith("200")

    for path in ["/healthz", "/"]:
        # What a PostgreSQL restart does to every worker's open connection.
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            other.close()

        status, body = _wsgi_get(path, cookie)
        assert status.startswith("200"), (path, status, body[:300])
        assert connection.connection.info.backend_pid != pid
