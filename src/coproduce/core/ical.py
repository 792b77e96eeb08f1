"""iCalendar (RFC 5545) files: the one helper for every "add to my calendar" the platform offers.

Hand-written rather than a dependency because the part we need is small and the rules that matter are few:

- lines end with CRLF (3.1), and a line longer than 75 octets is folded: CRLF then one space, never splitting a
  UTF-8 character (Welsh ŵ and ŷ are two octets each, so counting characters would overflow);
- TEXT values escape backslash, semicolon and comma with a backslash, and a line break becomes ``\\n`` (3.3.11);
  other control characters are not allowed in TEXT and are dropped;
- DTSTAMP is in UTC (3.8.7.2); times are either UTC (``…Z``) or local to Europe/London with ``TZID``, in which case
  the calendar carries that zone's VTIMEZONE (3.2.19 says a TZID must have one); an all-day event uses
  ``VALUE=DATE`` and its DTEND is the day after the last day (3.6.1).

Text is normalised to NFC first, so that a circumflex typed as a combining mark becomes one character, as
calendar clients expect. Datetimes must be timezone-aware: a naive one is a bug, and guessing its zone would put
a meeting an hour out for half the year.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//coproduce//coproduce//EN"
UTC = "UTC"
LONDON = "Europe/London"

# Europe/London since 1996 (EU summer time): the last Sunday of March at 01:00 UTC to the last Sunday of October.
LONDON_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Event:
    """One VEVENT. ``start``/``end`` are both aware datetimes or both dates (all day: ``end`` is the last day).

    ``uid`` must be unique and stable for the thing it describes (say ``f"event-{pk}@{host}"``), so that a
    changed or cancelled event replaces the copy already in someone's calendar; raise ``sequence`` on each change.
    """

    uid: str
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = ""  # "CONFIRMED", "TENTATIVE" or "CANCELLED"
    sequence: int = 0


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: NFC, line breaks as \\n, backslash, semicolon and comma escaped."""
    value = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line to at most 75 octets per physical line, splitting only between characters."""
    lines: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        octets = len(ch.encode("utf-8"))
        if size + octets > MAX_OCTETS:
            lines.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += octets
    lines.append("".join(current))
    return CRLF.join(lines)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: dt.datetime | dt.date, tz: str) -> str:
    if not isinstance(value, dt.datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    if timezone.is_naive(value):
        raise ValueError(f"{name} must be timezone-aware.")
    if tz == LONDON:
        return f"{name};TZID={LONDON}:{value.astimezone(ZoneInfo(LONDON)):%Y%m%dT%H%M%S}"
    return f"{name}:{_utc(value)}"


def _event_lines(event: Event, tz: str, stamp: dt.datetime) -> list[str]:
    all_day = not isinstance(event.start, dt.datetime)
    if event.end is not None and all_day != (not isinstance(event.end, dt.datetime)):
        raise ValueError("start and end must both be dates or both be datetimes.")
    lines = ["BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{_utc(stamp)}"]
    lines.append(_when("DTSTART", event.start, tz))
    if event.end is not None:
        # An all-day event's DTEND is exclusive: the day after its last day.
        end = event.end + dt.timedelta(days=1) if all_day else event.end
        lines.append(_when("DTEND", end, tz))
    if event.sequence:
        lines.append(f"SEQUENCE:{int(event.sequence)}")
    if event.status:
        lines.append(f"STATUS:{event.status.upper()}")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str = "", tz: str = UTC, stamp: dt.datetime | None = None) -> str:
    """A VCALENDAR holding the events, as text with CRLF line ends (encode it as UTF-8).

    ``tz`` is ``UTC`` (times written as UTC) or ``Europe/London`` (local times with TZID, which calendar clients
    keep right across the clock change for repeating or later-edited events).
    """
    if tz not in (UTC, LONDON):
        raise ValueError(f"Unsupported time zone {tz!r}: use {UTC!r} or {LONDON!r}.")
    stamp = stamp or timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    if tz == LONDON:
        lines.extend(LONDON_VTIMEZONE)
    for event in events:
        lines.extend(_event_lines(event, tz, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def calendar_response(
    events: Iterable[Event], filename: str, *, name: str = "", tz: str = UTC, as_attachment: bool = True
) -> HttpResponse:
    """An HttpResponse serving the calendar as ``text/calendar; charset=utf-8`` under ``filename`` (``.ics``)."""
    response = HttpResponse(
        calendar(events, name=name, tz=tz).encode("utf-8"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response
