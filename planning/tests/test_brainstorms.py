"""Brainstorms: ideas, dot voting with a limit, closing with a ranked shortlist, conversion."""

import pytest

from planning.models import Idea, PlanItem, Proposal, Task, Vote

from .factories import BrainstormFactory, GoalFactory, IdeaFactory

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
