"""M3: an approval vouches for one content and date. Any change of either sends the item back
through approval, and publishing needs an approval that is still in place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from planning import services
from planning.models import PlanItem

from .factories import PlanItemFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workspaces/acme/plan-items/"


def _approved(personas, **extra) -> PlanItem:
    item = PlanItemFactory(workspace=personas.workspace, status="in_review", **extra)
    services.plan_item_transition(item=item, actor=personas.manager, target="approved", can_approve=True)
    item.refresh_from_db()
    assert item.approved_by == personas.manager and item.approved_at is not None
    return item


def test_reproduction_draft_edit_missed_publish_is_409(personas, api_as):
    """Approved -> draft, edit the text, move into the past, beat marks it missed, publish."""
    item = _approved(personas)
    marketer = api_as(personas.marketer)
    assert marketer.post(f"{BASE}{item.pk}/transition/", {"status": "draft"}).status_code == 200
    item.refresh_from_db()
    assert (item.status, item.approved_by, item.approved_at) == ("draft", None, None)
    past = (timezone.now() - timedelta(days=1)).isoformat()
    patched = marketer.patch(f"{BASE}{item.pk}/", {"text": "Никем не одобренный текст", "scheduled_at": past})
    assert patched.status_code == 200
    assert services.plan_items_mark_missed() == 1
    item.refresh_from_db()
    assert item.status == "missed"

    response = marketer.post(f"{BASE}{item.pk}/publish/", {"url": "https://vk.com/wall-1_9"})
    assert response.status_code == 409
    item.refresh_from_db()
    assert (item.status, item.published_url, item.approved_by) == ("missed", "", None)


@pytest.mark.parametrize(
    "change",
    [
        {"text": "Другой текст"},
        {"title": "Другой заголовок"},
        {"channel": "telegram"},
        {"scheduled_at": "2031-01-05T10:00:00+03:00"},
    ],
)
def test_changing_approved_content_or_date_needs_new_approval(personas, api_as, change):
    item = _approved(personas)
    response = api_as(personas.marketer).patch(f"{BASE}{item.pk}/", change)
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.status, item.approved_by, item.approved_at) == ("in_review", None, None)
    publish = api_as(personas.marketer).post(f"{BASE}{item.pk}/publish/", {"url": "https://vk.com/wall-1_2"})
    assert publish.status_code == 409


def test_changing_the_brief_keeps_the_approval(personas, api_as):
    item = _approved(personas)
    response = api_as(personas.marketer).patch(f"{BASE}{item.pk}/", {"brief": "Для внутреннего пользования"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "approved" and item.approved_by == personas.manager


def test_moving_an_approved_item_needs_new_approval(personas, api_as):
    item = _approved(personas, scheduled_at=timezone.now() + timedelta(days=3))
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = api_as(personas.marketer).post(f"{BASE}{item.pk}/move/", {"date": day})
    assert response.status_code == 200 and response.json()["status"] == "in_review"
    item.refresh_from_db()
    assert (item.status, item.approved_by, item.approved_at) == ("in_review", None, None)


def test_scheduled_item_back_to_draft_forgets_the_approval(personas):
    item = _approved(personas)
    services.plan_item_transition(item=item, actor=personas.manager, target="scheduled", can_approve=True)
    services.plan_item_transition(item=item, actor=personas.marketer, target="draft", can_approve=False)
    item.refresh_from_db()
    assert (item.status, item.approved_by, item.approved_at) == ("draft", None, None)


def test_fresh_approval_publishes_with_the_new_approver(personas, api_as):
    item = _approved(personas)
    api_as(personas.marketer).patch(f"{BASE}{item.pk}/", {"text": "Исправленный текст"})
    item.refresh_from_db()
    services.plan_item_transition(item=item, actor=personas.owner, target="approved", can_approve=True)
    response = api_as(personas.marketer).post(f"{BASE}{item.pk}/publish/", {"url": "https://vk.com/wall-1_3"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.status, item.text, item.approved_by) == ("published", "Исправленный текст", personas.owner)
