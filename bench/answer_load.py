"""Benchmark: answer saves under concurrent load, against /healthz in the same run.

Creates a throw-away PostgreSQL database, migrates it, creates one inspection
with N inspectors and one sampled case each, starts gunicorn (4 workers) on
127.0.0.1, signs every inspector in and has them save answers concurrently for a
bounded time, and call /healthz for the same time. Each client is a process of its
own sending plain ``http.client`` requests, so that no client waits for another's
turn at the interpreter lock and the clients take as little of the machine's CPU as
they can: in use, the browsers are on other machines. The two phases take turns in
rounds (``--rounds``, in alternating order), so that a slower spell of a shared
machine weighs on both alike. /healthz is called by the same signed-in clients, so
besides its ``SELECT 1`` it reads their session and user, as every signed-in
request does. Prints throughput and p50/p95/p99 latency of both, their ratio, the
error count, the CPU per request of gunicorn's workers, their database backends and
the clients, and checks that the database holds exactly the answers the clients were
told were saved. Stops gunicorn and drops the database.

Targets at 20 clients on a 2-core machine: answer save p95 under 50 ms,
throughput at least half of /healthz's, zero errors; the last lines say which
were met.

By default every client sends its next request as soon as the last one is
answered (a closed loop): with more clients than workers, latency is then mostly
queueing (Little's law: latency ~ clients / throughput), so a save p95 under
50 ms with 20 clients needs over 450 saves/s.
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
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from array import array
from dataclasses import dataclass, field
from datetime import date
from http.client import HTTPConnection, HTTPMessage
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INSPECTION = "bench-load-2015"
PASSWORD = "bench-load-password-1234"


@dataclass
class Phase:
    """One client's requests in one phase, over all its rounds."""

    latencies: array[float] = field(default_factory=lambda: array("d"))
    errors: list[str] = field(default_factory=list)
    cpu: float = 0.0  # seconds of the client process's own CPU


@dataclass
class ClientResult:
    save: Phase = field(default_factory=Phase)
    health: Phase = field(default_factory=Phase)
    # question id -> (value, version) the server confirmed last.
    saved: dict[str, tuple[str, int]] = field(default_factory=dict)


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


