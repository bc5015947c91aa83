"""Reads of partners, all starting from ``for_workspace()``; aggregates run in SQL."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from campaigns.enums import Channel
from campaigns.models import Campaign, Conversion

from . import rules, scoring
from .enums import DealStatus, DeliverableStatus, Stage
from .models import Deal, Deliverable, Negotiation, Partner, PartnerChannel

ZERO_MONEY = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def partners_for(*, workspace, filters: dict | None = None):
    """The directory with audience totals; ``filters``: kind, stage, platform, topic, q,
    audience_min, audience_max."""
    f = filters or {}
    qs = Partner.objects.for_workspace(workspace)
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if f.get("stage"):
        qs = qs.filter(stage=f["stage"])
    if f.get("platform"):
        qs = qs.filter(channels__platform=f["platform"]).distinct()
    if f.get("topic"):
        topic_terms = rules.terms(f["topic"])
        if topic_terms:
            cond = Q()
            for term in topic_terms:
                cond |= Q(topic_terms__icontains=f'"{term}"')
            qs = qs.filter(cond)
    if f.get("q"):
        q = f["q"].strip()
        qs = qs.filter(
            Q(name__icontains=q) | Q(notes__icontains=q) | Q(channels__handle__icontains=q.lstrip("@"))
        ).distinct()
    if f.get("audience_min") not in (None, ""):
        qs = qs.filter(audience_total__gte=int(f["audience_min"]))
    if f.get("audience_max") not in (None, ""):
        qs = qs.filter(audience_total__lte=int(f["audience_max"]))
    return qs.prefetch_related(
        Prefetch("channels", queryset=PartnerChannel.objects.order_by("-audience_size", "id"))
    )


def board_for(*, workspace) -> dict[str, list[Partner]]:
    """Partners grouped by pipeline stage (one query)."""
    columns: dict[str, list[Partner]] = {stage: [] for stage in Stage.values}
    for partner in (
        Partner.objects.for_workspace(workspace)
        .only("id", "name", "kind", "stage", "rating")
        .order_by("-updated_at", "id")[:2000]
    ):
        columns[partner.stage].append(partner)
    return columns


def negotiations_for(*, workspace, partner: Partner | None = None):
    qs = Negotiation.objects.for_workspace(workspace).select_related("partner", "author", "deal")
    return qs.filter(partner=partner) if partner is not None else qs


def _conversions_subquery(field: str):
    conversions = Conversion.objects.filter(
        workspace=OuterRef("workspace"), utm_campaign=OuterRef("utm_campaign")
    )
    if field == "count":
        return Coalesce(
            Subquery(
                conversions.values("utm_campaign").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
    return Coalesce(
        Subquery(
            conversions.values("utm_campaign").annotate(s=Sum("amount")).values("s")[:1],
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        ZERO_MONEY,
    )


def deals_for(*, workspace, partner: Partner | None = None):
    """Deals with their results aggregated in SQL: reach, clicks, deliverables (published),
    conversions and revenue attributed by ``utm_campaign``."""
    deliverables = Deliverable.objects.filter(deal=OuterRef("pk")).values("deal")
    qs = (
        Deal.objects.for_workspace(workspace)
        .select_related("partner", "campaign")
        .annotate(
            reach_total=Coalesce(Subquery(deliverables.annotate(s=Sum("reach")).values("s")[:1]), 0),
            clicks_total=Coalesce(Subquery(deliverables.annotate(s=Sum("clicks")).values("s")[:1]), 0),
            deliverables_total=Coalesce(Subquery(deliverables.annotate(n=Count("pk")).values("n")[:1]), 0),
            deliverables_done=Coalesce(
                Subquery(
                    deliverables.filter(status__in=[DeliverableStatus.PUBLISHED, DeliverableStatus.ACCEPTED])
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            ),
            conversions_total=_conversions_subquery("count"),
            revenue_total=_conversions_subquery("sum"),
        )
    )
    return qs.filter(partner=partner) if partner is not None else qs


def results_of(deal: Deal) -> rules.DealResults:
    """Results of a deal from ``deals_for`` annotations."""
    return rules.DealResults(
        price=deal.price,
        reach=deal.reach_total,
        clicks=deal.clicks_total,
        conversions=deal.conversions_total,
        revenue=deal.revenue_total,
        deliverables=deal.deliverables_total,
        delivered=deal.deliverables_done,
    )


def deal_results(*, deal: Deal) -> rules.DealResults:
    annotated = deals_for(workspace=deal.workspace).get(pk=deal.pk)
    return results_of(annotated)


def partner_results(*, partner: Partner) -> dict:
    """Totals over a partner's non-cancelled deals (one query)."""
    deals = list(deals_for(workspace=partner.workspace, partner=partner).exclude(status=DealStatus.CANCELLED))
    price = sum((d.price for d in deals), Decimal("0"))
    totals = rules.DealResults(
        price=price,
        reach=sum(d.reach_total for d in deals),
        clicks=sum(d.clicks_total for d in deals),
        conversions=sum(d.conversions_total for d in deals),
        revenue=sum((d.revenue_total for d in deals), Decimal("0")),
        deliverables=sum(d.deliverables_total for d in deals),
        delivered=sum(d.deliverables_done for d in deals),
    )
    verdict, reasons = rules.work_again_verdict(totals)
    return {"deals": deals, "totals": totals, "verdict": verdict, "reasons": reasons}


