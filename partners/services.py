"""Writes and business rules of partners: the directory, the pipeline, negotiations, deals with
deliverables, imports and reminders. Every write validates, runs in a transaction and is audited."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import audit_record, notify
from campaigns.enums import Channel
from smm_platform import formatting, tabular
from smm_platform.errors import AppError, Conflict, django_validation_errors
from smm_platform.events import emit

from . import calendar_link, rules
from .enums import DealStatus, DeliverableStatus, ImportStatus, NegotiationKind, Stage
from .models import (
    Deal,
    Deliverable,
    Negotiation,
    Partner,
    PartnerChannel,
    PartnerImport,
)

PARTNER_FIELDS = (
    "name",
    "kind",
    "topics",
    "geography",
    "demographics",
    "price_list",
    "contacts",
    "tags",
    "notes",
    "rating",
    "owner",
)
CHANNEL_FIELDS = ("platform", "url", "handle", "audience_size", "engagement_rate")


def _validate(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise AppError(_("The request is invalid."), errors=django_validation_errors(exc)) from exc


def normalize_handle(handle: str) -> str:
    return (handle or "").strip().lstrip("@").lower()


def normalize_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    _scheme, rest = url.split("://", 1)
    host, _sep, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    path = path.rstrip("/")
    return f"https://{host}/{path}" if path else f"https://{host}"


def _min_price(price_list: list) -> Decimal | None:
    prices = []
    for entry in price_list or []:
        try:
            prices.append(Decimal(str(entry.get("price"))))
        except (InvalidOperation, AttributeError):
            continue
    return min(prices) if prices else None


def _derive(partner: Partner) -> None:
    partner.topics = (
        [str(t).strip() for t in partner.topics or [] if str(t).strip()]
        if isinstance(partner.topics, list)
        else partner.topics
    )
    partner.topic_terms = rules.topic_terms(partner.topics) if isinstance(partner.topics, list) else []
    partner.min_price = _min_price(partner.price_list) if isinstance(partner.price_list, list) else None


def _channel(partner: Partner, data: dict) -> PartnerChannel:
    channel = PartnerChannel(workspace=partner.workspace, partner=partner)
    for key in CHANNEL_FIELDS:
        if key in data:
            setattr(channel, key, data[key])
    channel.url = normalize_url(channel.url)
    channel.handle = normalize_handle(channel.handle)
    return channel


def refresh_channel_totals(partner_ids) -> None:
    """Recompute the partners' audience totals, audience-weighted engagement rate and audience per
    platform from their channels (one GROUP BY query, one bulk UPDATE)."""
    ids = list(partner_ids)
    if not ids:
        return
    totals: dict[int, dict] = {pk: {"audience": 0, "weighted": Decimal("0"), "platforms": {}} for pk in ids}
    rows = (
        PartnerChannel.objects.filter(partner_id__in=ids)
        .values("partner_id", "platform")
        .annotate(audience=Sum("audience_size"), weighted=Sum(F("audience_size") * F("engagement_rate")))
        .order_by()
    )
    for row in rows:
        entry = totals[row["partner_id"]]
        entry["audience"] += row["audience"] or 0
        entry["weighted"] += Decimal(row["weighted"] or 0)
        entry["platforms"][row["platform"]] = row["audience"] or 0
    partners = list(Partner.objects.filter(pk__in=ids).only("pk", "topic_terms"))
    for partner in partners:
        entry = totals[partner.pk]
        partner.audience_total = entry["audience"]
        partner.engagement_avg = (
            (entry["weighted"] / entry["audience"]).quantize(Decimal("0.01"))
            if entry["audience"]
            else Decimal("0")
        )
        partner.platform_audience = entry["platforms"]
        partner.features = rules.feature_vector(
            topic_terms=partner.topic_terms,
            platform_audience=partner.platform_audience,
            platforms=Channel.values,
        )
    Partner.objects.bulk_update(
        partners, ["audience_total", "engagement_avg", "platform_audience", "features"], batch_size=1000
    )


def _check_duplicates(workspace, channels: list[PartnerChannel], exclude_partner: int | None = None) -> None:
    urls = {c.url for c in channels if c.url}
    handles = {(c.platform, c.handle) for c in channels if c.handle}
    if not urls and not handles:
        return
    query = Q(url__in=urls) if urls else Q(pk__in=[])
    for platform, handle in handles:
        query |= Q(platform=platform, handle=handle)
    existing = PartnerChannel.objects.for_workspace(workspace).filter(query)
    if exclude_partner:
        existing = existing.exclude(partner_id=exclude_partner)
    found = existing.select_related("partner").first()
    if found:
        raise Conflict(
            _("Partner “%(name)s” already has this channel.") % {"name": found.partner.name},
            errors={"channels": [_("Duplicate of a channel of “%(name)s”.") % {"name": found.partner.name}]},
        )


@transaction.atomic
def partner_create(*, workspace, actor, data: dict[str, Any], token=None) -> Partner:
    """Create a partner with its channels (``data["channels"]``: list of channel dicts).
    A channel already in the directory (same link, or same handle on the platform) is a 409."""
    partner = Partner(workspace=workspace, owner=actor if getattr(actor, "pk", None) else None)
    for key in PARTNER_FIELDS:
        if key in data:
            setattr(partner, key, data[key])
    _derive(partner)
    _validate(partner)
    partner.save()
    channels = [_channel(partner, c) for c in data.get("channels", [])]
    for channel in channels:
        _validate(channel)
    _check_duplicates(workspace, channels)
    PartnerChannel.objects.bulk_create(channels)
    refresh_channel_totals([partner.pk])
    audit_record(workspace=workspace, actor=actor, token=token, action="partner.created", target=partner)
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, actor, data: dict[str, Any], token=None) -> Partner:
    """Change a partner's fields; ``data["channels"]`` (when given) replaces its channels."""
    changes = {}
    for key in PARTNER_FIELDS:
        if key in data and getattr(partner, key) != data[key]:
            changes[key] = str(data[key])[:200]
            setattr(partner, key, data[key])
    _derive(partner)
    _validate(partner)
    partner.save()
    if "channels" not in data:
        refresh_channel_totals([partner.pk])  # topics may have changed: rebuild the feature vector
    if "channels" in data:
        channels = [_channel(partner, c) for c in data["channels"]]
        for channel in channels:
            _validate(channel)
        _check_duplicates(partner.workspace, channels, exclude_partner=partner.pk)
        partner.channels.all().delete()
        PartnerChannel.objects.bulk_create(channels)
        refresh_channel_totals([partner.pk])
        changes["channels"] = len(channels)
    audit_record(
        workspace=partner.workspace,
        actor=actor,
        token=token,
        action="partner.updated",
        target=partner,
        changes=changes,
    )
    return partner


