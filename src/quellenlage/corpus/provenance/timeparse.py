"""Publication timestamps as given → aware UTC datetimes, so that they compare correctly.

``2025-04-02T06:00:00Z`` is later than ``2025-04-02T07:30:00+02:00``, although the string is
smaller: origins are decided on parsed instants, never on strings. Accepted: ISO 8601 (with
``Z``, an offset or none), RFC 2822 (HTTP, e-mail, RSS: ``Wed, 02 Apr 2025 09:30:00 +0200``)
and German dates (``02.04.2025, 09:30 Uhr``, ``2. April 2025 9.30 Uhr``). A time without an
offset is read as German local time (Europe/Berlin, with its summer time); a date without a
time as the start of that day there.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import cache

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("januar", "jänner", "jan"),
            ("februar", "feber", "feb"),
            ("märz", "maerz", "mär", "mrz"),
            ("april", "apr"),
            ("mai",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("dezember", "dez"),
        ],
        start=1,
    )
    for m in names
}

_NUMERIC = re.compile(
    r"(?P<d>\d{1,2})\.\s*(?P<m>\d{1,2})\.\s*(?P<y>\d{4})"
    r"(?:[,\s]+(?:um\s+)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?)?"
)
_WORDED = re.compile(
    r"(?P<d>\d{1,2})\.\s*(?P<m>[A-Za-zäÄ]+)\.?\s+(?P<y>\d{4})"
    r"(?:[,\s]+(?:um\s+)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?)?"
)


@cache
def _local() -> tzinfo:
    """Europe/Berlin, or (without the tz database) CET as a fixed offset."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Berlin")
    except Exception:  # pragma: no cover - no tzdata on the machine
        return timezone(timedelta(hours=1), "CET")


def parse_published(value: str | None) -> datetime | None:
    """The instant ``value`` names, in UTC; ``None`` when it names none we can read."""
    if not value:
        return None
    text = " ".join(str(value).split())[:80]
    for parse in (_iso, _rfc2822, _german):
        found = parse(text)
        if found is not None:
            return found.astimezone(UTC)
    return None


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=_local())


def _iso(text: str) -> datetime | None:
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    if len(candidate) >= 10 and candidate[4] == "-":
        try:
            return _aware(datetime.fromisoformat(candidate))
        except ValueError:
            return None
    return None


def _rfc2822(text: str) -> datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        return None
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def _german(text: str) -> datetime | None:
    m = _NUMERIC.search(text)
    month: int | None = None
    if m is not None:
        month = int(m["m"])
    else:
        m = _WORDED.search(text)
        if m is not None:
            month = _MONTHS.get(m["m"].casefold().rstrip("."))
    if m is None or month is None:
        return None
    try:
        return datetime(
            int(m["y"]),
            month,
            int(m["d"]),
            int(m["H"] or 0),
            int(m["M"] or 0),
            int(m["S"] or 0),
            tzinfo=_local(),
        )
    except ValueError:
        return None


def iso_utc(dt: datetime | None) -> str | None:
    """``2025-04-02T05:30:00Z``: the form the JSON and the tables carry."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if dt is not None else None
