"""The pages: the alliance explorer at `/`, which reads everything through /graphql, and GraphiQL.

Every script and style either page needs is served from this package (api/static/vendor/, copied
from npm by web/), so both work on an intranet with no internet access.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from graph.model import ENUMS

STATIC = Path(__file__).resolve().parent / "static"
CDN_ASSET = re.compile(r"https://unpkg\.com/(@?[^@\"]+)@[^/\"]+/")
STOCK_TITLE = re.compile(r"<title>.*?</title>", re.S)
STOCK_ICON = re.compile(r"<link\s+rel=\"icon\".*?/>", re.S)
STOCK_EXAMPLE = re.compile(r"const EXAMPLE_QUERY = `.*?`;", re.S)
FAVICON = STATIC / "favicon.svg"
IDE_TITLE = "联建 GraphQL · GraphiQL"
# The first query of the README's tour (tests/test_readme.py runs it on the demo data), so a new
# user's first Ctrl-Enter answers something.
IDE_EXAMPLE = """# 联建 GraphQL：按 Ctrl-Enter 运行（右侧 Docs 查看全部字段）
# 普陀 综治中心 联建：有哪些成员单位，它们还参加了哪些联建？
{
  alliance(id: "al-pt-zzzx") {
    name
    model
    members { role unit { name alliances { alliance { name } } } }
  }
}
"""


def offline_ide(html: str) -> str:
    """Strawberry's GraphiQL page with its unpkg.com assets served from /static/vendor/ instead,
    and our title, icon and example in place of Strawberry's welcome text (whose 🍓 shows as a box
    on machines without an emoji font).

    The files are the same npm releases byte for byte, so the page's integrity hashes still hold
    (and a browser refuses a copy that differs)."""
    html = CDN_ASSET.sub(lambda match: f"/static/vendor/{match.group(1)}/", html)
    html = STOCK_TITLE.sub(lambda _: f"<title>{IDE_TITLE}</title>", html, count=1)
    html = STOCK_ICON.sub(lambda _: '<link rel="icon" type="image/svg+xml" href="/favicon.ico" />', html, count=1)
    return STOCK_EXAMPLE.sub(lambda _: f"const EXAMPLE_QUERY = `{IDE_EXAMPLE}`;", html, count=1)


async def _page(_request: Request) -> FileResponse:
    return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})


async def _vocabulary(_request: Request) -> JSONResponse:
    """The Chinese label of every enum value, from graph/model.py (the page shows labels, the API
    answers values)."""
    return JSONResponse({enum.name: dict(enum.values) for enum in ENUMS})


async def _favicon(_request: Request) -> Response:
    """Browsers ask for /favicon.ico whatever the page says; an SVG answers it (every current
    browser shows one)."""
    return FileResponse(FAVICON, media_type="image/svg+xml", headers={"cache-control": "max-age=86400"})


def explorer_routes() -> list[Route | Mount]:
    return [
        Route("/", _page),
        Route("/favicon.ico", _favicon),
        Route("/explorer/vocabulary.json", _vocabulary),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
