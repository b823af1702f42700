"""Benchmark: answer saves under concurrent load, against /healthz in the same run.

Creates a throw-away PostgreSQL database, migrates it, creates one inspection
with N inspectors and one sampled case each, starts gunicorn (4 workers) on
127.0.0.1, signs every inspector in with httpx and has them save answers
concurrently for a bounded time, and call /healthz for the same time. The two
phases take turns in rounds (``--rounds``, in alternating order), so that a slower
spell of a shared machine weighs on both alike. /healthz is called by the same
signed-in clients, so besides its ``SELECT 1`` it reads their session and user,
as every signed-in request does. Prints throughput and p50/p95/p99 latency of
both, their ratio, the error count, and checks that the database holds exactly
the answers the clients were told were saved. Stops gunicorn and drops the database.

Targets at 20 clients on a 2-core machine: answer save p95 under 50 ms,
throughput at least half of /healthz's, zero errors; the last lines say which
were met.

By default every client sends its next request as soon as the last one is
answered (a closed loop): with more clients than workers, latency is then mostly
queueing (Little's law: latency ~ clients / throughput), so a save p95 under
50 ms with 20 clients needs over 400 saves/s, about two thirds of what
/healthz serves on this machine.
``--pause-ms`` makes each client wait between requests, like an inspector saving
once every so often, for latency under a realistic load: a random wait, uniform
between none and twice the figure (seeded per client), so that the clients do not
all send at the same moment.
``--threads N`` (N > 1) runs gunicorn's gthread workers with N threads each.

    CASESCREEN_DEV=true .venv/bin/python bench/answer_load.py \\
        [--clients 20] [--seconds 30] [--rounds 6] [--pause-ms 0] [--threads 1] \\
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INSPECTION = "bench-load-2015"
PASSWORD = "bench-load-password-1234"


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # question id -> (value, version) the server confirmed last.
    saved: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Where the client's loop stands, kept from one round to the next.
    versions: dict[str, int] = field(default_factory=dict)
    turn: int = 0
    pauses: random.Random = field(default_factory=random.Random)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_urls(admin_url: str) -> tuple[str, str]:
    name = f"casescreen_bench_{os.getpid()}"
    parts = urlsplit(admin_url)
    return name, urlunsplit(parts._replace(path="/" + name))


def _admin(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def _prepare(clients: int) -> dict[str, list[str]]:
    """Migrate and create the inspection, its inspectors and their cases."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from casescreen.accounts.models import User
    from casescreen.assessments.models import Assessment
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection, TeamMembership, Yot

    call_command("migrate", verbosity=0)
    yot = Yot.objects.create(name="Bench YOT", local_authority="Bench", nation="england")
    inspection = Inspection.objects.create(
        yot=yot,
        reference=INSPECTION,
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2015, 6, 1),
        fieldwork_end=date(2015, 6, 3),
    )
    framework = inspection.framework()
    hashed = make_password(PASSWORD)
    plan: dict[str, list[str]] = {}
    for i in range(clients):
        user = User.objects.create(username=f"bench{i}", password=hashed)
        TeamMembership.objects.create(
            inspection=inspection, user=user, role="lead" if i == 0 else "inspector"
        )
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
        plan[user.username] = sorted(framework.applicable_questions(case.facts()))
    return plan


def _sign_in(base: str, username: str) -> Any:
    import httpx

    # Browsers send a request without waiting on Nagle's algorithm; without TCP_NODELAY
    # a POST's body, written after its headers, can wait 40 ms for the server's delayed ACK.
    transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    client = httpx.Client(base_url=base, timeout=10, transport=transport)
    client.get("/sign-in/")
    response = client.post(
        "/sign-in/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of {username} failed: {response.status_code}")
    return client


