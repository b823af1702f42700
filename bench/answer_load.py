"""Benchmark: fieldwork load on gunicorn and PostgreSQL, as inspectors' browsers make it.

Creates a throw-away PostgreSQL database, migrates it, creates inspections of ten
inspectors each with one sampled case per inspector, signs every inspector in, and
starts gunicorn on 127.0.0.1 with the sessions in Redis, as in production: one sync worker
per core (``--workers``), as the README advises for production.

By default (fieldwork) 200 signed-in inspectors work for 60 s, each pausing a random
0 to 3 s between actions (seeded per inspector), each action being what their browser
does: open the case page, open a theme page, save the theme's answers one by one as
the page script does, now and then (after one theme in ten) open the findings page,
and move on to the next theme. One team in five is a YOT's staff auditing its own
cases in a self-assessment instead (its YOT manager leading, with an earlier, finished
self-assessment of ten cases behind it): its auditors work as inspectors do, and its
manager also opens the self-assessment's findings and its trend page after one theme in
two. Prints, for each kind of request, throughput and
p50/p95/p99 latency, errors, and the CPU per request of gunicorn's worker, its
PostgreSQL backend (both measured inside the load by ``bench/gunicorn_cpu.py``) and
the client; then checks that the database holds exactly the answers the clients were
told were saved, and the targets: every kind's p95 under 50 ms, no error, the
database exact, at most 6 ms of server CPU (gunicorn and PostgreSQL) per answer save.

``--closed-loop`` measures saturation instead, for information: 20 clients
(``--users``) send their next request as soon as the last is answered, saving answers
and calling ``/healthz`` (which reads the session and user, as every signed-in
request does) in alternating rounds; it prints both throughputs and their ratio.

The clients are threads in a few processes of their own, sending plain HTTP on a
socket, so that they take little of the machine: in use the browsers are elsewhere.

    CASESCREEN_DEV=true .venv/bin/python bench/answer_load.py \\
        [--users 200] [--seconds 60] [--max-pause 3] [--workers CORES] \\
        [--closed-loop [--rounds 6]] \\
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres] \\
        [--redis-url redis://127.0.0.1:6379/1]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from gunicorn_cpu import request_kind  # noqa: E402 - the bench folder, added above

TEAM = 10  # inspectors per inspection
SELF_ASSESSMENT_EVERY = 5  # every fifth team is a YOT's staff on a self-assessment
EARLIER_CASES = 10  # in the YOT's earlier self-assessment, for its trend
KINDS = ("case page", "theme page", "answer save", "findings page", "trend page", "/healthz")


@dataclass
class Inspector:
    """A signed-in inspector and the case they assess."""

    index: int
    inspection: str
    case: str
    cookie: str
    csrf_token: str
    themes: list[tuple[str, list[str]]]  # theme id, its applicable questions
    versions: dict[str, int] = field(default_factory=dict)  # saved before the clients start
    # One of a YOT's staff on its self-assessment: its manager (leading it) or an auditor,
    # who works as inspectors do.
    self_assessment: bool = False
    yot_manager: bool = False

    @property
    def case_url(self) -> str:
        return f"/inspections/{self.inspection}/cases/{self.case}/"


@dataclass
class Tally:
    """One client thread's requests: latencies and client CPU by kind, errors, answers."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # (case, question) -> (value, version) the server confirmed last.
    saved: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        for kind, values in other.latencies.items():
            self.latencies.setdefault(kind, []).extend(values)
        for kind, seconds in other.cpu.items():
            self.cpu[kind] = self.cpu.get(kind, 0.0) + seconds
        self.errors.extend(other.errors)
        self.saved.update(other.saved)


def _database_urls(admin_url: str) -> tuple[str, str]:
    name = f"casescreen_bench_{os.getpid()}"
    return name, urlunsplit(urlsplit(admin_url)._replace(path="/" + name))


