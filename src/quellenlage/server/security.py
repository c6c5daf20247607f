"""Security at the ASGI level: request bodies capped before any parsing, and the CSP and
friends on every response.

Article text is hostile: the pages allow only our own inline style and script (pinned by
hash, see ``render.assets``), forms may post to this server only, and nothing may frame us.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..errors import InputTooLarge
from ..render.assets import assets
from ..render.i18n import UILang
from ..settings import MiB
from .pages import render_page

DEFAULT_MAX_BODY = 2 * MiB

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def security_headers() -> list[tuple[bytes, bytes]]:
    """The headers every response carries (a route may set its own instead)."""
    return [
        (
            b"content-security-policy",
            assets().csp(form_action="'self'", frame_ancestors=True).encode(),
        ),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


def error_body(
    path: str, status: int, code: str, message: str, lang: UILang
) -> tuple[bytes, bytes]:
    """A JSON error for the API, a small HTML page for everything else."""
    if path.startswith("/v1/") or path.startswith("/openapi"):
        return json.dumps({"error": code, "message": message}).encode(), b"application/json"
    html = render_page(
        "error.html", lang=lang, title=f"Error {status}", status=status, message=message
    )
    return html.encode(), b"text/html; charset=utf-8"


class BodyLimit:
    """Refuse request bodies above ``max_bytes`` with 413, before the app parses anything.

    Content-Length is checked first; a body without one (chunked) is read up to the limit and
    replayed to the app, so no byte past the limit is ever buffered.
    """

    def __init__(self, app: Any, max_bytes: int, lang: UILang = "de") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.lang = lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _declared_length(scope) > self.max_bytes:
            await self._refuse(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._refuse(scope, send)
                return
            chunks.append(body)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body, ctype = error_body(
            scope.get("path", ""),
            413,
            InputTooLarge.code,
            f"the request body is larger than the limit of {self.max_bytes:,} bytes",
            self.lang,
        )
        headers = [
            (b"content-type", ctype),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            *security_headers(),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _declared_length(scope: Scope) -> int:
    """The Content-Length header, or -1 when absent or not a number."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return -1


class SecurityHeaders:
    """Add the CSP and friends to every response (unless the route set its own)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = security_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _v in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, wrapped)
