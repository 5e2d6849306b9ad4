"""API keys over GraphQL, for admins: keys are created, listed and revoked while the server runs
(the embedded store is locked by the server, so `lianjian keys` cannot open it then)."""

from __future__ import annotations

import strawberry

from api.access import require
from api.auth import ROLES, create_key, revoke_key
from api.errors import BadUserInput, NotFound
from api.types import Ctx
from graph.bookkeeping import Actor, ApiKeyRecord
from locales import tr

KEYS_ROLE = "admin"


@strawberry.type(description="An API key without its secret")
class ApiKey:
    id: strawberry.ID = strawberry.field(description="the part after lj_; what revokeApiKey takes")
    name: str = strawberry.field(description="who or what the key is for, shown in the audit log")
    role: str = strawberry.field(description=" | ".join(ROLES))
    created: str = strawberry.field(description="UTC, ISO 8601")
    revoked: bool

    @classmethod
    def of(cls, record: ApiKeyRecord) -> ApiKey:
        return cls(id=strawberry.ID(record.id), name=record.name, role=record.role, created=record.created,
                   revoked=record.revoked)


@strawberry.type(description="A new key: `key` is the whole key, shown this once and stored only hashed")
class IssuedApiKey:
    key: str = strawberry.field(description="send it as `Authorization: Bearer <key>`")
    api_key: ApiKey


def _actor(info: Ctx, operation: str) -> Actor:
    principal = require(info, KEYS_ROLE, operation)
    return Actor(principal.name, principal.role or KEYS_ROLE)


async def _record(info: Ctx, key_id: str) -> ApiKeyRecord:
    record = await info.context.store.get_key(key_id)
    if record is None:
        raise NotFound(tr("id: no API key {id!r}", id=key_id), field="id", id=key_id)
    return record


@strawberry.type
class KeyQuery:
    @strawberry.field(description="Every API key, revoked ones included, never a secret (admin role)")
    async def api_keys(self, info: Ctx) -> list[ApiKey]:
        require(info, KEYS_ROLE, "apiKeys")
        return [ApiKey.of(record) for record in await info.context.store.list_keys()]


@strawberry.type
class KeyMutation:
    @strawberry.mutation(description=f"Create an API key (admin role). role: {' | '.join(ROLES)}. The answer holds the "
                                      "whole key, the only time it is shown; the key works at once")
    async def create_api_key(self, info: Ctx, role: str, name: str = "") -> IssuedApiKey:
        actor = _actor(info, "createApiKey")
        if role not in ROLES:
            raise BadUserInput(tr("role: must be one of {roles}, not {role!r}", roles=", ".join(ROLES), role=role),
                               field="role")
        issued = await create_key(info.context.store, role, name, actor)
        return IssuedApiKey(key=issued.key, api_key=ApiKey.of(await _record(info, issued.id)))

    @strawberry.mutation(description="Revoke an API key by its id (admin role): requests with it are UNAUTHENTICATED "
                                      "from now on. NOT_FOUND for an unknown id")
    async def revoke_api_key(self, info: Ctx, id: strawberry.ID) -> ApiKey:
        actor = _actor(info, "revokeApiKey")
        await _record(info, id)
        await revoke_key(info.context.store, id, actor)
        return ApiKey.of(await _record(info, id))
