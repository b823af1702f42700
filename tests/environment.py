"""Loaded as a pytest plugin before Django starts: the suite runs in development mode."""

from __future__ import annotations

import os

os.environ.setdefault("CASESCREEN_DEV", "true")
