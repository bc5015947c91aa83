"""Aggregates of the campaigns area in PostgreSQL (one GROUP BY query each), as plain dicts.

Every function reads through ``for_workspace`` and the period bounds; money is returned as float
rounded to cents so it can go into a JSON snapshot.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import Coalesce

from campaigns.models import Campaign, Conversion, MetricDaily

COUNTS = ["impressions", "reach", "clicks", "engagements", "posts", "leads", "sales"]
MONEY_FIELDS = ["revenue", "spend"]


def _sums() -> dict:
    sums = {name: Coalesce(Sum(name), 0) for name in COUNTS}
    sums.update({name: Sum(name) for name in MONEY_FIELDS})
    sums["followers_max"] = Max("followers")
    sums["followers_min"] = Min("followers")
    return sums


def _clean(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        if key in MONEY_FIELDS:
            out[key] = round(float(value or 0), 2)
        elif key in ("followers_max", "followers_min"):
            out[key] = int(value or 0)
        else:
            out[key] = value
    return out


def _metrics(workspace, start: date, end: date, campaign=None):
    qs = MetricDaily.objects.for_workspace(workspace).filter(date__gte=start, date__lte=end)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs


def series(workspace, start: date, end: date, campaign=None) -> list[dict]:
    """Sums per (campaign, channel) community over the period: the one scan of the metric rows
    that totals, campaigns and channels are folded from. ``followers_gained`` is the community's
    last minus first size (sizes of different communities are never subtracted)."""
    rows = (
        _metrics(workspace, start, end, campaign)
        .values("campaign_id", "channel")
        .annotate(**_sums())
        .order_by()
    )
    out = []
    for r in rows:
        row = _clean(r)
        row["followers_gained"] = max(row["followers_max"] - row["followers_min"], 0)
        out.append(row)
    return out


FOLDED = [*COUNTS, "followers_gained", "followers_max"]


def fold(rows: list[dict]) -> dict:
    """Totals of several communities' rows (money rounded to cents)."""
    out = dict.fromkeys(FOLDED, 0)
    out.update(revenue=0.0, spend=0.0)
    for r in rows:
        for name in FOLDED:
            out[name] += r.get(name, 0)
        out["revenue"] += r.get("revenue", 0.0)
        out["spend"] += r.get("spend", 0.0)
    out["revenue"], out["spend"] = round(out["revenue"], 2), round(out["spend"], 2)
    return out


def fold_by(rows: list[dict], key: str) -> dict:
    groups: dict = {}
    for r in rows:
        groups.setdefault(r[key], []).append(r)
    return {k: {**fold(v), key: k} for k, v in groups.items()}


def totals(workspace, start: date, end: date, campaign=None) -> dict:
    return fold(series(workspace, start, end, campaign))


def by_campaign(workspace, start: date, end: date) -> dict[int, dict]:
    return fold_by(series(workspace, start, end), "campaign_id")


def by_channel(workspace, start: date, end: date, campaign=None) -> list[dict]:
    return channels_of(series(workspace, start, end, campaign))


def channels_of(rows: list[dict]) -> list[dict]:
    return [v for _k, v in sorted(fold_by(rows, "channel").items())]


def by_day(workspace, start: date, end: date, campaign=None) -> list[dict]:
    rows = _metrics(workspace, start, end, campaign).values("date").annotate(**_sums()).order_by("date")
    return [_clean(r) for r in rows]


def conversions_by_campaign(workspace, start: date, end: date, campaign=None) -> dict[int, dict]:
    """``{campaign_id: {"lead": count, "sale": count, "sale_amount": money}}`` from the CRM."""
    qs = Conversion.objects.for_workspace(workspace).filter(
        occurred_at__date__gte=start, occurred_at__date__lte=end
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    out: dict[int, dict] = {}
    for r in qs.values("campaign_id", "kind").annotate(n=Count("id"), amount=Sum("amount")).order_by():
        slot = out.setdefault(r["campaign_id"], {"lead": 0, "sale": 0, "sale_amount": 0.0})
        slot[r["kind"]] = r["n"]
        if r["kind"] == "sale":
            slot["sale_amount"] = round(float(r["amount"] or 0), 2)
    return out


def campaigns_in_period(workspace, start: date, end: date):
    """Campaigns whose dates overlap the period, with their goal (one query)."""
    return list(
        Campaign.objects.for_workspace(workspace)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("goal")
        .order_by("name", "id")
    )


def verdict_counts(workspace) -> dict[str, int]:
    rows = (
        Campaign.objects.for_workspace(workspace)
        .exclude(status__in=["cancelled", "draft"])
        .values("alignment_verdict")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["alignment_verdict"]: r["n"] for r in rows}
