"""The framework versions the demo's inspections pin, read from ``demo.yaml``."""

from __future__ import annotations

from pathlib import Path

import yaml


def demo_framework(name: str) -> tuple[str, str]:
    """The (id, version) that ``demo.yaml`` gives under ``name``."""
    keys = yaml.safe_load(Path(__file__).with_name("demo.yaml").read_text(encoding="utf-8"))
    framework_id, _, version = str(keys[name]).partition("@")
    return framework_id, version
