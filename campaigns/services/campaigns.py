"""Campaigns, their KPIs and their workflow transitions."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions as perms
from accounts.models import Membership
from accounts.services import audit_record
from smm_platform.errors import AppError, Conflict, protected_conflict

from ..enums import CampaignStatus, KpiMetric
from ..models import (
    KPI,
    AudienceSegment,
    Campaign,
)
from ..workflow import TRANSITIONS
from ._common import _apply, _check_same_workspace, _decimal, _validated_save
from .alignment_checks import alignment_mark_dirty, alignment_request_check

CAMPAIGN_FIELDS = (
    "name",
    "objective",
    "goal",
    "channels",
    "budget",
    "starts_on",
    "ends_on",
    "description",
    "utm_campaign",
    "owner",
    "template",
)


def _kpis_validated(kpis: Iterable[dict]) -> list[tuple[str, Decimal]]:
    clean, errors, seen = [], {}, set()
    for index, item in enumerate(kpis):
        metric = item.get("metric")
        value = _decimal(item.get("target_value"))
        row = {}
        if metric not in KpiMetric.values:
            row["metric"] = [_("Unknown metric.")]
        elif metric in seen:
            row["metric"] = [_("This metric is listed twice.")]
        if value is None or value < 0:
            row["target_value"] = [_("Enter a number that is not negative.")]
        if row:
            errors[str(index)] = row
        else:
            seen.add(metric)
            clean.append((metric, value))
    if errors:
        raise AppError(_("Please correct the KPIs."), errors={"kpis": errors})
    return clean


def campaign_set_kpis(*, campaign: Campaign, kpis: Iterable[dict], actor=None, token=None) -> list[KPI]:
    """Replace the campaign's KPIs with ``kpis`` (``[{"metric", "target_value"}]``)."""
    clean = _kpis_validated(kpis)
    with transaction.atomic():
        KPI.objects.filter(campaign=campaign).delete()
        created = KPI.objects.bulk_create(
            [
                KPI(workspace_id=campaign.workspace_id, campaign=campaign, metric=m, target_value=v)
                for m, v in clean
            ]
        )
        if actor is not None or token is not None:
            audit_record(
                workspace=campaign.workspace,
                actor=actor,
                token=token,
                action="campaign.kpis_set",
                target=campaign,
                changes={"kpis": [[m, str(v)] for m, v in clean]},
            )
        alignment_mark_dirty(campaign_ids=[campaign.pk])
    return created


def campaign_create(
    *,
    workspace,
    actor,
    token=None,
    segments: Iterable[AudienceSegment] = (),
    kpis: Iterable[dict] | None = None,
    **fields,
) -> Campaign:
    """Create a draft campaign with its segments and KPIs."""
    segments = list(segments)
    _check_same_workspace(workspace, goal=fields.get("goal"), template=fields.get("template"))
    for segment in segments:
        _check_same_workspace(workspace, segments=segment)
    campaign = Campaign(
        workspace=workspace,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS},
    )
    with transaction.atomic():
        _validated_save(campaign)
        campaign.segments.set(segments)
        if kpis is not None:
            campaign_set_kpis(campaign=campaign, kpis=kpis)
        audit_record(
            workspace=workspace, actor=actor, token=token, action="campaign.created", target=campaign
        )
    return campaign


