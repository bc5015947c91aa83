"""The partner directory: partners and their channels (normalised links and handles, duplicate
checks, audience totals and feature vectors)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from accounts.services import audit_record
from campaigns.enums import Channel
from smm_platform.errors import Conflict

from .. import rules
from ..models import Partner, PartnerChannel
from ._common import _validate

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
