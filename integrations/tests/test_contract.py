"""The API contract a CRM relies on (issue 15): an English schema, error codes, strict types,
incremental sync (cursors, updated_since, tombstones), rate-limit headers, secret rotation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Campaign, Conversion, MetricDaily
from campaigns.tests.factories import CampaignFactory
from integrations import rules, services
from integrations.models import DeletedObject, WebhookSubscription

from .factories import WebhookSubscriptionFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workspaces/acme/"


def test_schema_is_english_whatever_accept_language_says(client):
    ru = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    en = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ru == en
    assert not re.search("[\u0400-\u04ff]", ru)


def test_schema_declares_bodies_headers_and_bounds(client):
    schema = client.get("/api/schema/?format=json").json()
    metrics = schema["paths"]["/api/v1/workspaces/{workspace_slug}/metrics/"]["post"]
    body = metrics["requestBody"]["content"]["application/json"]["schema"]
    assert (body["type"], body["minItems"], body["maxItems"]) == ("array", 1, 5000)
    row = schema["components"]["schemas"]["MetricRowInRequest"]
    assert row["required"] == ["campaign", "channel", "date"]
    assert row["properties"]["revenue"]["anyOf"][0]["pattern"] == r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
    assert any(p["name"] == "Idempotency-Key" for p in metrics["parameters"])
    assert {"Idempotent-Replayed", "X-RateLimit-Remaining"} <= set(metrics["responses"]["200"]["headers"])
    assert "Retry-After" in metrics["responses"]["429"]["headers"]
    listing = schema["paths"]["/api/v1/workspaces/{workspace_slug}/campaigns/"]["get"]
    params = {p["name"]: p for p in listing["parameters"]}
    assert params["page"]["schema"]["minimum"] == 1
    assert params["page_size"]["schema"]["maximum"] == 500
    assert {"cursor", "updated_since"} <= set(params)
    plan_items = schema["paths"]["/api/v1/workspaces/{workspace_slug}/plan-items/"]["post"]
    assert list(plan_items["requestBody"]["content"]) == ["application/json"]
    export = schema["paths"]["/api/v1/workspaces/{workspace_slug}/proposals/{id}/export/"]["get"]
    pptx = next(iter(export["responses"]["200"]["content"].values()))
    assert pptx["schema"] == {"type": "string", "format": "binary"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "code", "errors"]


def test_errors_carry_codes_per_error_and_per_field(personas, api_as):
    response = api_as(personas.owner).post(BASE + "webhooks/", {"events": []}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["url"] == [{"message": "This field is required.", "code": "required"}]
    ru = api_as(personas.owner).post(
        BASE + "webhooks/", {"events": []}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert ru.json()["errors"]["url"][0]["code"] == "required"  # codes do not follow the language
    assert ru.json()["errors"]["url"][0]["message"] != "This field is required."


def _conversion(**over):
    row = {
        "external_id": "amo-1",
        "campaign": None,
        "kind": "sale",
        "amount": "10.00",
        "occurred_at": "2026-03-06T12:30:00Z",
    }
    return {**row, **over}


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("external_id", {"a": 1}, "invalid"),
        ("external_id", True, "invalid"),
        ("external_id", ["x"], "invalid"),
        ("external_id", "a\x00b", "null_characters_not_allowed"),
        ("amount", "1.005", "max_decimal_places"),
        ("amount", "", "invalid"),
        ("amount", "-1", "min_value"),
        ("amount", "1e3", "invalid"),
        ("amount", -1, "min_value"),
    ],
)
def test_conversions_are_strict_about_types(personas, api_as, field, value, code):
    campaign = CampaignFactory(workspace=personas.workspace)
    row = _conversion(campaign=campaign.pk, **{field: value})
    response = api_as(personas.marketer).post(BASE + "conversions/", [row], format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["errors"]["rows"]["0"][field][0]["code"] == code
    assert not Conversion.objects.exists()


def test_required_means_required_and_empty_batches_are_refused(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    row = _conversion(campaign=campaign.pk)
    del row["amount"]
    client = api_as(personas.marketer)
    response = client.post(BASE + "conversions/", [row], format="json")
    assert response.json()["errors"]["rows"]["0"]["amount"][0]["code"] == "required"
    assert client.post(BASE + "conversions/", [], format="json").json()["code"] == "empty"
    assert not Conversion.objects.exists()


def test_mention_author_must_be_an_object(personas, api_as):
    row = {
        "source": "vk",
        "external_id": "m1",
        "author": "bob",
        "text": "hello",
        "published_at": "2026-03-06T12:30:00Z",
    }
    response = api_as(personas.marketer).post(BASE + "mentions/", [row], format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["rows"]["0"]["author"][0]["code"] == "invalid"


def test_serializer_strings_are_strings(personas, api_as):
    response = api_as(personas.owner).post(
        BASE + "webhooks/",
        {"url": "https://crm.example.com/x", "events": ["mention.created"], "description": 5},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["description"][0]["code"] == "invalid"
    assert not WebhookSubscription.objects.exists()


def test_delete_of_a_referenced_goal_is_409_naming_the_references(personas, api_as):
    from campaigns.models import BusinessGoal
    from planning.tests.factories import ProposalFactory  # planning builds on campaigns

    proposal = ProposalFactory(workspace=personas.workspace)
    response = api_as(personas.marketer).delete(BASE + f"goals/{proposal.goal_id}/")
    assert response.status_code == 409
    assert response.json()["code"] == "protected"
    refs = response.json()["errors"]["referenced_by"]
    assert [(r["object"], r["id"]) for r in refs] == [("planning.proposal", proposal.pk)]
    assert BusinessGoal.objects.filter(pk=proposal.goal_id).exists()


def test_cursor_pagination_walks_everything_once(personas, api_as):
    ids = sorted(CampaignFactory(workspace=personas.workspace).pk for _ in range(5))
    client = api_as(personas.viewer)
    seen, url = [], BASE + "campaigns/?cursor=&page_size=2"
    while url:
        body = client.get(url).json()
        seen += [c["id"] for c in body["results"]]
        assert body["previous"] is None and body["count"] == 5
        url = body["next"]
        if url:
            assert body["next_cursor"] and f"cursor={body['next_cursor']}" in url
    assert seen == ids
    bad = client.get(BASE + "campaigns/?cursor=not-a-cursor")
    assert bad.status_code == 400 and bad.json()["errors"]["cursor"][0]["code"] == "invalid_cursor"
    assert client.get(BASE + "campaigns/?page=0").status_code == 400


def test_updated_since_returns_only_changes(personas, api_as):
    old = CampaignFactory(workspace=personas.workspace)
    Campaign.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    fresh = CampaignFactory(workspace=personas.workspace)
    client = api_as(personas.viewer)
    body = client.get(BASE + "campaigns/", {"updated_since": since}).json()
    assert [c["id"] for c in body["results"]] == [fresh.pk]
    Campaign.objects.filter(pk=old.pk).update(name="Renamed")  # a bulk update moves updated_at too
    body = client.get(BASE + "campaigns/", {"updated_since": since}).json()
    assert {c["id"] for c in body["results"]} == {old.pk, fresh.pk}
    assert client.get(BASE + "campaigns/", {"updated_since": "yesterday"}).status_code == 400
    for path in ("conversions/", "metrics/", "mentions/", "deals/", "incidents/", "reports/"):
        assert client.get(BASE + path, {"updated_since": since}).status_code == 200, path


def test_deleted_objects_leave_tombstones(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    MetricDaily.objects.create(
        workspace=personas.workspace, campaign=campaign, channel="vk", date=campaign.starts_on
    )
    client = api_as(personas.marketer)
    assert client.delete(BASE + f"campaigns/{campaign.pk}/").status_code == 204
    body = api_as(personas.viewer).get(BASE + "deleted/", {"kind": "campaign"}).json()
    assert [(d["kind"], d["object_id"]) for d in body["results"]] == [("campaign", campaign.pk)]
    assert DeletedObject.objects.count() == 1  # its metrics went with it, implied by the campaign
    foreign = api_as(personas.outsider).get(BASE + "deleted/")
    assert foreign.status_code == 404


def test_rate_limit_headers_on_every_answer(personas, api_as):
    response = api_as(personas.owner).get(BASE + "campaigns/")
    assert int(response["X-RateLimit-Limit"]) >= int(response["X-RateLimit-Remaining"]) >= 0
    assert int(response["X-RateLimit-Reset"]) >= 0


def test_secret_rotation_signs_with_both_secrets_during_the_overlap(personas, receiver, allow_loopback):
    allow_loopback.WEBHOOK_SECRET_OVERLAP_HOURS = 24
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url())
    old = sub.secret
    services.subscription_rotate_secret(subscription=sub, actor=personas.owner)
    sub.refresh_from_db()
    assert sub.previous_secret == old and sub.previous_secret_expires_at > timezone.now()
    delivery = services.webhook_send_test(subscription=sub, actor=personas.owner)
    services.delivery_attempt(delivery_id=delivery.pk)
    request = receiver.requests[-1]
    header = request.headers["X-SMM-Signature"]
    now = int(header.split(",")[0][2:])
    assert header.count("v1=") == 2
    assert rules.verify_signature(secret=sub.secret, header=header, body=request.body, now=now)
    assert rules.verify_signature(secret=old, header=header, body=request.body, now=now)
    WebhookSubscription.objects.filter(pk=sub.pk).update(previous_secret_expires_at=timezone.now())
    sub.refresh_from_db()
    assert services.signing_secrets(sub) == (sub.secret,)
