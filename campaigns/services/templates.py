"""Campaign templates: create, update, delete, save a campaign as one, instantiate one."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform.errors import AppError
from smm_platform.validation import MAX_YEAR, bounded_date

from .. import hooks
from ..models import (
    BusinessGoal,
    Campaign,
    CampaignTemplate,
    MetricDaily,
)
from ._common import _apply, _check_same_workspace, _clean_channels, _validated_save
from .campaigns import _kpis_validated, campaign_create

# The longest campaign a template describes (ten years): longer durations are a 400.
TEMPLATE_MAX_DAYS = 3660

TEMPLATE_FIELDS = (
    "name",
    "description",
    "objective",
    "goal_kind",
    "channels",
    "duration_days",
    "budget",
    "budget_split",
    "kpi_targets",
    "plan",
)


def template_create(
    *, workspace, actor, token=None, source_campaign: Campaign | None = None, **fields
) -> CampaignTemplate:
    _check_same_workspace(workspace, source_campaign=source_campaign)
    template = CampaignTemplate(
        workspace=workspace,
        source_campaign=source_campaign,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: v for k, v in fields.items() if k in TEMPLATE_FIELDS},
    )
    _clean_channels(template.channels)
    _kpis_validated(template.kpi_targets)
    with transaction.atomic():
        _validated_save(template)
        audit_record(
            workspace=workspace, actor=actor, token=token, action="template.created", target=template
        )
    return template


def template_update(*, template: CampaignTemplate, actor, token=None, **fields) -> CampaignTemplate:
    changes = _apply(template, {k: v for k, v in fields.items() if k in TEMPLATE_FIELDS})
    _clean_channels(template.channels)
    _kpis_validated(template.kpi_targets)
    with transaction.atomic():
        _validated_save(template)
        audit_record(
            workspace=template.workspace,
            actor=actor,
            token=token,
            action="template.updated",
            target=template,
            changes=changes,
        )
    return template


def template_delete(*, template: CampaignTemplate, actor, token=None) -> None:
    with transaction.atomic():
        audit_record(
            workspace=template.workspace, actor=actor, token=token, action="template.deleted", target=template
        )
        template.delete()


def template_from_campaign(*, campaign: Campaign, actor, token=None, name: str = "") -> CampaignTemplate:
    """Save ``campaign`` as a template: objective, goal kind, channels, duration, budget and its
    split by channel (from actual spend, else even), KPI targets, and the calendar plan (from the
    plan exporters that other apps register in ``campaigns.hooks``) as day offsets."""
    spend_by_channel = dict(
        MetricDaily.objects.filter(campaign=campaign)
        .values("channel")
        .annotate(s=Sum("spend"))
        .values_list("channel", "s")
    )
    total = sum(spend_by_channel.values(), Decimal(0))
    if total:
        split = {ch: round(float(v / total), 4) for ch, v in spend_by_channel.items() if v}
    else:
        split = (
            {ch: round(1 / len(campaign.channels), 4) for ch in campaign.channels}
            if campaign.channels
            else {}
        )
    plan = []
    for entry in hooks.export_plan(campaign):
        offset = (entry["date"] - campaign.starts_on).days
        plan.append({"day_offset": offset, **{k: v for k, v in entry.items() if k != "date"}})
    plan.sort(key=lambda e: e["day_offset"])
    return template_create(
        workspace=campaign.workspace,
        actor=actor,
        token=token,
        name=name or _("Template: %(name)s") % {"name": campaign.name},
        description=campaign.description,
        objective=campaign.objective,
        goal_kind=campaign.goal.kind if campaign.goal else "",
        channels=list(campaign.channels),
        duration_days=(campaign.ends_on - campaign.starts_on).days + 1,
        budget=campaign.budget,
        budget_split=split,
        kpi_targets=[{"metric": k.metric, "target_value": str(k.target_value)} for k in campaign.kpis.all()],
        plan=plan,
        source_campaign=campaign,
    )


def landing_offset(offset: int, template: CampaignTemplate, duration: int) -> int:
    """A template day offset moved into a campaign of ``duration`` days: scaled from the template's
    span (its duration, or its latest entry when that lies further) and clamped to the campaign."""
    offsets = [int(e.get("day_offset", 0)) for e in template.plan] or [0]
    span = max(template.duration_days, max(offsets) + 1)
    if span > 1 and (span != duration or max(offsets) >= template.duration_days):
        offset = round(offset * (duration - 1) / (span - 1))
    return min(max(offset, 0), max(duration - 1, 0))


def template_instantiate(
    *,
    template: CampaignTemplate,
    actor,
    token=None,
    name: str,
    starts_on: date,
    goal: BusinessGoal | None = None,
    budget: Decimal | None = None,
    ends_on: date | None = None,
) -> tuple[Campaign, list[dict]]:
    """Start a draft campaign from ``template`` at ``starts_on``: same objective, channels,
    duration, budget (or ``budget``), KPI targets; the plan shifted to the new dates and handed to
    the plan importers registered in ``campaigns.hooks`` (planning creates the plan items).
    Returns the campaign and the dated plan. Dates past the calendar's range are a 400.

    The plan lands inside the new campaign: offsets are scaled from the template's span to the new
    campaign's duration (``ends_on``, else the template's) and clamped to its days, so no entry
    falls before its start or after its end. The source campaign's audience segments are kept."""
    if ends_on is not None and ends_on < starts_on:
        raise AppError(
            _("The campaign cannot end before it starts."), errors={"ends_on": [_("Before the start date.")]}
        )
    duration = (ends_on - starts_on).days + 1 if ends_on is not None else template.duration_days
    try:
        last = starts_on + timedelta(days=max(duration, 1) - 1)
    except OverflowError:
        last = None
    if (
        bounded_date(starts_on) is None
        or bounded_date(last) is None
        or template.duration_days > TEMPLATE_MAX_DAYS
        or duration > TEMPLATE_MAX_DAYS
    ):
        raise AppError(
            _("The campaign would end past %(year)s: check the start date and the template's duration.")
            % {"year": MAX_YEAR},
            errors={"starts_on": [_("Out of range.")]},
        )
    segments = list(template.source_campaign.segments.all()) if template.source_campaign_id else []
    with transaction.atomic():
        campaign = campaign_create(
            workspace=template.workspace,
            actor=actor,
            token=token,
            name=name,
            objective=template.objective,
            goal=goal,
            channels=list(template.channels),
            budget=template.budget if budget is None else budget,
            starts_on=starts_on,
            ends_on=last,
            description=template.description,
            template=template,
            kpis=template.kpi_targets,
            segments=segments,
        )
        plan = [
            {
                **{k: v for k, v in e.items() if k != "day_offset"},
                "date": starts_on
                + timedelta(days=landing_offset(int(e.get("day_offset", 0)), template, duration)),
            }
            for e in template.plan
        ]
        hooks.import_plan(campaign, plan, actor=actor)
        audit_record(
            workspace=template.workspace,
            actor=actor,
            token=token,
            action="template.instantiated",
            target=template,
            changes={"campaign": campaign.pk, "starts_on": starts_on.isoformat(), "plan_items": len(plan)},
        )
    return campaign, plan
