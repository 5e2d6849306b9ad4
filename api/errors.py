"""GraphQL errors with `extensions.code` (SPEC §5), and the one place every error is formatted.

Resolvers raise ApiError subclasses; store-level refusals (unknown id, argument out of bounds)
are translated here too, so the layers below stay free of GraphQL. Anything unexpected becomes
INTERNAL with a generic message: the traceback goes to the server log, never to the client.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError, GraphQLSyntaxError

from graph.analytics import InvalidArgument, UnknownId
from graph.store import StoreError, StoreExhausted
from locales import N_, tr
from seed.nouns import label_noun

log = logging.getLogger("lianjian.api")
STRAWBERRY_LIMITS = (  # how the configured Strawberry limiters word their refusals, and the limit each names
    ("exceeds maximum operation depth", "depth"),
    ("aliases found. Allowed", "aliases"),
    ("Document contains more than", "tokens"),
)
EXHAUSTED_MESSAGES = {  # StoreExhausted.limit -> what to tell the caller, naming the setting to raise
    "bufferPool": N_("this query needed more memory than the graph store's buffer pool holds "
                     "({size_mb} MiB); other queries are unaffected. Retry later, ask a narrower question, or "
                     "raise LIANJIAN_BUFFER_POOL_MB (lianjian serve --buffer-pool-mb)"),
}


class ApiError(Exception):
    code = "INTERNAL"

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message)
        # With the code: GraphQL errors that graphql-core formats itself (subscription events) copy them.
        self.extensions = {"code": self.code, **extensions}


class NotFound(ApiError):
    code = "NOT_FOUND"


class BadUserInput(ApiError):
    code = "BAD_USER_INPUT"


class Forbidden(ApiError):
    code = "FORBIDDEN"


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"


class ResourceExhausted(ApiError):
    """The caller asks for more than its share now; the same request later is fine."""

    code = "RESOURCE_EXHAUSTED"


def classify(error: GraphQLError) -> tuple[str, str, dict[str, object]]:
    """(code, message safe to show, extra extensions) for one error of a result."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLSyntaxError):  # the query itself is wrong or too big
        extra = {key: value for key, value in (error.extensions or {}).items() if key != "code"}
        extra.update({"limit": limit for fragment, limit in STRAWBERRY_LIMITS if fragment in error.message})
        return "BAD_USER_INPUT", error.message, extra
    if isinstance(original, ApiError):
        return original.code, str(original), dict(original.extensions)
    if isinstance(original, UnknownId):
        return "NOT_FOUND", tr("no {label} with id {id!r}", label=label_noun(original.label), id=original.id), {
            "label": original.label, "id": original.id}
    if isinstance(original, InvalidArgument):
        return "BAD_USER_INPUT", str(original), {"argument": original.argument}
    if isinstance(original, GraphQLError):  # coercion of variables and arguments
        return "BAD_USER_INPUT", error.message, {}
    if isinstance(original, StoreExhausted):
        log.warning("store resource exhausted at %s: %s", error.path, original)
        return "RESOURCE_EXHAUSTED", tr(EXHAUSTED_MESSAGES[original.limit], size_mb=original.size_mb), {
            "limit": original.limit}
    if isinstance(original, StoreError):
        log.error("store error at %s: %s", error.path, original)
        return "INTERNAL", tr("the graph store failed to answer; the server log has the details"), {}
    log.error("unexpected error at %s", error.path, exc_info=original)
    return "INTERNAL", tr("internal error; the server log has the details"), {}


def format_error(error: GraphQLError) -> dict[str, object]:
    code, message, extra = classify(error)
    formatted: dict[str, object] = {"message": message, "extensions": {"code": code, **extra}}
    if error.locations:
        formatted["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        formatted["path"] = error.path
    return formatted
