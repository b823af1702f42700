"""The dependency check fails only on known vulnerabilities that have a fixed release."""

from __future__ import annotations

import json
from pathlib import Path

from casescreen.lib.pip_audit import main


def _report(tmp_path: Path, fix_versions: list[str]) -> str:
    path = tmp_path / "audit.json"
    vuln = {"id": "PYSEC-0000-1", "fix_versions": fix_versions, "aliases": []}
    path.write_text(
        json.dumps(
            {
                "dependencies": [
                    {"name": "example", "version": "1.0", "vulns": [vuln]},
                    {"name": "ok", "version": "2.0", "vulns": []},
                ]
            }
        )
    )
    return str(path)


def test_a_vulnerability_with_a_fix_fails_the_check(tmp_path: Path) -> None:
    assert main(["pip_audit", _report(tmp_path, ["1.0.1"])]) == 1


def test_a_vulnerability_without_a_fix_is_listed_but_passes(tmp_path: Path) -> None:
    assert main(["pip_audit", _report(tmp_path, [])]) == 0
