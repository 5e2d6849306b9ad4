"""How long the explorer's views take in a real headless Chromium on a generated graph.

    .venv/bin/python bench/explorer_bench.py --units 20000

Seeds a fresh embedded store, starts `lianjian serve`, and times each view from the click to the
drawn answer (median of --rounds), with the size of what was drawn. Needs Debian's chromium
(the end-to-end tests install it).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.api_bench import free_port, lianjian  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def timed(rounds: int, action: Callable[[], Any]) -> tuple[float, Any]:
    timings, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    opts = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="lianjian-explorerbench-"))
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(work / "db.lbug")}
    port = free_port()
    server = None
    try:
        lianjian("generate", str(work / "csv"), "--units", str(opts.units), env=env)
        lianjian("seed", str(work / "csv"), env=env)
        with open(work / "csv" / "areas.csv", encoding="utf-8", newline="") as f:
            top_area = next(row for row in csv.DictReader(f) if not row["parent_id"])
        server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--no-demo", "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(url + "/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready=true]")
            print(f"{opts.units} units; page ready in {(time.perf_counter() - started) * 1000:.0f} ms")
            print(f"{'view':44s} {'median ms':>10s}  drawn")

            def search() -> int:
                page.fill("#search", "第1单位")
                page.click("#search-form button")
                page.wait_for_selector("#search-results li[data-id]")
                return page.locator("#search-results li[data-id]").count()

            ms, found = timed(opts.rounds, search)
            print(f"{'search 第1单位 (units and alliances)':44s} {ms:10.0f}  {found} results")
            for depth, limit in (("1", "300"), ("2", "300"), ("3", "1000")):
                def network() -> str:
                    page.select_option("#depth", depth)
                    page.select_option("#limit", limit)
                    page.evaluate("document.querySelector('#network-status').dataset.nodes = '0'")
                    page.locator("#search-results li[data-kind=unit]").first.click()
                    page.wait_for_function("document.querySelector('#network-status').dataset.nodes !== '0'")
                    status = page.locator("#network-status")
                    return f"{status.get_attribute('data-nodes')} nodes, truncated={status.get_attribute('data-truncated')}"

                ms, drawn = timed(opts.rounds, network)
                print(f"{f'network depth {depth}, limit {limit}':44s} {ms:10.0f}  {drawn}")
            page.click("#tabs button[data-view=coverage]")
            box = page.locator("[data-picker=area]")
            box.locator("input").fill(top_area["name"])
            box.locator("button").click()
            box.locator(f"li[data-id='{top_area['id']}']").click()
            page.fill("#domain", "医疗")

            def coverage() -> str:
                page.evaluate("document.querySelector('#gap-count').removeAttribute('data-count')")
                page.click("#show-coverage")
                page.wait_for_selector("#gap-count[data-count]")
                return f"{page.locator('#area-tree li').count()} areas in the tree, {page.locator('#gap-count').get_attribute('data-count')} gaps"

            ms, drawn = timed(opts.rounds, coverage)
            print(f"{'coverage of the top area, 医疗':44s} {ms:10.0f}  {drawn}")

            def lists() -> str:
                page.click("#tabs button[data-view=network]")
                page.evaluate("document.querySelector('#connectors').innerHTML = ''")
                page.click("#tabs button[data-view=lists]")
                page.wait_for_selector("#connectors li[data-id]")
                return page.locator("#isolated-count").inner_text()

            ms, drawn = timed(opts.rounds, lists)
            print(f"{'isolated units and top connectors':44s} {ms:10.0f}  {drawn} isolated")
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