def campaign_update(
    *, campaign: Campaign, actor, token=None, segments=None, kpis: Iterable[dict] | None = None, **fields
) -> Campaign:
    """Change a campaign's fields (not its status: see ``campaign_transition``).

    The approval of an approved, running or paused campaign covered its budget: raising it is a
    new approval, so only a manager or owner may (and is recorded as the approver); anyone else
    gets a 403 and nothing changes."""
    _check_same_workspace(campaign.workspace, goal=fields.get("goal"), template=fields.get("template"))
    old_budget = campaign.budget
    changes = _apply(campaign, {k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS})
    raised = "budget" in changes and campaign.budget is not None and campaign.budget > (old_budget or 0)
    if raised and campaign.status in APPROVED_STATUSES:
        if not _can_approve(campaign.workspace, actor):
            campaign.refresh_from_db()
            raise AppError(
                _("Raising the budget of an approved campaign needs a new approval: ask a manager."),
                errors={"budget": [_("Only managers and owners raise an approved budget.")]},
                status_code=403,
            )
        campaign.approved_by, campaign.approved_at = actor, timezone.now()
        changes["approved_by"] = [None, actor.pk]
    with transaction.atomic():
        _validated_save(campaign)
        if segments is not None:
            segments = list(segments)
            for segment in segments:
                _check_same_workspace(campaign.workspace, segments=segment)
            campaign.segments.set(segments)
        if kpis is not None:
            campaign_set_kpis(campaign=campaign, kpis=kpis)
        audit_record(
            workspace=campaign.workspace,
            actor=actor,
            token=token,
            action="campaign.updated",
            target=campaign,
            changes=changes,
        )
        if {"goal", "objective", "starts_on", "ends_on"} & set(changes):
            alignment_mark_dirty(campaign_ids=[campaign.pk])
    return campaign


APPROVED_STATUSES = {CampaignStatus.APPROVED, CampaignStatus.RUNNING, CampaignStatus.PAUSED}


def _can_approve(workspace, actor) -> bool:
    if not getattr(actor, "pk", None):
        return False  # integration tokens never approve
    role = Membership.objects.filter(workspace=workspace, user=actor).values_list("role", flat=True).first()
    return perms.can_approve(role)


def campaign_delete(*, campaign: Campaign, actor, token=None) -> None:
    """Delete a campaign with its metrics and history; refused (409) while records that must keep
    it (e.g. partner deals) point at it."""
    try:
        with transaction.atomic():
            audit_record(
                workspace=campaign.workspace,
                actor=actor,
                token=token,
                action="campaign.deleted",
                target=campaign,
            )
            campaign.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise protected_conflict(
            exc,
            _("The campaign cannot be deleted while deals or other records refer to it; cancel it instead."),
        ) from exc


def campaign_transition(*, campaign: Campaign, action: str, actor, token=None) -> tuple[Campaign, bool]:
    """Move the campaign along the workflow with a conditional UPDATE (two clicks change it once).

    Returns ``(campaign, changed)``; ``changed`` is False when it already was in the target status.
    Raises ``Conflict`` when the action is not possible from the current status. A campaign needs
    a goal before it can be submitted or started.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise AppError(_("Unknown action."), status_code=404)
    if transition.target in (CampaignStatus.PROPOSED, CampaignStatus.RUNNING) and campaign.goal_id is None:
        raise AppError(
            _("Link the campaign to a business goal first: every campaign must serve one."),
            errors={"goal": [_("Required before the campaign is submitted or started.")]},
        )
    now = timezone.now()
    extra = {}
    if transition.target == CampaignStatus.APPROVED:
        extra = {"approved_by": actor if getattr(actor, "pk", None) else None, "approved_at": now}
    with transaction.atomic():
        changed = (
            Campaign.objects.filter(pk=campaign.pk, status__in=transition.sources).update(
                status=transition.target, updated_at=now, **extra
            )
            == 1
        )
        campaign.refresh_from_db()
        if not changed:
            if campaign.status == transition.target:
                return campaign, False
            raise Conflict(
                _("A campaign in status “%(status)s” cannot be changed this way.")
                % {"status": campaign.get_status_display()},
                errors={"status": [campaign.status]},
            )
        audit_record(
            workspace=campaign.workspace,
            actor=actor,
            token=token,
            action=f"campaign.{action}",
            target=campaign,
            changes={"status": [sorted(transition.sources), transition.target]},
        )
        alignment_request_check(campaign=campaign)
    return campaign, True
