"""Server pages: the reader's language, page rendering with the shared assets, error texts.

Every page is a template of ``render/templates`` rendered with autoescaping and the one
stylesheet and script that the Content-Security-Policy pins. The language comes from
``?lang=de|en`` (remembered in a cookie), else the server's default (``serve --ui-lang``).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from ..about import __version__
from ..errors import AnalysisTimeout, InputTooLarge, MissingExtra, ModelError, QuellenlageError
from ..render.assets import assets, environment
from ..render.i18n import UI, UI_LANGS, UILang

LANG_COOKIE = "quellenlage_lang"


def request_lang(request: Request) -> UILang:
    """``?lang=`` first, then the cookie, then the app's default language."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in UI_LANGS:
            return "en" if value == "en" else "de"
    default = getattr(request.app.state, "ui_lang", "de")
    return "en" if default == "en" else "de"


def render_page(template: str, *, lang: UILang = "de", **ctx: Any) -> str:
    """A whole page: the template with the shared CSS/JS, the reader's words and version."""
    a = assets()
    ctx.setdefault("corpus", False)
    ctx.setdefault("version", __version__)
    ctx.setdefault("lang_switch", None)
    ctx.setdefault("nav", "")
    ctx.setdefault("css", Markup(a.css))  # a page with a style of its own brings its policy
    return (
        environment().get_template(template).render(js=Markup(a.js), ui=UI(lang), lang=lang, **ctx)
    )


def page(request: Request, template: str, http_status: int = 200, **ctx: Any) -> HTMLResponse:
    """Render ``template`` for this request (its language, corpus flag, language switch)."""
    lang = request_lang(request)
    other = "en" if lang == "de" else "de"
    ctx.setdefault("corpus", getattr(request.app.state, "corpus", None) is not None)
    switch = str(request.url.include_query_params(lang=other))
    html = render_page(template, lang=lang, lang_switch=switch, **ctx)
    response = HTMLResponse(html, status_code=http_status)
    if request.query_params.get("lang") in UI_LANGS:
        response.set_cookie(LANG_COOKIE, lang, samesite="strict", httponly=True)
    return response


def error_page(request: Request, status: int, message: str, title_key: str = "error") -> Any:
    """The HTML error page: a title in the reader's language and the one-line message."""
    ui = UI(request_lang(request))
    title = f"{ui.t(title_key)} {status}" if title_key == "error" else ui.t(title_key)
    return page(request, "error.html", status, title=title, status=status, message=message)


def http_status(exc: QuellenlageError) -> int:
    """The HTTP status of a library error: too large 413, timeouts 503, the rest 4xx/5xx."""
    if isinstance(exc, InputTooLarge):
        return 413
    if isinstance(exc, AnalysisTimeout):
        return 503
    if isinstance(exc, MissingExtra):
        return 501
    if isinstance(exc, ModelError):
        return 500
    return 422  # the request was well-formed, but the text cannot be analysed


def validation_message(errors: list[dict[str, Any]]) -> str:
    """One readable sentence for a request that failed validation."""
    parts = []
    for err in errors:
        if err.get("type") == "json_invalid":
            ctx = err.get("ctx") or {}
            where = err.get("loc", ["body", "?"])[-1]
            return (
                f"the request body is not valid JSON (at character {where}: "
                f"{ctx.get('error', 'parse error')}); send "
                '{"text": "..."} or {"html": "..."} with Content-Type: application/json'
            )
        if tuple(err.get("loc", ())) == ("body",) and err.get("type") in (
            "model_attributes_type",
            "dict_type",
            "missing",
        ):
            return (
                'the request body must be a JSON object: {"text": "..."} or {"html": "..."} '
                "with Content-Type: application/json"
            )
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return "invalid request: " + "; ".join(parts)


def endpoints(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI paths flattened for the docs page, request and response schemas resolved."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            out.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "request": _ref_name(body.get("schema")),
                    "responses": [
                        {
                            "code": code,
                            "description": r.get("description", ""),
                            "schema": _ref_name(
                                r.get("content", {}).get("application/json", {}).get("schema")
                            ),
                        }
                        for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    return out


def _ref_name(schema: dict[str, Any] | None) -> str | None:
    if not schema:
        return None
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type")
