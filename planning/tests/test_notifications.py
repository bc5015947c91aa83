"""Planning notifies through the shared notification centre: the right people, once each, each in
their own language, with a link back to the item."""

import pytest

from accounts.models import Notification

from .factories import PlanItemFactory

pytestmark = pytest.mark.django_db


def test_review_request_reaches_each_approver_once_in_their_language(personas, api_as):
    personas.manager.language = "en"
    personas.manager.save(update_fields=["language"])
    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    item = PlanItemFactory(workspace=personas.workspace, status="draft", title="Блины")
    response = api_as(personas.marketer).post(
        f"/api/v1/workspaces/acme/plan-items/{item.pk}/transition/", {"status": "in_review"}, format="json"
    )
    assert response.status_code == 200
    rows = Notification.objects.filter(kind="planning.review_requested")
    assert sorted(n.user_id for n in rows) == sorted([personas.manager.pk, personas.owner.pk])
    titles = {n.user_id: n.title for n in rows}
    assert titles[personas.manager.pk] == "“Блины” waits for your review."
    assert titles[personas.owner.pk] == "«Блины» ждёт вашего согласования."
    assert all(n.workspace == personas.workspace and f"/items/{item.pk}/" in n.url for n in rows)
    assert not Notification.objects.filter(user=personas.marketer).exists()
