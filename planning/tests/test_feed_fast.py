"""The hand-written iCalendar feed: a real parser (icalendar) reads back exactly what was planned,
awkward text included; an unchanged feed answers 304 to ETag and Last-Modified; any change,
deletion or campaign rename gives a new ETag; the query count does not grow with the items."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from campaigns.tests.factories import CampaignFactory
from planning import services
from planning.tests.factories import PlanItemFactory

pytestmark = pytest.mark.django_db

AWKWARD = "Скидки; 2, 3 и 4 дня — \\ «багет»\nвторая строка " + "очень длинный текст " * 12


def _feed_path(personas) -> str:
    feed = services.calendar_feed_get(workspace=personas.workspace, user=personas.manager)
    return f"/w/{personas.workspace.slug}/plan/feed/{services.calendar_feed_token(feed)}.ics"


def _events(response):
    calendar = Calendar.from_ical(b"".join(response.streaming_content))
    return calendar, {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_feed_parses_back_with_the_planned_text_times_and_links(personas, client):
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    item = PlanItemFactory(
        workspace=personas.workspace,
        title=AWKWARD[:200],
        brief=AWKWARD,
        scheduled_at=when,
        status="approved",
        published_url="",
    )
    other = PlanItemFactory(
        workspace=personas.workspace, title="Второй, простой", scheduled_at=when + timedelta(hours=1)
    )
    PlanItemFactory(workspace=personas.other_workspace, title="Чужой")
    response = client.get(_feed_path(personas))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]) == personas.workspace.name
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 2
    event = next(e for uid, e in events.items() if uid.startswith(f"plan-item-{item.pk}@"))
    assert str(event["SUMMARY"]).endswith("] " + AWKWARD[:200])
    assert str(event["DESCRIPTION"]).split("\n", 1)[1].endswith(AWKWARD)
    assert event.decoded("DTSTART") == when.astimezone(UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    assert str(event["STATUS"]) == "CONFIRMED"
    second = next(e for uid, e in events.items() if uid.startswith(f"plan-item-{other.pk}@"))
    assert str(second["SUMMARY"]).endswith("] Второй, простой")


def test_unchanged_feed_is_304_by_etag_and_by_last_modified(personas, client):
    PlanItemFactory(workspace=personas.workspace, scheduled_at=timezone.now() + timedelta(days=1))
    path = _feed_path(personas)
    first = client.get(path)
    b"".join(first.streaming_content)
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_edit_delete_and_campaign_rename_change_the_etag(personas, client):
    item = PlanItemFactory(workspace=personas.workspace, scheduled_at=timezone.now() + timedelta(days=1))
    campaign = CampaignFactory(workspace=personas.workspace)
    keep = PlanItemFactory(
        workspace=personas.workspace, campaign=campaign, scheduled_at=timezone.now() + timedelta(days=2)
    )
    path = _feed_path(personas)
    seen = [client.get(path)["ETag"]]
    item.title = "Новый заголовок"
    item.save()
    seen.append(client.get(path)["ETag"])
    campaign.name = "Переименованная кампания"
    campaign.save()
    seen.append(client.get(path)["ETag"])
    services.plan_item_delete(item=item, actor=personas.marketer)
    response = client.get(path, HTTP_IF_NONE_MATCH=seen[-1])
    assert response.status_code == 200
    seen.append(response["ETag"])
    assert len(set(seen)) == len(seen)
    _calendar, events = _events(response)
    assert [uid.split("@")[0] for uid in events] == [f"plan-item-{keep.pk}"]


def _feed_queries(personas, client, n: int) -> int:
    start = timezone.now() + timedelta(hours=1)
    for i in range(n):
        PlanItemFactory(workspace=personas.workspace, scheduled_at=start + timedelta(hours=i))
    path = _feed_path(personas)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        events = b"".join(response.streaming_content).count(b"BEGIN:VEVENT")
    assert events >= n
    return len(ctx.captured_queries)


def test_feed_query_count_does_not_grow_with_items(personas, client):
    assert _feed_queries(personas, client, 3) == _feed_queries(personas, client, 40)
