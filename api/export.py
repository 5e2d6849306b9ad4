"""POST /export.xlsx: the explorer's 导出 Excel buttons send the table they show ({title, columns,
rows}) and get it back as a workbook. Built on the server with openpyxl so the page needs no vendored
spreadsheet library; the server reads nothing from the store, so a caller can only export what it
already has. Sizes are bounded, and every refusal is a 4xx JSON error rather than a 500."""

from __future__ import annotations

import json
import re
from io import BytesIO
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook
from starlette.requests import Request
from starlette.responses import Response

from api.auth import Principal, principal_for
from api.jsontext import JSONText
from graph.store import GraphStore
from locales import tr

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000
MAX_COLUMNS = 50
MAX_CELLS = 200_000
MAX_TEXT = 2_000
MAX_TITLE = 120
# Characters openpyxl (XML 1.0) refuses in a cell, and those a file name may not hold.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class ExportRefused(ValueError):
    """The body is not a table this endpoint writes."""


def _cell(value: Any) -> str | int | float | None:
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise ExportRefused(tr("a cell holds more than {most} characters", most=MAX_TEXT))
            return ILLEGAL.sub("", value)
        return value
    raise ExportRefused(tr("a cell must be a string, a number or null"))


def table_of(body: Any) -> tuple[str, list[str], list[list[str | int | float | None]]]:
    if not isinstance(body, dict):
        raise ExportRefused(tr("the body must be a JSON object {title, columns, rows}"))
    title, columns, rows = body.get("title"), body.get("columns"), body.get("rows")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        raise ExportRefused(tr("title must be a non-empty string of at most {most} characters", most=MAX_TITLE))
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        raise ExportRefused(tr("columns must be a non-empty list of strings"))
    if len(columns) > MAX_COLUMNS:
        raise ExportRefused(tr("at most {most} columns", most=MAX_COLUMNS))
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == len(columns) for r in rows):
        raise ExportRefused(tr("rows must be a list of lists, each as long as columns"))
    if len(rows) > MAX_ROWS or len(rows) * len(columns) > MAX_CELLS:
        raise ExportRefused(tr("at most {rows} rows and {cells} cells", rows=MAX_ROWS, cells=MAX_CELLS))
    return title.strip(), [str(_cell(c)) for c in columns], [[_cell(v) for v in row] for row in rows]


def workbook_bytes(title: str, columns: list[str], rows: list[list[str | int | float | None]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = UNSAFE_NAME.sub("", title).replace("[", "").replace("]", "")[:31] or "Sheet1"
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def export_endpoint(store_ref: dict[str, GraphStore], anonymous: Principal) -> Callable[[Request], Awaitable[Response]]:
    """Under the API's access rules: a server that requires a key requires one here too."""

    async def export_xlsx(request: Request) -> Response:
        principal = await principal_for(store_ref["store"], request.headers.get("authorization"), anonymous)
        if principal is None or principal.role is None:
            return JSONText({"error": tr("this server requires a valid API key: send Authorization: Bearer <key>")},
                            status_code=401)
        return await _answer(request)

    return export_xlsx


async def _answer(request: Request) -> Response:
    if request.method != "POST":
        return JSONText({"error": tr("use POST with a JSON body {title, columns, rows}")}, status_code=405,
                        headers={"Allow": "POST"})
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return JSONText({"error": tr("the body must be application/json")}, status_code=415)
    try:
        title, columns, rows = table_of(json.loads(await request.body()))
    except (ValueError, UnicodeDecodeError) as refused:  # JSONDecodeError and ExportRefused are ValueErrors
        message = str(refused) if isinstance(refused, ExportRefused) else tr("the body is not valid JSON")
        return JSONText({"error": message}, status_code=400)
    name = UNSAFE_NAME.sub("_", title) + ".xlsx"
    return Response(workbook_bytes(title, columns, rows), media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}"})
