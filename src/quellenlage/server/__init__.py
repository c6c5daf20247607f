"""Web service: a page to paste or upload an article, the JSON API, and the corpus explorer.

``create_app`` builds the FastAPI app; ``quellenlage serve`` runs it under uvicorn.

Layout (each module one concern):

* ``app``              the factory: workers, limits, routers, error handlers, middleware
* ``workers``          ``Job``, the per-document analyzer, the worker pool with time limits
* ``security``         body limit (413 before parsing), CSP and the other response headers
* ``pages``            template rendering, the reader's language (``?lang=de|en``), errors
* ``analysis_routes``  ``POST /v1/analyze``, ``/v1/schema``, ``/healthz``, ``/``, ``/report``
* ``corpus_db``        the read-only store, its columns, and the ``Corpus`` dependency
* ``corpus_views``     the explorer's views as data and the SQL they make
* ``corpus_routes``    ``/corpus/...``: views, exports, one article, ``outlets`` (``outlets``)
* ``provenance_routes`` ``/corpus/stories``, one story, one claim (``quellenlage provenance``)

**Adding corpus pages** (stories, claims, ...): write a module with its own
``router = APIRouter(prefix="/corpus/...", include_in_schema=False)``, take the store with a
``db: Corpus`` parameter (``corpus_db.Corpus``), render with ``pages.page(request, "x.html",
...)``, and append the router to ``app.CORPUS_ROUTERS``: those routers are included only
when the server has a store (``serve --db``).

Article text is hostile, so:

* every page is rendered with autoescaping and served with a Content-Security-Policy that
  allows only our own inline style and script (pinned by hash, see ``render.assets``);
* request bodies are capped (2 MiB by default, 413 beyond) before any parsing;
* each analysis runs in a worker (a process by default) under a time limit; past it the
  client gets 503 and, for process workers, the stuck worker is killed and replaced;
* a URL given to analyse is fetched by ``ingest.fetch_article`` only (a ``Job`` of kind
  ``url``, resolved in the worker): public addresses only (checked after DNS resolution and
  after every redirect, the connection pinned to the checked address), robots.txt
  respected, size and time limits, HTML or text only.

FastAPI's own /docs page loads its scripts from a CDN, which neither works offline nor passes
our CSP; /docs here is a self-contained page generated from the same OpenAPI document that
/openapi.json serves.
"""

from __future__ import annotations

from .app import CORPUS_ROUTERS, create_app, run_server
from .workers import Job, Runner, analyze_job, run_job

__all__ = ["CORPUS_ROUTERS", "Job", "Runner", "analyze_job", "create_app", "run_job", "run_server"]
