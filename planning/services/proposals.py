"""Proposals: versioned drafts, submission, the manager's decision, comments, and an approved
proposal becoming a draft campaign (``proposal_to_campaign``)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from campaigns.alignment.mapping import objectives_for
from campaigns.enums import KpiMetric
from campaigns.models import Campaign
from campaigns.services import campaign_create
from smm_platform.errors import AppError, Conflict
from smm_platform.events import emit

from .. import workflow
from ..enums import NotificationKind, ProposalEventKind, ProposalStatus
from ..models import Proposal, ProposalEvent, ProposalVersion
from ._common import Forbidden, _validate
from .notifications import _approvers, _notify, _review_answered

PROPOSAL_FIELDS = [
    "title",
    "problem",
    "segment",
    "idea",
    "goal",
    "expected_effect",
    "expected_effect_note",
    "budget",
    "risks",
]


def _snapshot(proposal: Proposal) -> dict:
    return {
        f: (str(getattr(proposal, f)) if isinstance(getattr(proposal, f), Decimal) else getattr(proposal, f))
        for f in Proposal.VERSIONED_FIELDS
    }


def proposal_create(*, workspace, actor, token=None, **data) -> Proposal:
    proposal = Proposal(workspace=workspace, author=actor, **data)
    _validate(proposal)
    with transaction.atomic():
        proposal.save()
        ProposalVersion.objects.create(
            workspace=workspace, proposal=proposal, number=1, snapshot=_snapshot(proposal), created_by=actor
        )
        audit_record(workspace=workspace, actor=actor, token=token, action="proposal.create", target=proposal)
    return proposal


def proposal_update(*, proposal: Proposal, actor, token=None, **data) -> Proposal:
    """Edit a draft (or a proposal sent back for changes): each edit is a new version."""
    if proposal.status not in workflow.PROPOSAL_EDITABLE:
        raise Conflict(_("Only a draft or a proposal sent back for changes can be edited."))
    for field, value in data.items():
        setattr(proposal, field, value)
    _validate(proposal)
    with transaction.atomic():
        number = proposal.current_version + 1
        changed = Proposal.objects.filter(
            pk=proposal.pk, current_version=proposal.current_version, status__in=workflow.PROPOSAL_EDITABLE
        ).update(current_version=number)
        if not changed:
            raise Conflict(_("The proposal was changed by someone else; reload and try again."))
        proposal.current_version = number
        proposal.save()
        ProposalVersion.objects.create(
            workspace=proposal.workspace,
            proposal=proposal,
            number=number,
            snapshot=_snapshot(proposal),
            created_by=actor,
        )
        audit_record(
            workspace=proposal.workspace,
            actor=actor,
            token=token,
            action="proposal.update",
            target=proposal,
            changes={"version": number},
        )
    return proposal


def _proposal_url(proposal) -> str:
    return reverse("planning:proposal", kwargs={"workspace_slug": proposal.workspace.slug, "pk": proposal.pk})


def proposal_submit(*, proposal: Proposal, actor, token=None) -> Proposal:
    with transaction.atomic():
        changed = Proposal.objects.filter(pk=proposal.pk, status__in=workflow.PROPOSAL_EDITABLE).update(
            status=ProposalStatus.SUBMITTED, updated_at=timezone.now()
        )
        if not changed:
            raise Conflict(_("Only a draft or a proposal sent back for changes can be submitted."))
        proposal.refresh_from_db()
        ProposalEvent.objects.create(
            workspace=proposal.workspace,
            proposal=proposal,
            kind=ProposalEventKind.SUBMITTED,
            version=proposal.current_version,
            author=actor,
        )
        audit_record(
            workspace=proposal.workspace, actor=actor, token=token, action="proposal.submit", target=proposal
        )
        for approver in _approvers(proposal.workspace):
            if approver != actor:
                _notify(
                    workspace=proposal.workspace,
                    recipient=approver,
                    kind=NotificationKind.REVIEW_REQUESTED,
                    message=lambda: _("The proposal “%(title)s” waits for your decision.")
                    % {"title": proposal.title},
                    url=_proposal_url(proposal),
                    supersede=True,
                )
    return proposal


DECISIONS = {
    "approve": (ProposalStatus.APPROVED, ProposalEventKind.APPROVED),
    "reject": (ProposalStatus.REJECTED, ProposalEventKind.REJECTED),
    "request_changes": (ProposalStatus.CHANGES_REQUESTED, ProposalEventKind.CHANGES_REQUESTED),
}


def proposal_decide(
    *, proposal: Proposal, actor, decision: str, can_approve: bool, comment: str = "", token=None
) -> Proposal:
    """A manager or owner approves, rejects or sends back a submitted proposal (403 for others,
    409 unless submitted). The decision joins the history; the author is notified, and every
    approver's request to decide it is marked read."""
    if not can_approve:
        raise Forbidden(_("Only managers and owners decide on proposals."))
    if decision not in DECISIONS:
        raise AppError(_("Unknown decision."), errors={"decision": [decision]})
    status, event_kind = DECISIONS[decision]
    if decision == "request_changes" and not (comment or "").strip():
        raise AppError(_("Say what to change."), errors={"comment": [_("Required.")]})
    with transaction.atomic():
        final = decision != "request_changes"
        now = timezone.now()
        changed = Proposal.objects.filter(pk=proposal.pk, status=ProposalStatus.SUBMITTED).update(
            status=status,
            updated_at=now,
            decided_by=actor if final else None,
            decided_at=now if final else None,
        )
        if not changed:
            raise Conflict(_("Only a submitted proposal can be decided."))
        proposal.refresh_from_db()
        ProposalEvent.objects.create(
            workspace=proposal.workspace,
            proposal=proposal,
            kind=event_kind,
            version=proposal.current_version,
            author=actor,
            body=(comment or "").strip(),
        )
        audit_record(
            workspace=proposal.workspace,
            actor=actor,
            token=token,
            action=f"proposal.{decision}",
            target=proposal,
            changes={"status": [ProposalStatus.SUBMITTED, status]},
        )
        _review_answered(workspace=proposal.workspace, url=_proposal_url(proposal))
        if final:
            emit(
                workspace=proposal.workspace,
                event="proposal.decided",
                payload={"id": proposal.pk, "title": proposal.title, "status": status},
            )
        if proposal.author_id and proposal.author != actor:
            _notify(
                workspace=proposal.workspace,
                recipient=proposal.author,
                kind=NotificationKind.DECISION,
                message=lambda: _("Decision on “%(title)s”: %(status)s.")
                % {"title": proposal.title, "status": ProposalStatus(status).label},
                url=_proposal_url(proposal),
            )
    return proposal


