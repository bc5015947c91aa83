"""Planning notifies through the shared notification centre: the right people, once each, each in
their own language, with a link back to the item."""

import pytest

from accounts.models import Notification

from .factories import PlanItemFactory

pytestmark = pytest.mark.django_db


def test_review_request_reaches_each_approver_once_in_their_language(personas, api_as):
    personas.manager.language = "en"
    personas.manager.save(update_fields=["language"])
    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    item = PlanItemFactory(workspace=personas.workspace, status="draft", title="Блины")
    response = api_as(personas.marketer).post(
        f"/api/v1/workspaces/acme/plan-items/{item.pk}/transition/", {"status": "in_review"}, format="json"
    )
    assert response.status_code == 200
    rows = Notification.objects.filter(kind="planning.review_requested")
    assert sorted(n.user_id for n in rows) == sorted([personas.manager.pk, personas.owner.pk])
    titles = {n.user_id: n.title for n in rows}
    assert titles[personas.manager.pk] == "“Блины” waits for your review."
    assert titles[personas.owner.pk] == "«Блины» ждёт вашего согласования."
    assert all(n.workspace == personas.workspace and f"/items/{item.pk}/" in n.url for n in rows)
    assert not Notification.objects.filter(user=personas.marketer).exists()


def test_a_proposal_submitted_again_after_changes_asks_each_approver_once(personas):
    """The demo's owner saw "… ждёт вашего решения" twice for one proposal: it was submitted,
    sent back for changes and submitted again. The second request replaces the first."""
    from planning import services

    from .factories import ProposalFactory

    proposal = ProposalFactory(workspace=personas.workspace, author=personas.marketer, title="Куличи")
    other = ProposalFactory(workspace=personas.workspace, author=personas.marketer, title="Эфир")
    services.proposal_submit(proposal=other, actor=personas.marketer)
    services.proposal_submit(proposal=proposal, actor=personas.marketer)
    services.proposal_decide(
        proposal=proposal,
        actor=personas.manager,
        decision="request_changes",
        can_approve=True,
        comment="Посчитайте",
    )
    services.proposal_submit(proposal=proposal, actor=personas.marketer)

    asked = Notification.objects.filter(user=personas.owner, kind="planning.review_requested")
    about = [n for n in asked if n.url.endswith(f"/proposals/{proposal.pk}/")]
    assert len(about) == 1 and about[0].read_at is None
    assert asked.count() == 2, "the request about another proposal stays"
    assert Notification.objects.filter(user=personas.manager, kind="planning.review_requested").count() == 2


def test_an_item_sent_to_review_again_asks_once(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="draft", title="Блины")
    url = f"/api/v1/workspaces/acme/plan-items/{item.pk}/transition/"
    for status in ("in_review", "draft", "in_review"):
        assert api_as(personas.marketer).post(url, {"status": status}, format="json").status_code == 200
    assert Notification.objects.filter(user=personas.owner, kind="planning.review_requested").count() == 1


def _foreign_request(personas, url: str):
    """A review request with the same link in another workspace (it must stay unread)."""
    return Notification.objects.create(
        workspace=personas.other_workspace,
        user=personas.outsider,
        kind="planning.review_requested",
        title="Чужое",
        url=url,
    )


def _review_requests(user, workspace):
    return Notification.objects.filter(workspace=workspace, user=user, kind="planning.review_requested")


@pytest.mark.parametrize("decision", ["approve", "reject", "request_changes"])
def test_a_decided_proposal_no_longer_waits_for_the_other_approvers(personas, decision):
    """Owner and manager are both asked; the manager decides: the owner's "waits for your
    decision" is read from then on. Requests about another proposal, and another workspace's
    notifications (even with the same link), stay unread."""
    from planning import services

    from .factories import ProposalFactory

    proposal = ProposalFactory(workspace=personas.workspace, author=personas.marketer, title="Куличи")
    other = ProposalFactory(workspace=personas.workspace, author=personas.marketer, title="Эфир")
    services.proposal_submit(proposal=proposal, actor=personas.marketer)
    services.proposal_submit(proposal=other, actor=personas.marketer)
    asked = _review_requests(personas.owner, personas.workspace).get(
        url__endswith=f"/proposals/{proposal.pk}/"
    )
    foreign = _foreign_request(personas, asked.url)

    services.proposal_decide(
        proposal=proposal, actor=personas.manager, decision=decision, can_approve=True, comment="Посчитайте"
    )

    asked.refresh_from_db()
    assert asked.read_at is not None
    mine = _review_requests(personas.manager, personas.workspace).get(url=asked.url)
    assert mine.read_at is not None, "the decider's own request is answered too"
    about_other = _review_requests(personas.owner, personas.workspace).exclude(url=asked.url)
    assert [n.read_at for n in about_other] == [None]
    foreign.refresh_from_db()
    assert foreign.read_at is None
    decision_note = Notification.objects.get(user=personas.marketer, kind="planning.decision")
    assert decision_note.read_at is None, "the author's news of the decision is new to them"


@pytest.mark.parametrize("target", ["approved", "draft"])
def test_a_decided_plan_item_no_longer_waits_for_the_other_approvers(personas, api_as, target):
    item = PlanItemFactory(workspace=personas.workspace, status="draft", title="Блины")
    other = PlanItemFactory(workspace=personas.workspace, status="draft", title="Оладьи")
    for row in (item, other):
        url = f"/api/v1/workspaces/acme/plan-items/{row.pk}/transition/"
        assert api_as(personas.marketer).post(url, {"status": "in_review"}, format="json").status_code == 200
    asked = _review_requests(personas.owner, personas.workspace).get(url__endswith=f"/items/{item.pk}/")
    foreign = _foreign_request(personas, asked.url)

    response = api_as(personas.manager).post(
        f"/api/v1/workspaces/acme/plan-items/{item.pk}/transition/", {"status": target}, format="json"
    )

    assert response.status_code == 200
    asked.refresh_from_db()
    assert asked.read_at is not None
    about_other = _review_requests(personas.owner, personas.workspace).exclude(url=asked.url)
    assert [n.read_at for n in about_other] == [None]
    foreign.refresh_from_db()
    assert foreign.read_at is None
