"""Brainstorms: ideas, dot voting with a limit, closing with a ranked shortlist, conversion."""

import re

import pytest
from django.test import Client

from planning import services
from planning.models import Idea, PlanItem, Proposal, Task, Vote

from .factories import BrainstormFactory, CampaignFactory, GoalFactory, IdeaFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workspaces/acme/brainstorms/"


def _session(personas, **kwargs):
    session = BrainstormFactory(workspace=personas.workspace, **kwargs)
    session.participants.set([personas.owner, personas.manager, personas.marketer, personas.viewer])
    return session


def test_brainstorm_create_adds_facilitator_as_participant(personas, api_as):
    response = api_as(personas.marketer).post(
        BASE,
        {
            "topic": "Как продать больше куличей",
            "ends_at": "2030-04-01T18:00:00Z",
            "votes_per_participant": 2,
            "participants": [personas.manager.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["participants"]) == sorted([personas.manager.pk, personas.marketer.pk])
    assert response.json()["phase"] == "collecting"


def test_brainstorm_ideas_hide_authors_until_closed(personas, api_as):
    session = _session(personas)
    client = api_as(personas.marketer)
    created = client.post(f"{BASE}{session.pk}/ideas/", {"text": "Дегустация в субботу"}, format="json")
    assert created.status_code == 201 and created.json()["author"] is None
    assert Idea.objects.get().author == personas.marketer


def test_brainstorm_vote_beyond_limit_is_409_and_changes_nothing(personas, api_as):
    session = _session(personas, votes_per_participant=2, phase="voting")
    idea = IdeaFactory(workspace=personas.workspace, session=session)
    client = api_as(personas.marketer)
    assert client.post(f"{BASE}{session.pk}/votes/", {"idea": idea.pk}, format="json").status_code == 201
    assert client.post(f"{BASE}{session.pk}/votes/", {"idea": idea.pk}, format="json").status_code == 201
    third = client.post(f"{BASE}{session.pk}/votes/", {"idea": idea.pk}, format="json")
    assert third.status_code == 409
    assert Vote.objects.filter(voter=personas.marketer).count() == 2
    idea.refresh_from_db()
    assert idea.votes_count == 2


def test_brainstorm_viewer_voting_is_403(personas, api_as):
    session = _session(personas, phase="voting")
    idea = IdeaFactory(workspace=personas.workspace, session=session)
    response = api_as(personas.viewer).post(f"{BASE}{session.pk}/votes/", {"idea": idea.pk}, format="json")
    assert response.status_code == 403
    assert Vote.objects.count() == 0


def test_brainstorm_vote_while_collecting_is_409(personas, api_as):
    session = _session(personas)
    idea = IdeaFactory(workspace=personas.workspace, session=session)
    response = api_as(personas.marketer).post(f"{BASE}{session.pk}/votes/", {"idea": idea.pk}, format="json")
    assert response.status_code == 409
    assert Vote.objects.count() == 0


def test_brainstorm_non_participant_cannot_add_ideas(personas, api_as):
    session = BrainstormFactory(workspace=personas.workspace)
    session.participants.set([personas.manager])
    response = api_as(personas.marketer).post(f"{BASE}{session.pk}/ideas/", {"text": "x"}, format="json")
    assert response.status_code == 403
    assert Idea.objects.count() == 0


def test_brainstorm_close_ranks_shortlist_by_votes(personas, api_as):
    session = _session(personas, votes_per_participant=3, shortlist_size=2)
    ideas = [
        IdeaFactory(workspace=personas.workspace, session=session, text=t, author=personas.marketer)
        for t in ("A", "B", "C")
    ]
    client_m, client_o = api_as(personas.marketer), api_as(personas.owner)
    assert client_m.post(f"{BASE}{session.pk}/start-voting/").status_code == 200
    for client, idea in (
        (client_m, ideas[1]),
        (client_m, ideas[1]),
        (client_o, ideas[2]),
        (client_o, ideas[1]),
    ):
        assert client.post(f"{BASE}{session.pk}/votes/", {"idea": idea.pk}, format="json").status_code == 201
    response = client_m.post(f"{BASE}{session.pk}/close/")
    assert response.status_code == 200
    assert [(i["text"], i["votes_count"], i["rank"]) for i in response.json()] == [("B", 3, 1), ("C", 1, 2)]
    assert response.json()[0]["author"] is not None  # authors revealed after the vote
    assert Idea.objects.get(pk=ideas[0].pk).rank is None
    assert client_m.post(f"{BASE}{session.pk}/close/").status_code == 409


def test_idea_convert_to_plan_item_task_and_proposal_once(personas, api_as):
    session = _session(personas, phase="closed")
    a, b, c = (IdeaFactory(workspace=personas.workspace, session=session, rank=n) for n in (1, 2, 3))
    goal = GoalFactory(workspace=personas.workspace)
    client = api_as(personas.marketer)
    url = "/api/v1/workspaces/acme/ideas/{}/convert/"
    r1 = client.post(url.format(a.pk), {"to": "plan_item"}, format="json")
    r2 = client.post(url.format(b.pk), {"to": "task"}, format="json")
    r3 = client.post(url.format(c.pk), {"to": "proposal", "goal": goal.pk}, format="json")
    assert (r1.status_code, r2.status_code, r3.status_code) == (201, 201, 201)
    assert PlanItem.objects.get(pk=r1.json()["id"]).status == "idea"
    assert Task.objects.get(pk=r2.json()["id"]).title == b.text
    assert Proposal.objects.get(pk=r3.json()["id"]).goal == goal
    again = client.post(url.format(a.pk), {"to": "task"}, format="json")
    assert again.status_code == 409
    assert Task.objects.count() == 1


def test_idea_convert_unranked_is_409(personas, api_as):
    session = _session(personas, phase="closed")
    idea = IdeaFactory(workspace=personas.workspace, session=session)
    response = api_as(personas.marketer).post(
        f"/api/v1/workspaces/acme/ideas/{idea.pk}/convert/", {"to": "task"}, format="json"
    )
    assert response.status_code == 409
    assert Task.objects.count() == 0


def _positions(page: str, ideas) -> list[str]:
    """The ideas' texts in the order the page lists them."""
    return [i.text for i in sorted(ideas, key=lambda i: page.index(f'data-testid="idea-{i.pk}"'))]


def test_ideas_are_listed_by_votes_and_no_0_vote_idea_stands_above_number_1(personas, api_as):
    session = _session(personas, votes_per_participant=3, shortlist_size=2)
    # created in this order: the 0-vote idea first, so creation order would list it on top
    zero, top, tie_early, tie_late = (
        IdeaFactory(workspace=personas.workspace, session=session, text=t, author=personas.marketer)
        for t in ("Ноль голосов", "Лидер", "Ничья раньше", "Ничья позже")
    )
    services.brainstorm_start_voting(session=session, actor=personas.marketer)
    for voter, idea in (
        (personas.marketer, top),
        (personas.owner, top),
        (personas.manager, top),
        (personas.marketer, tie_early),
        (personas.owner, tie_late),
    ):
        services.vote_cast(session=session, idea=idea, voter=voter)
    web = Client()
    web.force_login(personas.marketer)
    url = f"/w/acme/plan/ideas/brainstorms/{session.pk}/"
    ideas = [zero, top, tie_early, tie_late]
    expected = ["Лидер", "Ничья раньше", "Ничья позже", "Ноль голосов"]  # votes, then the earlier idea
    assert _positions(web.get(url).content.decode(), ideas) == expected
    services.brainstorm_close(session=session, actor=personas.marketer)
    page = web.get(url).content.decode()
    assert _positions(page, ideas) == expected
    assert page.index("#1") < page.index(f'data-testid="idea-{zero.pk}"')
    listed = api_as(personas.viewer).get(f"{BASE}{session.pk}/ideas/").json()
    assert [(i["text"], i["rank"]) for i in listed] == [
        ("Лидер", 1),
        ("Ничья раньше", 2),
        ("Ничья позже", None),
        ("Ноль голосов", None),
    ]


def _goal_options(page: str, idea) -> list[tuple[str, bool]]:
    select = re.search(rf'data-testid="convert-goal-{idea.pk}">(.*?)</select>', page, re.S).group(1)
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="(\d*)"( selected)?', select)
    ]


def test_proposal_goal_defaults_to_the_brainstorm_campaigns_goal(personas):
    unrelated = GoalFactory(workspace=personas.workspace, name="Найм пекарей")  # listed first
    own = GoalFactory(workspace=personas.workspace, name="Предзаказы куличей")
    campaign = CampaignFactory(workspace=personas.workspace, goal=own)
    session = _session(personas, phase="closed", campaign=campaign)
    idea = IdeaFactory(workspace=personas.workspace, session=session, rank=1)
    web = Client()
    web.force_login(personas.marketer)
    options = _goal_options(web.get(f"/w/acme/plan/ideas/brainstorms/{session.pk}/").content.decode(), idea)
    assert [value for value, selected in options if selected] == [str(own.pk)]
    assert {value for value, _selected in options} == {"", str(own.pk), str(unrelated.pk)}


def test_proposal_goal_is_empty_without_a_campaign_and_an_empty_goal_is_refused(personas):
    GoalFactory(workspace=personas.workspace, name="Найм пекарей")
    session = _session(personas, phase="closed")
    idea = IdeaFactory(workspace=personas.workspace, session=session, rank=1)
    web = Client()
    web.force_login(personas.marketer)
    options = _goal_options(web.get(f"/w/acme/plan/ideas/brainstorms/{session.pk}/").content.decode(), idea)
    assert [value for value, selected in options if selected] == [""]
    response = web.post(f"/w/acme/plan/ideas/{idea.pk}/convert/", {"to": "proposal", "goal": ""}, follow=True)
    notes = [str(m) for m in response.context["messages"]]
    assert len(notes) == 1 and notes[0].startswith("Choose the business goal the proposal serves.")
    assert Proposal.objects.count() == 0
    assert Idea.objects.get(pk=idea.pk).converted_kind == ""