def proposal_comment(*, proposal: Proposal, actor, body: str, token=None) -> ProposalEvent:
    body = (body or "").strip()
    if not body:
        raise AppError(_("The comment is empty."), errors={"body": [_("Required.")]})
    with transaction.atomic():
        event = ProposalEvent.objects.create(
            workspace=proposal.workspace,
            proposal=proposal,
            kind=ProposalEventKind.COMMENT,
            version=proposal.current_version,
            author=actor,
            body=body[:5000],
        )
        audit_record(
            workspace=proposal.workspace, actor=actor, token=token, action="proposal.comment", target=proposal
        )
    return event


# What a goal counts -> the campaign objective that moves it directly (when the goal's kind allows it).
OBJECTIVE_FOR_METRIC = {
    "revenue": "sales",
    "sales": "sales",
    "leads": "leads",
    "reach": "reach",
    "impressions": "reach",
    "followers": "community_growth",
    "engagements": "engagement",
    "clicks": "traffic",
}
CAMPAIGN_DAYS_WITHOUT_GOAL_PERIOD = 30


def proposal_campaign_fields(proposal: Proposal) -> dict:
    """What a campaign takes from an approved proposal: its title as the name, its goal, budget,
    segment; the objective that serves the goal (``OBJECTIVE_FOR_METRIC`` when the goal's kind
    allows it, else the goal kind's first direct objective); the goal's period from today on (or
    30 days from today when the goal's period is over); the expected effect as the KPI on the
    goal's metric. A proposal names no channels, so the campaign starts with none."""
    goal = proposal.goal
    allowed = objectives_for(goal.kind)
    objective = OBJECTIVE_FOR_METRIC.get(goal.target_metric)
    if objective not in allowed:
        objective = allowed[0] if allowed else (objective or "sales")
    starts_on = max(timezone.localdate(), goal.starts_on)
    ends_on = goal.ends_on
    if ends_on < starts_on:
        starts_on = timezone.localdate()
        ends_on = starts_on + timedelta(days=CAMPAIGN_DAYS_WITHOUT_GOAL_PERIOD)
    kpis = []
    if goal.target_metric in KpiMetric.values and proposal.expected_effect > 0:
        kpis = [{"metric": goal.target_metric, "target_value": proposal.expected_effect}]
    description = "\n\n".join(part.strip() for part in (proposal.problem, proposal.idea) if part.strip())
    return {
        "name": proposal.title[:200],
        "objective": objective,
        "goal": goal,
        "budget": proposal.budget,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "channels": [],
        "description": description,
        "segments": [proposal.segment] if proposal.segment_id else [],
        "kpis": kpis,
    }


def proposal_to_campaign(*, proposal: Proposal, actor, token=None) -> tuple[Campaign, bool]:
    """An approved proposal becomes a draft campaign in one step (``proposal_campaign_fields``),
    linked both ways and audit-logged. Idempotent: when the proposal already has its campaign,
    that campaign is answered and nothing is created (``created`` is False). 409 for a proposal
    that is not approved. Who may do it (the right to create campaigns) is the caller's check."""
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("goal", "segment")
            .get(pk=proposal.pk)
        )
        if locked.campaign_id:
            return locked.campaign, False
        if locked.status != ProposalStatus.APPROVED:
            raise Conflict(_("Only an approved proposal becomes a campaign."))
        fields = proposal_campaign_fields(locked)
        campaign = campaign_create(workspace=locked.workspace, actor=actor, token=token, **fields)
        Proposal.objects.filter(pk=locked.pk).update(campaign=campaign)
        audit_record(
            workspace=locked.workspace,
            actor=actor,
            token=token,
            action="proposal.campaign_created",
            target=locked,
            changes={"campaign": [None, campaign.pk]},
        )
    proposal.campaign = campaign
    return campaign, True
