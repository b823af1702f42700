"""Loaded as a pytest plugin before Django starts: the suite runs in development mode.

Published report files go to a folder of the run's own, removed at the end, never to
the storage the environment names.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("CASESCREEN_DEV", "true")
os.environ["REPORT_STORAGE"] = "filesystem"
os.environ["REPORT_FILES_DIR"] = tempfile.mkdtemp(prefix="casescreen-report-files-")
atexit.register(shutil.rmtree, os.environ["REPORT_FILES_DIR"], ignore_errors=True)
