"""Judge a `pip-audit -f json` report: fail only on vulnerabilities that have a fixed release.

Run as `python -m casescreen.lib.pip_audit var/pip-audit.json` (the Makefile's audit target).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def fixable(report: dict[str, object]) -> tuple[list[str], list[str]]:
    """Lines describing vulnerabilities with a fix, and those without one yet."""
    with_fix: list[str] = []
    without: list[str] = []
    dependencies = report.get("dependencies", [])
    assert isinstance(dependencies, list)
    for dependency in dependencies:
        for vuln in dependency.get("vulns", []):
            fixes = vuln.get("fix_versions") or []
            line = f"{dependency['name']} {dependency['version']}: {vuln['id']}"
            if fixes:
                with_fix.append(f"{line} (fixed in {', '.join(fixes)})")
            else:
                without.append(f"{line} (no fixed release yet)")
    return with_fix, without


def main(argv: list[str]) -> int:
    report = json.loads(Path(argv[1]).read_text())
    with_fix, without = fixable(report)
    for line in with_fix + without:
        print(line)
    count = len(report.get("dependencies", []))
    print(
        f"pip-audit: {count} packages checked, {len(with_fix)} vulnerabilities with a fix available"
    )
    return 1 if with_fix else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