def _admin(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def _prepare(users: int) -> list[Inspector]:
    """Migrate; create the inspections, inspectors, cases and signed-in sessions.

    The sessions are made as signing in makes them (Django's own login data, stored in
    the database and the cache): password hashing is not what is measured."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string

    from casescreen.accounts.middleware import RENEWED_AT
    from casescreen.accounts.models import User
    from casescreen.assessments.models import Assessment
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection, TeamMembership, Yot

    call_command("migrate", verbosity=0)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    yot = Yot.objects.create(name="Bench YOT", local_authority="Bench", nation="england")
    inspectors = []
    for i in range(users):
        team = i // TEAM
        own = team % SELF_ASSESSMENT_EVERY == SELF_ASSESSMENT_EVERY - 1
        if i % TEAM == 0:
            team_yot = yot
            if own:
                team_yot = Yot.objects.create(
                    name=f"Bench own YOT {team}", local_authority="Bench", nation="england"
                )
                _earlier_self_assessment(team_yot, team)
            inspection = Inspection.objects.create(
                yot=team_yot,
                kind=Inspection.Kind.SELF_ASSESSMENT if own else Inspection.Kind.INSPECTION,
                reference=f"bench-load-{team:03d}",
                framework_id="sqs",
                framework_version="2015.1",
                status=Inspection.Status.FIELDWORK,
                fieldwork_start=date(2015, 6, 1),
                fieldwork_end=date(2015, 6, 3),
            )
            framework = inspection.framework()
        lead = i % TEAM == 0
        if own:
            user = User.objects.create(
                username=f"bench{i}",
                role=User.Role.YOT_MANAGER if lead else User.Role.YOT_AUDITOR,
                yot=team_yot,
            )
        else:
            user = User.objects.create(username=f"bench{i}")
        role = "lead" if lead else "inspector"
        TeamMembership.objects.create(inspection=inspection, user=user, role=role)
        case = Case.objects.create(
            inspection=inspection,
            reference=f"BL{i:03d}",
            sample_status=Case.SampleStatus.SAMPLED,
            sentence_type="youth_rehabilitation_order",
            psr_prepared=True,
            identifiable_victim=True,
        )
        Assessment.objects.create(
            case=case, inspector=user, framework_id="sqs", framework_version="2015.1"
        )
        applicable = framework.applicable_questions(case.facts())
        themes = [
            (
                theme.id,
                [q.id for q in framework.questions_for_theme(theme.id) if q.id in applicable],
            )
            for theme in framework.themes
        ]
        session = store()
        session.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                RENEWED_AT: int(time.time()),
            }
        )
        session.save()
        token = _get_new_csrf_string()
        inspectors.append(
            Inspector(
                index=i,
                inspection=inspection.reference,
                case=case.reference,
                cookie=f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={token}",
                csrf_token=token,
                themes=[t for t in themes if t[1]],
                self_assessment=own,
                yot_manager=own and lead,
            )
        )
    return inspectors


def _earlier_self_assessment(yot: Any, team: int) -> None:
    """A finished self-assessment of the YOT six months before, its cases assessed, for
    the trend page to compare with."""
    from casescreen.assessments.models import Answer, Assessment
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection

    earlier = Inspection.objects.create(
        yot=yot,
        kind=Inspection.Kind.SELF_ASSESSMENT,
        reference=f"bench-earlier-{team:03d}",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.CLOSED,
        fieldwork_start=date(2014, 12, 1),
        fieldwork_end=date(2014, 12, 1),
    )
    framework = earlier.framework()
    cases = Case.objects.bulk_create(
        Case(
            inspection=earlier,
            reference=f"BE{team:03d}{n:02d}",
            sample_status=Case.SampleStatus.SAMPLED,
            sentence_type="youth_rehabilitation_order",
            psr_prepared=True,
            identifiable_victim=n % 2 == 0,
        )
        for n in range(EARLIER_CASES)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            case=case,
            status=Assessment.Status.COMPLETED,
            framework_id="sqs",
            framework_version="2015.1",
        )
        for case in cases
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_id=question, value=("yes", "no")[n % 3 == 0])
        for n, (case, assessment) in enumerate(zip(cases, assessments, strict=True))
        for question in framework.applicable_questions(case.facts())
    )


def _exchange(port: int, request: bytes) -> tuple[int, bytes]:
    """Send one request as given; return the response's status and body. gunicorn's sync
    workers close each connection after the response, so the response is all that comes."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1."):
        raise ValueError(f"not an HTTP response: {head[:40]!r}")
    return int(head[9:12]), body