@transaction.atomic
def partner_delete(*, partner: Partner, actor, token=None) -> None:
    """Delete a partner with its channels and log; a partner with deals is kept (409)."""
    if partner.deals.exists():
        raise Conflict(_("A partner with deals cannot be deleted; move it to “Declined” instead."))
    audit_record(
        workspace=partner.workspace, actor=actor, token=token, action="partner.deleted", target=partner
    )
    partner.delete()


@transaction.atomic
def channel_add(*, partner: Partner, actor, data: dict[str, Any]) -> PartnerChannel:
    channel = _channel(partner, data)
    _validate(channel)
    _check_duplicates(partner.workspace, [channel])
    channel.save()
    refresh_channel_totals([partner.pk])
    audit_record(workspace=partner.workspace, actor=actor, action="partner.channel_added", target=partner)
    return channel


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
    from .selectors import deal_results

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


# --- import ------------------------------------------------------------------------------------


def _row_partner_data(row: dict) -> tuple[dict | None, dict]:
    """Validate one import row (flat: name, kind, platform, url, handle, audience_size,
    engagement_rate, topics, geography, tags, price, currency, email, phone, telegram, notes)."""
    from .forms import PartnerRowForm

    form = PartnerRowForm(data={k: ("" if v is None else v) for k, v in row.items()})
    if not form.is_valid():
        return None, {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    return form.to_partner_data(), {}


def _split_rows(workspace, rows: list[dict]) -> tuple[list[dict], dict, dict]:
    """Parse rows; per-row errors and duplicates (against the directory and earlier rows)."""
    parsed: list[dict] = []
    errors: dict[str, dict] = {}
    duplicates: dict[str, str] = {}
    for index, row in enumerate(rows):
        data, row_errors = _row_partner_data(row)
        if row_errors:
            errors[str(index + 1)] = row_errors
        parsed.append(data or {})
    urls, handles = set(), set()
    for data in parsed:
        for ch in data.get("channels", []):
            if ch["url"]:
                urls.add(ch["url"])
            if ch["handle"]:
                handles.add(ch["handle"])
    existing = {}
    if urls or handles:
        for url, platform, handle, name in (
            PartnerChannel.objects.for_workspace(workspace)
            .filter(Q(url__in=urls) | Q(handle__in=handles))
            .values_list("url", "platform", "handle", "partner__name")
        ):
            if url:
                existing[("url", url)] = name
            if handle:
                existing[("handle", platform, handle)] = name
    seen: dict = {}
    for index, data in enumerate(parsed):
        if not data:
            continue
        for ch in data.get("channels", []):
            keys = []
            if ch["url"]:
                keys.append(("url", ch["url"]))
            if ch["handle"]:
                keys.append(("handle", ch["platform"], ch["handle"]))
            for key in keys:
                if key in existing:
                    duplicates[str(index + 1)] = _("Already in the directory: %(name)s.") % {
                        "name": existing[key]
                    }
                elif key in seen:
                    duplicates[str(index + 1)] = _("Same channel as row %(row)s.") % {"row": seen[key]}
            for key in keys:
                seen.setdefault(key, index + 1)
    return parsed, errors, duplicates


def partner_import_preview(
    *, workspace, actor, file_name: str, rows: list[dict], table: dict | None = None, mapping=None
) -> PartnerImport:
    """Store an upload's rows with their errors and duplicates for the preview (nothing imported).
    ``table`` (the file as read, ``Table.as_stash``) and ``mapping`` let the person fix the column
    mapping in the preview (:func:`partner_import_remap`)."""
    if not rows:
        raise AppError(_("The file has no rows."), errors={"file": [_("The file has no rows.")]})
    _parsed, errors, duplicates = _split_rows(workspace, rows)
    partner_import = PartnerImport.objects.create(
        workspace=workspace,
        file_name=file_name[:200],
        table=table or {},
        mapping=list(mapping or []),
        rows=rows,
        errors=errors,
        duplicates=duplicates,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        workspace=workspace,
        actor=actor,
        action="partner_import.uploaded",
        target=partner_import,
        changes={"rows": len(rows), "errors": len(errors), "duplicates": len(duplicates)},
    )
    return partner_import


@transaction.atomic
def partner_import_remap(*, partner_import: PartnerImport, actor, mapping: list[str]) -> PartnerImport:
    """Read the previewed file again with the column mapping the person chose: new rows, errors and
    duplicates (nothing imported). Only an import still in preview whose file was kept."""
    from . import importing

    locked = PartnerImport.objects.select_for_update().get(pk=partner_import.pk)
    if locked.status != ImportStatus.PREVIEW:
        raise Conflict(_("This import was already applied."))
    if not locked.table:
        raise AppError(_("This import's file was not kept: upload it again."))
    table = tabular.Table.from_stash(locked.table)
    rows = importing.rows_from_table(table, mapping)
    _parsed, errors, duplicates = _split_rows(locked.workspace, rows)
    locked.mapping, locked.rows, locked.errors, locked.duplicates = mapping, rows, errors, duplicates
    locked.save(update_fields=["mapping", "rows", "errors", "duplicates"])
    audit_record(
        workspace=locked.workspace,
        actor=actor,
        action="partner_import.remapped",
        target=locked,
        changes={"mapping": mapping, "errors": len(errors), "duplicates": len(duplicates)},
    )
    return locked


def _bulk_create_partners(workspace, actor, parsed: list[dict]) -> list[Partner]:
    partners = []
    for data in parsed:
        partner = Partner(workspace=workspace, owner=actor if getattr(actor, "pk", None) else None)
        for key in PARTNER_FIELDS:
            if key in data:
                setattr(partner, key, data[key])
        _derive(partner)
        partners.append(partner)
    Partner.objects.bulk_create(partners)
    channels = [
        _channel(p, c) for p, data in zip(partners, parsed, strict=True) for c in data.get("channels", [])
    ]
    PartnerChannel.objects.bulk_create(channels)
    refresh_channel_totals([p.pk for p in partners])
    return partners


@transaction.atomic
def partner_import_apply(*, partner_import: PartnerImport, actor) -> int:
    """Create every row of a previewed import, skipping duplicates. Rows with errors reject the
    whole import (nothing written). Returns the number of partners created."""
    locked = PartnerImport.objects.select_for_update().get(pk=partner_import.pk)
    if locked.status != ImportStatus.PREVIEW:
        raise Conflict(_("This import was already applied."))
    parsed, errors, duplicates = _split_rows(locked.workspace, locked.rows)
    if errors:
        locked.errors, locked.duplicates = errors, duplicates
        locked.save(update_fields=["errors", "duplicates"])
        raise AppError(_("Fix the rows with errors and upload the file again."), errors={"rows": errors})
    keep = [data for i, data in enumerate(parsed) if str(i + 1) not in duplicates]
    created = _bulk_create_partners(locked.workspace, actor, keep)
    locked.status, locked.created_count, locked.duplicates = ImportStatus.APPLIED, len(created), duplicates
    locked.save(update_fields=["status", "created_count", "duplicates"])
    audit_record(
        workspace=locked.workspace,
        actor=actor,
        action="partner_import.applied",
        target=locked,
        changes={"created": len(created), "skipped_duplicates": len(duplicates)},
    )
    partner_import.status, partner_import.created_count = locked.status, locked.created_count
    return len(created)


@transaction.atomic
def partners_bulk_import(*, workspace, actor, rows: list[dict], token=None) -> dict:
    """API bulk import of flat rows: any invalid row rejects the batch (errors by row number,
    counted from 1); duplicates are skipped and reported."""
    if not rows:
        raise AppError(_("Send at least one row."), errors={"rows": [_("Send at least one row.")]})
    parsed, errors, duplicates = _split_rows(workspace, rows)
    if errors:
        raise AppError(_("Some rows are invalid; nothing was imported."), errors={"rows": errors})
    keep = [data for i, data in enumerate(parsed) if str(i + 1) not in duplicates]
    created = _bulk_create_partners(workspace, actor, keep)
    audit_record(
        workspace=workspace,
        actor=actor,
        token=token,
        action="partner.bulk_imported",
        changes={"created": len(created), "skipped_duplicates": len(duplicates)},
    )
    return {"created": len(created), "duplicates": duplicates}


# --- reminders ---------------------------------------------------------------------------------


def remind_overdue_next_steps(*, today: date | None = None) -> int:
    """Remind the author (or the partner's owner) of every overdue, open next step once, in-app
    and by email (``accounts.services.notify``). Each step is claimed with a conditional UPDATE
    so two runs never remind twice. Returns how many steps were reminded."""
    today = today or timezone.localdate()
    due = list(
        Negotiation.objects.filter(next_step_done=False, reminded_at__isnull=True, next_step_due__lt=today)
        .exclude(next_step="")
        .select_related("partner", "author", "partner__owner", "workspace")
        .order_by("pk")[:1000]
    )
    sent = 0
    for step in due:
        user = step.author or step.partner.owner
        claimed = Negotiation.objects.filter(pk=step.pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        )
        if not claimed or user is None:
            continue
        with transaction.atomic():
            notify(
                workspace=step.workspace,
                users=[user],
                kind="partners.next_step_overdue",
                title=gettext_lazy("Overdue next step with %(partner)s"),
                body=gettext_lazy("%(step)s (due %(due)s)."),
                params={
                    "partner": step.partner.name,
                    "step": step.next_step,
                    "due": formatting.format_date(step.next_step_due, user.language),
                },
                url=reverse(
                    "partners:detail", kwargs={"workspace_slug": step.workspace.slug, "pk": step.partner_id}
                ),
                email=True,
            )
        sent += 1
    return sent


def as_aware(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime(value.year, value.month, value.day, 12, 0))
