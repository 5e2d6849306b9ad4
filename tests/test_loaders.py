"""The request loaders at province scale: a request cancelled by the time limit while a big batch
is pending must not hold the event loop. Strawberry's own DataLoader spends n²/2 checks on it
(here ~10 s of a frozen server for 30,000 keys; a province's area tree is 40,000, its gaps 150,000)."""

from __future__ import annotations

import asyncio
import time

from api.context import Loader

KEYS = [f"a{i:06d}" for i in range(30_000)]


async def test_a_cancelled_request_with_a_big_pending_batch_lets_the_loop_go_on() -> None:
    started = asyncio.Event()

    async def slow(keys: list[str]) -> list[str]:
        started.set()
        await asyncio.sleep(0.2)
        return keys

    request = asyncio.ensure_future(Loader(load_fn=slow).load_many(KEYS))
    await started.wait()
    cancelled_at = time.perf_counter()
    request.cancel()
    outcome = await asyncio.gather(request, return_exceptions=True)
    assert isinstance(outcome[0], asyncio.CancelledError)
    assert time.perf_counter() - cancelled_at < 2, "the loop was held by the cancelled batch"
    assert await Loader(load_fn=slow).load_many(["x", "y"]) == ["x", "y"]
