"""L1, L2, L5: the inputs the security review turned into 500s (or id leaks) answer a clear 400
(or the same answer for unknown and foreign ids), and nothing is stored."""

from __future__ import annotations

import pytest
from django.test import Client

from campaigns.models import Campaign, Conversion
from campaigns.tests.factories import CampaignFactory, GoalFactory, TemplateFactory
from negativity.models import Mention
from negativity.tests.factories import MentionFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workspaces/acme/"
HUGE = 99999999999999999999


# --- L1: mentions bulk actions and filters ----------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        {"ids": [1], "action": "assign", "value": "abc"},
        {"ids": [1], "action": "assign", "value": "-3"},
        {"ids": [HUGE], "action": "hide"},
        {"ids": [0], "action": "hide"},
    ],
)
def test_mentions_bulk_bad_values_are_400(personas, api_as, body):
    mention = MentionFactory(workspace=personas.workspace, status="new")
    body = {**body, "ids": [mention.pk if i == 1 else i for i in body["ids"]]}
    response = api_as(personas.marketer).post(f"{BASE}mentions/bulk/", body)
    assert response.status_code == 400, response.content
    assert response.json()["errors"]
    mention.refresh_from_db()
    assert (mention.status, mention.assignee_id) == ("new", None)


@pytest.mark.parametrize("param", ["incident", "campaign"])
def test_mentions_filter_with_huge_id_is_400(personas, api_as, param):
    response = api_as(personas.viewer).get(f"{BASE}mentions/", {param: HUGE})
    assert response.status_code == 400 and param in response.json()["errors"]


# --- L2: extreme dates and impossible text ----------------------------------------------------
@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_conversion_dated_outside_utc_is_400(personas, api_as, when):
    campaign = CampaignFactory(workspace=personas.workspace)
    row = {
        "external_id": "crm-1",
        "campaign": campaign.pk,
        "kind": "sale",
        "amount": "10",
        "occurred_at": when,
    }
    response = api_as(personas.marketer).post(f"{BASE}conversions/", [row])
    assert response.status_code == 400, response.content
    assert "occurred_at" in response.json()["errors"]["rows"]["0"]
    assert not Conversion.objects.exists()


def _mention_row(**extra):
    return {
        "source": "vk",
        "external_id": "m-1",
        "author": {"handle": "ivan"},
        "text": "Хлеб чёрствый",
        "published_at": "2026-11-20T10:00:00+03:00",
        **extra,
    }


@pytest.mark.parametrize(
    "when", ["0001-01-01+05:00", "0001-01-01T00:00:00+05:00", "9999-12-31T23:30:00-05:00"]
)
def test_mention_dated_outside_utc_is_400(personas, api_as, when):
    response = api_as(personas.marketer).post(f"{BASE}mentions/", [_mention_row(published_at=when)])
    assert response.status_code == 400, response.content
    assert not Mention.objects.exists()


def test_lone_surrogate_in_mention_text_is_400(personas, api_as):
    body = b'[{"source": "vk", "external_id": "m-2", "author": {"handle": "ivan"}, "text": "a\\ud800b", "published_at": "2026-11-20T10:00:00+03:00"}]'
    response = api_as(personas.marketer).generic(
        "POST", f"{BASE}mentions/", body, content_type="application/json"
    )
    assert response.status_code == 400 and "surrogate" in response.json()["detail"]
    assert not Mention.objects.exists()


def test_template_with_endless_duration_is_400(personas, api_as):
    template = TemplateFactory(workspace=personas.workspace)
    client = api_as(personas.marketer)
    response = client.patch(f"{BASE}templates/{template.pk}/", {"duration_days": 99999999999})
    assert response.status_code == 400 and "duration_days" in response.json()["errors"]
    response = client.patch(f"{BASE}templates/{template.pk}/", {"duration_days": 2147483647})
    assert response.status_code == 400 and "duration_days" in response.json()["errors"]


def test_instantiate_past_the_calendar_is_400_and_creates_nothing(personas, api_as):
    template = TemplateFactory(workspace=personas.workspace, duration_days=3000)
    response = api_as(personas.marketer).post(
        f"{BASE}templates/{template.pk}/instantiate/", {"name": "Вечная", "starts_on": "9999-01-01"}
    )
    assert response.status_code == 400, response.content
    assert not Campaign.objects.filter(name="Вечная").exists()


def test_instantiate_without_goal_creates_the_campaign(personas, api_as):
    template = TemplateFactory(workspace=personas.workspace)
    response = api_as(personas.marketer).post(
        f"{BASE}templates/{template.pk}/instantiate/", {"name": "Весна", "starts_on": "2031-03-01"}
    )
    assert response.status_code == 201, response.content
    assert Campaign.objects.get(name="Весна").goal is None


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-13-40"])
@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_calendar_page_with_extreme_date_shows_today(personas, day, view):
    web = Client()
    web.force_login(personas.viewer)
    assert web.get(f"/w/acme/plan/?date={day}&view={view}").status_code == 200


# --- L5: foreign-key filters say nothing about other workspaces --------------------------------
@pytest.mark.parametrize(
    ("path", "param", "make"),
    [
        ("campaigns/", "goal", lambda ws: GoalFactory(workspace=ws)),
        ("plan-items/", "campaign", lambda ws: CampaignFactory(workspace=ws)),
        ("conversions/", "campaign", lambda ws: CampaignFactory(workspace=ws)),
    ],
)
def test_foreign_id_in_filter_answers_like_an_unknown_one(personas, api_as, path, param, make):
    foreign = make(personas.other_workspace)
    client = api_as(personas.viewer)
    unknown = client.get(f"{BASE}{path}", {param: foreign.pk + 100000})
    theirs = client.get(f"{BASE}{path}", {param: foreign.pk})
    assert (theirs.status_code, theirs.json()) == (unknown.status_code, unknown.json())
    own = make(personas.workspace)
    assert client.get(f"{BASE}{path}", {param: own.pk}).status_code == 200


def test_foreign_user_in_assignee_filter_answers_like_an_unknown_one(personas, api_as):
    client = api_as(personas.viewer)
    outsider = client.get(f"{BASE}plan-items/", {"assignee": personas.outsider.pk})
    unknown = client.get(f"{BASE}plan-items/", {"assignee": personas.outsider.pk + 100000})
    assert (outsider.status_code, outsider.json()) == (unknown.status_code, unknown.json())
    assert client.get(f"{BASE}plan-items/", {"assignee": personas.marketer.pk}).status_code == 200
