"""The pages: the alliance explorer at `/`, which reads everything through /graphql, and GraphiQL.

Every script and style either page needs is served from this package (api/static/vendor/, copied
from npm by web/), so both work on an intranet with no internet access.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from graph.model import ENUMS

STATIC = Path(__file__).resolve().parent / "static"
CDN_ASSET = re.compile(r"https://unpkg\.com/(@?[^@\"]+)@[^/\"]+/")


def offline_ide(html: str) -> str:
    """Strawberry's GraphiQL page with its unpkg.com assets served from /static/vendor/ instead.

    The files are the same npm releases byte for byte, so the page's integrity hashes still hold
    (and a browser refuses a copy that differs)."""
    return CDN_ASSET.sub(lambda match: f"/static/vendor/{match.group(1)}/", html)


async def _page(_request: Request) -> FileResponse:
    return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})


async def _vocabulary(_request: Request) -> JSONResponse:
    """The Chinese label of every enum value, from graph/model.py (the page shows labels, the API
    answers values)."""
    return JSONResponse({enum.name: dict(enum.values) for enum in ENUMS})


def explorer_routes() -> list[Route | Mount]:
    return [
        Route("/", _page),
        Route("/explorer/vocabulary.json", _vocabulary),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
