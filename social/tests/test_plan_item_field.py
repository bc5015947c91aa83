"""``social_account`` on plan items through planning's API (planning.hooks)."""

from __future__ import annotations

import pytest

from planning.models import PlanItem
from planning.tests.factories import PlanItemFactory
from social.models import SocialPost

from .factories import SocialAccountFactory

pytestmark = pytest.mark.django_db


def items_url(ws, suffix=""):
    return f"/api/v1/workspaces/{ws.slug}/plan-items/{suffix}"


def test_marketer_chooses_the_account_of_a_plan_item(personas, api_as):
    account = SocialAccountFactory(workspace=personas.workspace, network="vk")
    item = PlanItemFactory(workspace=personas.workspace, channel="vk")
    client = api_as(personas.marketer)
    answer = client.patch(
        items_url(personas.workspace, f"{item.pk}/"), {"social_account": account.pk}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["social_account"] == account.pk
    assert SocialPost.objects.get(item=item).account == account
    assert client.get(items_url(personas.workspace, f"{item.pk}/")).json()["social_account"] == account.pk
    cleared = client.patch(
        items_url(personas.workspace, f"{item.pk}/"), {"social_account": None}, format="json"
    )
    assert cleared.json()["social_account"] is None
    assert not SocialPost.objects.filter(item=item).exists()


def test_creating_an_item_with_an_account(personas, api_as):
    account = SocialAccountFactory(
        workspace=personas.workspace, network="telegram", external_id="@kolosok_news"
    )
    answer = api_as(personas.marketer).post(
        items_url(personas.workspace),
        {
            "title": "Анонс",
            "channel": "telegram",
            "scheduled_at": "2030-01-10T10:00:00Z",
            "social_account": account.pk,
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    assert SocialPost.objects.get(item_id=answer.json()["id"]).account == account


def test_an_account_of_another_network_is_refused_and_nothing_changes(personas, api_as):
    account = SocialAccountFactory(
        workspace=personas.workspace, network="telegram", external_id="@kolosok_news"
    )
    answer = api_as(personas.marketer).post(
        items_url(personas.workspace),
        {
            "title": "Пост",
            "channel": "vk",
            "scheduled_at": "2030-01-10T10:00:00Z",
            "social_account": account.pk,
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "social_account" in answer.json()["errors"]
    assert not PlanItem.objects.filter(title="Пост").exists()


def test_an_account_of_another_workspace_does_not_exist(personas, api_as):
    foreign = SocialAccountFactory(workspace=personas.other_workspace, network="vk")
    item = PlanItemFactory(workspace=personas.workspace, channel="vk")
    answer = api_as(personas.marketer).patch(
        items_url(personas.workspace, f"{item.pk}/"), {"social_account": foreign.pk}, format="json"
    )
    assert answer.status_code == 400
    assert not SocialPost.objects.exists()


def test_plan_item_list_keeps_a_constant_number_of_queries(personas, api_as, django_assert_max_num_queries):
    client = api_as(personas.viewer)
    account = SocialAccountFactory(workspace=personas.workspace, network="vk")
    first = PlanItemFactory(workspace=personas.workspace, channel="vk")
    SocialPost.objects.create(workspace=personas.workspace, item=first, account=account)
    client.get(items_url(personas.workspace))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(items_url(personas.workspace))
    for _ in range(5):
        extra = PlanItemFactory(workspace=personas.workspace, channel="vk")
        SocialPost.objects.create(workspace=personas.workspace, item=extra, account=account)
    with CaptureQueriesContext(connection) as many:
        rows = client.get(items_url(personas.workspace)).json()["results"]
    assert len(rows) == 6 and all(r["social_account"] == account.pk for r in rows)
    assert len(many.captured_queries) == len(one.captured_queries)


def test_an_item_published_by_hand_cannot_get_an_account(personas, api_as):
    account = SocialAccountFactory(workspace=personas.workspace, network="vk")
    item = PlanItemFactory(
        workspace=personas.workspace,
        channel="vk",
        status="published",
        published_url="https://vk.com/wall-1_1",
    )
    answer = api_as(personas.marketer).patch(
        items_url(personas.workspace, f"{item.pk}/"), {"social_account": account.pk}, format="json"
    )
    assert answer.status_code == 409
    assert not SocialPost.objects.exists()
