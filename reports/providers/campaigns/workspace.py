"""The workspace summary's campaign sections: business results of every campaign and goal, the
trend by day and channel, alignment verdict counts, vanity metrics apart."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns import figures
from campaigns.enums import GoalMetric, Verdict
from campaigns.models import BusinessGoal

from ...sections import (
    BUSINESS,
    DECIMAL,
    INFO,
    INT,
    MONEY,
    PERCENT,
    Chart,
    Column,
    ReportContext,
    Section,
    Series,
    Table,
    Tile,
    tile_status,
)
from .. import campaign_data as data
from ._common import (
    _business_tiles,
    _channel_table,
    _channels,
    _daily_chart,
    _num,
    _results,
    _source_label,
    _totals,
    _vanity_section,
)


def workspace_results(ctx: ReportContext) -> Section:
    """Leads, sales, revenue and cost per result of every campaign, then of every goal, by the
    definitions of ``campaigns.figures`` (goals over their own period up to the report's end)."""
    ws, start, end = ctx.workspace, ctx.period_start, ctx.period_end
    per_campaign = _results(ctx)
    crm = data.conversions_by_campaign(ws, start, end)
    campaigns = data.campaigns_in_period(ws, start, end)
    t = _totals(ctx)
    verdicts = dict(Verdict.choices)
    metric_labels = dict(GoalMetric.choices)
    empty = figures.Results()

    campaign_rows = []
    for c in campaigns:
        ct = per_campaign.get(c.pk, empty)
        conv = crm.get(c.pk, {})
        metric = c.goal.target_metric if c.goal else "leads"
        campaign_rows.append(
            [
                c.name,
                c.goal.name if c.goal else "—",
                c.get_status_display(),
                str(verdicts[c.alignment_verdict]),
                _num(ct.spend),
                ct.leads,
                ct.sales,
                _num(ct.revenue),
                str(_source_label(ct.source)),
                conv.get("lead", 0),
                conv.get("sale", 0),
                _num(ct.cost_per_result(metric)),
                _num(ct.romi),
            ]
        )

    goals = list(
        BusinessGoal.objects.for_workspace(ws)
        .filter(starts_on__lte=end, ends_on__gte=start)
        .order_by("starts_on", "id")
    )
    goal_figures = figures.goal_figures(workspace=ws, goals=goals, as_of=end)
    goal_rows, goal_tiles = [], []
    for g in goals:
        figure = goal_figures[g.pk]
        actual, target = _num(figure.actual), _num(g.target_value)
        max_cpr = _num(g.max_cost_per_result)
        goal_rows.append(
            [
                g.name,
                str(metric_labels.get(g.target_metric, g.target_metric)),
                target,
                actual,
                _num(figure.progress),
                _num(figure.cost_per_result),
                max_cpr,
            ]
        )
        goal_tiles.append(
            Tile(
                f"goal_{g.pk}",
                g.name,
                actual,
                MONEY if g.target_metric == "revenue" else DECIMAL,
                target,
                tile_status(actual, target),
            )
        )

    return Section(
        key="results",
        title=_("Business results"),
        group=BUSINESS,
        tiles=_business_tiles(t) + goal_tiles,
        tables=[
            Table(
                "goals",
                _("Goals: target against actual"),
                [
                    Column("goal", _("Goal")),
                    Column("metric", _("Target metric")),
                    Column("target", _("Target"), DECIMAL),
                    Column("actual", _("Actual"), DECIMAL),
                    Column("progress", _("Progress, %"), PERCENT),
                    Column("cost_per_result", _("Cost per result"), MONEY),
                    Column("max_cost_per_result", _("Max cost per result"), MONEY),
                ],
                goal_rows,
            ),
            Table(
                "campaigns",
                _("Campaigns"),
                [
                    Column("campaign", _("Campaign")),
                    Column("goal", _("Goal")),
                    Column("status", _("Status")),
                    Column("alignment", _("Alignment")),
                    Column("spend", _("Spend"), MONEY),
                    Column("leads", _("Leads"), INT),
                    Column("sales", _("Sales"), INT),
                    Column("revenue", _("Revenue"), MONEY),
                    Column("source", _("Leads and sales from")),
                    Column("crm_leads", _("CRM leads"), INT),
                    Column("crm_sales", _("CRM sales"), INT),
                    Column("cost_per_result", _("Cost per result"), MONEY),
                    Column("romi", _("ROMI, %"), PERCENT),
                ],
                campaign_rows,
            ),
        ],
        charts=[
            Chart(
                "campaign_results",
                _("Revenue and spend by campaign"),
                "bar",
                [r[0] for r in campaign_rows],
                [
                    Series(_("Revenue"), [r[7] for r in campaign_rows]),
                    Series(_("Spend"), [r[4] for r in campaign_rows]),
                ],
            )
        ],
    )


def workspace_trend(ctx: ReportContext) -> Section:
    days = data.by_day(ctx.workspace, ctx.period_start, ctx.period_end)
    channels = _channels(ctx)
    return Section(
        key="trend",
        title=_("Results by day and channel"),
        group=BUSINESS,
        tables=[_channel_table(channels)],
        charts=[_daily_chart(days)],
    )


def workspace_alignment(ctx: ReportContext) -> Section:
    counts = data.verdict_counts(ctx.workspace)
    labels = list(Verdict.choices)
    return Section(
        key="alignment",
        title=_("Goal alignment of campaigns"),
        group=INFO,
        tiles=[Tile(code, str(label), counts.get(code, 0)) for code, label in labels],
        tables=[
            Table(
                "alignment_counts",
                _("Campaigns by alignment verdict"),
                [Column("verdict", _("Verdict")), Column("campaigns", _("Campaigns"), INT)],
                [[str(label), counts.get(code, 0)] for code, label in labels],
            )
        ],
        charts=[
            Chart(
                "alignment",
                _("Campaigns by alignment verdict"),
                "bar",
                [str(label) for _c, label in labels],
                [Series(_("Campaigns"), [counts.get(code, 0) for code, _l in labels])],
            )
        ],
    )


def workspace_vanity(ctx: ReportContext) -> Section:
    t = _totals(ctx)
    channels = _channels(ctx)
    return _vanity_section(ctx, t, channels)
