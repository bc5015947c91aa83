"""The workspace's iCalendar feed (RFC 5545, made with ``icalendar``), streamed: items are read
with ``.iterator(chunk_size=...)`` and each VEVENT is serialised as it comes, so a year of items
never sits in memory at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import PlanItem

CHUNK = 2000
EVENT_LENGTH = timedelta(minutes=30)


def _header(workspace) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//SMM Platform//Planning//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", workspace.name)
    raw = cal.to_ical()
    # Everything before END:VCALENDAR: the events are streamed between header and footer.
    return raw[: raw.rindex(b"END:VCALENDAR")]


def _labels() -> dict[str, dict[str, str]]:
    """Choice labels resolved once per feed (``get_FOO_display`` per row is costly: lazy strings)."""
    return {
        name: {value: str(label) for value, label in PlanItem._meta.get_field(name).choices}
        for name in ("channel", "kind", "status")
    }


def _event(item: PlanItem, host: str, labels: dict[str, dict[str, str]]) -> bytes:
    event = Event()
    event.add("uid", f"plan-item-{item.pk}@{host}")
    event.add("dtstamp", item.updated_at)
    event.add("dtstart", item.scheduled_at)
    event.add("dtend", item.scheduled_at + EVENT_LENGTH)
    event.add("summary", f"[{labels['channel'].get(item.channel, item.channel)}] {item.title}")
    description = [
        f"{labels['kind'].get(item.kind, item.kind)} · {labels['status'].get(item.status, item.status)}"
    ]
    if item.campaign_id:
        description.append(item.campaign.name)
    if item.brief:
        description.append(item.brief)
    event.add("description", "\n".join(description))
    event.add("status", "CONFIRMED" if item.status in ("approved", "scheduled", "published") else "TENTATIVE")
    if item.published_url:
        event.add("url", item.published_url)
    return event.to_ical()


def feed_items(workspace, *, now=None):
    """The feed covers a year: from 30 days ago to 335 days ahead."""
    now = now or timezone.now()
    return (
        PlanItem.objects.for_workspace(workspace)
        .filter(scheduled_at__gte=now - timedelta(days=30), scheduled_at__lt=now + timedelta(days=335))
        .select_related("campaign")
        .order_by("scheduled_at", "id")
    )


def stream_feed(workspace, *, now=None) -> Iterator[bytes]:
    host = (
        settings.ALLOWED_HOSTS[0]
        if settings.ALLOWED_HOSTS and settings.ALLOWED_HOSTS[0] != "*"
        else "smm.local"
    )
    labels = _labels()
    yield _header(workspace)
    for item in feed_items(workspace, now=now).iterator(chunk_size=CHUNK):
        yield _event(item, host, labels)
    yield b"END:VCALENDAR\r\n"