class Browser:
    """What one inspector's browser sends, timed and tallied."""

    def __init__(self, inspector: Inspector, port: int, measure: bool = True) -> None:
        self.inspector = inspector
        self.port = port
        self.measure = "X-Bench-Measure: 1\r\n" if measure else ""
        self.versions = dict(inspector.versions)
        self.turn = 0
        self.tally = Tally()

    def _send(self, method: str, path: str, body: str = "") -> bytes | None:
        me = self.inspector
        extra = ""
        if method == "POST":
            extra = (
                f"X-CSRFToken: {me.csrf_token}\r\nAccept: application/json\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n"
            )
        request = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Cookie: {me.cookie}\r\n{self.measure}{extra}Connection: close\r\n\r\n{body}"
        ).encode()
        kind = request_kind(method, path)
        cpu = time.thread_time()
        started = time.perf_counter()
        try:
            status, data = _exchange(self.port, request)
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            self.tally.errors.append(f"{kind}: {exc!r}")
            return None
        self.tally.latencies.setdefault(kind, []).append(time.perf_counter() - started)
        self.tally.cpu[kind] = self.tally.cpu.get(kind, 0.0) + time.thread_time() - cpu
        if status != 200:
            self.tally.errors.append(f"{kind}: {status} {data[:120]!r}")
            return None
        return data

    def case_page(self) -> None:
        self._send("GET", self.inspector.case_url)

    def theme_page(self, theme: str) -> None:
        self._send("GET", f"{self.inspector.case_url}themes/{theme}/")

    def findings_page(self) -> None:
        self._send("GET", f"/inspections/{self.inspector.inspection}/findings/")

    def self_assessment_pages(self) -> None:
        """The YOT manager reads the findings summary and the trend."""
        self._send("GET", f"/self-assessments/{self.inspector.inspection}/findings/")
        self._send("GET", f"/self-assessments/{self.inspector.inspection}/trend/")

    def health(self) -> None:
        self._send("GET", "/healthz")

    def save(self, question: str) -> None:
        me = self.inspector
        self.turn += 1
        value = ("yes", "no")[self.turn % 2]
        body = urlencode(
            {
                "case_reference": me.case,
                "question_id": question,
                "value": value,
                "evidence": f"Evidence {self.turn}" if value == "no" else "",
                "version": str(self.versions.get(question, 0)),
            }
        )
        data = self._send("POST", f"{me.case_url}answers/", body)
        if data is not None:
            saved = json.loads(data)
            self.versions[question] = saved["version"]
            self.tally.saved[(me.case, question)] = (saved["value"], saved["version"])

    def actions(self, rng: random.Random) -> Any:
        """The browser's requests in the order an inspector makes them, for ever."""
        while True:
            yield self.case_page
            for theme, questions in self.inspector.themes:
                yield lambda theme=theme: self.theme_page(theme)
                for question in questions:
                    yield lambda question=question: self.save(question)
                if rng.random() < 0.1:
                    yield self.findings_page
                # The manager leading the audit watches how it is going more often
                # than an inspector reads the findings.
                if self.inspector.yot_manager and rng.random() < 0.5:
                    yield self.self_assessment_pages


def _fieldwork_client(
    group: list[Inspector], port: int, seconds: float, max_pause: float, start: Any, out: Any
) -> None:
    """Run a group of inspectors, a thread each, in a process of its own."""
    browsers = [Browser(inspector, port) for inspector in group]

    def work(browser: Browser) -> None:
        rng = random.Random(browser.inspector.index)
        actions = browser.actions(rng)
        deadline = started + seconds
        while True:
            time.sleep(rng.uniform(0, max_pause))
            if time.perf_counter() >= deadline:
                return
            next(actions)()

    start.wait()
    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Tally()
    for browser in browsers:
        total.add(browser.tally)
    out.put(total)


def _closed_loop_client(
    inspector: Inspector, port: int, schedule: list[str], share: float, barrier: Any, out: Any
) -> None:
    browser = Browser(inspector, port)
    questions = [q for _, qs in inspector.themes for q in qs]
    for phase in schedule:
        barrier.wait()
        deadline = time.perf_counter() + share
        while time.perf_counter() < deadline:
            if phase == "save":
                browser.save(questions[browser.turn % len(questions)])
            else:
                browser.health()
        barrier.wait()
    out.put(browser.tally)


def _server_cpu(folder: str) -> dict[str, tuple[int, float, float]]:
    """Requests, gunicorn and PostgreSQL CPU seconds by kind, over every worker."""
    totals: dict[str, list[float]] = {}
    for path in Path(folder).glob("cpu-*.json"):
        for kind, (count, own, backend) in json.loads(path.read_text()).items():
            into = totals.setdefault(kind, [0, 0.0, 0.0])
            into[0] += count
            into[1] += own
            into[2] += backend
    return {kind: (int(c), g, p) for kind, (c, g, p) in totals.items()}


