"""Mentions API: bulk ingest (idempotent, 413, row errors), filters, triage actions, webhook,
permissions and constant query counts."""

import hashlib
import hmac
import json
import time

import pytest

from accounts.services import integration_token_create
from negativity import services
from negativity.models import Author, Mention, RoutingLog, WebhookSecret

from .factories import MentionFactory

pytestmark = pytest.mark.django_db


def url(ws, suffix="mentions/"):
    return f"/api/v1/workspaces/{ws.slug}/{suffix}"


def row(n, **extra):
    return {
        "source": "vk",
        "external_id": f"vk-{n}",
        "url": f"https://vk.com/wall-1_{n}",
        "author": {"handle": f"user{n}", "created_at": "2019-05-01T00:00:00Z", "followers": 250},
        "text": f"Заказ №{48000 + n} привезли на 2 часа позже, всё остыло. Верните деньги.",
        "published_at": "2026-03-01T10:00:00+03:00",
        "reach": 1200,
        **extra,
    }


def test_post_mentions_stores_classified_rows(personas, api_as):
    response = api_as(personas.marketer).post(url(personas.workspace), [row(1), row(2)], format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 2 and response.json()["updated"] == 0
    m = Mention.objects.get(external_id="vk-1")
    assert (m.workspace, m.source, m.language, m.category, m.sentiment, m.topic) == (
        personas.workspace,
        "vk",
        "ru",
        "natural",
        "negative",
        "delivery",
    )
    assert 30 <= m.risk <= 70
    assert m.sla_deadline is not None
    assert m.author.handle == "user1" and m.author.followers == 250 and m.author.mentions_count == 1


def test_post_mentions_twice_is_idempotent_and_refreshes_counts(personas, api_as):
    client = api_as(personas.marketer)
    client.post(url(personas.workspace), [row(1)], format="json")
    response = client.post(url(personas.workspace), [row(1, reach=5000, likes=40), row(2)], format="json")
    assert response.json()["created"] == 1 and response.json()["updated"] == 1
    assert Mention.objects.filter(workspace=personas.workspace).count() == 2
    assert Mention.objects.get(external_id="vk-1").reach == 5000
    assert Author.objects.get(handle="user1").mentions_count == 1


def test_post_mentions_over_batch_size_is_413_and_stores_nothing(personas, api_as, settings):
    settings.NEGATIVITY_MAX_BATCH = 3
    response = api_as(personas.marketer).post(
        url(personas.workspace), [row(i) for i in range(4)], format="json"
    )
    assert response.status_code == 413
    assert "at most 3" in response.json()["detail"].lower()
    assert response.json()["code"] == "payload_too_large"
    assert Mention.objects.count() == 0


def test_post_mentions_with_bad_rows_is_400_with_row_numbers_and_stores_nothing(personas, api_as, settings):
    settings.NEGATIVITY_MAX_TEXT = 100
    bad = [row(0), row(1, text="x" * 101), row(2, published_at="not a date"), row(0)]
    response = api_as(personas.marketer).post(url(personas.workspace), bad, format="json")
    assert response.status_code == 400
    rows = response.json()["errors"]["rows"]
    assert rows == {
        "1": {"text": [{"message": "At most 100 characters.", "code": "invalid"}]},
        "2": {"published_at": [{"message": "A date and time (ISO 8601) is required.", "code": "invalid"}]},
        "3": {"external_id": [{"message": "Repeats row 0 of this batch.", "code": "invalid"}]},
    }
    assert Mention.objects.count() == 0 and Author.objects.count() == 0


def test_post_mentions_not_a_list_is_400(personas, api_as):
    response = api_as(personas.marketer).post(url(personas.workspace), {"text": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Send a list of mentions."


def test_viewer_cannot_post_mentions(personas, api_as):
    response = api_as(personas.viewer).post(url(personas.workspace), [row(1)], format="json")
    assert response.status_code == 403
    assert Mention.objects.count() == 0


def test_outsider_gets_404(personas, api_as):
    MentionFactory(workspace=personas.workspace)
    assert api_as(personas.outsider).get(url(personas.workspace)).status_code == 404


def test_integration_token_needs_mentions_write_scope(personas, api_client):
    _t, read_key = integration_token_create(
        workspace=personas.workspace, name="r", scopes=["read"], actor=personas.owner
    )
    _t, write_key = integration_token_create(
        workspace=personas.workspace, name="w", scopes=["mentions:write"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {read_key}")
    assert api_client.post(url(personas.workspace), [row(1)], format="json").status_code == 403
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {write_key}")
    assert api_client.post(url(personas.workspace), [row(1)], format="json").status_code == 201


def test_list_filters_by_category_risk_and_source(personas, api_as):
    ws = personas.workspace
    MentionFactory(workspace=ws, category="ordered", risk=90, source="vk")
    MentionFactory(workspace=ws, category="ordered", risk=30, source="vk")
    MentionFactory(workspace=ws, category="positive", risk=0, source="telegram")
    client = api_as(personas.viewer)
    data = client.get(url(ws), {"category": "ordered", "risk_min": 50}).json()
    assert data["count"] == 1 and data["results"][0]["risk"] == 90
    assert client.get(url(ws), {"source": "telegram"}).json()["count"] == 1
    assert client.get(url(ws), {"risk_max": 30}).json()["count"] == 2
    first = client.get(url(ws)).json()["results"][0]
    assert set(first) >= {
        "source",
        "external_id",
        "author",
        "text",
        "language",
        "sentiment",
        "category",
        "topic",
        "risk",
        "status",
        "incident",
        "explanation",
    }


def test_list_runs_constant_queries(personas, api_as, django_assert_num_queries):
    client = api_as(personas.viewer)
    MentionFactory(workspace=personas.workspace)
    client.get(url(personas.workspace))  # the token's first use is recorded once
    with django_assert_num_queries(4) as one:
        client.get(url(personas.workspace))
    for _ in range(15):
        MentionFactory(workspace=personas.workspace)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url(personas.workspace))
    assert response.json()["count"] == 16


def test_correct_endpoint_changes_category_and_records_correction(personas, api_as):
    mention = MentionFactory(workspace=personas.workspace, category="natural")
    response = api_as(personas.marketer).post(
        url(personas.workspace, f"mentions/{mention.pk}/correct/"), {"category": "trolling"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["category"] == "trolling" and response.json()["corrected"] is True
    assert mention.corrections.get().previous_category == "natural"


def test_bulk_endpoint_assigns_and_hides(personas, api_as):
    a, b = MentionFactory(workspace=personas.workspace), MentionFactory(workspace=personas.workspace)
    client = api_as(personas.marketer)
    r = client.post(
        url(personas.workspace, "mentions/bulk/"),
        {"ids": [a.pk, b.pk], "action": "assign", "value": str(personas.marketer.pk)},
        format="json",
    )
    assert r.json() == {"changed": 2}
    client.post(url(personas.workspace, "mentions/bulk/"), {"ids": [b.pk], "action": "hide"}, format="json")
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.assignee, a.status, b.status) == (personas.marketer, "new", "hidden")


def test_bulk_endpoint_ignores_other_workspaces_mentions(personas, api_as):
    foreign = MentionFactory(workspace=personas.other_workspace)
    r = api_as(personas.marketer).post(
        url(personas.workspace, "mentions/bulk/"), {"ids": [foreign.pk], "action": "hide"}, format="json"
    )
    assert r.json() == {"changed": 0}
    foreign.refresh_from_db()
    assert foreign.status == "new"


def _signed(secret, payload, at=None):
    body = json.dumps(payload).encode()
    stamp = int(time.time() if at is None else at)
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={stamp},v1={digest}"


def test_webhook_with_valid_signature_ingests(personas, client):
    secret = services.webhook_secret_rotate(workspace=personas.workspace, actor=personas.owner)
    body, signature = _signed(secret.secret, {"mentions": [row(1)]})
    response = client.post(
        url(personas.workspace, "mentions-inbound/"),
        body,
        content_type="application/json",
        HTTP_X_SIGNATURE=signature,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 201
    assert Mention.objects.get().external_id == "vk-1"


def test_webhook_with_bad_signature_is_401_and_stores_nothing(personas, client):
    services.webhook_secret_rotate(workspace=personas.workspace, actor=personas.owner)
    body, signature = _signed("wrong-secret", [row(1)])
    response = client.post(
        url(personas.workspace, "mentions-inbound/"),
        body,
        content_type="application/json",
        HTTP_X_SIGNATURE=signature,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid signature.", "code": "invalid_signature", "errors": {}}
    assert Mention.objects.count() == 0


def test_webhook_without_secret_is_401(personas, client):
    assert not WebhookSecret.objects.exists()
    body, signature = _signed("x", [row(1)])
    assert (
        client.post(
            url(personas.workspace, "mentions-inbound/"),
            body,
            content_type="application/json",
            HTTP_X_SIGNATURE=signature,
            HTTP_ACCEPT_LANGUAGE="en",
        ).status_code
        == 401
    )


def test_routing_rules_apply_on_arrival_in_order_and_are_logged(personas, api_as):
    ws = personas.workspace
    services.routing_rule_save(
        workspace=ws,
        actor=personas.manager,
        name="Delivery to Olga",
        position=1,
        conditions=[{"field": "topic", "value": "delivery"}],
        actions=[
            {"action": "assign", "value": str(personas.marketer.pk)},
            {"action": "tag", "value": "доставка"},
        ],
    )
    services.routing_rule_save(
        workspace=ws,
        actor=personas.manager,
        name="Stop",
        position=2,
        stop_processing=True,
        conditions=[{"field": "keyword", "value": "остыло"}],
        actions=[{"action": "priority", "value": "high"}],
    )
    services.routing_rule_save(
        workspace=ws,
        actor=personas.manager,
        name="Never",
        position=3,
        conditions=[],
        actions=[{"action": "hide"}],
    )
    api_as(personas.marketer).post(url(ws), [row(1)], format="json")
    m = Mention.objects.get()
    assert (m.assignee, m.tags, m.priority, m.status) == (personas.marketer, ["доставка"], "high", "new")
    assert list(RoutingLog.objects.order_by("pk").values_list("rule_name", flat=True)) == [
        "Delivery to Olga",
        "Stop",
    ]


def test_ingest_emits_mention_created_and_audits(personas, django_capture_on_commit_callbacks):
    from smm_platform.events import domain_event

    seen = []

    def receiver(sender, workspace, event, payload, **kwargs):
        seen.append((event, payload["external_id"]))

    domain_event.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.mentions_ingest(
                workspace=personas.workspace, rows=[row(1)], actor=personas.marketer, schedule_detection=False
            )
    finally:
        domain_event.disconnect(receiver)
    assert seen == [("mention.created", "vk-1")]
    from accounts.models import AuditLog

    assert (
        AuditLog.objects.filter(workspace=personas.workspace, action="mentions.ingested")
        .get()
        .changes["created"]
        == 1
    )


def test_post_mentions_with_foreign_campaign_is_400(personas, api_as):
    from campaigns.tests.factories import CampaignFactory

    own = CampaignFactory(workspace=personas.workspace)
    foreign = CampaignFactory(workspace=personas.other_workspace)
    client = api_as(personas.marketer)
    response = client.post(
        url(personas.workspace), [row(1, campaign=own.pk), row(2, campaign=foreign.pk)], format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["rows"] == {
        "1": {"campaign": [{"message": "No such campaign in this workspace.", "code": "invalid"}]}
    }
    assert (
        client.post(url(personas.workspace), [row(1, campaign=own.pk)], format="json").json()["created"] == 1
    )
    assert Mention.objects.get().campaign == own


def _post_inbound(client, workspace, body, signature, **extra):
    return client.post(
        url(workspace, "mentions-inbound/"),
        body,
        content_type="application/json",
        HTTP_X_SIGNATURE=signature,
        HTTP_ACCEPT_LANGUAGE="en",
        **extra,
    )


def test_webhook_replayed_after_five_minutes_is_401(personas, client):
    secret = services.webhook_secret_rotate(workspace=personas.workspace, actor=personas.owner)
    body, signature = _signed(secret.secret, [row(1)], at=time.time() - 301)
    assert _post_inbound(client, personas.workspace, body, signature).status_code == 401
    body, signature = _signed(secret.secret, [row(1)], at=time.time() + 301)
    assert _post_inbound(client, personas.workspace, body, signature).status_code == 401
    assert Mention.objects.count() == 0


def test_webhook_old_untimed_signature_is_401(personas, client):
    secret = services.webhook_secret_rotate(workspace=personas.workspace, actor=personas.owner)
    body = json.dumps([row(1)]).encode()
    untimed = "sha256=" + hmac.new(secret.secret.encode(), body, hashlib.sha256).hexdigest()
    assert _post_inbound(client, personas.workspace, body, untimed).status_code == 401
    # A timestamp moved forward on a captured signature does not verify either.
    body, signature = _signed(secret.secret, [row(1)], at=time.time() - 100)
    forged = f"t={int(time.time())},v1={signature.split('v1=')[1]}"
    assert _post_inbound(client, personas.workspace, body, forged).status_code == 401
    assert Mention.objects.count() == 0


def test_webhook_is_throttled(personas, client, settings):
    settings.THROTTLE_INBOUND = "3/min"
    codes = [
        _post_inbound(client, personas.workspace, b"[]", "t=1,v1=00", REMOTE_ADDR="203.0.113.5").status_code
        for _ in range(5)
    ]
    assert codes == [401, 401, 401, 429, 429]
