"""How many requests one caller may have running at once, so that a client flooding the server
with heavy queries takes its own share and not everyone's: the others' requests (another key,
another address) still find the event loop and the store free enough to answer at once.

A caller is its API key, or its address when anonymous (every anonymous client behind one
address shares its slots: a proxy in front should pass a key per client)."""

from __future__ import annotations

import asyncio
import weakref
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

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
        self.waiting = 0  # requests of all callers waiting for a slot

    @asynccontextmanager
    async def slot(self, caller: str) -> AsyncIterator[bool]:
        """Yields whether the caller got a slot (False: too many of its requests already wait)."""
        if self._holders[caller] >= self.per_caller + self.queued:
            yield False
            return
        self._holders[caller] += 1
        slots = self._slots.setdefault(caller, asyncio.Semaphore(self.per_caller))
        self.waiting += 1
        acquired = False
        try:
            async with slots:
                self.waiting -= 1
                acquired = True
                yield True
        finally:
            if not acquired:
                self.waiting -= 1
            self._holders[caller] -= 1
            if not self._holders[caller]:
                del self._holders[caller]
                del self._slots[caller]


class HeavyTurns:
    """Requests estimated to resolve more than `cost` fields run `at_once` at a time over all
    callers, the others waiting in arrival order. Completing such a request is seconds of Python on
    the one event loop: more of them at once only stretch one another. And while one runs, it
    gives way to the light requests in flight (a short step at a time, see `give_way`), so that they
    do not wait behind it. (A waiting request's time limit runs on.)"""

    def __init__(self, cost: int, at_once: int, slots: CallerSlots | None = None) -> None:
        self.cost = cost
        self.at_once = at_once
        self.slots = slots  # whose waiting requests are not light ones in flight
        self.requests = 0  # GraphQL requests in flight (GraphQLApp.run)
        self.heavy = 0  # of which heavy ones, waiting for their turn or in it
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()

    @contextmanager
    def request(self) -> Iterator[None]:
        self.requests += 1
        try:
            yield
        finally:
            self.requests -= 1

    @asynccontextmanager
    async def turn(self, estimate: int) -> AsyncIterator[bool]:
        """Yields whether the request is heavy (and has its turn)."""
        if estimate <= self.cost:
            yield False
            return
        loop = asyncio.get_running_loop()  # a semaphore serves the loop it first waited on only
        turns = self._turns.get(loop)
        if turns is None:
            turns = self._turns[loop] = asyncio.Semaphore(self.at_once)
        self.heavy += 1
        try:
            async with turns:
                yield True
        finally:
            self.heavy -= 1

    async def give_way(self) -> None:
        """Between two steps of a heavy request: while light requests are in flight, wait for them
        (up to GIVE_WAY_S at a time, so that a stream of them slows a heavy request, never stops it)."""
        waited = 0.0
        while self.requests > self.heavy + (self.slots.waiting if self.slots else 0) and waited < GIVE_WAY_S:
            await asyncio.sleep(GIVE_WAY_STEP_S)
            waited += GIVE_WAY_STEP_S
        await asyncio.sleep(0)


GIVE_WAY_S = 0.02
GIVE_WAY_STEP_S = 0.001
