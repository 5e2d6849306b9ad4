"""The GraphQL schema: reads, analytics and the audit log in Query; changes in Mutation; live
updates in Subscription; and the limits a public endpoint needs, set from the server settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules, DisableIntrospection, MaxAliasesLimiter, MaxTokensLimiter, ParserCache, QueryDepthLimiter,
    SchemaExtension, ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.aggregates import AggregateQuery
from api.analytics import AnalyticsQuery
from api.audit import AuditQuery
from api.execution import BatchedExecutor
from api.fairness import HeavyTurns
from api.limits import ComplexityLimiter
from api.keys import KeyMutation, KeyQuery
from api.lookups import LookupQuery
from api.search import SearchQuery
from api.mutations import EntityMutation, RelationshipMutation
from api.planning import PlanningQuery
from api.seeding import SeedMutation
from api.settings import ServerSettings
from api.subscriptions import Subscription

Query = merge_types("Query", (LookupQuery, SearchQuery, AggregateQuery, AnalyticsQuery, PlanningQuery, AuditQuery,
                                KeyQuery))
Mutation = merge_types("Mutation", (EntityMutation, RelationshipMutation, SeedMutation, KeyMutation))


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Errors are formatted and, when unexpected, logged once in api/errors.py; most are the
        client's mistake (a bad id or argument) and do not belong in the server log."""


def build_schema(settings: ServerSettings, heavy: HeavyTurns | None = None) -> Schema:
    """Extensions are passed as factories: Strawberry makes fresh ones per request, so no state
    is shared between concurrent requests.

    Clients send the same few documents with different variables, so parsing and validation are
    cached by document text (bounded LRUs; the cost limit, which reads the variables, runs every
    time). The depth and alias rules are built once: Strawberry's limiters make a new rule class
    per instance, which would give every request a new validation cache key."""
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        ParserCache,
        partial(AddValidationRules, limit_rules),
        ValidationCache,
        partial(ComplexityLimiter, max_complexity=settings.max_complexity,
                heavy=heavy or HeavyTurns(settings.heavy_cost, settings.max_concurrent_heavy)),
    ]
    if settings.deployment:
        extensions.append(DisableIntrospection)
    return Schema(query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions, execution_context_class=BatchedExecutor)


def sdl() -> str:
    return build_schema(ServerSettings()).as_str() + "\n"
