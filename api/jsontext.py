"""JSON as the API reads and writes it: strict on the way in, readable UTF-8 on the way out.

Requests are read as RFC 8259 JSON and nothing looser: UTF-8 only, no NaN or Infinity, no key
twice in one object (two parsers could otherwise disagree on what was asked). Answers carry
Chinese as UTF-8 text rather than \\u escapes, so they read as they are in a terminal or a log.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse

from locales import tr

MEDIA_TYPE = "application/json; charset=utf-8"


class NotJson(ValueError):
    """The text is not strict JSON; the message says where and why."""


def _no_constants(name: str) -> Any:
    raise NotJson(tr("{name} is not a JSON value", name=name))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise NotJson(tr("the key {key!r} appears twice in one object", key=key))
            seen.add(key)
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constants, object_pairs_hook=_unique_keys)


def loads(data: str | bytes) -> Any:
    """Raises NotJson for anything but strict JSON, including nesting too deep to read and
    numbers too long to convert (both ValueError or RecursionError inside the json module)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return _DECODER.decode(text)
    except UnicodeDecodeError as error:
        raise NotJson(tr("not UTF-8 text: byte {position} cannot be decoded", position=error.start)) from None
    except NotJson:
        raise
    except RecursionError:
        raise NotJson(tr("nested too deeply")) from None
    except ValueError as error:
        raise NotJson(str(error)) from None


def dumps(data: Any) -> bytes:
    """UTF-8 JSON. Text that has no UTF-8 form (a lone surrogate echoed back in an error
    message) is written as \\u escapes instead, which every JSON reader takes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, separators=(",", ":")).encode("ascii")


class JSONText(JSONResponse):
    """A JSON response written by dumps, with its charset named."""

    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return dumps(content)
