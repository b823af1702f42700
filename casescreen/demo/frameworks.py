"""The framework versions the demo's inspections pin, read from ``demo.yaml``."""

from __future__ import annotations

from pathlib import Path

from casescreen.frameworks.loader import yaml_data


def demo_framework(name: str) -> tuple[str, str]:
    """The (id, version) that ``demo.yaml`` gives under ``name``."""
    keys = yaml_data(Path(__file__).with_name("demo.yaml").read_bytes())
    framework_id, _, version = str(keys[name]).partition("@")
    return framework_id, version
