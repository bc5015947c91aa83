"""L4: password spraying from one address is slowed, not only guessing one account."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Corr3ct-horse-battery"


def _login(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_spraying_ten_accounts_from_one_address_is_locked(settings):
    settings.AXES_IP_FAILURE_LIMIT = 20
    users = [UserFactory(email=f"user{n}@spray.test", password=PASSWORD) for n in range(10)]
    client = Client(REMOTE_ADDR="203.0.113.7")
    codes = [
        _login(client, u.email, f"Guess-{n}").status_code for n in range(4) for u in users
    ]  # 10 users x 4 passwords = 40 attempts
    assert 429 in codes
    assert codes.index(429) == 19  # the 20th failure from the address locks it
    assert set(codes[20:]) == {429}
    # Even the right password of an untouched account is refused from that address now...
    fresh = UserFactory(email="fresh@spray.test", password=PASSWORD)
    response = _login(client, fresh.email, PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # ...while the same account signs in from another address.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert _login(other, fresh.email, PASSWORD).status_code == 302


def test_spraying_the_api_token_endpoint_is_locked(settings, api_client):
    settings.AXES_IP_FAILURE_LIMIT = 6
    users = [UserFactory(email=f"api{n}@spray.test", password=PASSWORD) for n in range(4)]
    for n in range(2):
        for u in users[:3]:
            api_client.post(
                "/api/v1/auth/token/", {"email": u.email, "password": f"Guess-{n}"}, REMOTE_ADDR="203.0.113.8"
            )
    response = api_client.post(
        "/api/v1/auth/token/", {"email": users[3].email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.8"
    )
    assert response.status_code in (403, 429) and "token" not in response.json()


def test_one_account_still_locks_after_five_failures(settings):
    user = UserFactory(email="one@spray.test", password=PASSWORD)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        _login(client, user.email, "wrong")
    assert _login(client, user.email, PASSWORD).status_code == 429
    # Another account from the same address is not locked by it (5 < the per-address limit).
    neighbour = UserFactory(email="two@spray.test", password=PASSWORD)
    assert _login(client, neighbour.email, PASSWORD).status_code == 302
