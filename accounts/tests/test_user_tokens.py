"""M2: user API tokens are named, expire, are listed and revoked (profile and API), and a new
password revokes them. One token per auth/token/ call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken

from .factories import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _issue(api_client, user, **extra) -> dict:
    response = api_client.post(TOKEN, {"email": user.email, "password": PASSWORD, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def test_token_call_makes_one_named_expiring_token(personas, api_client):
    body = _issue(api_client, personas.marketer, name="Reporting script", expires_in_days=7)
    rows = ApiToken.objects.filter(user=personas.marketer)
    assert rows.count() == 1
    token = rows.get()
    assert (token.name, token.pk, body["name"]) == ("Reporting script", body["id"], "Reporting script")
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)
    default = _issue(api_client, personas.marketer)
    assert ApiToken.objects.filter(user=personas.marketer).count() == 2
    assert ApiToken.objects.get(pk=default["id"]).expires_at - timezone.now() > timedelta(days=89)


@pytest.mark.parametrize("days", [0, -1, 100000, 99999999999999999999])
def test_token_lifetime_out_of_bounds_is_400(personas, api_client, days):
    response = api_client.post(
        TOKEN, {"email": personas.marketer.email, "password": PASSWORD, "expires_in_days": days}
    )
    assert response.status_code == 400 and "expires_in_days" in response.json()["errors"]
    assert not ApiToken.objects.filter(user=personas.marketer).exists()


def test_tokens_are_listed_for_their_user_only(personas, api_client):
    mine = _issue(api_client, personas.marketer, name="mine")
    _issue(api_client, personas.viewer, name="not mine")
    rows = _client(mine["token"]).get(TOKENS).json()["results"]
    assert [(r["id"], r["name"], r["current"]) for r in rows] == [(mine["id"], "mine", True)]
    assert "key_hash" not in rows[0] and mine["token"] not in str(rows)


def test_revoked_token_stops_working_and_foreign_ids_are_404(personas, api_client):
    first = _issue(api_client, personas.marketer, name="laptop")
    second = _issue(api_client, personas.marketer, name="ci")
    others = _issue(api_client, personas.viewer, name="viewer's")
    client = _client(first["token"])
    assert client.delete(f"{TOKENS}{others['id']}/").status_code == 404
    assert _client(others["token"]).get("/api/v1/me/").status_code == 200
    assert client.delete(f"{TOKENS}{second['id']}/").status_code == 204
    assert _client(second["token"]).get("/api/v1/me/").status_code == 401
    assert client.delete(f"{TOKENS}{second['id']}/").status_code == 404
    assert client.get("/api/v1/me/").status_code == 200


def test_expired_token_is_refused(personas, api_client):
    body = _issue(api_client, personas.marketer)
    ApiToken.objects.filter(pk=body["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _client(body["token"]).get("/api/v1/me/").status_code == 401
    assert _client(body["token"]).get(TOKENS).status_code == 401


def test_integration_token_cannot_list_user_tokens(personas):
    _token, key = services.integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["read"], actor=personas.owner
    )
    assert _client(key).get(TOKENS).status_code == 403


def test_password_change_revokes_every_user_token(personas, api_client):
    keys = [_issue(api_client, personas.marketer)["token"] for _ in range(2)]
    web = Client()
    web.force_login(personas.marketer)
    response = web.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "An0ther-long-secret",
            "new_password2": "An0ther-long-secret",
        },
    )
    assert response.status_code == 302
    assert [_client(k).get("/api/v1/me/").status_code for k in keys] == [401, 401]
    assert not services.user_tokens_of(user=personas.marketer).exists()


def test_password_reset_revokes_tokens_and_sign_in_does_not(personas, api_client):
    key = _issue(api_client, personas.marketer)["token"]
    web = Client()
    assert (
        web.post("/accounts/login/", {"username": personas.marketer.email, "password": PASSWORD}).status_code
        == 302
    )
    assert _client(key).get("/api/v1/me/").status_code == 200
    personas.marketer.set_password("Res3t-by-the-admin")
    personas.marketer.save()
    assert _client(key).get("/api/v1/me/").status_code == 401


def test_profile_page_creates_lists_and_revokes_tokens(personas):
    web = Client()
    web.force_login(personas.marketer)
    response = web.post("/accounts/profile/tokens/", {"name": "Excel", "expires_in_days": 30})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=personas.marketer)
    page = web.get("/accounts/profile/").content.decode()
    assert "Excel" in page and token.prefix in page and 'data-testid="new-user-key"' in page
    assert 'data-testid="new-user-key"' not in web.get("/accounts/profile/").content.decode()
    other = Client()
    other.force_login(personas.viewer)
    assert other.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert web.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Excel" not in web.get("/accounts/profile/").content.decode()
