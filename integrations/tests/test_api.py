"""The webhooks API: owners and webhooks:write tokens manage subscriptions and their log."""

from __future__ import annotations

import pytest

from accounts.models import AuditLog
from integrations.models import WebhookDelivery, WebhookSubscription

from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workspaces/acme/webhooks/"
DELIVERIES = "/api/v1/workspaces/acme/webhook-deliveries/"


def test_owner_creates_subscription_with_generated_secret(personas, api_as):
    response = api_as(personas.owner).post(
        BASE,
        {
            "url": "https://crm.example.com/smm",
            "events": ["mention.created", "incident.opened"],
            "description": "amoCRM",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    sub = WebhookSubscription.objects.get()
    assert body == {
        "id": sub.pk,
        "url": "https://crm.example.com/smm",
        "description": "amoCRM",
        "events": ["incident.opened", "mention.created"],
        "is_active": True,
        "secret": sub.secret,
        "previous_secret_expires_at": None,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    # Location is the new subscription's own API URL, not the subscriber's address (D7).
    assert response["Location"] == f"http://testserver/api/v1/workspaces/acme/webhooks/{sub.pk}/"
    assert sub.workspace == personas.workspace
    assert sub.created_by == personas.owner
    assert AuditLog.objects.filter(action="webhook.created", actor=personas.owner).count() == 1


def test_create_refuses_unknown_event_and_private_url(personas, api_as, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    response = api_as(personas.owner).post(
        BASE, {"url": "http://192.168.0.10/hook", "events": ["mention.deleted"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The request is invalid."
    assert set(response.json()["errors"]) == {"events"}
    response = api_as(personas.owner).post(
        BASE, {"url": "http://192.168.0.10/hook", "events": ["mention.created"]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["url"]
    assert WebhookSubscription.objects.count() == 0


@pytest.mark.parametrize("role", ["manager", "marketer", "viewer"])
def test_non_owner_member_gets_403_on_read_and_write(personas, api_as, role):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    client = api_as(personas.member(role))
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{sub.pk}/").status_code == 403
    assert (
        client.post(
            BASE, {"url": "https://x.example.com", "events": ["mention.created"]}, format="json"
        ).status_code
        == 403
    )
    assert client.delete(f"{BASE}{sub.pk}/").status_code == 403
    assert client.post(f"{DELIVERIES}1/redeliver/").status_code == 403
    assert WebhookSubscription.objects.count() == 1


def test_outsider_gets_404(personas, api_as):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    client = api_as(personas.outsider)
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}{sub.pk}/").status_code == 404
    assert client.delete(f"{BASE}{sub.pk}/").status_code == 404
    # Their own workspace does not show the victim's subscription either.
    assert client.get(f"/api/v1/workspaces/other/webhooks/{sub.pk}/").status_code == 404


def test_token_with_webhooks_write_manages_and_read_token_cannot(personas, token_client):
    writer = token_client(["webhooks:write"])
    response = writer.post(
        BASE, {"url": "https://crm.example.com/in", "events": ["report.completed"]}, format="json"
    )
    assert response.status_code == 201
    sub_id = response.json()["id"]
    assert writer.get(BASE).json()["count"] == 1
    entry = AuditLog.objects.get(action="webhook.created")
    assert (entry.actor, entry.token) == (None, writer.token)
    reader = token_client(["read"])
    assert reader.get(BASE).status_code == 403  # answers carry signing secrets
    assert reader.patch(f"{BASE}{sub_id}/", {"is_active": False}, format="json").status_code == 403


def test_patch_changes_only_given_fields_and_audits(personas, api_as):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, events=["mention.created"])
    response = api_as(personas.owner).patch(f"{BASE}{sub.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200
    sub.refresh_from_db()
    assert (sub.is_active, sub.events) == (False, ["mention.created"])
    assert AuditLog.objects.get(action="webhook.updated").changes == {"is_active": [True, False]}


def test_delete_removes_subscription_and_log(personas, api_as):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    WebhookDeliveryFactory(subscription=sub)
    assert api_as(personas.owner).delete(f"{BASE}{sub.pk}/").status_code == 204
    assert (WebhookSubscription.objects.count(), WebhookDelivery.objects.count()) == (0, 0)


def test_deliveries_of_subscription_paginated_and_filtered(personas, api_as):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    other = WebhookSubscriptionFactory(workspace=personas.workspace)
    ok = WebhookDeliveryFactory(
        subscription=sub, status="succeeded", last_status_code=200, delivered_at="2026-01-01T00:00:00Z"
    )
    failed = WebhookDeliveryFactory(subscription=sub, status="failed")
    WebhookDeliveryFactory(subscription=other)
    client = api_as(personas.owner)
    body = client.get(f"{BASE}{sub.pk}/deliveries/").json()
    assert body["count"] == 2
    assert [d["id"] for d in body["results"]] == [failed.pk, ok.pk]
    assert set(body["results"][0]) >= {
        "event",
        "status",
        "attempts",
        "last_status_code",
        "last_response_ms",
        "last_error",
        "event_id",
    }
    body = client.get(f"{BASE}{sub.pk}/deliveries/?status=succeeded").json()
    assert [d["id"] for d in body["results"]] == [ok.pk]
    response = client.get(f"{BASE}{sub.pk}/deliveries/?status=exploded")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_redeliver_endpoint_queues_new_delivery(personas, api_as, receiver, allow_loopback):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url())
    original = WebhookDeliveryFactory(subscription=sub, status="failed")
    response = api_as(personas.owner).post(f"{DELIVERIES}{original.pk}/redeliver/")
    assert response.status_code == 202
    body = response.json()
    assert (body["redelivery_of"], body["event_id"]) == (original.pk, str(original.event_id))
    # The API client runs the request outside a test transaction callback: the task ran on commit.
    assert WebhookDelivery.objects.filter(redelivery_of=original).count() == 1


def test_redeliver_pending_delivery_is_409(personas, api_as):
    delivery = WebhookDeliveryFactory(
        subscription=WebhookSubscriptionFactory(workspace=personas.workspace), status="pending"
    )
    response = api_as(personas.owner).post(f"{DELIVERIES}{delivery.pk}/redeliver/")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["errors"] == {"status": [{"message": "pending", "code": "conflict"}]}


def test_send_test_event_endpoint(personas, api_as):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    response = api_as(personas.owner).post(f"{BASE}{sub.pk}/test/")
    assert response.status_code == 202
    assert response.json()["event"] == "webhook.test"
    assert WebhookDelivery.objects.get().event == "webhook.test"


def test_rotate_secret_changes_it(personas, api_as):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    old = sub.secret
    response = api_as(personas.owner).post(f"{BASE}{sub.pk}/rotate-secret/")
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.secret != old
    assert response.json()["secret"] == sub.secret


def test_delivery_list_of_other_workspace_hidden(personas, api_as):
    WebhookDeliveryFactory(subscription=WebhookSubscriptionFactory(workspace=personas.other_workspace))
    assert api_as(personas.owner).get(DELIVERIES).json()["count"] == 0


@pytest.mark.parametrize("rows", [1, 30])
def test_list_endpoints_run_constant_queries(personas, api_as, django_assert_num_queries, rows):
    client = api_as(personas.owner)
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    for _ in range(rows):
        WebhookSubscriptionFactory(workspace=personas.workspace)
        WebhookDeliveryFactory(subscription=sub)
    client.get(BASE)  # the token's first use records last_used_at
    # token lookup, membership, count, page
    with django_assert_num_queries(4):
        assert client.get(BASE).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(DELIVERIES).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(f"{BASE}{sub.pk}/deliveries/").status_code == 200


def test_delivery_date_filters_accept_any_offset_and_refuse_impossible_dates(personas, api_as):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    delivery = WebhookDeliveryFactory(subscription=sub)
    client = api_as(personas.owner)
    # -16:50 is a valid ISO offset that PostgreSQL cannot take as is.
    body = client.get(f"{DELIVERIES}?created_after=2020-01-01T00:00:00-16:50").json()
    assert [d["id"] for d in body["results"]] == [delivery.pk]
    response = client.get(f"{DELIVERIES}?created_before=0001-01-01T00:00:00%2B05:00")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["created_before"]
