"""Deals with deliverables: closing (deliverables mirrored into the calendar), updates,
completion and cancellation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform.errors import AppError, Conflict, django_validation_errors

from .. import calendar_link, rules
from ..enums import DealStatus, DeliverableStatus, Stage
from ..models import Deal, Deliverable, Partner
from ._common import _validate
from .pipeline import _set_stage


def _unique_utm(workspace, base: str) -> str:
    taken = set(
        Deal.objects.for_workspace(workspace)
        .filter(utm_campaign__startswith=base)
        .values_list("utm_campaign", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _deliverable(deal: Deal, data: dict) -> Deliverable:
    item = Deliverable(workspace=deal.workspace, deal=deal)
    for key in ("title", "kind", "channel", "due_at", "status", "erid", "published_url", "reach", "clicks"):
        if key in data:
            setattr(item, key, data[key])
    return item


@transaction.atomic
def deal_close(*, partner: Partner, campaign, actor, data: dict[str, Any], token=None) -> Deal:
    """Close a deal: store the agreed terms and deliverables, mirror deliverables into the calendar,
    and move the partner to "agreed" (from any earlier stage, as the deal is the proof)."""
    if campaign is None or campaign.workspace_id != partner.workspace_id:
        raise AppError(_("The request is invalid."), errors={"campaign": [_("Choose a campaign.")]})
    deal = Deal(
        workspace=partner.workspace,
        partner=partner,
        campaign=campaign,
        created_by=actor if getattr(actor, "pk", None) else None,
        signed_at=timezone.now(),
    )
    for key in (
        "title",
        "price",
        "currency",
        "terms",
        "payment_status",
        "erid",
        "landing_url",
        "utm_campaign",
    ):
        if key in data and data[key] is not None:
            setattr(deal, key, data[key])
    if not deal.title:
        deal.title = f"{partner.name} × {campaign.name}"[:200]
    if not deal.utm_campaign:
        deal.utm_campaign = _unique_utm(
            partner.workspace, f"{campaign.utm_campaign or f'c{campaign.pk}'}-p{partner.pk}"
        )
    try:
        if deal.price is not None and Decimal(deal.price) < 0:
            raise AppError(
                _("The request is invalid."), errors={"price": [_("The price must not be negative.")]}
            )
    except InvalidOperation as exc:
        raise AppError(_("The request is invalid."), errors={"price": [_("Enter a number.")]}) from exc
    _validate(deal)
    if Deal.objects.for_workspace(partner.workspace).filter(utm_campaign=deal.utm_campaign).exists():
        raise Conflict(
            _("Another deal uses this utm_campaign."), errors={"utm_campaign": [_("Already used.")]}
        )
    deal.save()
    items = [_deliverable(deal, d) for d in data.get("deliverables", [])]
    errors = {}
    for i, item in enumerate(items):
        try:
            item.full_clean()
        except ValidationError as exc:
            errors[str(i)] = django_validation_errors(exc)
    if errors:
        raise AppError(_("Some deliverables are invalid."), errors={"deliverables": errors})
    Deliverable.objects.bulk_create(items)
    for item in Deliverable.objects.filter(deal=deal).select_related("deal__partner", "deal__campaign"):
        calendar_link.sync_deliverable(item, actor=actor)
    audit_record(
        workspace=deal.workspace,
        actor=actor,
        token=token,
        action="deal.closed",
        target=deal,
        changes={"partner": partner.pk, "price": str(deal.price), "deliverables": len(items)},
    )
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if rules.STAGE_ORDER.index(partner.stage) < rules.STAGE_ORDER.index(Stage.AGREED) or partner.stage in (
        Stage.DECLINED,
        Stage.COMPLETED,
    ):
        _set_stage(partner, Stage.AGREED, actor=actor, token=token)
    return deal


@transaction.atomic
def deal_update(*, deal: Deal, actor, data: dict[str, Any], token=None) -> Deal:
    for key in ("title", "price", "currency", "terms", "payment_status", "erid", "landing_url"):
        if key in data:
            setattr(deal, key, data[key])
    _validate(deal)
    deal.save()
    audit_record(workspace=deal.workspace, actor=actor, token=token, action="deal.updated", target=deal)
    return deal


@transaction.atomic
def deliverable_update(*, deliverable: Deliverable, actor, data: dict[str, Any], token=None) -> Deliverable:
    """Record progress of a deliverable (status, link, reach, clicks); the plan item follows."""
    for key in ("title", "kind", "channel", "due_at", "status", "erid", "published_url", "reach", "clicks"):
        if key in data:
            setattr(deliverable, key, data[key])
    if (
        deliverable.status in (DeliverableStatus.PUBLISHED, DeliverableStatus.ACCEPTED)
        and not deliverable.published_at
    ):
        deliverable.published_at = timezone.now()
    _validate(deliverable)
    deliverable.save()
    calendar_link.sync_deliverable(deliverable, actor=actor)
    deal = deliverable.deal
    if deal.status == DealStatus.SIGNED and deliverable.published_at:
        Deal.objects.filter(pk=deal.pk, status=DealStatus.SIGNED).update(status=DealStatus.IN_PROGRESS)
        partner = Partner.objects.select_for_update().get(pk=deal.partner_id)
        if partner.stage == Stage.AGREED:
            _set_stage(partner, Stage.ACTIVE, actor=actor, token=token)
    audit_record(
        workspace=deliverable.workspace,
        actor=actor,
        token=token,
        action="deliverable.updated",
        target=deliverable,
        changes={"status": deliverable.status},
    )
    return deliverable


@transaction.atomic
def deal_complete(*, deal: Deal, actor, token=None) -> Deal:
    """Finish a deal: freeze its ROI, rate the partner from the results (blended with earlier
    ratings) and move the partner to "completed" when no other deal is still open."""
    from ..selectors import deal_results

    if deal.status == DealStatus.COMPLETED:
        return deal
    if deal.status == DealStatus.CANCELLED:
        raise Conflict(_("A cancelled deal cannot be completed."))
    results = deal_results(deal=deal)
    now = timezone.now()
    changed = Deal.objects.filter(pk=deal.pk, status__in=[DealStatus.SIGNED, DealStatus.IN_PROGRESS]).update(
        status=DealStatus.COMPLETED, completed_at=now, result_roi=results.roi, updated_at=now
    )
    if not changed:
        raise Conflict(_("The deal was changed by someone else; reload and try again."))
    deal.refresh_from_db()
    partner = Partner.objects.select_for_update().get(pk=deal.partner_id)
    earned = rules.rating_from_results(results)
    if earned is not None:
        rated = Deal.objects.filter(partner=partner, status=DealStatus.COMPLETED).exclude(pk=deal.pk).count()
        partner.rating = rules.blend_rating(partner.rating, rated, earned)
        partner.save(update_fields=["rating", "updated_at"])
    audit_record(
        workspace=deal.workspace,
        actor=actor,
        token=token,
        action="deal.completed",
        target=deal,
        changes={"roi": str(results.roi), "rating": str(partner.rating)},
    )
    still_open = partner.deals.filter(status__in=[DealStatus.SIGNED, DealStatus.IN_PROGRESS]).exists()
    if not still_open and partner.stage in (Stage.AGREED, Stage.ACTIVE):
        if partner.stage == Stage.AGREED:
            _set_stage(partner, Stage.ACTIVE, actor=actor, token=token)
        _set_stage(partner, Stage.COMPLETED, actor=actor, token=token)
    return deal


@transaction.atomic
def deal_cancel(*, deal: Deal, actor, token=None) -> Deal:
    if deal.status == DealStatus.CANCELLED:
        return deal
    if deal.status == DealStatus.COMPLETED:
        raise Conflict(_("A completed deal cannot be cancelled."))
    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.CANCELLED, updated_at=timezone.now())
    for item_id in deal.deliverables.values_list("pk", flat=True):
        calendar_link.remove_deliverable(item_id, deal.workspace, actor=actor)
    audit_record(workspace=deal.workspace, actor=actor, token=token, action="deal.cancelled", target=deal)
    deal.refresh_from_db()
    return deal
