"""The alliance explorer: a static page at `/` that reads everything through /graphql.

Its scripts, styles and the graph drawing library (Cytoscape.js, vendored from npm by web/) are
served from this package, so the page works on an intranet with no internet access.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from graph.model import ENUMS

STATIC = Path(__file__).resolve().parent / "static"


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