def _report(tally: Tally, elapsed: dict[str, float], cpu: dict[str, Any]) -> dict[str, float]:
    """Print each kind's figures; return each kind's p95 in seconds."""
    p95s = {}
    print(
        f"{'request':14s} {'count':>6s} {'req/s':>7s} {'p50 ms':>7s} {'p95 ms':>7s} "
        f"{'p99 ms':>7s}   CPU ms per request: gunicorn postgres clients"
    )
    for kind in KINDS:
        latencies = sorted(tally.latencies.get(kind, []))
        if not latencies:
            continue
        cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
        p95s[kind] = cuts[94]
        count, own, backend = cpu.get(kind, (0, 0.0, 0.0))
        per = (lambda s, n: f"{s / n * 1000:8.2f}") if count else (lambda s, n: "       -")
        print(
            f"{kind:14s} {len(latencies):6d} {len(latencies) / elapsed[kind]:7.1f} "
            f"{cuts[49] * 1000:7.1f} {cuts[94] * 1000:7.1f} {cuts[98] * 1000:7.1f}   "
            f"{per(own, count)} {per(backend, count)} "
            f"{tally.cpu.get(kind, 0.0) / len(latencies) * 1000:8.2f}"
        )
    print(f"errors         {len(tally.errors)}")
    for sample in tally.errors[:5]:
        print(f"  error: {sample}")
    return p95s


def _verify(tally: Tally) -> bool:
    from casescreen.assessments.models import Answer

    stored = {
        (case_ref, question): (value, version)
        # The clients' answers, not those of the earlier self-assessments made beforehand.
        for case_ref, question, value, version in Answer.objects.filter(
            assessment__case__inspection__reference__startswith="bench-load-"
        ).values_list("assessment__case__reference", "question_id", "value", "version")
    }
    same = stored == tally.saved
    print(
        f"database check: {len(stored)} answers stored, {len(tally.saved)} reported saved by "
        f"the clients: {'identical' if same else 'DIFFERENT'}"
    )
    return same


def _start_server(folder: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "casescreen.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--config",
            str(ROOT / "bench" / "gunicorn_cpu.py"),
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_CPU_DIR": folder},
    )
    for _ in range(100):
        try:
            if _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")[0] == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.1)
    server.terminate()
    server.wait(timeout=30)
    raise RuntimeError("gunicorn did not start")


