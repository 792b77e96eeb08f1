"""The iCal helper writes RFC 5545: escaped text, lines folded at 75 octets (not characters), CRLF line ends.

The `icalendar` package is not a dependency, so the round trip below unfolds and unescapes by hand, following
RFC 5545 3.1 and 3.3.11 literally.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from coproduce.core import ical

STAMP = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)
LONDON = ZoneInfo("Europe/London")


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare LF
    assert "\r" not in text.replace("\r\n", "")  # no bare CR
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def properties(text: str) -> dict[str, str]:
    """Name (with parameters) → value, for a calendar holding one event."""
    return dict(line.split(":", 1) for line in unfold(text))


def test_text_is_escaped():
    assert ical.escape_text("Room 3, Ty Glas; back\\door\nfloor 2\r\nlift") == (
        "Room 3\\, Ty Glas\\; back\\\\door\\nfloor 2\\nlift"
    )
    assert ical.escape_text("bell\x07 tab\t") == "bell tab\t"  # control characters other than tab are not TEXT


def test_combining_marks_become_one_character():
    assert ical.escape_text("Caerdydd gw\u0302yl") == "Caerdydd g\u0175yl"


def test_folding_counts_octets_and_never_splits_a_welsh_character():
    line = "SUMMARY:" + "ŵŷ" * 60  # 8 + 240 octets
    folded = ical.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    for p in physical:
        p.encode("utf-8").decode("utf-8")  # each physical line is whole characters
    assert folded.replace("\r\n ", "") == line
    assert ical.fold("SHORT:line") == "SHORT:line"
    exactly = "X:" + "a" * 73
    assert ical.fold(exactly) == exactly and ical.fold(exactly + "b") == exactly + "\r\n b"


def test_a_calendar_in_utc_round_trips():
    description = "Bring your questions; we'll answer them, all of them.\nTe a choffi: ŵ ŷ â. " * 3
    event = ical.Event(
        uid="event-7@coproduce.example",
        summary="Gweithdy: ble mae'r ŵyl?",
        start=dt.datetime(2027, 7, 1, 10, 0, tzinfo=LONDON),
        end=dt.datetime(2027, 7, 1, 12, 30, tzinfo=LONDON),
        description=description,
        location="Neuadd y Dref, Stryd Fawr; Llanfair",
        url="https://coproduce.example/events/7/",
    )
    text = ical.calendar([event], name="Glas, events", stamp=STAMP)
    lines = unfold(text)
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ical.PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    assert lines[-1] == "END:VCALENDAR" and "BEGIN:VTIMEZONE" not in lines
    assert all(len(p.encode()) <= 75 for p in text.split("\r\n"))
    props = properties(text)
    assert props["UID"] == "event-7@coproduce.example"
    assert props["DTSTAMP"] == "20261203T093000Z"
    assert props["DTSTART"] == "20270701T090000Z"  # 10:00 BST
    assert props["DTEND"] == "20270701T113000Z"
    assert unescape(props["SUMMARY"]) == "Gweithdy: ble mae'r ŵyl?"
    assert unescape(props["DESCRIPTION"]) == description
    assert unescape(props["LOCATION"]) == "Neuadd y Dref, Stryd Fawr; Llanfair"
    assert unescape(props["X-WR-CALNAME"]) == "Glas, events"
    assert props["URL"] == "https://coproduce.example/events/7/"


def test_local_times_carry_the_london_zone():
    winter = ical.Event(uid="a@x", summary="Winter", start=dt.datetime(2027, 1, 5, 18, 0, tzinfo=dt.UTC))
    summer = ical.Event(
        uid="b@x", summary="Summer", start=dt.datetime(2027, 7, 5, 17, 0, tzinfo=dt.UTC), status="cancelled", sequence=2
    )
    lines = unfold(ical.calendar([winter, summer], tz=ical.LONDON, stamp=STAMP))
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/London" in lines
    assert lines.index("END:VTIMEZONE") < lines.index("BEGIN:VEVENT")
    assert "DTSTART;TZID=Europe/London:20270105T180000" in lines
    assert "DTSTART;TZID=Europe/London:20270705T180000" in lines  # 17:00 UTC is 18:00 BST
    assert "STATUS:CANCELLED" in lines and "SEQUENCE:2" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2


def test_an_all_day_event_ends_the_day_after_its_last_day():
    event = ical.Event(uid="c@x", summary="Festival", start=dt.date(2027, 8, 2), end=dt.date(2027, 8, 4))
    lines = unfold(ical.calendar([event], stamp=STAMP))
    assert "DTSTART;VALUE=DATE:20270802" in lines and "DTEND;VALUE=DATE:20270805" in lines


@pytest.mark.parametrize(
    "bad",
    [
        {"start": dt.datetime(2027, 1, 1, 10, 0)},  # naive
        {"start": dt.date(2027, 1, 1), "end": dt.datetime(2027, 1, 2, tzinfo=dt.UTC)},
    ],
)
def test_ambiguous_times_are_refused(bad):
    with pytest.raises(ValueError):
        ical.calendar([ical.Event(uid="d@x", summary="?", **bad)], stamp=STAMP)


def test_other_zones_are_refused():
    with pytest.raises(ValueError):
        ical.calendar([], tz="America/New_York")


def test_the_response_is_a_utf8_calendar_file():
    event = ical.Event(uid="e@x", summary="Cyfarfod ŵyn", start=dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC))
    response = ical.calendar_response([event], "cyfarfod.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cyfarfod.ics"'
    body = response.content.decode("utf-8")
    assert "SUMMARY:Cyfarfod ŵyn\r\n" in body
    inline = ical.calendar_response([event], "Gŵyl.ics", as_attachment=False)
    assert inline["Content-Disposition"].startswith("inline; filename*=utf-8''")
