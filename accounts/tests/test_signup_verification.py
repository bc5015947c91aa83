"""M1: sign-up is confirmed by email before any account (and so any membership) exists; an
invitation or a pre-registered address gives nothing to whoever typed it; the page does not tell
whether an email is registered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, Membership, SignupRequest, User
from accounts.services import member_invite

pytestmark = pytest.mark.django_db
FORM = {
    "full_name": "Нина",
    "password": "S0me-long-pass",
    "password_confirm": "S0me-long-pass",
    "language": "ru",
}


def _sign_up(client, email, capture, password="S0me-long-pass"):
    with capture(execute=True):
        return client.post(
            "/accounts/signup/", {**FORM, "email": email, "password": password, "password_confirm": password}
        )


def _link(message) -> str:
    line = next(x for x in message.body.splitlines() if "/accounts/signup/confirm/" in x)
    return "/" + line.strip().split("://", 1)[1].split("/", 1)[1]


def test_invited_address_joins_only_after_opening_the_link(personas, django_capture_on_commit_callbacks):
    member_invite(
        workspace=personas.workspace, email="new@example.test", role="marketer", actor=personas.owner
    )
    mail.outbox.clear()
    client = Client()
    response = _sign_up(client, "new@example.test", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/sent/"
    assert not User.objects.filter(email="new@example.test").exists()
    assert "_auth_user_id" not in client.session
    assert not Membership.objects.filter(user__email="new@example.test").exists()

    [message] = mail.outbox
    assert message.to == ["new@example.test"]
    link = _link(message)
    assert Client().get(link).status_code == 200  # asking, not creating (mail scanners open links)
    assert not User.objects.filter(email="new@example.test").exists()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    user = User.objects.get(email="new@example.test")
    assert user.check_password("S0me-long-pass")
    assert Membership.objects.get(workspace=personas.workspace, user=user).role == "marketer"
    assert Invitation.objects.get(email="new@example.test").accepted_at is not None
    assert client.get("/").url == "/w/acme/"
    assert client.post(link).status_code == 410  # once


def test_pre_registration_gives_the_squatter_nothing(personas, django_capture_on_commit_callbacks):
    squatter = Client()
    _sign_up(squatter, "cfo@acme.test", django_capture_on_commit_callbacks, password="Squatt3r-pass-1")
    squatter_link = _link(mail.outbox[-1])  # delivered to the real CFO's mailbox, not the squatter's
    with django_capture_on_commit_callbacks(execute=True):
        result = member_invite(
            workspace=personas.workspace, email="cfo@acme.test", role="manager", actor=personas.owner
        )
    assert isinstance(result, Invitation)
    assert not Membership.objects.filter(user__email="cfo@acme.test").exists()
    assert (
        squatter.post(
            "/accounts/login/", {"username": "cfo@acme.test", "password": "Squatt3r-pass-1"}
        ).status_code
        == 200
    )

    cfo = Client()
    _sign_up(cfo, "cfo@acme.test", django_capture_on_commit_callbacks, password="Real-cfo-pass-2")
    assert cfo.post(_link(mail.outbox[-1])).status_code == 302
    user = User.objects.get(email="cfo@acme.test")
    assert user.check_password("Real-cfo-pass-2") and not user.check_password("Squatt3r-pass-1")
    assert Membership.objects.get(workspace=personas.workspace, user=user).role == "manager"
    # The squatter's own link (had they seen it) is dead now too.
    assert Client().post(squatter_link).status_code == 410


def test_signup_does_not_tell_whether_an_email_is_registered(personas, django_capture_on_commit_callbacks):
    taken = _sign_up(Client(), "owner@acme.test", django_capture_on_commit_callbacks)
    free = _sign_up(Client(), "nobody@acme.test", django_capture_on_commit_callbacks)
    assert (taken.status_code, taken["Location"]) == (free.status_code, free["Location"])
    pages = [Client().get(r["Location"]).content.decode() for r in (taken, free)]
    without_csrf = [re.sub(r"[A-Za-z0-9]{64}", "TOKEN", p) for p in pages]
    assert without_csrf[0] == without_csrf[1]
    to_owner = [m for m in mail.outbox if m.to == ["owner@acme.test"]]
    assert len(to_owner) == 1 and "/accounts/signup/confirm/" not in to_owner[0].body
    assert personas.owner.check_password("correct-horse-battery-42")


def test_expired_link_creates_nothing(personas, django_capture_on_commit_callbacks):
    _sign_up(Client(), "late@example.test", django_capture_on_commit_callbacks)
    SignupRequest.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    link = _link(mail.outbox[-1])
    assert Client().get(link).status_code == 410
    assert Client().post(link).status_code == 410
    assert Client().post("/accounts/signup/confirm/forged-token/").status_code == 410
    assert not User.objects.filter(email="late@example.test").exists()


def test_one_address_gets_a_few_links_an_hour(personas, django_capture_on_commit_callbacks, settings):
    settings.SIGNUP_MAX_PER_HOUR = 2
    for _ in range(4):
        assert _sign_up(Client(), "spam@example.test", django_capture_on_commit_callbacks).status_code == 302
    assert len([m for m in mail.outbox if m.to == ["spam@example.test"]]) == 2
