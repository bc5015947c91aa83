"""Client share links (public page by secret) and the iCalendar feed (public URL by secret)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar

from campaigns.enums import Channel
from planning import services
from planning.models import ClientDecision, PlanItemComment

from .factories import CampaignFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


def _link(personas, **kwargs):
    campaign = CampaignFactory(workspace=personas.workspace)
    today = timezone.localdate()
    link, secret = services.share_link_create(
        workspace=personas.workspace,
        actor=personas.marketer,
        campaign=campaign,
        starts_on=today,
        ends_on=today + timedelta(days=10),
        **kwargs,
    )
    return link, secret, campaign


def test_share_link_api_shows_url_once_and_stores_hash(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    client = api_as(personas.marketer)
    response = client.post(
        "/api/v1/workspaces/acme/share-links/",
        {"campaign": campaign.pk, "starts_on": "2030-01-01", "ends_on": "2030-01-31", "days": 7},
        format="json",
    )
    assert response.status_code == 201
    url = response.json()["url"]
    assert "/w/acme/plan/shared/" in url
    secret = url.rstrip("/").rsplit("/", 1)[1]
    listed = client.get("/api/v1/workspaces/acme/share-links/").json()["results"]
    assert listed[0]["url"] is None
    assert secret not in str(listed)


def test_shared_page_client_approves_item_with_name(personas, client):
    _link_obj, secret, campaign = _link(personas)
    item = PlanItemFactory(
        workspace=personas.workspace,
        campaign=campaign,
        title="Пост про багет",
        assignee=personas.marketer,
        scheduled_at=timezone.now() + timedelta(days=2),
    )
    outside = PlanItemFactory(
        workspace=personas.workspace,
        campaign=campaign,
        title="Не в периоде",
        scheduled_at=timezone.now() + timedelta(days=40),
    )
    url = f"/w/acme/plan/shared/{secret}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Пост про багет" in page.content.decode() and "Не в периоде" not in page.content.decode()
    response = client.post(
        url,
        {"item": item.pk, "client_name": "Ирина (клиент)", "decision": "approved", "comment": "Всё хорошо"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.client_decision == "approved" and item.client_decision_by == "Ирина (клиент)"
    assert ClientDecision.objects.get().client_name == "Ирина (клиент)"
    assert PlanItemComment.objects.get().author_name == "Ирина (клиент)"
    client.post(url, {"item": outside.pk, "client_name": "Ирина", "decision": "rejected"})
    outside.refresh_from_db()
    assert outside.client_decision == ""


def test_shared_page_expired_or_revoked_is_410_unknown_404(personas, client):
    link, secret, _campaign = _link(personas)
    assert client.get("/w/acme/plan/shared/wrong/").status_code == 404
    services.share_link_revoke(link=link, actor=personas.marketer)
    assert client.get(f"/w/acme/plan/shared/{secret}/").status_code == 410
    link2, secret2, _c = _link(personas)
    link2.expires_at = timezone.now() - timedelta(minutes=1)
    link2.save()
    response = client.post(
        f"/w/acme/plan/shared/{secret2}/", {"item": 1, "client_name": "x", "decision": "approved"}
    )
    assert response.status_code == 410
    assert ClientDecision.objects.count() == 0


def test_calendar_feed_api_url_and_rotation(personas, api_as, client):
    item = PlanItemFactory(
        workspace=personas.workspace, title="Пасхальный пост", scheduled_at=timezone.now() + timedelta(days=5)
    )
    PlanItemFactory(workspace=personas.other_workspace, title="Чужой пост")
    api = api_as(personas.manager)
    url = api.get("/api/v1/workspaces/acme/calendar-feed/").json()["url"]
    path = url.split("testserver", 1)[-1].replace("http://127.0.0.1:8000", "")
    response = client.get(path)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(b"".join(response.streaming_content))
    events = calendar.walk("VEVENT")
    with translation.override(settings.LANGUAGE_CODE):  # the feed speaks the site's language
        vk = str(Channel.VK.label)
    assert [str(e["SUMMARY"]) for e in events] == [f"[{vk}] Пасхальный пост"]
    assert str(events[0]["UID"]).startswith(f"plan-item-{item.pk}@")
    rotated = api.post("/api/v1/workspaces/acme/calendar-feed/").json()["url"]
    assert rotated != url
    assert client.get(path).status_code == 404
    assert api_as(personas.viewer).post("/api/v1/workspaces/acme/calendar-feed/").status_code == 403
    assert api_as(personas.outsider).get("/api/v1/workspaces/acme/calendar-feed/").status_code == 404


def test_calendar_feed_wrong_slug_is_404(personas, client):
    feed = services.calendar_feed_get(workspace=personas.workspace, user=personas.owner)
    token = services.calendar_feed_token(feed)
    assert client.get(f"/w/other/plan/feed/{token}.ics").status_code == 404
    assert client.get(f"/w/acme/plan/feed/{token}.ics").status_code == 200


def test_feed_and_sharing_links_follow_the_request_host(personas, api_as, client, settings):
    """With the demo on another port the pasted calendar subscription must not point at :8000."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    api = api_as(personas.manager)
    url = api.get("/api/v1/workspaces/acme/calendar-feed/", HTTP_HOST="127.0.0.1:8101").json()["url"]
    assert url.startswith("http://127.0.0.1:8101/")
    client.force_login(personas.manager)
    page = client.get("/w/acme/plan/sharing/", HTTP_HOST="127.0.0.1:8101").content.decode()
    assert "http://127.0.0.1:8101/" in page and "127.0.0.1:8000" not in page
