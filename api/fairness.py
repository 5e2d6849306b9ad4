"""How many requests one caller may have running at once, so that a client flooding the server
with heavy queries takes its own share and not everyone's: the others' requests (another key,
another address) still find the event loop and the store free enough to answer at once.

A caller is its API key, or its address when anonymous (every anonymous client behind one
address shares its slots: a proxy in front should pass a key per client)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from api.auth import Principal


def caller_of(principal: Principal, address: str | None) -> str:
    if principal.name.startswith("key:"):
        return principal.name
    return f"address:{address or 'unknown'}"


class CallerSlots:
    """At most `per_caller` running requests per caller; the caller's next ones wait their turn
    (without using the event loop or the store), up to `queued` of them, and beyond that are
    refused. Waiting is per caller, so another caller's request never waits behind them."""

    def __init__(self, per_caller: int, queued: int) -> None:
        self.per_caller = per_caller
        self.queued = queued
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._holders: Counter[str] = Counter()  # running or waiting, per caller

    @asynccontextmanager
    async def slot(self, caller: str) -> AsyncIterator[bool]:
        """Yields whether the caller got a slot (False: too many of its requests already wait)."""
        if self._holders[caller] >= self.per_caller + self.queued:
            yield False
            return
        self._holders[caller] += 1
        slots = self._slots.setdefault(caller, asyncio.Semaphore(self.per_caller))
        try:
            async with slots:
                yield True
        finally:
            self._holders[caller] -= 1
            if not self._holders[caller]:
                del self._holders[caller]
                del self._slots[caller]
