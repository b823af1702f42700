"""Security headers on every page, and production settings that pass Django's deploy check."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.parametrize("url", ["/sign-in/", "/", "/healthz"])
def test_pages_carry_the_security_headers(client: Any, db: Any, url: str) -> None:
    response = client.get(url)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_signed_in_pages_have_no_inline_script_or_style(as_user: Any, demo: Any) -> None:
    from casescreen.accounts.models import User

    client = as_user(User.objects.get(username="lead"))
    for url in (
        "/",
        f"/inspections/{demo.reference}/",
        f"/inspections/{demo.reference}/lifecycle/",
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "CASESCREEN_DEV",
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        {
            "SECRET_KEY": "p" * 20 + "roduction-secret-key-for-the-check",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            **extra,
        }
    )
    return env


def test_production_settings_pass_the_deploy_check_with_no_warnings() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "casescreen", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_use_https_hsts_and_secure_cookies() -> None:
    script = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**_production_env(), "DJANGO_SETTINGS_MODULE": "casescreen.settings"},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr


def test_no_secret_is_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    pattern = re.compile(
        r"(-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}|"
        r"(?i:secret_key|password)\s*=\s*['\"][^'\"\s]{16,}['\"])"
    )
    allowed = {"casescreen/settings.py"}  # holds the named, refused-in-production dev key
    offenders = []
    for name in tracked:
        path = ROOT / name
        if (
            name in allowed
            or not path.is_file()
            or path.suffix
            not in {
                ".py",
                ".txt",
                ".md",
                ".toml",
                ".yaml",
                ".yml",
                ".json",
                ".cfg",
                ".ini",
                ".env",
                "",
            }
        ):
            continue
        # Tests and benchmarks create throw-away users in throw-away databases.
        if name.startswith(("tests/", "bench/")):
            continue
        text = path.read_text(errors="ignore")
        if pattern.search(text):
            offenders.append(name)
    assert offenders == []
    assert not any(Path(n).name in {".env", "id_rsa", "demo-password"} for n in tracked)


PRIVATE_PAGES = [
    "/",
    "/inspections/{ref}/",
    "/inspections/{ref}/cases/{case}/",
    "/inspections/{ref}/cases/{case}/check/",
    "/inspections/{ref}/findings/",
    "/inspections/{ref}/report/",
    "/inspections/{ref}/report/versions/",
    "/inspections/{ref}/report/versions/1.html",
    "/inspections/{ref}/report/versions/1.pdf",
    "/inspections/{ref}/report/versions/1.docx",
    "/inspections/{ref}/import/export.csv",
    "/inspections/{ref}/sample/",
    "/inspections/{ref}/sample/chart.svg",
    "/inspections/{ref}/no-such-page/",
]


@pytest.mark.parametrize("template", PRIVATE_PAGES)
def test_signed_in_pages_and_downloads_are_never_stored(
    as_user: Any, demo: Any, template: str
) -> None:
    """A shared computer's browser cache or a proxy must not keep a child's records."""
    from casescreen.accounts.models import User
    from casescreen.cases.models import Case
    from casescreen.reports.services import report_create

    lead = User.objects.get(username="lead")
    report_create(inspection=demo, user=lead)
    case = Case.objects.filter(inspection=demo, sample_status="sampled").first()
    assert case is not None
    url = template.format(ref=demo.reference, case=case.reference)

    response = as_user(lead).get(url)

    assert response.status_code == (404 if "no-such" in url else 200), url
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("page", ["announcement-letter/", "announcement-letter.pdf"])
def test_announcement_letters_are_never_stored(
    as_user: Any, inspection: Any, lead_inspector: Any, page: str
) -> None:
    inspection.status = "planned"
    inspection.save()
    client = as_user(lead_inspector)
    announced = client.post(
        f"/inspections/{inspection.reference}/announce/", {"day": 15, "month": 5, "year": 2015}
    )
    assert announced.status_code == 302

    response = client.get(f"/inspections/{inspection.reference}/{page}")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_may_be_cached(as_user: Any, demo: Any) -> None:
    from casescreen.accounts.models import User

    client = as_user(User.objects.get(username="lead"))
    response = client.get("/static/vendor/casescreen.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
