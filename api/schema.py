"""The GraphQL schema: the read lookups and lists plus the analytic fields, merged into one Query."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.analytics import AnalyticsQuery
from api.lookups import LookupQuery

Query = merge_types("Query", (LookupQuery, AnalyticsQuery))


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Errors are formatted and, when unexpected, logged once in api/errors.py; most are the
        client's mistake (a bad id or argument) and do not belong in the server log."""


schema = Schema(query=Query)


def sdl() -> str:
    return schema.as_str() + "\n"
