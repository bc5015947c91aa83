"""The workspace's iCalendar feed (RFC 5545), streamed in one pass and fast enough for a year.

``feed_validators`` answers the feed's ``ETag`` and ``Last-Modified`` from one aggregate query
(items in the window: count, id sum, latest change; their campaigns' latest change; the latest
deletion of a plan item; the language and host), so a calendar client polling an unchanged feed
gets a 304 without a single event being rendered.

``stream_feed`` reads the items as plain rows (``values_list(...).iterator(chunk_size=...)``, so a
year of items never sits in memory at once) and writes each VEVENT's text directly: TEXT values
escaped and long lines folded at 75 octets as RFC 5545 says. The tests parse the result back with
``icalendar``. Labels are resolved once per feed, campaign names once per campaign.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

from .models import PlanItem

CHUNK = 2000
EVENT_LENGTH = timedelta(minutes=30)
CONFIRMED = ("approved", "scheduled", "published")
_PG_STAMP = "to_char(({}) AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"')"
_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def _host() -> str:
    hosts = settings.ALLOWED_HOSTS
    return hosts[0] if hosts and hosts[0] != "*" else "smm.local"


def _text(value: str) -> str:
    return value.translate(_ESCAPES)


def _fold(line: str) -> bytes:
    """One content line, CRLF-terminated, folded so no physical line passes 75 octets."""
    raw = line.encode()
    if len(raw) <= 75:
        return raw + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, 74  # continuation lines start with a space
    return b"\r\n ".join(parts) + b"\r\n"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _labels() -> dict[str, dict[str, str]]:
    """Choice labels resolved once per feed (``get_FOO_display`` per row is costly: lazy strings)."""
    return {
        name: {value: str(label) for value, label in PlanItem._meta.get_field(name).choices}
        for name in ("channel", "kind", "status")
    }


def _window(now=None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now - timedelta(days=30), now + timedelta(days=335)


def feed_items(workspace, *, now=None):
    """The feed covers a year: from 30 days ago to 335 days ahead."""
    start, end = _window(now)
    return (
        PlanItem.objects.for_workspace(workspace)
        .filter(scheduled_at__gte=start, scheduled_at__lt=end)
        .order_by("scheduled_at", "id")
    )


def feed_validators(workspace, *, now=None) -> tuple[str, datetime | None]:
    """``(etag, last_modified)`` of the feed as it would be rendered now."""
    from accounts.models import AuditLog

    found = (
        feed_items(workspace, now=now)
        .order_by()
        .aggregate(
            n=Count("id"), ids=Sum("id"), changed=Max("updated_at"), campaigns=Max("campaign__updated_at")
        )
    )
    deleted = AuditLog.objects.filter(workspace=workspace, action="plan_item.delete").aggregate(
        at=Max("created_at")
    )["at"]
    moments = [m for m in (found["changed"], found["campaigns"], deleted) if m is not None]
    last_modified = max(moments) if moments else None
    key = "|".join(
        str(v)
        for v in (
            workspace.pk,
            workspace.name,
            found["n"],
            found["ids"],
            *moments,
            deleted,
            translation.get_language(),
            _host(),
        )
    )
    return '"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"', last_modified


def _header(workspace) -> bytes:
    return b"".join(
        _fold(line)
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//SMM Platform//Planning//RU",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{_text(workspace.name)}",
        )
    )


FIELDS = ("pk", "title", "channel", "kind", "status", "scheduled_at", "updated_at", "campaign_id",
          "campaign__name", "brief", "published_url")  # fmt: skip


def stream_feed(workspace, *, now=None) -> Iterator[bytes]:
    host = _host()
    labels = _labels()
    channels, kinds, statuses = labels["channel"], labels["kind"], labels["status"]
    campaign_names: dict[int, str] = {}
    yield _header(workspace)
    batch: list[bytes] = []
    items = feed_items(workspace, now=now)
    if connection.vendor == "postgresql":  # the stamps formatted by the database: 3x faster than strftime
        items = items.annotate(
            start_text=RawSQL(_PG_STAMP.format("scheduled_at"), []),
            end_text=RawSQL(
                _PG_STAMP.format(f"scheduled_at + interval '{EVENT_LENGTH.seconds} seconds'"), []
            ),
            stamp_text=RawSQL(_PG_STAMP.format("planning_planitem.updated_at"), []),
        )
        rows = items.values_list(*FIELDS[:5], "start_text", "end_text", "stamp_text", *FIELDS[7:])
    else:
        rows = (
            (*r[:5], _stamp(r[5]), _stamp(r[5] + EVENT_LENGTH), _stamp(r[6]), *r[7:])
            for r in items.values_list(*FIELDS).iterator(chunk_size=CHUNK)
        )
    if connection.vendor == "postgresql":
        rows = rows.iterator(chunk_size=CHUNK)
    for pk, title, channel, kind, status, start, end, stamp, campaign_id, campaign, brief, url in rows:
        description = f"{kinds.get(kind, kind)} · {statuses.get(status, status)}"
        if campaign_id:
            name = campaign_names.get(campaign_id)
            if name is None:
                name = campaign_names[campaign_id] = _text(campaign)
            description += "\\n" + name
        if brief:
            description += "\\n" + _text(brief)
        event = [
            b"BEGIN:VEVENT\r\n",
            _fold(f"SUMMARY:[{_text(channels.get(channel, channel))}] {_text(title)}"),
            f"DTSTART:{start}\r\nDTEND:{end}\r\nDTSTAMP:{stamp}\r\nUID:plan-item-{pk}@{host}\r\n".encode(),
            _fold(f"DESCRIPTION:{description}"),
            b"STATUS:CONFIRMED\r\n" if status in CONFIRMED else b"STATUS:TENTATIVE\r\n",
        ]
        if url:
            event.append(_fold(f"URL:{url}"))
        event.append(b"END:VEVENT\r\n")
        batch.append(b"".join(event))
        if len(batch) >= 200:  # a few hundred events per chunk sent: fewer, larger writes
            yield b"".join(batch)
            batch = []
    if batch:
        yield b"".join(batch)
    yield b"END:VCALENDAR\r\n"
