"""CRM conversions: idempotent ingest by external_id."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform.errors import AppError, PayloadTooLarge
from smm_platform.validation import MAX_YEAR, MIN_YEAR, bounded_datetime

from .. import hooks
from ..enums import ConversionKind
from ..models import (
    Campaign,
    Conversion,
)
from ._common import MAX_MONEY, _campaign_ref, _decimal
from .alignment_checks import alignment_mark_dirty

#: Largest batch the conversions endpoint accepts (bigger: 413, nothing stored).
CONVERSIONS_MAX_BATCH = 5000


def conversions_record(*, workspace, actor, token=None, rows: list) -> dict[str, int]:
    """Store CRM conversions idempotently by ``external_id`` (re-sending one updates it).

    Each row names its campaign by ``campaign`` (id) or ``utm_campaign``: the campaign's own
    ``utm_campaign`` or a tag a registered resolver knows (a partner deal's ``utm_campaign``, which
    also attributes the conversion to the deal). A row is at fault for: no external_id, the same external_id twice in the
    batch, an unknown campaign or utm_campaign, an unknown kind, a negative or non-numeric amount, a
    missing or malformed ``occurred_at``. Any fault rejects the whole batch.
    """
    if not isinstance(rows, list):
        raise AppError(
            _("Send a JSON list of conversions."), errors={"non_field_errors": [_("Expected a list.")]}
        )
    if len(rows) > CONVERSIONS_MAX_BATCH:
        raise PayloadTooLarge(
            _("At most %(max)s rows per request; this one has %(count)s.")
            % {"max": CONVERSIONS_MAX_BATCH, "count": len(rows)},
            errors={"rows": [_("Split the batch.")]},
        )
    dict_rows = [r for r in rows if isinstance(r, dict)]
    ids = {ref for r in dict_rows if (ref := _campaign_ref(r.get("campaign"))) is not None}
    utms = {str(r.get("utm_campaign")).strip() for r in dict_rows if r.get("utm_campaign")}
    known_ids = set(Campaign.objects.for_workspace(workspace).filter(pk__in=ids).values_list("pk", flat=True))
    by_utm = dict(
        Campaign.objects.for_workspace(workspace)
        .filter(utm_campaign__in=utms)
        .values_list("utm_campaign", "pk")
    )
    # a tag that is no campaign's own may be a deal's (partners registers the resolver)
    for utm, campaign_id in hooks.resolve_utms(workspace, utms - set(by_utm)).items():
        by_utm.setdefault(utm, campaign_id)
    clean, errors, seen = [], {}, {}
    for index, row in enumerate(rows):
        problems: dict[str, list[str]] = {}
        if not isinstance(row, dict):
            errors[str(index)] = {"non_field_errors": [_("Each row must be an object.")]}
            continue
        external_id = str(row.get("external_id") or "").strip()
        if not external_id or len(external_id) > 120:
            problems["external_id"] = [_("Required, at most 120 characters.")]
        elif external_id in seen:
            problems["external_id"] = [_("Duplicates row %(row)s.") % {"row": seen[external_id]}]
        utm = str(row.get("utm_campaign") or "").strip()[:100]
        campaign_id = None
        if row.get("campaign") not in (None, ""):
            campaign_id = _campaign_ref(row.get("campaign"))
            if campaign_id not in known_ids:
                problems["campaign"] = [_("Unknown campaign.")]
        elif utm:
            campaign_id = by_utm.get(utm)
            if campaign_id is None:
                problems["utm_campaign"] = [_("No campaign has this utm_campaign.")]
        else:
            problems["campaign"] = [_("Give the campaign id or its utm_campaign.")]
        kind = row.get("kind")
        if kind not in ConversionKind.values:
            problems["kind"] = [_("Must be lead or sale.")]
        amount = _decimal(row.get("amount", 0))
        if amount is None or amount < 0 or amount > MAX_MONEY:
            problems["amount"] = [_("Enter an amount that is not negative.")]
        occurred = row.get("occurred_at")
        occurred_at = occurred if isinstance(occurred, datetime) else None
        if occurred_at is None and isinstance(occurred, str):
            try:
                occurred_at = parse_datetime(occurred.strip())
            except ValueError:
                occurred_at = None
        occurred_at = bounded_datetime(occurred_at)
        if occurred_at is None:
            problems["occurred_at"] = [
                _("Enter a date and time in ISO 8601 between the years %(min)s and %(max)s.")
                % {"min": MIN_YEAR, "max": MAX_YEAR}
            ]
        if problems:
            errors[str(index)] = problems
            continue
        seen[external_id] = index
        clean.append(
            Conversion(
                workspace_id=workspace.pk,
                external_id=external_id,
                campaign_id=campaign_id,
                utm_campaign=utm,
                kind=kind,
                amount=amount.quantize(Decimal("0.01")),
                occurred_at=occurred_at,
            )
        )
    if errors:
        raise AppError(
            _("%(count)s of %(total)s rows are invalid; nothing was stored.")
            % {"count": len(errors), "total": len(rows)},
            errors={"rows": errors},
        )
    if not clean:
        return {"received": 0, "created": 0, "updated": 0}
    now = timezone.now()
    for c in clean:
        c.created_at = c.updated_at = now
    with transaction.atomic():
        existing = dict(
            Conversion.objects.for_workspace(workspace)
            .filter(external_id__in=[c.external_id for c in clean])
            .values_list("external_id", "campaign_id")
        )
        Conversion.objects.bulk_create(
            clean,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["workspace", "external_id"],
            update_fields=["campaign", "utm_campaign", "kind", "amount", "occurred_at", "updated_at"],
        )
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="conversions.recorded",
            changes={"rows": len(clean), "updated": len(existing)},
        )
        alignment_mark_dirty(campaign_ids=sorted({c.campaign_id for c in clean} | set(existing.values())))
    return {"received": len(clean), "created": len(clean) - len(existing), "updated": len(existing)}
