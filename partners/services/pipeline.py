"""The pipeline and negotiations: stage moves (checked by ``rules``) and logged negotiation steps."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform.errors import AppError, Conflict
from smm_platform.events import emit

from .. import rules
from ..enums import DealStatus, NegotiationKind
from ..models import Negotiation, Partner
from ._common import _validate


def _has_deal(partner: Partner) -> bool:
    return partner.deals.exclude(status=DealStatus.CANCELLED).exists()


def _set_stage(partner: Partner, target: str, *, actor, token=None) -> bool:
    """Move with a conditional UPDATE; emits ``deal.stage_changed``. False when already there."""
    current = partner.stage
    if current == target:
        return False
    now = timezone.now()
    changed = Partner.objects.filter(pk=partner.pk, stage=current).update(
        stage=target, stage_changed_at=now, updated_at=now
    )
    if not changed:
        raise Conflict(_("The partner was moved by someone else; reload and try again."))
    partner.stage, partner.stage_changed_at = target, now
    deal = partner.deals.exclude(status=DealStatus.CANCELLED).order_by("-created_at").first()
    audit_record(
        workspace=partner.workspace,
        actor=actor,
        token=token,
        action="partner.stage_changed",
        target=partner,
        changes={"stage": [current, target]},
    )
    emit(
        workspace=partner.workspace,
        event="deal.stage_changed",
        payload={"partner": partner.pk, "deal": deal.pk if deal else None, "from": current, "to": target},
    )
    return True


@transaction.atomic
def partner_move(*, partner: Partner, stage: str, actor, token=None) -> bool:
    """Move a partner along the pipeline; invalid jumps (e.g. prospect -> completed, or agreed
    without a deal) are a 409 and change nothing. Returns False when it was already there."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    check = rules.check_stage_move(current=partner.stage, target=stage, has_deal=_has_deal(partner))
    if not check.allowed:
        raise Conflict(check.message, errors={"stage": [check.message]})
    return _set_stage(partner, stage, actor=actor, token=token)


@transaction.atomic
def negotiation_log(*, partner: Partner, actor, data: dict[str, Any], token=None) -> Negotiation:
    """Log one negotiation step. Earlier open next steps of the partner are superseded (done);
    an early-stage partner moves forward (prospect -> contacted, an offer -> negotiating)."""
    step = Negotiation(
        workspace=partner.workspace, partner=partner, author=actor if getattr(actor, "pk", None) else None
    )
    for key in (
        "deal",
        "kind",
        "happened_at",
        "summary",
        "amount",
        "currency",
        "terms",
        "next_step",
        "next_step_due",
    ):
        if key in data:
            setattr(step, key, data[key])
    if step.happened_at is None:
        step.happened_at = timezone.now()
    if step.deal_id and step.deal.partner_id != partner.pk:
        raise AppError(
            _("The request is invalid."), errors={"deal": [_("The deal belongs to another partner.")]}
        )
    _validate(step)
    Negotiation.objects.filter(partner=partner, next_step_done=False).exclude(next_step="").update(
        next_step_done=True
    )
    step.save()
    audit_record(
        workspace=partner.workspace,
        actor=actor,
        token=token,
        action="negotiation.logged",
        target=step,
        changes={"partner": partner.pk, "kind": step.kind},
    )
    is_offer = step.kind in (NegotiationKind.OFFER, NegotiationKind.COUNTER_OFFER)
    current = Partner.objects.select_for_update().get(pk=partner.pk)
    target = rules.auto_stage_after_step(current=current.stage, is_offer=is_offer)
    if target != current.stage:
        _set_stage(current, target, actor=actor, token=token)
        partner.stage, partner.stage_changed_at = current.stage, current.stage_changed_at
    return step
