"""Reads of partners, all starting from ``for_workspace()``; aggregates run in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

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


def _topic_match_sql(terms: list[str]) -> tuple[str, list]:
    """SQL counting how many of a partner's topic terms are among ``terms`` (vendor-specific JSON)."""
    if not terms:
        return "0", []
    if connection.vendor == "postgresql":
        return (
            "(SELECT count(*) FROM jsonb_array_elements_text(p.topic_terms) AS t(term) WHERE t.term = ANY(%s))",
            [terms],
        )
    marks = ", ".join(["%s"] * len(terms))
    return f"(SELECT count(*) FROM json_each(p.topic_terms) WHERE json_each.value IN ({marks}))", list(terms)


def _platform_sql(platforms: list[str]) -> tuple[str, list]:
    """SQL summing the partner's audience on ``platforms`` from ``platform_audience`` (JSON)."""
    if not platforms:
        return "0", []
    if connection.vendor == "postgresql":
        return " + ".join(["COALESCE((p.platform_audience ->> %s)::bigint, 0)"] * len(platforms)), list(
            platforms
        )
    return " + ".join(["COALESCE(json_extract(p.platform_audience, %s), 0)"] * len(platforms)), [
        f'$."{platform}"' for platform in platforms
    ]


def shortlist_candidates(*, campaign: Campaign, terms: list[str]) -> scoring.Candidates:
    """Every candidate for ``campaign`` as arrays: one scan of the partners table (channel totals
    are kept on the partner) and one GROUP BY over completed deals.

    SQL prefilter: the campaign's workspace, not declined, with an audience, and the cheapest
    price (when known) within the budget."""
    partners = Partner._meta.db_table
    deals = Deal._meta.db_table
    topic_sql, topic_params = _topic_match_sql(terms)
    platform_sql, platform_params = _platform_sql(list(campaign.channels or []))
    length = "jsonb_array_length" if connection.vendor == "postgresql" else "json_array_length"
    sql = f"""
        SELECT p.id, p.audience_total, p.engagement_avg, {platform_sql}, p.min_price, p.rating, {topic_sql},
               {length}(p.topic_terms)
        FROM {partners} p
        WHERE p.workspace_id = %s AND p.stage <> %s AND p.audience_total > 0
              AND (p.min_price IS NULL OR p.min_price <= %s)
        ORDER BY p.id
    """
    params = [*platform_params, *topic_params, campaign.workspace_id, Stage.DECLINED, campaign.budget]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute(
            f"""SELECT d.partner_id, AVG(d.result_roi), COUNT(*) FROM {deals} d
                WHERE d.workspace_id = %s AND d.status = %s AND d.result_roi IS NOT NULL
                GROUP BY d.partner_id ORDER BY d.partner_id""",
            [campaign.workspace_id, DealStatus.COMPLETED],
        )
        past = cursor.fetchall()
    n = len(rows)
    if rows:
        cols = list(zip(*rows, strict=True))
        ids = np.fromiter(cols[0], dtype=np.int64, count=n)
        audience = np.array(cols[1], dtype=float)
        engagement = np.array(cols[2], dtype=float)
        platform_audience = np.array(cols[3], dtype=float)
        min_price = np.array(cols[4], dtype=float)  # None -> nan
        rating = np.array(cols[5], dtype=float)
        topic_matches = np.array(cols[6], dtype=float)
        topic_count = np.nan_to_num(np.array(cols[7], dtype=float))
    else:
        ids = np.array([], dtype=np.int64)
        audience = engagement = platform_audience = min_price = rating = topic_matches = topic_count = (
            np.array([])
        )
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
