"""Running the app under uvicorn, and saying where it listens only once it does."""

from __future__ import annotations

import socket

import uvicorn
from starlette.applications import Starlette

from api.collector import settle


class AnnouncingServer(uvicorn.Server):
    """Prints `banner` once the socket is bound, so nothing is announced for a server that never
    listens (uvicorn logs why, e.g. the port is taken, and exits from its start-up)."""

    def __init__(self, config: uvicorn.Config, banner: str) -> None:
        super().__init__(config)
        self.banner = banner

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            settle()
            print(self.banner, flush=True)


def listen(app: Starlette, host: str, port: int, banner: str) -> bool:
    """Serves until stopped; False when the server never started listening. A signal that stopped
    it is raised again once it has shut down (uvicorn's way): Ctrl-C surfaces as KeyboardInterrupt."""
    server = AnnouncingServer(uvicorn.Config(app, host=host, port=port, log_level="info"), banner)
    try:
        server.run()
    except SystemExit:  # uvicorn's start-up failure, which it has logged
        pass
    return server.started