def _warm_up(inspectors: list[Inspector], port: int) -> Tally:
    """A worker's first requests load the views, templates and framework (about a second):
    make each kind of request, unmeasured, many at once, so that no worker is cold.
    Returns the answers saved, which the clients then build on."""
    tally = Tally()

    def visit(inspector: Inspector) -> None:
        browser = Browser(inspector, port, measure=False)
        browser.case_page()
        browser.theme_page(inspector.themes[0][0])
        browser.save(inspector.themes[0][1][0])
        browser.findings_page()
        if inspector.yot_manager:
            browser.self_assessment_pages()
        if browser.tally.errors:
            raise RuntimeError(browser.tally.errors[0])
        inspector.versions.update(browser.versions)
        tally.saved.update(browser.tally.saved)

    managers = [i for i in inspectors[40:] if i.yot_manager]
    threads = [threading.Thread(target=visit, args=(i,)) for i in inspectors[:40] + managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def _fieldwork(args: Any, inspectors: list[Inspector], port: int) -> tuple[Tally, dict[str, float]]:
    context = multiprocessing.get_context("fork")
    start = context.Event()
    out = context.Queue()
    groups = [inspectors[i::8] for i in range(8)]  # 8 processes of threads
    processes = [
        context.Process(
            target=_fieldwork_client,
            args=(g, port, args.seconds, args.max_pause, start, out),
        )
        for g in groups
        if g
    ]
    for process in processes:
        process.start()
    time.sleep(1)  # every process started and waiting
    start.set()
    tally = Tally()
    for _ in processes:
        tally.add(out.get(timeout=args.seconds + 120))
    for process in processes:
        process.join()
    return tally, dict.fromkeys(KINDS, args.seconds)


def _closed_loop(
    args: Any, inspectors: list[Inspector], port: int
) -> tuple[Tally, dict[str, float]]:
    # The phases take turns (in alternating order), so that a slower spell of a shared
    # machine weighs on both alike.
    schedule = [
        phase
        for round_ in range(args.rounds)
        for phase in (("save", "health") if round_ % 2 == 0 else ("health", "save"))
    ]
    share = args.seconds / args.rounds
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(inspectors) + 1, timeout=share * 1.5 + 30)
    out = context.Queue()
    processes = [
        context.Process(target=_closed_loop_client, args=(i, port, schedule, share, barrier, out))
        for i in inspectors
    ]
    for process in processes:
        process.start()
    elapsed = {"answer save": 0.0, "/healthz": 0.0}
    for phase in schedule:
        barrier.wait()
        started = time.perf_counter()
        barrier.wait()
        elapsed["answer save" if phase == "save" else "/healthz"] += time.perf_counter() - started
    tally = Tally()
    for _ in processes:
        tally.add(out.get(timeout=60))
    for process in processes:
        process.join()
    return tally, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--closed-loop", action="store_true", help="saturation, for information")
    parser.add_argument("--users", type=int, help="inspectors (200; 20 in the closed loop)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-pause", type=float, default=3.0, help="seconds between actions")
    parser.add_argument("--rounds", type=int, default=6, help="closed loop: rounds of each phase")
    parser.add_argument(
        "--workers",
        type=int,
        default=len(os.sched_getaffinity(0)),  # the cores this process may use
        help="gunicorn workers (the cores)",
    )
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
    )
    args = parser.parse_args()
    users = args.users or (20 if args.closed_loop else 200)

    name, url = _database_urls(args.admin_url)
    os.environ.update(
        DATABASE_URL=url,
        REDIS_URL=args.redis_url,
        CASESCREEN_DEV="true",
        DJANGO_SETTINGS_MODULE="casescreen.settings",
        SESSION_IDLE_SECONDS="3600",
    )
    _admin(args.admin_url, f'CREATE DATABASE "{name}"')
    server = None
    ok = False
    folder = tempfile.mkdtemp(prefix="casescreen-bench-")  # the workers' CPU figures
    try:
        inspectors = _prepare(users)
        server, port = _start_server(folder, args.workers)
        warm = _warm_up(inspectors, port)
        from django.db import connections

        connections.close_all()  # no client process inherits the database connection
        serving = f"gunicorn {args.workers} workers, PostgreSQL, sessions in Redis"
        if args.closed_loop:
            print(
                f"{users} clients, closed loop, {args.seconds:.0f} s per phase in "
                f"{args.rounds} rounds, {serving}"
            )
            tally, elapsed = _closed_loop(args, inspectors, port)
        else:
            staff = sum(1 for i in inspectors if i.self_assessment)
            print(
                f"{users} users ({users - staff} inspectors, {staff} YOT staff on"
                " self-assessments)"
                f" pausing 0-{args.max_pause:g} s between actions, "
                f"{args.seconds:.0f} s, {serving}"
            )
            tally, elapsed = _fieldwork(args, inspectors, port)
        tally.saved = {**warm.saved, **tally.saved}
        server.send_signal(signal.SIGTERM)  # the workers write their CPU figures
        server.wait(timeout=30)
        server = None
        cpu = _server_cpu(folder)
        p95s = _report(tally, elapsed, cpu)
        consistent = _verify(tally)
        count, own, backend = cpu.get("answer save", (0, 0.0, 0.0))
        save_cpu = (own + backend) / count * 1000 if count else float("inf")
        targets = [
            (f"{kind} p95 under 50 ms ({p95 * 1000:.1f} ms)", p95 < 0.050)
            for kind, p95 in p95s.items()
        ]
        if args.closed_loop:
            saves = len(tally.latencies.get("answer save", [])) / elapsed["answer save"]
            health = len(tally.latencies.get("/healthz", [])) / elapsed["/healthz"]
            print(
                f"saturation     answer save {saves:.1f}/s, /healthz {health:.1f}/s, "
                f"ratio {saves / health:.2f} (for information)"
            )
            targets = []
        targets += [
            (f"zero errors ({len(tally.errors)})", not tally.errors),
            ("database holds exactly the answers reported saved", consistent),
            (f"server CPU per answer save at most 6 ms ({save_cpu:.2f} ms)", save_cpu <= 6.0),
        ]
        for target, met in targets:
            print(f"target         {'met    ' if met else 'NOT MET'}  {target}")
        ok = all(met for _, met in targets)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        _admin(args.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
