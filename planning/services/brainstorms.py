"""Brainstorm sessions: ideas, dot voting, the ranked shortlist, and converting an idea into a
plan item, a task or a proposal."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform.errors import AppError, Conflict

from .. import workflow
from ..enums import BrainstormPhase, ItemStatus
from ..models import BrainstormSession, Idea, Vote
from ._common import Forbidden, _validate
from .items import plan_item_create
from .proposals import proposal_create
from .tasks import task_create


def brainstorm_create(
    *, workspace, actor, topic: str, ends_at: datetime, participants=(), token=None, **data
) -> BrainstormSession:
    session = BrainstormSession(workspace=workspace, topic=topic, ends_at=ends_at, created_by=actor, **data)
    _validate(session)
    with transaction.atomic():
        session.save()
        people = set(participants)
        if actor is not None:
            people.add(actor)
        session.participants.set(people)
        audit_record(
            workspace=workspace, actor=actor, token=token, action="brainstorm.create", target=session
        )
    return session


def _require_participant(session: BrainstormSession, user) -> None:
    if user is None or not session.participants.filter(pk=user.pk).exists():
        raise Forbidden(_("Only the session's participants take part."))


def idea_add(*, session: BrainstormSession, actor, text: str, token=None) -> Idea:
    if session.phase != BrainstormPhase.COLLECTING:
        raise Conflict(_("The session no longer collects ideas."))
    _require_participant(session, actor)
    idea = Idea(workspace=session.workspace, session=session, text=(text or "").strip(), author=actor)
    _validate(idea)
    with transaction.atomic():
        idea.save()
        audit_record(workspace=session.workspace, actor=actor, token=token, action="idea.create", target=idea)
    return idea


def brainstorm_start_voting(*, session: BrainstormSession, actor, token=None) -> BrainstormSession:
    with transaction.atomic():
        changed = BrainstormSession.objects.filter(pk=session.pk, phase=BrainstormPhase.COLLECTING).update(
            phase=BrainstormPhase.VOTING
        )
        if not changed:
            raise Conflict(_("Voting can start only while ideas are being collected."))
        audit_record(
            workspace=session.workspace, actor=actor, token=token, action="brainstorm.voting", target=session
        )
    session.refresh_from_db()
    return session


def vote_cast(*, session: BrainstormSession, idea: Idea, voter, token=None) -> Vote:
    """Spend one of the voter's N dots on ``idea``. The session row is locked while the voter's
    dots are counted; beyond N (or outside the voting phase) is a 409 and nothing is written."""
    if idea.session_id != session.pk:
        raise AppError(_("The idea belongs to another session."), errors={"idea": [_("Unknown idea.")]})
    _require_participant(session, voter)
    with transaction.atomic():
        locked = BrainstormSession.objects.select_for_update().get(pk=session.pk)
        if locked.phase != BrainstormPhase.VOTING:
            raise Conflict(_("The session is not in the voting phase."))
        used = Vote.objects.filter(session=locked, voter=voter).count()
        if used >= locked.votes_per_participant:
            raise Conflict(
                _("You have used all %(n)s of your votes.") % {"n": locked.votes_per_participant},
                errors={"votes": [str(used)]},
            )
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    workspace=session.workspace, session=locked, idea=idea, voter=voter, slot=used + 1
                )
        except IntegrityError as exc:
            raise Conflict(
                _("You have used all %(n)s of your votes.") % {"n": locked.votes_per_participant}
            ) from exc
        Idea.objects.filter(pk=idea.pk).update(votes_count=F("votes_count") + 1)
        audit_record(workspace=session.workspace, actor=voter, token=token, action="idea.vote", target=idea)
    return vote


def brainstorm_close(*, session: BrainstormSession, actor, token=None) -> list[Idea]:
    """Close the session and rank the shortlist (most votes first). Returns the shortlist."""
    with transaction.atomic():
        changed = (
            BrainstormSession.objects.filter(pk=session.pk)
            .exclude(phase=BrainstormPhase.CLOSED)
            .update(phase=BrainstormPhase.CLOSED, closed_at=timezone.now())
        )
        if not changed:
            raise Conflict(_("The session is already closed."))
        rows = list(session.ideas.values_list("pk", "votes_count", "created_at"))
        ranked = workflow.rank_ideas([(pk, n, ts.timestamp()) for pk, n, ts in rows], session.shortlist_size)
        ideas = {i.pk: i for i in session.ideas.filter(pk__in=ranked)}
        shortlist = []
        for rank, pk in enumerate(ranked, start=1):
            ideas[pk].rank = rank
            shortlist.append(ideas[pk])
        Idea.objects.bulk_update(shortlist, ["rank"])
        audit_record(
            workspace=session.workspace,
            actor=actor,
            token=token,
            action="brainstorm.close",
            target=session,
            changes={"shortlist": ranked},
        )
    session.refresh_from_db()
    return shortlist


def idea_convert(*, idea: Idea, actor, to: str, token=None, goal=None, scheduled_at=None, channel=None):
    """Turn a shortlisted idea into a plan item, a task or a proposal, once."""
    session = idea.session
    if session.phase != BrainstormPhase.CLOSED or idea.rank is None:
        raise Conflict(_("Only a shortlisted idea of a closed session can be converted."))
    if to not in ("plan_item", "task", "proposal"):
        raise AppError(_("Convert to a plan item, a task or a proposal."), errors={"to": [to]})
    title = idea.text.split("\n")[0][:200]
    with transaction.atomic():
        claimed = Idea.objects.filter(pk=idea.pk, converted_kind="").update(converted_kind=to)
        if not claimed:
            raise Conflict(_("This idea was already converted."))
        if to == "plan_item":
            when = scheduled_at or timezone.make_aware(
                datetime.combine(timezone.localdate() + timedelta(days=7), time(12, 0))
            )
            target = plan_item_create(
                workspace=idea.workspace,
                actor=actor,
                token=token,
                title=title,
                channel=channel
                or (session.campaign.channels[0] if session.campaign and session.campaign.channels else "vk"),
                scheduled_at=when,
                campaign=session.campaign,
                brief=idea.text,
                status=ItemStatus.IDEA,
            )
        elif to == "task":
            target = task_create(
                workspace=idea.workspace,
                actor=actor,
                token=token,
                title=title,
                description=idea.text,
                campaign=session.campaign,
            )
        else:
            if goal is None:
                raise AppError(
                    _("Choose the business goal the proposal serves."), errors={"goal": [_("Required.")]}
                )
            target = proposal_create(
                workspace=idea.workspace,
                actor=actor,
                token=token,
                title=title,
                problem=session.topic,
                idea=idea.text,
                goal=goal,
                expected_effect=Decimal("0"),
                budget=Decimal("0"),
                source_idea=idea,
            )
        Idea.objects.filter(pk=idea.pk).update(converted_ref=target.pk)
    idea.refresh_from_db()
    return target
