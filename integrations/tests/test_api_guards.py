"""Guards every API endpoint gets: token scopes, per-token rate limits, Idempotency-Key, body
size, malformed JSON, content type, unknown fields, dead tokens, foreign workspaces."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import api_token_revoke
from integrations.enums import IdempotencyState
from integrations.models import IdempotencyRecord, WebhookSubscription
from integrations.throttling import IntegrationTokenRateThrottle
from smm_platform.tests.test_outsider_walk import _path, all_routes

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workspaces/acme/webhooks/"
NEW = {"url": "https://crm.example.com/in", "events": ["mention.created"]}


def _workspace_api_routes():
    from smm_platform.tests.test_outsider_walk import _collect

    public = _collect("PUBLIC")  # e.g. inbound webhooks: signed by HMAC, not by tokens
    for route in all_routes():
        if not route.route.startswith("api/v1/workspaces/<slug:workspace_slug>/") or route.name in public:
            continue
        values = {"workspace_slug": "acme"}
        if set(route.keys) - {"workspace_slug", "pk", "format"}:
            continue
        values.update(pk=999999, format="json")
        cls = getattr(route.callback, "cls", None)
        yield route, _path(route.route, values), getattr(cls, "token_scope", None)


# --- scopes -----------------------------------------------------------------------------------


def test_mentions_write_token_cannot_read_or_write_other_areas_anywhere(personas, token_client):
    """Walks EVERY workspace endpoint (future ones too): without ``read`` no GET passes, and
    writes pass the permission check only where the endpoint's scope is mentions:write."""
    client = token_client(["mentions:write"])
    checked = 0
    problems = []
    for _route, path, scope in _workspace_api_routes():
        for method in ("get", "post", "put", "patch", "delete"):
            if method != "get" and scope == "mentions:write":
                continue
            status = getattr(client, method)(path, {} if method != "get" else None, format="json").status_code
            checked += 1
            if status not in (403, 405):
                problems.append(f"{method.upper()} {path}: {status}")
    assert checked > 20
    assert problems == []


def test_read_token_reads_members_but_cannot_write(personas, token_client):
    client = token_client(["read"])
    assert client.get("/api/v1/workspaces/acme/members/").status_code == 200
    assert client.post(BASE, NEW, format="json").status_code == 403
    assert (
        client.post(
            "/api/v1/workspaces/acme/members/", {"email": "x@y.z", "role": "viewer"}, format="json"
        ).status_code
        == 403
    )


# --- rate limits ------------------------------------------------------------------------------


