"""The webhook endpoint: Telegram's updates over HTTP, checked before their body is read.

python-telegram-bot's own webhook server lets tornado read a whole request body (up to
100 MB) before the secret token is looked at, so anyone could make the bot buffer a large
body. Here the header is checked as soon as the headers arrive (tornado's streaming
handler), a body over ``MAX_UPDATE_BYTES`` is refused, and only then is it read.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.web import Application as TornadoApplication
from tornado.web import HTTPError, RequestHandler, stream_request_body

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1 << 20  # Telegram's updates are a few KB; 1 MiB is generous
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@stream_request_body
class UpdateHandler(RequestHandler):
    def initialize(self, bot_application: Application, secret: str) -> None:  # type: ignore[type-arg]
        self.bot_application = bot_application
        self.secret = secret
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        """Runs when the headers are in, before any of the body is read."""
        if self.request.method != "POST":
            raise HTTPError(405)
        token = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.secret.encode()):
            raise HTTPError(403)
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_UPDATE_BYTES):
            raise HTTPError(413)

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_UPDATE_BYTES:
            raise HTTPError(413)
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            data = json.loads(b"".join(self.chunks))
        except ValueError as exc:
            raise HTTPError(400) from exc
        update = Update.de_json(data, self.bot_application.bot)
        if update is None:
            raise HTTPError(400)
        await self.bot_application.update_queue.put(update)
        self.set_status(200)

    def log_exception(self, *args: Any) -> None:
        log.debug("webhook request refused")  # never the body: it holds people's messages


def start_webhook_server(application: Application, listen: str, port: int,  # type: ignore[type-arg]
                         path: str, secret: str) -> HTTPServer:
    """Serve ``/<path>`` on ``listen:port``; the caller stops the returned server."""
    routes = TornadoApplication([(rf"/{path}/?", UpdateHandler,
                                  {"bot_application": application, "secret": secret})],
                                log_function=lambda handler: None)
    server = HTTPServer(routes, max_body_size=MAX_UPDATE_BYTES)
    server.listen(port, address=listen)
    return server
