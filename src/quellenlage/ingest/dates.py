"""Dates as pages and inputs write them → ISO 8601, keeping the time zone when one is given.

"2024-03-05T10:00:00+01:00", "2024-03-05T09:00:00Z", "Tue, 05 Mar 2024 10:00:00 +0100",
"05.03.2024, 10:00 Uhr", "5. März 2024" all become ISO 8601: with time and UTC offset when
the source has them, with time alone when it has no zone (never an invented zone), and the
bare date when there is no time. What cannot be read is ``None``, never a guess.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("januar", "jan", "jänner", "jän", "january"),
            ("februar", "feb", "feber", "february"),
            ("märz", "mär", "mrz", "march", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "october", "oct"),
            ("november", "nov"),
            ("dezember", "dez", "december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MAX_DATE_CHARS = 80
_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$",
    re.I,
)
_GERMAN = re.compile(
    r"(\d{1,2})\.\s?(\d{1,2}|[A-Za-zäÄ]+)\.?\s?(\d{4})"
    r"(?:\D{0,6}?(\d{1,2})[:.](\d{2})(?:\s?uhr)?)?",
    re.I,
)


def iso_date(value: str | None) -> str | None:
    """``value`` as ISO 8601 (see the module docstring), or ``None``."""
    if not value:
        return None
    text = value.strip()
    if len(text) > _MAX_DATE_CHARS:
        return None  # no date is that long; and the patterns below stay cheap
    m = _ISO.match(text)
    if m:
        return _from_iso(m)
    if re.match(r"[A-Za-z]{3},?\s+\d", text):
        try:
            return parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError, IndexError):
            return None
    m = _GERMAN.search(text)
    if m:
        return _from_german(m)
    return None


def _from_iso(m: re.Match[str]) -> str | None:
    year, month, day, hour, minute, second, zone = m.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day)).isoformat()
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    if zone:
        moment = moment.replace(tzinfo=_zone(zone))
    return moment.isoformat()


def _zone(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _from_german(m: re.Match[str]) -> str | None:
    day, month_text, year, hour, minute = m.groups()
    if month_text.isdigit():
        month = int(month_text)
    else:
        month = _MONTHS.get(month_text.casefold().rstrip("."), 0)
    try:
        if hour is None:
            return date(int(year), month, int(day)).isoformat()
        return datetime(int(year), month, int(day), int(hour), int(minute)).isoformat()
    except ValueError:
        return None