def test_token_over_its_rate_gets_429_with_retry_after(personas, token_client, settings):
    settings.THROTTLE_TOKEN = "3/min"
    client = token_client(["read"])
    other = token_client(["read"])
    answers = [client.get("/api/v1/workspaces/acme/members/", HTTP_ACCEPT_LANGUAGE="en") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert [r["X-RateLimit-Remaining"] for r in answers] == ["2", "1", "0", "0"]
    assert {r["X-RateLimit-Limit"] for r in answers} == {"3"}
    response = client.get("/api/v1/workspaces/acme/members/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["errors"] == {}
    assert response.json()["code"] == "throttled"
    assert response.json()["detail"].startswith("Too many requests; retry in")
    assert response["X-RateLimit-Limit"] == "3" and response["X-RateLimit-Remaining"] == "0"
    assert 0 < int(response["X-RateLimit-Reset"]) <= 60
    # Each token has its own budget.
    assert other.get("/api/v1/workspaces/acme/members/").status_code == 200


def test_token_throttle_ignores_people(personas, api_as, monkeypatch):
    monkeypatch.setattr(IntegrationTokenRateThrottle, "rate", "1/min", raising=False)
    client = api_as(personas.owner)
    assert [client.get("/api/v1/workspaces/acme/members/").status_code for _ in range(3)] == [200, 200, 200]


# --- idempotency ------------------------------------------------------------------------------


def test_same_idempotency_key_and_body_replays_stored_answer(personas, api_as):
    client = api_as(personas.owner)
    first = client.post(BASE, NEW, format="json", HTTP_IDEMPOTENCY_KEY="order-42")
    second = client.post(BASE, NEW, format="json", HTTP_IDEMPOTENCY_KEY="order-42")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert WebhookSubscription.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert (record.key, record.state, record.status_code, record.path) == ("order-42", "completed", 201, BASE)
    assert record.principal.startswith("token:") and len(record.principal) == 70


def test_same_idempotency_key_with_different_body_is_422(personas, api_as):
    client = api_as(personas.owner)
    assert client.post(BASE, NEW, format="json", HTTP_IDEMPOTENCY_KEY="k1").status_code == 201
    response = client.post(
        BASE, {**NEW, "url": "https://other.example.com"}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert WebhookSubscription.objects.count() == 1


def test_idempotency_key_in_progress_is_409(personas, api_as):
    client = api_as(personas.owner)
    from integrations import rules
    from integrations.middleware import _principal

    # The first request with this key is still running (its record is in progress).
    request = client.post(BASE, NEW, format="json").wsgi_request
    body = json.dumps(NEW).encode()
    IdempotencyRecord.objects.create(
        principal=_principal(request),
        key="busy",
        method="POST",
        path=BASE,
        request_hash=rules.request_fingerprint(method="POST", path=BASE, query="", body=body),
        created_at=timezone.now(),
    )
    response = client.post(BASE, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="busy")
    assert response.status_code == 409
    assert response["Retry-After"] == "1"


def test_idempotency_keys_are_per_caller_and_expire(personas, api_as):
    owner = api_as(personas.owner)
    assert owner.post(BASE, NEW, format="json", HTTP_IDEMPOTENCY_KEY="shared").status_code == 201
    other_owner = api_as(personas.owner)  # another token of the same person: another caller
    response = other_owner.post(BASE, NEW, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = owner.post(BASE, NEW, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert WebhookSubscription.objects.count() == 3


def test_refused_request_does_not_burn_the_key(personas, api_as):
    viewer = api_as(personas.viewer)
    assert viewer.post(BASE, NEW, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 403
    assert IdempotencyRecord.objects.count() == 0


def test_validation_error_is_stored_and_replayed(personas, api_as):
    client = api_as(personas.owner)
    bad = {"url": "not a url", "events": []}
    first = client.post(BASE, bad, format="json", HTTP_IDEMPOTENCY_KEY="bad-1")
    second = client.post(BASE, bad, format="json", HTTP_IDEMPOTENCY_KEY="bad-1")
    assert (first.status_code, second.status_code) == (400, 400)
    assert second.json() == first.json()
    assert IdempotencyRecord.objects.get().state == IdempotencyState.COMPLETED


def test_idempotency_key_too_long_is_400(personas, api_as):
    response = api_as(personas.owner).post(BASE, NEW, format="json", HTTP_IDEMPOTENCY_KEY="x" * 256)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]


def test_purge_forgets_records_after_ttl(personas):
    from integrations.services import idempotency_records_purge

    now = timezone.now()
    for i, age in enumerate((1, 23, 25, 48)):
        IdempotencyRecord.objects.create(
            principal="user:1",
            key=f"k{i}",
            method="POST",
            path="/",
            request_hash="h",
            created_at=now - timedelta(hours=age),
        )
    assert idempotency_records_purge(now=now) == 2
    assert sorted(IdempotencyRecord.objects.values_list("key", flat=True)) == ["k0", "k1"]


# --- bad input --------------------------------------------------------------------------------


def test_oversized_body_is_413_json(personas, api_as, settings):
    settings.API_MAX_BODY_BYTES = 100
    payload = {**NEW, "description": "x" * 200}
    response = api_as(personas.owner).post(BASE, payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert response.json()["errors"] == {
        "body": [
            {"message": "The request body is too large: the limit is 100 bytes.", "code": "payload_too_large"}
        ]
    }
    assert WebhookSubscription.objects.count() == 0


def test_malformed_json_is_400(personas, api_as):
    response = api_as(personas.owner).post(
        BASE, '{"url": "https://x.example.com", "events": [', content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == "parse_error"
    assert "JSON parse error" in body["detail"]


def test_wrong_content_type_is_415(personas, api_as):
    response = api_as(personas.owner).post(
        BASE, "url=https://x.example.com", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json() == {
        "detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.',
        "code": "unsupported_media_type",
        "errors": {},
    }


def test_unknown_fields_are_ignored(personas, api_as):
    response = api_as(personas.owner).post(
        BASE, {**NEW, "secret": "mine", "colour": "red", "workspace": 999}, format="json"
    )
    assert response.status_code == 201
    sub = WebhookSubscription.objects.get()
    assert sub.secret != "mine" and sub.secret.startswith("whsec_")
    assert sub.workspace == personas.workspace
    assert "colour" not in response.json()


def test_revoked_and_expired_tokens_are_401(personas, token_client):
    revoked = token_client(["read"])
    api_token_revoke(token=revoked.token, actor=personas.owner)
    expired = token_client(["read"], expires_at=timezone.now() + timedelta(seconds=30))
    type(expired.token).objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    for client in (revoked, expired, APIClient()):
        if client.__class__ is APIClient and not hasattr(client, "token"):
            client.credentials(HTTP_AUTHORIZATION="Token smm_not-a-real-key")
        response = client.get("/api/v1/workspaces/acme/members/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 401
        assert response.json() == {
            "detail": "Invalid, expired or revoked token.",
            "code": "authentication_failed",
            "errors": {},
        }
        assert response["WWW-Authenticate"] == "Token"


def test_foreign_workspace_slug_is_404(personas, token_client, api_as):
    token = token_client(["read", "webhooks:write"])
    for path in (
        "/api/v1/workspaces/other/members/",
        "/api/v1/workspaces/other/webhooks/",
        "/api/v1/workspaces/nope/webhooks/",
    ):
        response = token.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": {}}
    assert (
        api_as(personas.owner).post("/api/v1/workspaces/other/webhooks/", NEW, format="json").status_code
        == 404
    )


def test_unknown_api_url_answers_json_404(personas, api_as):
    response = api_as(personas.owner).get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found", "code": "not_found", "errors": {}}


def test_malformed_session_cookie_counts_as_none(personas, client):
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get("/api/v1/workspaces/")
    assert response.status_code == 401
    assert client.get("/w/acme/integrations/").status_code == 302


def test_datetime_filters_of_every_app_survive_offsets_postgres_refuses(personas, api_as):
    # accounts' audit log filters created_at with generated filters; -16:50 used to be a 500.
    client = api_as(personas.owner)
    response = client.get("/api/v1/workspaces/acme/audit-log/?created_at__gte=2020-01-01T00:00:00-16:50")
    assert response.status_code == 200
    response = client.get("/api/v1/workspaces/acme/audit-log/?created_at__lte=0001-01-01T00:00:00%2B05:00")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["created_at__lte"]


def test_every_declared_datetime_filter_parses_into_utc(personas):
    import django_filters

    from integrations.models import WebhookDelivery

    from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory

    class AnyAppFilter(django_filters.FilterSet):
        after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
        before = django_filters.DateTimeFilter(field_name="created_at", lookup_expr="lte")

    delivery = WebhookDeliveryFactory(subscription=WebhookSubscriptionFactory(workspace=personas.workspace))
    ok = AnyAppFilter({"after": "2020-01-01T00:00:00-16:50"}, queryset=WebhookDelivery.objects.all())
    assert list(ok.qs) == [delivery]
    bad = AnyAppFilter({"before": "0001-01-01T00:00:00+05:00"}, queryset=WebhookDelivery.objects.all())
    assert bad.is_valid() is False
    assert list(bad.errors) == ["before"]
