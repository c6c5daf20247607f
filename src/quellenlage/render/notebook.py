"""The report inline in a notebook: the self-contained page in a sandboxed ``<iframe>``.

The page's own CSS and script would restyle the notebook if pasted into it; inside an
iframe (``srcdoc``, sandboxed, our CSP in the page) they stay in the report's own box.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model import Analysis, register_view
from .html import render_html

HEIGHT_PX = 720


def notebook_html(analysis: Analysis, lang: str | None = None, height: int = HEIGHT_PX) -> str:
    """An ``<iframe>`` holding the whole report (what ``Analysis._repr_html_`` shows)."""
    page = render_html(analysis, lang=lang)
    return str(
        Markup(
            '<iframe class="quellenlage-report" srcdoc="{}" sandbox="allow-scripts" '
            'style="width: 100%; height: {}px; border: 1px solid #d9dbe0; border-radius: 8px" '
            'title="quellenlage report"></iframe>'
        ).format(page, height)
    )


register_view("html", notebook_html)
