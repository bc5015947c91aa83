"""Connected accounts through the API: owners and managers only, the token write-only and
encrypted at rest, ``check/`` against the stand-ins of both networks."""

from __future__ import annotations

import pytest
from django.db import connection

from social.models import SocialAccount

from .conftest import TG_TOKEN, VK_GROUP, VK_TOKEN

pytestmark = pytest.mark.django_db


def url(ws, suffix=""):
    return f"/api/v1/workspaces/{ws.slug}/social-accounts/{suffix}"


def test_owner_connects_vk_community_and_check_reads_it(personas, api_as, vk):
    client = api_as(personas.owner)
    answer = client.post(
        url(personas.workspace),
        {"network": "vk", "external_id": f"club{VK_GROUP}", "access_token": VK_TOKEN},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert "access_token" not in body
    assert body["external_id"] == VK_GROUP and body["state"] == "unchecked"

    checked = client.post(url(personas.workspace, f"{body['id']}/check/"))
    assert checked.status_code == 200
    assert checked.json()["state"] == "connected"
    assert checked.json()["followers"] == 1520
    assert checked.json()["name"] == "Пекарня «Колосок»"
    call = vk.calls_of("groups.getById")[0]
    assert call.params["group_id"] == VK_GROUP and call.params["access_token"] == VK_TOKEN
    assert call.params["v"] == "5.199" and call.params["fields"] == "members_count"


def test_token_is_encrypted_at_rest_and_never_returned(personas, api_as, vk):
    client = api_as(personas.manager)
    created = client.post(
        url(personas.workspace),
        {"network": "vk", "external_id": VK_GROUP, "access_token": VK_TOKEN},
        format="json",
    ).json()
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_encrypted FROM social_socialaccount WHERE id = %s", [created["id"]])
        stored = cursor.fetchone()[0]
    assert VK_TOKEN not in stored and stored.startswith("gAAAA")
    assert SocialAccount.objects.get(pk=created["id"]).access_token == VK_TOKEN
    listed = client.get(url(personas.workspace)).json()["results"]
    assert all("access_token" not in row and "token_encrypted" not in row for row in listed)


def test_check_with_a_wrong_vk_token_answers_error_with_the_networks_message(personas, api_as, vk):
    client = api_as(personas.owner)
    created = client.post(
        url(personas.workspace),
        {"network": "vk", "external_id": VK_GROUP, "access_token": "bad"},
        format="json",
    ).json()
    checked = client.post(url(personas.workspace, f"{created['id']}/check/")).json()
    assert checked["state"] == "error"
    assert checked["state_message"] == "5: User authorization failed: invalid access_token (4)."


def test_telegram_channel_check_uses_getme_and_getchat(personas, api_as, tg):
    client = api_as(personas.owner)
    created = client.post(
        url(personas.workspace),
        {"network": "telegram", "external_id": "https://t.me/kolosok_news", "access_token": TG_TOKEN},
        format="json",
    ).json()
    assert created["external_id"] == "@kolosok_news"
    checked = client.post(url(personas.workspace, f"{created['id']}/check/")).json()
    assert checked["state"] == "connected" and checked["followers"] == 860
    assert [c.method for c in tg.calls][:2] == ["getMe", "getChat"]
    assert tg.calls_of("getChat")[0].params["chat_id"] == "@kolosok_news"
    account = SocialAccount.objects.get(pk=created["id"])
    assert account.meta["linked_chat_id"] == -1009876543210


def test_telegram_unknown_channel_is_an_error_with_the_description(personas, api_as, tg):
    client = api_as(personas.owner)
    created = client.post(
        url(personas.workspace),
        {"network": "telegram", "external_id": "@nobody_here", "access_token": TG_TOKEN},
        format="json",
    ).json()
    checked = client.post(url(personas.workspace, f"{created['id']}/check/")).json()
    assert checked["state"] == "error"
    assert checked["state_message"] == "400: Bad Request: chat not found"


@pytest.mark.parametrize("who", ["marketer", "viewer"])
def test_marketers_and_viewers_cannot_see_or_connect_accounts(personas, api_as, who):
    client = api_as(getattr(personas, who))
    assert client.get(url(personas.workspace)).status_code == 403
    answer = client.post(
        url(personas.workspace), {"network": "vk", "external_id": "1", "access_token": "x"}, format="json"
    )
    assert answer.status_code == 403
    assert SocialAccount.objects.count() == 0


def test_bad_input_is_a_clear_400_and_nothing_is_stored(personas, api_as):
    client = api_as(personas.owner)
    answer = client.post(
        url(personas.workspace),
        {"network": "vk", "external_id": "not a number", "access_token": "x"},
        format="json",
    )
    assert answer.status_code == 400
    assert "external_id" in answer.json()["errors"]
    missing = client.post(url(personas.workspace), {"network": "ok", "external_id": "1"}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) >= {"network", "access_token"}
    assert SocialAccount.objects.count() == 0


def test_connecting_the_same_community_twice_is_a_conflict(personas, api_as):
    client = api_as(personas.owner)
    data = {"network": "vk", "external_id": VK_GROUP, "access_token": "x"}
    assert client.post(url(personas.workspace), data, format="json").status_code == 201
    assert client.post(url(personas.workspace), data, format="json").status_code == 409
    assert SocialAccount.objects.count() == 1


def test_outsider_gets_404_for_an_account(personas, api_as):
    client = api_as(personas.owner)
    created = client.post(
        url(personas.workspace),
        {"network": "vk", "external_id": VK_GROUP, "access_token": "x"},
        format="json",
    ).json()
    stranger = api_as(personas.outsider)
    assert stranger.get(url(personas.workspace, f"{created['id']}/")).status_code == 404
    assert stranger.post(url(personas.workspace, f"{created['id']}/check/")).status_code == 404


def test_private_addresses_are_refused_without_the_setting(personas, api_as, vk, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    client = api_as(personas.owner)
    created = client.post(
        url(personas.workspace),
        {"network": "vk", "external_id": VK_GROUP, "access_token": VK_TOKEN},
        format="json",
    ).json()
    checked = client.post(url(personas.workspace, f"{created['id']}/check/")).json()
    assert checked["state"] == "error" and checked["state_message"].startswith("blocked:")
    assert vk.calls == []


def test_tokens_survive_a_key_rotation_with_the_old_key_as_fallback(settings):
    from social import crypto

    settings.SOCIAL_TOKEN_KEY = "old-key"
    stored = crypto.encrypt("secret-token")
    settings.SOCIAL_TOKEN_KEY, settings.SOCIAL_TOKEN_KEY_FALLBACKS = "new-key", ["old-key"]
    assert crypto.decrypt(stored) == "secret-token"
    settings.SOCIAL_TOKEN_KEY_FALLBACKS = []
    with pytest.raises(crypto.TokenUnreadable):
        crypto.decrypt(stored)


def test_connection_page_never_shows_the_token(personas, client, vk_account):
    from social.tests.conftest import VK_TOKEN as token

    client.force_login(personas.manager)
    page = client.get(f"/w/{personas.workspace.slug}/social/{vk_account.pk}/")
    assert page.status_code == 200
    assert token not in page.content.decode() and vk_account.token_encrypted not in page.content.decode()
    assert "Пекарня «Колосок»" in page.content.decode()
    client.force_login(personas.marketer)
    assert client.get(f"/w/{personas.workspace.slug}/social/{vk_account.pk}/").status_code == 403
