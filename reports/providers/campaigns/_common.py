"""What the campaigns-area providers share: the report's figures queried once per report
(series, results, totals, channels), the JSON number rule, and the tiles, tables and charts that
more than one report kind shows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from campaigns import figures
from campaigns.enums import Channel, KpiMetric
from campaigns.models import KPI

from ... import rules
from ...sections import (
    INT,
    MONEY,
    PERCENT,
    VANITY,
    Chart,
    Column,
    ReportContext,
    Section,
    Series,
    Table,
    Tile,
)
from .. import campaign_data as data

MONEY_KPIS = {"revenue", "cost_per_lead", "cost_per_sale"}
PERCENT_KPIS = {"ctr", "engagement_rate", "romi"}


def _series(ctx: ReportContext, campaign=None) -> list[dict]:
    """The (campaign, channel) sums of this report, queried once and shared by the providers."""
    return ctx.memo(
        f"series:{getattr(campaign, 'pk', '')}",
        lambda: data.series(ctx.workspace, ctx.period_start, ctx.period_end, campaign),
    )


def _results(ctx: ReportContext, campaign=None) -> dict[int, figures.Results]:
    """Each campaign's figures over the report period (``campaigns.figures``), queried once."""
    return ctx.memo(
        f"results:{getattr(campaign, 'pk', '')}",
        lambda: figures.period_results(
            workspace=ctx.workspace, start=ctx.period_start, end=ctx.period_end, campaign=campaign
        ),
    )


def _totals(ctx: ReportContext, campaign=None) -> figures.Results:
    return figures.Results.total(_results(ctx, campaign).values())


def _num(value):
    """A figure for the JSON snapshot: counts stay int, money and percents become float of
    their already rounded value."""
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def _source_label(source: str) -> str:
    return {
        figures.SOURCE_CRM: _("CRM"),
        figures.SOURCE_METRICS: _("daily metrics"),
        figures.SOURCE_BOTH: _("CRM and daily metrics"),
    }.get(source, source)


def _channels(ctx: ReportContext, campaign=None) -> list[dict]:
    return data.channels_of(_series(ctx, campaign))


def _kpi_type(metric: str) -> str:
    return MONEY if metric in MONEY_KPIS else PERCENT if metric in PERCENT_KPIS else INT


def _business_tiles(t: figures.Results) -> list[Tile]:
    return [
        Tile("leads", _("Leads"), t.leads),
        Tile("sales", _("Sales"), t.sales),
        Tile("revenue", _("Revenue"), _num(t.revenue), MONEY),
        Tile("spend", _("Spend"), _num(t.spend), MONEY),
        Tile("cost_per_lead", _("Cost per lead"), _num(t.cost_per_lead), MONEY, lower_is_better=True),
        Tile("cost_per_sale", _("Cost per sale"), _num(t.cost_per_sale), MONEY, lower_is_better=True),
        Tile("romi", _("ROMI, %"), _num(t.romi), PERCENT),
    ]


def _vanity_section(ctx: ReportContext, t: figures.Results, channels: list[dict]) -> Section:
    return Section(
        key="vanity",
        title=_("Reach and engagement (vanity metrics)"),
        group=VANITY,
        note=_("Shown apart: reach and likes do not pay the bills unless they turn into leads and sales."),
        tiles=[
            Tile("impressions", _("Impressions"), t.impressions),
            Tile("reach", _("Reach"), t.reach),
            Tile("engagements", _("Engagements"), t.engagements),
            Tile("clicks", _("Clicks"), t.clicks),
            Tile("followers_gained", _("Followers gained"), t.followers_gained),
            Tile("ctr", _("CTR, %"), _num(t.ctr), PERCENT),
        ],
        tables=[
            _by_channel_table(
                "vanity_by_channel",
                _("Vanity metrics by channel"),
                [
                    Column("impressions", _("Impressions"), INT),
                    Column("reach", _("Reach"), INT),
                    Column("engagements", _("Engagements"), INT),
                    Column("clicks", _("Clicks"), INT),
                    Column("posts", _("Posts"), INT),
                ],
                channels,
                lambda c: [c["impressions"], c["reach"], c["engagements"], c["clicks"], c["posts"]],
            )
        ],
    )


def _by_channel_table(
    key: str, title: str, columns: list[Column], channels: list[dict], values: Callable[[dict], list]
) -> Table:
    """A table of a row per channel: the channel's name in the reader's language first (a code no
    longer among the choices as it is), then ``values(channel)`` under ``columns``."""
    labels = dict(Channel.choices)
    return Table(
        key,
        title,
        [Column("channel", _("Channel")), *columns],
        [[str(labels.get(c["channel"], c["channel"])), *values(c)] for c in channels],
    )


def _channel_table(channels: list[dict]) -> Table:
    return _by_channel_table(
        "results_by_channel",
        _("Business results by channel"),
        [
            Column("spend", _("Spend"), MONEY),
            Column("leads", _("Leads"), INT),
            Column("sales", _("Sales"), INT),
            Column("revenue", _("Revenue"), MONEY),
            Column("cost_per_lead", _("Cost per lead"), MONEY),
            Column("cost_per_sale", _("Cost per sale"), MONEY),
        ],
        channels,
        lambda c: [
            c["spend"],
            c["leads"],
            c["sales"],
            c["revenue"],
            rules.metric_value("cost_per_lead", c),
            rules.metric_value("cost_per_sale", c),
        ],
    )


def _by_day_chart(key: str, title: str, kind: str, days: list[dict], series: list[tuple[str, str]]) -> Chart:
    """A chart over the report's days: a series per ``(label, field of the day's sums)``."""
    return Chart(
        key,
        title,
        kind,
        [d["date"].isoformat() for d in days],
        [Series(label, [d[name] for d in days]) for label, name in series],
    )


def _daily_chart(days: list[dict]) -> Chart:
    return _by_day_chart(
        "daily",
        _("Revenue and spend by day"),
        "line",
        days,
        [(_("Revenue"), "revenue"), (_("Spend"), "spend")],
    )


def kpi_rows(ctx: ReportContext, t: figures.Results) -> list[tuple[str, str, float | None, float]]:
    labels = dict(KpiMetric.choices)
    return [
        (
            k.metric,
            str(labels.get(k.metric, k.metric)),
            _num(t.value(k.metric)),
            float(k.target_value),
        )
        for k in KPI.objects.for_workspace(ctx.workspace).filter(campaign=ctx.campaign).order_by("metric")
    ]
