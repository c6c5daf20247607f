"""Who published a page: the outlet from the input, the outlets table, the page, or the URL.

Order (the first that gives a name wins, and ``provenance["outlet"]`` says which):
the input (a CSV/JSONL field, ``--outlet``), the table of German-language outlets by domain
(``lang/de/data/outlet_domains.tsv``: one name per outlet whatever its pages' tags say),
the JSON-LD/microdata publisher, the site name (``og:site_name``, ``application-name``), and
last the URL's registered domain ("wiener-bote.at"). A page without any of these has no
outlet: none is invented.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from .wordlists import outlet_domain_map

try:  # the public suffix list; installed with the html extra (trafilatura → courlan → tld)
    from tld import get_fld as _get_fld
except ImportError:  # pragma: no cover - depends on the environment
    _get_fld = None  # type: ignore[assignment]  # without the html extra: the fallback below

# Second-level public suffixes common among news domains, for when the tld package (the
# public suffix list, installed with the html extra) is not available.
_TWO_LEVEL = frozenset(
    {"co.uk", "org.uk", "ac.uk", "gv.at", "or.at", "co.at", "com.au", "co.jp", "com.br"}
)


@lru_cache(maxsize=1)
def outlet_table() -> dict[str, str]:
    """Domain → canonical outlet name, from ``lang/de/data/outlet_domains.tsv``."""
    return {domain.lower(): outlet for domain, outlet in outlet_domain_map().items()}


def host_of(url: str | None) -> str | None:
    """The lower-case host of a URL without "www.", or ``None``."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def registered_domain(url: str | None) -> str | None:
    """The registrable domain of a URL ("www.derstandard.at/x" → "derstandard.at")."""
    host = host_of(url)
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return None  # no domain for IP addresses
    if _get_fld is not None:
        found = _get_fld(host, fix_protocol=True, fail_silently=True)
        if isinstance(found, str):
            return found
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _TWO_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:]) if len(labels) >= 2 else None


def outlet_from_table(url: str | None) -> str | None:
    """The table's name for the URL's host or its longest listed parent domain."""
    host = host_of(url)
    if not host:
        return None
    table = outlet_table()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        name = table.get(".".join(labels[i:]))
        if name is not None:
            return name
    return None


def choose_outlet(
    given: str | None, url: str | None, publisher: str | None, site_name: str | None
) -> tuple[str | None, str | None]:
    """``(outlet, source)`` by the order of the module docstring."""
    if given:
        return given, "input"
    table = outlet_from_table(url)
    if table:
        return table, "outlets-table"
    if publisher:
        return publisher, "publisher"
    if site_name:
        return site_name, "site-name"
    domain = registered_domain(url)
    if domain:
        return domain, "domain"
    return None, None