def _save_loop(
    client: Any,
    index: int,
    questions: list[str],
    deadline: float,
    result: ClientResult,
    pause: float,
) -> None:
    url = f"/inspections/{INSPECTION}/cases/BL{index:03d}/answers/"
    versions = result.versions
    while time.perf_counter() < deadline:
        # Paced clients wait before every request, the first of a round too, so that
        # they do not all send at once when a round begins.
        if pause:
            time.sleep(result.pauses.uniform(0, 2 * pause))
            if time.perf_counter() >= deadline:
                break
        turn = result.turn
        question = questions[turn % len(questions)]
        value = ("yes", "no")[(turn // len(questions)) % 2]
        result.turn = turn = turn + 1
        data = {
            "case_reference": f"BL{index:03d}",
            "question_id": question,
            "value": value,
            "evidence": f"Evidence {turn}" if value == "no" else "",
            "version": str(versions.get(question, 0)),
        }
        headers = {"X-CSRFToken": client.cookies["csrftoken"], "Accept": "application/json"}
        started = time.perf_counter()
        try:
            response = client.post(url, data=data, headers=headers)
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            result.errors.append(repr(exc))
            continue
        result.latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            result.errors.append(f"{response.status_code} {response.text[:120]}")
            continue
        body = response.json()
        versions[question] = body["version"]
        result.saved[question] = (body["value"], body["version"])


def _health_loop(
    client: Any, index: int, deadline: float, result: ClientResult, pause: float
) -> None:
    while time.perf_counter() < deadline:
        # Paced clients wait before every request, the first of a round too, so that
        # they do not all send at once when a round begins.
        if pause:
            time.sleep(result.pauses.uniform(0, 2 * pause))
            if time.perf_counter() >= deadline:
                break
        started = time.perf_counter()
        try:
            response = client.get("/healthz")
        except Exception as exc:  # noqa: BLE001
            result.errors.append(repr(exc))
            continue
        result.latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            result.errors.append(str(response.status_code))


def _warm_up(client: Any, index: int) -> None:
    for _ in range(2):
        response = client.get(f"/inspections/{INSPECTION}/cases/BL{index:03d}/")
        if response.status_code != 200:
            raise RuntimeError(f"case page BL{index:03d}: {response.status_code}")


def _run(workers: list[threading.Thread]) -> float:
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


def _report(name: str, results: list[ClientResult], elapsed: float) -> tuple[float, float]:
    """Print one phase's figures; return its throughput and p95 in seconds."""
    latencies = sorted(x for r in results for x in r.latencies)
    errors = sum(len(r.errors) for r in results)
    throughput = len(latencies) / elapsed
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(
        f"{name:12s} {len(latencies):7d} requests  {throughput:8.1f} req/s  "
        f"p50 {cuts[49] * 1000:6.1f} ms  p95 {cuts[94] * 1000:6.1f} ms  "
        f"p99 {cuts[98] * 1000:6.1f} ms  errors {errors}"
    )
    for sample in [e for r in results for e in r.errors][:5]:
        print(f"  error: {sample}")
    return throughput, cuts[94]


def _verify(results: list[ClientResult]) -> bool:
    from casescreen.assessments.models import Answer

    expected = {
        (f"BL{i:03d}", question): saved
        for i, result in enumerate(results)
        for question, saved in result.saved.items()
    }
    stored = {
        (case_ref, question): (value, version)
        for case_ref, question, value, version in Answer.objects.filter(
            assessment__case__inspection__reference=INSPECTION
        ).values_list("assessment__case__reference", "question_id", "value", "version")
    }
    same = stored == expected
    print(
        f"database check: {len(stored)} answers stored, {len(expected)} reported saved by "
        f"the clients: {'identical' if same else 'DIFFERENT'}"
    )
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--pause-ms", type=float, default=0.0, help="wait between a client's requests"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=6,
        help="the phases take turns in this many rounds each",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (gthread if > 1)"
    )
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()

    name, url = _database_urls(args.admin_url)
    os.environ.update(
        DATABASE_URL=url,
        CASESCREEN_DEV="true",
        DJANGO_SETTINGS_MODULE="casescreen.settings",
        SESSION_IDLE_SECONDS="3600",
    )
    _admin(args.admin_url, f'CREATE DATABASE "{name}"')
    server = None
    ok = False
    try:
        plan = _prepare(args.clients)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "casescreen.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                *(
                    ["--worker-class", "gthread", "--threads", str(args.threads)]
                    if args.threads > 1
                    else []
                ),
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        import httpx

        for _ in range(100):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        clients = [_sign_in(base, f"bench{i}") for i in range(args.clients)]
        # A worker's first request loads the views, templates and framework (about a
        # second): open every case page at once, twice, so that no worker is cold.
        _run([threading.Thread(target=_warm_up, args=(c, i)) for i, c in enumerate(clients)])
        workers = "4 workers" + (f" x {args.threads} threads" if args.threads > 1 else "")
        pacing = f"{args.pause_ms:.0f} ms pause per client" if args.pause_ms else "closed loop"
        print(
            f"{args.clients} clients, {args.seconds:.0f} s per phase in {args.rounds} rounds, {pacing}, "
            f"gunicorn {workers}, PostgreSQL"
        )
        pause = args.pause_ms / 1000

        saves = [ClientResult(pauses=random.Random(i)) for i in range(len(clients))]
        health = [ClientResult(pauses=random.Random(-1 - i)) for i in range(len(clients))]
        # The phases take turns, a round of each at a time (in alternating order), so that
        # a slower spell of a shared machine weighs on both alike.
        spent = {"save": 0.0, "health": 0.0}
        share = args.seconds / args.rounds
        for round_ in range(args.rounds):
            for phase in ("save", "health") if round_ % 2 == 0 else ("health", "save"):
                deadline = time.perf_counter() + share
                spent[phase] += _run(
                    [
                        threading.Thread(
                            target=_save_loop,
                            args=(c, i, plan[f"bench{i}"], deadline, saves[i], pause),
                        )
                        if phase == "save"
                        else threading.Thread(
                            target=_health_loop, args=(c, i, deadline, health[i], pause)
                        )
                        for i, c in enumerate(clients)
                    ]
                )
        save_rate, save_p95 = _report("answer save", saves, spent["save"])
        health_rate, _ = _report("/healthz", health, spent["health"])
        print(
            f"ratio        answer save throughput / healthz throughput = {save_rate / health_rate:.2f}"
        )
        consistent = _verify(saves)
        errors = sum(len(r.errors) for r in saves + health)
        for target, met in (
            (f"answer save p95 under 50 ms ({save_p95 * 1000:.1f} ms)", save_p95 < 0.050),
            (
                f"throughput at least half of /healthz's ({save_rate / health_rate:.2f})",
                save_rate >= health_rate / 2,
            ),
            (f"zero errors ({errors})", errors == 0),
            ("database holds exactly the answers reported saved", consistent),
        ):
            print(f"target       {'met    ' if met else 'NOT MET'}  {target}")
        ok = consistent and errors == 0
        for client in clients:
            client.close()
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        _admin(args.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
