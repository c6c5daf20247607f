"""The report's own CSS and JS, the Content-Security-Policy that allows exactly them, and the
jinja2 environment every page is rendered with (autoescaping on for all templates).

The page carries exactly one script and one style block, both written by us and pinned by
their SHA-256, so even a missed escape could not run injected script.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jinja2

from ..model import SOURCE_TYPES, STATUSES, Status

# Okabe-Ito colours (safe for the common colour-vision deficiencies); each status also has its
# own underline style and icon, so colour is never the only carrier of meaning. The words for
# readers are in ``i18n``.
STATUS_INFO: dict[Status, dict[str, str]] = {
    "asserted": {"icon": "", "colour": "#8C8C8C", "line": "none"},
    "attributed": {"icon": "»", "colour": "#0072B2", "line": "solid"},
    "hearsay": {"icon": "~", "colour": "#E69F00", "line": "wavy"},
    "denied": {"icon": "✗", "colour": "#D55E00", "line": "double"},
    "unverified": {"icon": "?", "colour": "#CC79A7", "line": "dotted"},
    "confirmed": {"icon": "✓", "colour": "#009E73", "line": "dashed"},
}
DENIAL_ICON = "⊘"


@dataclass(frozen=True, slots=True)
class Assets:
    """Our own inline CSS and JS, with the CSP source expressions that allow exactly them."""

    css: str
    js: str
    css_hash: str
    js_hash: str

    def csp(self, *, form_action: str = "'none'", frame_ancestors: bool = False) -> str:
        """The policy: nothing external, only our own style and script, no plugins, no base."""
        parts = [
            "default-src 'none'",
            f"script-src '{self.js_hash}'",
            f"style-src '{self.css_hash}'",
            "img-src data:",
            "base-uri 'none'",
            f"form-action {form_action}",
        ]
        if frame_ancestors:  # only valid in a header, not in a <meta> policy
            parts.append("frame-ancestors 'none'")
        return "; ".join(parts)


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def assets() -> Assets:
    """Load the packaged CSS and JS once; their hashes go into every Content-Security-Policy."""
    base = resources.files("quellenlage.render") / "templates"
    css = (base / "report.css").read_text(encoding="utf-8")
    js = (base / "report.js").read_text(encoding="utf-8")
    # The files are inlined verbatim, so they must not be able to close their own element.
    if "</style" in css.lower() or "</script" in js.lower():  # pragma: no cover - our own files
        raise ValueError("packaged CSS/JS must not contain a closing </style> or </script>")
    return Assets(css=css, js=js, css_hash=_sha256(css), js_hash=_sha256(js))


@cache
def environment() -> Any:
    """The jinja2 environment: package templates, autoescaping for every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("quellenlage.render", "templates"),
        autoescape=True,  # all templates, whatever their file extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        STATUS_INFO=STATUS_INFO,
        STATUSES=STATUSES,
        SOURCE_TYPES=SOURCE_TYPES,
        DENIAL_ICON=DENIAL_ICON,
    )
    return env
