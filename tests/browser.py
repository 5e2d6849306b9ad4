"""A real headless Chromium for end-to-end tests: Debian's package (and a Chinese font), installed here when missing
(the machine's registries include Debian's; Playwright's own browser download does not work
offline), driven by Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

CHROMIUM_FLAGS = [  # Chromium's background connections fail on a closed network, many at a time
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


PACKAGES = ("chromium", "fonts-wqy-microhei")  # the browser, and a font for the page's Chinese in screenshots


def _missing() -> list[str]:
    missing = [] if shutil.which("chromium") else ["chromium"]
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True) if shutil.which("fc-list") else None
    if fonts is None or not fonts.stdout.strip():
        missing.append("fonts-wqy-microhei")
    return missing


def ensure_chromium() -> str:
    """The path of Debian's chromium, installing it and a Chinese font (as root, or with sudo) if needed."""
    missing = _missing()
    if missing:
        prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
        if prefix and shutil.which("sudo") is None:
            pytest.fail(f"the end-to-end tests need Debian's {' and '.join(missing)}: apt-get install them as root")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]):
            done = subprocess.run([*prefix, *command], env=env, capture_output=True, text=True, timeout=1200)
            if done.returncode != 0:
                pytest.fail(f"installing {' '.join(missing)} failed ({' '.join(command)}): {done.stderr[-2000:]}")
    found = shutil.which("chromium")
    assert found, "apt-get installed chromium but it is not on PATH"
    return found
