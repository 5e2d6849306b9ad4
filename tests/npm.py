"""npm packages the tests need, installed by the tests from the project's lock files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def npm_ci(folder: Path) -> None:
    """`npm ci` in `folder` unless its node_modules already match its package-lock.json."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node and npm are needed here (install Node.js 18+)")
    marker = folder / "node_modules" / ".package-lock.json"
    lock = folder / "package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=folder, check=True, capture_output=True)