def conversions_by_day(*, deal: Deal) -> list[tuple[str, int]]:
    """Conversions attributed to the deal per day (for the chart)."""
    from django.db.models.functions import TruncDate

    rows = (
        Conversion.objects.for_workspace(deal.workspace)
        .filter(utm_campaign=deal.utm_campaign)
        .annotate(day=TruncDate("occurred_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    return [(row["day"].isoformat(), row["n"]) for row in rows]


# --- shortlist ---------------------------------------------------------------------------------


@dataclass
class ShortlistEntry:
    partner: Partner
    score: float
    reasons: list[dict]
    flags: list[str]


def campaign_terms(campaign: Campaign) -> list[str]:
    """What the campaign's audience cares about: lemmas of its segments' descriptions, needs,
    pains and content preferences, and of the campaign's own description."""
    texts = [campaign.name, campaign.description]
    for segment in campaign.segments.all():
        texts += [
            segment.name,
            segment.description,
            segment.needs,
            segment.pains,
            segment.content_preferences,
        ]
    return rules.terms(" ".join(t for t in texts if t))


def shortlist_candidates(*, campaign: Campaign, terms: list[str]) -> scoring.Candidates:
    """Every candidate for ``campaign`` as arrays, from one scan of the partners table and one
    GROUP BY over completed deals.

    SQL prefilter: the campaign's workspace, not declined, with an audience, and the cheapest
    price (when known) within the budget. Each partner contributes its scalars and its stored
    feature vector (audience per platform, topic codes; see ``rules.feature_vector``); the whole
    result comes back as ONE binary string (``string_agg`` of ``float8send`` bytes and the stored
    big-endian vectors) that numpy maps in place: no Python object, no parsing and no JSON or text
    work per partner. Topic overlap and audience on the campaign's platforms are computed with numpy."""
    partners = Partner._meta.db_table
    deals = Deal._meta.db_table
    scalars = [
        "p.id",
        "p.audience_total",
        "p.engagement_avg",
        "COALESCE(p.min_price, -1)",
        "COALESCE(p.rating, -1)",
    ]
    width = len(scalars) + len(Channel.values) + rules.TOPIC_SLOTS
    where = """p.workspace_id = %s AND p.stage <> %s AND p.audience_total > 0 AND length(p.features) > 0
               AND (p.min_price IS NULL OR p.min_price <= %s)"""
    params = [campaign.workspace_id, Stage.DECLINED, campaign.budget]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            packed = " || ".join(f"float8send(({c})::float8)" for c in scalars)
            cursor.execute(
                f"SELECT string_agg({packed} || p.features, ''::bytea) FROM {partners} p WHERE {where}",
                params,
            )
            blob = bytes(cursor.fetchone()[0] or b"")
        else:  # SQLite (the zero-setup demo): few rows, joined here
            cursor.execute(f"SELECT {', '.join(scalars)}, p.features FROM {partners} p WHERE {where}", params)
            blob = b"".join(
                struct.pack(">5d", *map(float, row[:5])) + bytes(row[5]) for row in cursor.fetchall()
            )
        cursor.execute(
            f"""SELECT d.partner_id, AVG(d.result_roi), COUNT(*) FROM {deals} d
                WHERE d.workspace_id = %s AND d.status = %s AND d.result_roi IS NOT NULL
                GROUP BY d.partner_id ORDER BY d.partner_id""",
            [campaign.workspace_id, DealStatus.COMPLETED],
        )
        past = cursor.fetchall()
    table = np.frombuffer(blob, dtype=">f8").reshape(-1, width).astype(np.float64)
    n = len(table)
    table = table[np.argsort(table[:, 0], kind="stable")]
    ids = table[:, 0].astype(np.int64)
    audience, engagement = table[:, 1], table[:, 2]
    min_price = np.where(table[:, 3] < 0, np.nan, table[:, 3])
    rating = np.where(table[:, 4] < 0, np.nan, table[:, 4])
    per_platform = table[:, len(scalars) : len(scalars) + len(Channel.values)]
    wanted = [Channel.values.index(c) for c in campaign.channels or [] if c in Channel.values]
    platform_audience = per_platform[:, wanted].sum(axis=1) if wanted else np.zeros(n)
    codes = table[:, len(scalars) + len(Channel.values) :]
    campaign_codes = np.array([rules.term_code(t) for t in terms], dtype=np.float64)
    topic_matches = np.isin(codes, campaign_codes).sum(axis=1).astype(float)
    topic_count = (codes > 0).sum(axis=1).astype(float)
    past_roi = np.full(n, np.nan)
    past_deals = np.zeros(n)
    if past and n:
        past_ids = np.array([r[0] for r in past], dtype=np.int64)
        pos = np.searchsorted(ids, past_ids)
        ok = (pos < n) & (ids[np.minimum(pos, n - 1)] == past_ids)
        past_roi[pos[ok]] = np.array([float(r[1]) for r in past], dtype=float)[ok]
        past_deals[pos[ok]] = np.array([r[2] for r in past], dtype=float)[ok]
    return scoring.Candidates(
        ids=ids,
        audience=audience,
        engagement=engagement,
        platform_audience=platform_audience,
        min_price=min_price,
        rating=rating,
        past_roi=past_roi,
        past_deals=past_deals,
        topic_matches=topic_matches,
        topic_terms=topic_count,
    )


def shortlist(*, campaign: Campaign, limit: int = 50) -> tuple[int, list[ShortlistEntry]]:
    """(number of candidates scored, the ``limit`` best with reasons), best first."""
    terms = campaign_terms(campaign)
    candidates = shortlist_candidates(campaign=campaign, terms=terms)
    ctx = scoring.FitContext(
        budget=float(campaign.budget or 0), campaign_terms=len(terms), has_channels=bool(campaign.channels)
    )
    scored = scoring.score_candidates(candidates, ctx)
    order = scoring.rank(scored, limit)
    top_ids = [int(candidates.ids[i]) for i in order]
    partners = (
        Partner.objects.for_workspace(campaign.workspace)
        .filter(pk__in=top_ids)
        .prefetch_related(
            Prefetch("channels", queryset=PartnerChannel.objects.order_by("-audience_size", "id"))
        )
    )
    by_id = {p.pk: p for p in partners}
    entries = []
    for i in order:
        partner = by_id.get(int(candidates.ids[i]))
        if partner is None:
            continue
        flags = [name for name, values in scored.flags.items() if values[i]]
        entries.append(
            ShortlistEntry(
                partner=partner,
                score=float(scored.score[i]),
                reasons=scoring.explain(candidates, scored, int(i), ctx),
                flags=flags,
            )
        )
    return len(candidates.ids), entries


def campaigns_of_deal_utms(workspace, utms: set) -> dict[str, int]:
    """``{deal utm_campaign: its campaign id}``: a CRM conversion tagged with a deal's tag counts
    for the deal and for its campaign (registered in ``campaigns.hooks.utm_resolvers``)."""
    if not utms:
        return {}
    return dict(
        Deal.objects.for_workspace(workspace)
        .filter(utm_campaign__in=list(utms))
        .values_list("utm_campaign", "campaign_id")
    )
