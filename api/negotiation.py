"""Which of GraphQL over HTTP's two answer types a client gets, and the status code that goes with it.

`application/json` is what clients have always had: 200 whenever a GraphQL response is sent, even
for a request that never ran. A client that asks for `application/graphql-response+json` (the
spec's own type) gets the spec's status codes instead: a request error (the document does not
parse or validate, a variable cannot be coerced, a limit refuses it before it runs) is a 4xx
without a `data` entry, while a request that ran answers 200, even when its data is null.
"""

from __future__ import annotations

from typing import Any

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
_AS_JSON = {JSON, "application/*", "*/*"}
_STATUS = {"UNAUTHENTICATED": 401, "RESOURCE_EXHAUSTED": 429}  # the code of a request error -> its status; 400 otherwise


def answer_type(accept: str | None) -> str:
    """The first type of the Accept header that we can answer, in the client's order; JSON when
    there is none (the spec's advice for clients that do not say)."""
    for entry in (accept or "").split(","):
        media_type = entry.split(";")[0].strip().lower()
        if media_type == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media_type in _AS_JSON:
            return JSON
    return JSON


def request_error_status(answer: dict[str, Any]) -> int | None:
    """The 4xx for a formatted answer that is a request error (no data, and no error from a
    field), else None."""
    errors = answer.get("errors")
    if answer.get("data") is not None or not errors or any("path" in error for error in errors):
        return None
    return _STATUS.get(errors[0]["extensions"]["code"], 400)
