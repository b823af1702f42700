"""gunicorn configuration for ``bench/answer_load.py``: CPU per request, by kind of request.

Each worker adds up, for the requests a client marked as measured (``X-Bench-Measure``),
its own CPU time and that of its database backend (PostgreSQL runs one process per
connection, and a sync worker keeps one connection), and writes the sums to
``$BENCH_CPU_DIR/cpu-<pid>.json`` when it exits. Measured inside the mixed load, so
each kind's figure is its own, not a share of the machine's.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

_totals: dict[str, list[float]] = {}  # kind -> [requests, gunicorn s, postgres s]
_started: dict[str, Any] = {}


def request_kind(method: str, path: str) -> str:
    """The kind of request, as the benchmark reports it."""
    if method == "POST" and path.endswith("/answers/"):
        return "answer save"
    if path.endswith("/trend/"):
        return "trend page"
    if "/themes/" in path:
        return "theme page"
    if path.endswith("/findings/"):
        return "findings page"
    if "/cases/" in path:
        return "case page"
    if path == "/healthz":
        return "/healthz"
    return "other"


def _backend() -> tuple[int | None, float]:
    """The worker's database backend and its CPU seconds so far (0 without a connection)."""
    from django.db import connection

    if connection.connection is None:
        return None, 0.0
    pid = connection.connection.info.backend_pid
    try:
        # Nanoseconds on a CPU, exact (the ticks of /proc/PID/stat are 10 ms apart).
        return pid, int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except OSError:
        return None, 0.0


def pre_request(worker: Any, req: Any) -> None:
    if not any(name == "X-BENCH-MEASURE" for name, _ in req.headers):
        _started.clear()
        return
    pid, backend_cpu = _backend()
    _started.update(pid=pid, backend=backend_cpu, own=time.process_time())


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    if not _started:
        return
    own = time.process_time() - _started["own"]
    pid, backend_cpu = _backend()
    # A connection opened by this request is counted from its start.
    backend = backend_cpu - (_started["backend"] if pid == _started["pid"] else 0.0)
    totals = _totals.setdefault(request_kind(req.method, req.path), [0, 0.0, 0.0])
    totals[0] += 1
    totals[1] += own
    totals[2] += backend
    _started.clear()


def worker_exit(server: Any, worker: Any) -> None:
    folder = os.environ.get("BENCH_CPU_DIR")
    if folder:
        Path(folder, f"cpu-{os.getpid()}.json").write_text(json.dumps(_totals))
