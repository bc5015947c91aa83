"""M4: the secret calendar feed URL goes to owners and managers only, and a feed stops when the
member who made it leaves (or is no longer a manager)."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts import services as accounts_services
from accounts.models import Membership
from planning import services

pytestmark = pytest.mark.django_db
FEED = "/api/v1/workspaces/acme/calendar-feed/"


def _path(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[-1].join(["/", ""])


@pytest.mark.parametrize("who", ["viewer", "marketer"])
def test_feed_url_refused_below_manager(personas, api_as, who):
    client = api_as(getattr(personas, who))
    assert client.get(FEED).status_code == 403
    assert client.post(FEED).status_code == 403


def test_feed_url_refused_to_read_token(personas, api_client):
    _token, key = accounts_services.integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["read", "planning:write"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get(FEED)
    assert response.status_code == 403 and "url" not in response.json()


def test_sharing_page_hides_feed_from_marketer(personas):
    web = Client()
    web.force_login(personas.marketer)
    page = web.get("/w/acme/plan/sharing/")
    assert page.status_code == 200 and b"/plan/feed/" not in page.content
    assert web.post("/w/acme/plan/sharing/feed/rotate/").status_code == 403


def test_each_manager_has_own_feed(personas, api_as):
    owner_url = api_as(personas.owner).get(FEED).json()["url"]
    manager_url = api_as(personas.manager).get(FEED).json()["url"]
    assert owner_url != manager_url
    assert Client().get(_path(owner_url)).status_code == 200
    assert Client().get(_path(manager_url)).status_code == 200


def test_feed_stops_when_its_member_is_removed(personas, api_as):
    url = api_as(personas.manager).get(FEED).json()["url"]
    assert Client().get(_path(url)).status_code == 200
    membership = Membership.objects.get(workspace=personas.workspace, user=personas.manager)
    accounts_services.membership_remove(membership=membership, actor=personas.owner)
    assert Client().get(_path(url)).status_code == 404
    # Coming back does not revive the old address.
    accounts_services.member_invite(
        workspace=personas.workspace, email=personas.manager.email, role="manager", actor=personas.owner
    )
    assert Client().get(_path(url)).status_code == 404


def test_feed_stops_when_its_member_is_demoted(personas, api_as):
    url = api_as(personas.manager).get(FEED).json()["url"]
    membership = Membership.objects.get(workspace=personas.workspace, user=personas.manager)
    accounts_services.membership_change_role(membership=membership, role="viewer", actor=personas.owner)
    assert Client().get(_path(url)).status_code == 404


def test_feed_of_a_non_manager_cannot_be_made(personas):
    from smm_platform.errors import AppError

    with pytest.raises(AppError) as exc:
        services.calendar_feed_get(workspace=personas.workspace, user=personas.viewer)
    assert exc.value.status_code == 403
