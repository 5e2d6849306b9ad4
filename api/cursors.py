"""Cursors: opaque, URL-safe positions in a list (SPEC §5).

A list in the default order (by id) pages by the last id seen, `id:<id>` in base64, so its pages
stay stable while other rows are added. A list in another order (graph/ordering.py) pages by
the last (sort key, id) seen, and its cursor names the order too: a cursor is refused by a
request that asks for another order, rather than read as a position it does not mean.
"""

from __future__ import annotations

import base64
import json
import re

from api.errors import BadUserInput
from graph.ordering import ID, SORT_KEYS, Order, Position, SortValue
from locales import tr

_PREFIX = "id:"
_ORDERED = "at:"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
INT64 = (-(2**63), 2**63 - 1)  # what a store compares a numeric key with


def encode_cursor(id_: str) -> str:
    return base64.urlsafe_b64encode((_PREFIX + id_).encode()).decode()


def _not_a_cursor(cursor: str) -> BadUserInput:
    return BadUserInput(tr("after: not a cursor of this API: {cursor!r}", cursor=cursor), argument="after")


def _text(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except ValueError:  # not ASCII, not base64, not UTF-8 underneath
        return ""


def decode_cursor(cursor: str) -> str:
    """The id a cursor of encode_cursor holds. Anything else is refused rather than read as the
    first page: text that is not canonical base64 of "id:" and an id, an empty id, or an id with
    control characters (`id:\\0`), which no id a person types holds."""
    text = _text(cursor)
    id_ = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not id_ or _CONTROL.search(id_) or encode_cursor(id_) != cursor:
        raise _not_a_cursor(cursor)
    return id_


def encode_position(order: Order, key: SortValue, id_: str) -> str:
    """The cursor of a node in `order`: in the default order the id cursor, so cursors made before
    lists could be sorted still page."""
    if order == Order(ID):
        return encode_cursor(id_)
    text = _ORDERED + json.dumps([order.tag, key, id_], ensure_ascii=True, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode()


def _shown(tag: str) -> str:
    return tag.replace(":", " ")


def decode_position(cursor: str, label: str, order: Order) -> Position:
    """Where a page of `label` nodes in `order` starts. Refused: what no encode_position made, and
    a cursor made for another order (with the order it was made for, so the client can tell)."""
    text = _text(cursor)
    if text.startswith(_PREFIX):
        made = Order(ID)
        id_ = decode_cursor(cursor)
        position = Position(id_, id_)
    else:
        try:
            tag, key, id_ = json.loads(text.removeprefix(_ORDERED)) if text.startswith(_ORDERED) else (None, None, None)
        except (ValueError, TypeError):  # not JSON, or not three values
            tag = key = id_ = None
        field, _, direction = tag.partition(":") if isinstance(tag, str) else ("", "", "")
        if (not isinstance(id_, str) or not id_ or _CONTROL.search(id_) or direction not in ("ASC", "DESC")
                or not isinstance(key, (str, int)) or isinstance(key, bool)):
            raise _not_a_cursor(cursor)
        made = Order(field, direction == "DESC")
        if encode_position(made, key, id_) != cursor:
            raise _not_a_cursor(cursor)
        position = Position(key, id_)
    if made != order:
        raise BadUserInput(tr("after: this cursor was made for orderBy {made}, and this request asks for {asked}: "
                              "page with the orderBy the cursor was made with, or start again without after",
                              made=_shown(made.tag), asked=_shown(order.tag)), argument="after")
    expected = int if SORT_KEYS[label][order.field].type == "INT64" else str
    if not isinstance(position.key, expected) or (expected is int and not INT64[0] <= position.key <= INT64[1]):
        raise _not_a_cursor(cursor)
    return position
