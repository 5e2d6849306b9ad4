"""Per-request context: the store, the caller and the DataLoaders that batch every lookup of a request.

One loader per label and one per relation, made fresh for each request (a cache that outlived a
request would serve stale nodes), so a nested field costs one store round trip per level of the
query, however many parent rows there are.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader, LoaderTask, get_current_batch

from api.auth import Principal
from graph.model import LABELS
from graph.ordering import Order
from graph.relations import RELATIONS
from graph.store import GraphStore, Link, Neighbour, Node


LOADED_IDS = 1_000  # longer lists of ids are looked up without the loader (nodes_in_order)


class Loader(DataLoader[str, Any]):
    """Strawberry's DataLoader, but a pending key does not watch for its own cancellation.

    strawberry-graphql 0.341 gives every future a done-callback that, when the future is cancelled,
    checks whether all the batch's futures are (to cancel the store call, PR #4379): a request
    cancelled by the time limit while a batch of n keys is pending costs n²/2 checks on the event
    loop. At province scale a batch holds 40,000-150,000 keys (an area tree, a province's gaps):
    one timed-out request froze the server for minutes (bench/soak.py). Here the batch is only
    appended to; a cancelled request's store call runs to its end and its answer is dropped.
    """

    def load(self, key: str) -> Awaitable[Any]:
        if self.cache:
            cached = self.cache_map.get(key)
            if cached is not None and not cached.cancelled():
                return cached
        future = self.loop.create_future()
        if self.cache:
            self.cache_map.set(key, future)
        get_current_batch(self).tasks.append(LoaderTask(key, future))
        return future


def _node_loader(store: GraphStore, label: str) -> DataLoader[str, Node | None]:
    async def load(ids: list[str]) -> list[Node | None]:
        found = await store.nodes_by_id(label, ids)
        return [found.get(i) for i in ids]

    return Loader(load_fn=load)


def _relation_loader(store: GraphStore, relation: str) -> DataLoader[str, list[Neighbour]]:
    async def load(ids: list[str]) -> list[list[Neighbour]]:
        found = await store.related(relation, ids)
        return [found[i] for i in ids]

    return Loader(load_fn=load)


def _links_loader(store: GraphStore, relation: str, filters: dict[str, Any],
                  order: Order) -> DataLoader[str, list[Link]]:
    async def load(ids: list[str]) -> list[list[Link]]:
        found = await store.related_links(relation, ids, filters, order)
        return [found[i] for i in ids]

    return Loader(load_fn=load)


async def _take_turns() -> None:
    await asyncio.sleep(0)


LinksKey = tuple[str, tuple[tuple[str, Any], ...], Order]  # a relation, its filter (as items) and order


@dataclass
class Context:
    store: GraphStore
    principal: Principal
    nodes: dict[str, DataLoader[str, Node | None]] = field(default_factory=dict)
    relations: dict[str, DataLoader[str, list[Neighbour]]] = field(default_factory=dict)
    links: dict[LinksKey, DataLoader[str, list[Link]]] = field(default_factory=dict)
    give_way: Callable[[], Awaitable[None]] = field(default=_take_turns)  # between steps of a long answer

    @classmethod
    def for_request(cls, store: GraphStore, principal: Principal) -> Context:
        return cls(
            store=store,
            principal=principal,
            nodes={label: _node_loader(store, label) for label in LABELS},
            relations={name: _relation_loader(store, name) for name in RELATIONS},
        )

    def forget(self) -> None:
        """Drops what the loaders hold: after a change, the rest of the request must see it."""
        for loader in (*self.nodes.values(), *self.relations.values()):
            loader.clear_all()
        self.links.clear()

    async def node(self, label: str, id_: str | None) -> Node | None:
        return None if id_ is None else await self.nodes[label].load(id_)

    async def nodes_in_order(self, label: str, ids: list[str]) -> list[Node]:
        """The nodes of an answer's ids, in its order. A short list goes through the loader, so that
        the lists of sibling objects (a plan's 100 units, each naming its alliances) share one store
        call; a long one is one store call of its own: an answer can hold a province's 150,000
        areas, and a loader future per key cost 2 s there."""
        if len(ids) <= LOADED_IDS:
            return [n for n in await self.nodes[label].load_many(ids) if n is not None]
        found = await self.store.nodes_by_id(label, ids)
        return [found[i] for i in ids if i in found]

    async def neighbours(self, relation: str, id_: str) -> list[Neighbour]:
        return await self.relations[relation].load(id_)

    async def neighbour_links(self, relation: str, filters: dict[str, Any], order: Order, id_: str) -> list[Link]:
        """One loader per relation, filter and order: the parents of one connection field at one
        level share them, so they are answered by one store call (two when sorted by a key)."""
        key: LinksKey = (relation, tuple(sorted(filters.items())), order)
        loader = self.links.get(key)
        if loader is None:
            loader = self.links[key] = _links_loader(self.store, relation, filters, order)
        return await loader.load(id_)