def _request(
    port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
) -> tuple[int, HTTPMessage, bytes]:
    """One request on a connection of its own, as gunicorn's sync workers close each one.

    ``http.client`` sends a small body in the same packet as the headers, with Nagle's
    algorithm off, as browsers do.
    """
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body.encode() if body else None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def _exchange(port: int, request: bytes) -> tuple[int, bytes]:
    """Send one request as given and return the response's status and body: the loops'
    requests, with half the client CPU of ``http.client`` (0.28 ms a save against 0.5).
    The clients share the server's two cores here, where in use the browsers would be on
    other machines, so that the less they take, the more like its use the measure is.
    gunicorn's sync workers close each connection after the response, so the response
    is all that arrives until then.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1."):
        raise ValueError(f"not an HTTP response: {head[:40]!r}")
    return int(head[9:12]), body


def _cookies(headers: HTTPMessage, jar: SimpleCookie) -> None:
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)


@dataclass
class Client:
    """A signed-in inspector: the cookies and CSRF token its requests carry."""

    index: int
    cookie: str
    csrf_token: str

    @property
    def case(self) -> str:
        return f"BL{self.index:03d}"


def _sign_in(port: int, index: int) -> Client:
    jar: SimpleCookie = SimpleCookie()
    status, headers, _ = _request(port, "GET", "/sign-in/")
    _cookies(headers, jar)
    token = jar["csrftoken"].value
    status, headers, _ = _request(
        port,
        "POST",
        "/sign-in/",
        urlencode(
            {"username": f"bench{index}", "password": PASSWORD, "csrfmiddlewaretoken": token}
        ),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
        },
    )
    if status != 302:
        raise RuntimeError(f"sign-in of bench{index} failed: {status}")
    _cookies(headers, jar)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
    return Client(index, cookie, jar["csrftoken"].value)


@dataclass
class Loop:
    """Where one client's loop stands, kept from one round to the next."""

    client: Client
    questions: list[str]
    port: int
    pause: float
    pauses: random.Random
    versions: dict[str, int] = field(default_factory=dict)
    turn: int = 0

    def wait(self) -> None:
        # Paced clients wait before every request, the first of a round too, so that
        # they do not all send at once when a round begins.
        if self.pause:
            time.sleep(self.pauses.uniform(0, 2 * self.pause))

    def save(self, result: ClientResult) -> None:
        client = self.client
        turn = self.turn
        question = self.questions[turn % len(self.questions)]
        value = ("yes", "no")[(turn // len(self.questions)) % 2]
        self.turn = turn = turn + 1
        body = urlencode(
            {
                "case_reference": client.case,
                "question_id": question,
                "value": value,
                "evidence": f"Evidence {turn}" if value == "no" else "",
                "version": str(self.versions.get(question, 0)),
            }
        )
        request = (
            f"POST /inspections/{INSPECTION}/cases/{client.case}/answers/ HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{self.port}\r\nCookie: {client.cookie}\r\n"
            f"X-CSRFToken: {client.csrf_token}\r\nAccept: application/json\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
        ).encode()
        started = time.perf_counter()
        try:
            status, data = _exchange(self.port, request)
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            result.save.errors.append(repr(exc))
            return
        result.save.latencies.append(time.perf_counter() - started)
        if status != 200:
            result.save.errors.append(f"{status} {data[:120]!r}")
            return
        saved = json.loads(data)
        self.versions[question] = saved["version"]
        result.saved[question] = (saved["value"], saved["version"])

    def health(self, result: ClientResult) -> None:
        request = (
            f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Cookie: {self.client.cookie}\r\nConnection: close\r\n\r\n"
        ).encode()
        started = time.perf_counter()
        try:
            status, _ = _exchange(self.port, request)
        except Exception as exc:  # noqa: BLE001
            result.health.errors.append(repr(exc))
            return
        result.health.latencies.append(time.perf_counter() - started)
        if status != 200:
            result.health.errors.append(str(status))


def _client_process(
    loop: Loop, schedule: list[str], seconds: float, barrier: Any, results: Any
) -> None:
    """Run one client through every round of the schedule, in a process of its own.

    A process each, so that no client waits for another's turn at the interpreter
    lock: what it times is the server's answer.
    """
    result = ClientResult()
    for phase in schedule:
        barrier.wait()
        step = loop.save if phase == "save" else loop.health
        part = result.save if phase == "save" else result.health
        cpu = time.process_time()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            loop.wait()
            if time.perf_counter() >= deadline:
                break
            step(result)
        part.cpu += time.process_time() - cpu
        barrier.wait()
    results.put((loop.client.index, result))


def _warm_up(port: int, client: Client) -> None:
    for _ in range(2):
        path = f"/inspections/{INSPECTION}/cases/{client.case}/"
        status, _, _ = _request(port, "GET", path, "", {"Cookie": client.cookie})
        if status != 200:
            raise RuntimeError(f"case page {client.case}: {status}")


class CpuMeter:
    """CPU seconds used by the server's processes: gunicorn's workers and their database backends."""

    def __init__(self, gunicorn: int, database: str) -> None:
        self.gunicorn = gunicorn
        self.database = database

    def _pids(self) -> dict[str, list[int]]:
        from django.db import connection

        children = Path(f"/proc/{self.gunicorn}/task/{self.gunicorn}/children").read_text()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            backends = [pid for (pid,) in cursor.fetchall()]
        return {"gunicorn": [int(pid) for pid in children.split()], "postgres": backends}

    def read(self) -> dict[str, dict[int, float]]:
        """CPU seconds so far of each process, by group and process id."""
        ticks = os.sysconf("SC_CLK_TCK")
        used: dict[str, dict[int, float]] = {}
        for group, pids in self._pids().items():
            used[group] = {}
            for pid in pids:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue  # a backend that has just ended
                used[group][pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return used

    @staticmethod
    def spent(
        before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]
    ) -> dict[str, float]:
        """CPU seconds each group used between two readings (a process that ended in
        between is not counted; one that started is counted from its start)."""
        return {
            group: sum(now - before.get(group, {}).get(pid, 0.0) for pid, now in pids.items())
            for group, pids in after.items()
        }


def _report(name: str, phases: list[Phase], elapsed: float) -> tuple[float, float]:
    """Print one phase's figures; return its throughput and p95 in seconds."""
    latencies = sorted(x for p in phases for x in p.latencies)
    errors = sum(len(p.errors) for p in phases)
    throughput = len(latencies) / elapsed
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(
        f"{name:12s} {len(latencies):7d} requests  {throughput:8.1f} req/s  "
        f"p50 {cuts[49] * 1000:6.1f} ms  p95 {cuts[94] * 1000:6.1f} ms  "
        f"p99 {cuts[98] * 1000:6.1f} ms  errors {errors}"
    )
    for sample in [e for p in phases for e in p.errors][:5]:
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
        for _ in range(100):
            try:
                if _request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        clients = [_sign_in(port, i) for i in range(args.clients)]
        # A worker's first request loads the views, templates and framework (about a
        # second): open every case page at once, twice, so that no worker is cold.
        warm = [threading.Thread(target=_warm_up, args=(port, c)) for c in clients]
        for thread in warm:
            thread.start()
        for thread in warm:
            thread.join()
        workers = "4 workers" + (f" x {args.threads} threads" if args.threads > 1 else "")
        pacing = f"{args.pause_ms:.0f} ms pause per client" if args.pause_ms else "closed loop"
        print(
            f"{args.clients} clients, {args.seconds:.0f} s per phase in {args.rounds} rounds, "
            f"{pacing}, gunicorn {workers}, PostgreSQL"
        )
        # The phases take turns, a round of each at a time (in alternating order), so that
        # a slower spell of a shared machine weighs on both alike.
        schedule = [
            phase
            for round_ in range(args.rounds)
            for phase in (("save", "health") if round_ % 2 == 0 else ("health", "save"))
        ]
        share = args.seconds / args.rounds
        context = multiprocessing.get_context("fork")
        # A client process that died would leave the others waiting at the barrier for
        # ever: past a phase and a half, waiting breaks it and the run fails.
        barrier = context.Barrier(args.clients + 1, timeout=share * 1.5 + 30)
        queue = context.Queue()
        from django.db import connections

        connections.close_all()  # no client process inherits the database connection
        processes = [
            context.Process(
                target=_client_process,
                args=(
                    Loop(
                        c,
                        plan[f"bench{c.index}"],
                        port,
                        args.pause_ms / 1000,
                        random.Random(c.index),
                    ),
                    schedule,
                    share,
                    barrier,
                    queue,
                ),
            )
            for c in clients
        ]
        for process in processes:
            process.start()
        meter = CpuMeter(server.pid, name)
        spent = {"save": 0.0, "health": 0.0}
        server_cpu: dict[str, dict[str, float]] = {"save": {}, "health": {}}
        before = meter.read()
        for phase in schedule:
            barrier.wait()
            started = time.perf_counter()
            barrier.wait()
            spent[phase] += time.perf_counter() - started
            after = meter.read()  # the clients wait at the barrier meanwhile
            for group, seconds in meter.spent(before, after).items():
                server_cpu[phase][group] = server_cpu[phase].get(group, 0.0) + seconds
            before = after
        gathered = dict(queue.get(timeout=60) for _ in processes)
        for process in processes:
            process.join()
        results = [gathered[i] for i in range(args.clients)]
        save_rate, save_p95 = _report("answer save", [r.save for r in results], spent["save"])
        health_rate, _ = _report("/healthz", [r.health for r in results], spent["health"])
        print(
            f"ratio        answer save throughput / healthz throughput = {save_rate / health_rate:.2f}"
        )
        for phase, label in (("save", "answer save"), ("health", "/healthz")):
            count = sum(len(getattr(r, phase).latencies) for r in results)
            cpu = dict(server_cpu[phase], clients=sum(getattr(r, phase).cpu for r in results))
            print(
                f"cpu          {label}: ms per request "
                + ", ".join(
                    f"{group} {seconds / count * 1000:.2f}" for group, seconds in cpu.items()
                )
            )
        consistent = _verify(results)
        errors = sum(len(r.save.errors) + len(r.health.errors) for r in results)
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
