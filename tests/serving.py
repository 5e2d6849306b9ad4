"""`lianjian` as a subprocess, the way an administrator runs it: CLI commands and a live server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
LIANJIAN = [sys.executable, "-m", "api.cli"]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LIANJIAN, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def cli(*args: str, env: dict[str, str]) -> str:
    """Runs a command that must succeed; its standard output."""
    done = run(*args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(*args: str, env: dict[str, str]) -> Iterator[str]:
    """`lianjian serve ARGS` on a free port until the block ends; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen([*LIANJIAN, "serve", "--port", str(port), *args], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "lianjian serve exited"
            assert time.monotonic() < deadline, "lianjian serve did not come up"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
