"""In-app notifications: only one's own, read and read-all, the unread badge."""

import pytest

from planning.models import Notification

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workspaces/acme/notifications/"


def test_notifications_list_only_own_and_mark_read(personas, api_as):
    mine = NotificationFactory(
        workspace=personas.workspace, recipient=personas.viewer, message="Вам назначено"
    )
    NotificationFactory(workspace=personas.workspace, recipient=personas.manager, message="Не ваше")
    client = api_as(personas.viewer)
    listed = client.get(BASE).json()["results"]
    assert [n["message"] for n in listed] == ["Вам назначено"]
    assert client.post(f"{BASE}{mine.pk}/read/").json() == {"marked": 1}
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    other = Notification.objects.get(recipient=personas.manager)
    assert client.post(f"{BASE}{other.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_notifications_read_all_and_badge(personas, api_as, client):
    NotificationFactory.create_batch(3, workspace=personas.workspace, recipient=personas.marketer)
    client.force_login(personas.marketer)
    page = client.get("/w/acme/plan/notifications/").content.decode()
    assert 'data-testid="unread-count">3<' in page
    assert api_as(personas.marketer).post(f"{BASE}read-all/").json() == {"marked": 3}
    assert 'data-testid="unread-count"' not in client.get("/w/acme/plan/notifications/").content.decode()


def test_notifications_page_viewer_can_mark_read(personas, client):
    NotificationFactory(workspace=personas.workspace, recipient=personas.viewer)
    client.force_login(personas.viewer)
    assert client.post("/w/acme/plan/notifications/").status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
