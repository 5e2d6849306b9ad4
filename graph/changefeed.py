"""Committed changes as they happen, for whoever listens in this process (GraphQL subscriptions).

A change reaches the feed from the place that writes its audit entry, and only once its
transaction has committed: a refused or rolled-back change is never announced. The feed is in
memory and per process: a deployment with several API servers over one Neo4j announces on each
server the changes made through it.

Each listener has its own bounded queue, so a slow one holds nobody up; one that falls more
than `backlog` changes behind is dropped (it can no longer know what it missed) and told so.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

BACKLOG = 1000  # changes a listener may have unread before it is dropped


@dataclass(frozen=True)
class GraphChange:
    """One committed change: its audit entry without the values before and after."""

    audit_id: str
    at: str
    actor: str
    role: str
    operation: str
    labels: tuple[str, ...]  # the node labels it is about (both ends for a relationship)
    ids: tuple[str, ...]


class FellBehind(Exception):
    """The listener left more than the backlog unread, and changes were lost to it."""


class Listener:
    def __init__(self, backlog: int) -> None:
        self._queue: asyncio.Queue[GraphChange | None] = asyncio.Queue(backlog + 1)  # +1: room for the drop mark
        self._backlog = backlog

    def offer(self, change: GraphChange) -> bool:
        """Queues the change; False (and the listener is marked dropped) when its backlog is full."""
        if self._queue.qsize() >= self._backlog:
            self._queue.put_nowait(None)
            return False
        self._queue.put_nowait(change)
        return True

    def __aiter__(self) -> Listener:
        return self

    async def __anext__(self) -> GraphChange:
        change = await self._queue.get()
        if change is None:
            raise FellBehind(f"more than {self._backlog} changes went unread")
        return change


class ChangeFeed:
    def __init__(self, backlog: int = BACKLOG) -> None:
        self._listeners: set[Listener] = set()
        self._backlog = backlog

    def publish(self, change: GraphChange) -> None:
        for listener in list(self._listeners):
            if not listener.offer(change):
                self._listeners.discard(listener)

    @asynccontextmanager
    async def listen(self) -> AsyncIterator[Listener]:
        """Every change published while the block runs, in commit order."""
        listener = Listener(self._backlog)
        self._listeners.add(listener)
        try:
            yield listener
        finally:
            self._listeners.discard(listener)
