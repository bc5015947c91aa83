"""Providers of the campaigns area: business results against goals and KPIs, alignment, the
daily trend, vanity metrics apart, and the "what worked" of a case deck."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from campaigns import figures
from campaigns.enums import Channel, GoalMetric, KpiMetric, Verdict
from campaigns.models import KPI, AlignmentCheck, BusinessGoal, TrendTrial

from .. import rules
from ..sections import (
    BUSINESS,
    DATE,
    DECIMAL,
    INFO,
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
    tile_status,
)
from . import campaign_data as data

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
    labels = dict(Channel.choices)
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
            Table(
                "vanity_by_channel",
                _("Vanity metrics by channel"),
                [
                    Column("channel", _("Channel")),
                    Column("impressions", _("Impressions"), INT),
                    Column("reach", _("Reach"), INT),
                    Column("engagements", _("Engagements"), INT),
                    Column("clicks", _("Clicks"), INT),
                    Column("posts", _("Posts"), INT),
                ],
                [
                    [
                        str(labels.get(c["channel"], c["channel"])),
                        c["impressions"],
                        c["reach"],
                        c["engagements"],
                        c["clicks"],
                        c["posts"],
                    ]
                    for c in channels
                ],
            )
        ],
    )


def _channel_table(channels: list[dict]) -> Table:
    labels = dict(Channel.choices)
    return Table(
        "results_by_channel",
        _("Business results by channel"),
        [
            Column("channel", _("Channel")),
            Column("spend", _("Spend"), MONEY),
            Column("leads", _("Leads"), INT),
            Column("sales", _("Sales"), INT),
            Column("revenue", _("Revenue"), MONEY),
            Column("cost_per_lead", _("Cost per lead"), MONEY),
            Column("cost_per_sale", _("Cost per sale"), MONEY),
        ],
        [
            [
                str(labels.get(c["channel"], c["channel"])),
                c["spend"],
                c["leads"],
                c["sales"],
                c["revenue"],
                rules.metric_value("cost_per_lead", c),
                rules.metric_value("cost_per_sale", c),
            ]
            for c in channels
        ],
    )


def _daily_chart(days: list[dict]) -> Chart:
    return Chart(
        "daily",
        _("Revenue and spend by day"),
        "line",
        [d["date"].isoformat() for d in days],
        [
            Series(_("Revenue"), [d["revenue"] for d in days]),
            Series(_("Spend"), [d["spend"] for d in days]),
        ],
    )


# --- workspace summary ------------------------------------------------------------------------


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


# --- one campaign -----------------------------------------------------------------------------


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


def campaign_results(ctx: ReportContext) -> Section:
    c = ctx.campaign
    t = _totals(ctx, c)
    crm = data.conversions_by_campaign(ctx.workspace, ctx.period_start, ctx.period_end, c).get(c.pk, {})
    kpis = kpi_rows(ctx, t)
    kpi_tiles = [
        Tile(
            f"kpi_{m}",
            label,
            actual,
            _kpi_type(m),
            target,
            tile_status(actual, target, lower_is_better=m in rules.COST_METRICS),
            m in rules.COST_METRICS,
        )
        for m, label, actual, target in kpis
    ]
    goal = c.goal
    tables = [
        Table(
            "kpis",
            _("KPI: target against actual"),
            [
                Column("kpi", _("KPI")),
                Column("target", _("Target"), DECIMAL),
                Column("actual", _("Actual"), DECIMAL),
                Column("met", _("Met")),
            ],
            [
                [label, target, actual, _("yes") if rules.kpi_met(m, actual, target) else _("no")]
                for m, label, actual, target in kpis
            ],
        ),
        Table(
            "crm",
            _("Conversions confirmed by the CRM"),
            [
                Column("leads", _("Leads"), INT),
                Column("sales", _("Sales"), INT),
                Column("amount", _("Sales amount"), MONEY),
            ],
            [[crm.get("lead", 0), crm.get("sale", 0), crm.get("sale_amount", 0.0)]],
        ),
    ]
    if goal is not None:
        tables.insert(
            0,
            Table(
                "goal",
                _("Business goal"),
                [
                    Column("goal", _("Goal")),
                    Column("metric", _("Target metric")),
                    Column("target", _("Target"), DECIMAL),
                    Column("cost_per_result", _("Cost per result"), MONEY),
                    Column("max_cost_per_result", _("Max cost per result"), MONEY),
                ],
                [
                    [
                        goal.name,
                        goal.get_target_metric_display(),
                        float(goal.target_value),
                        _num(t.cost_per_result(goal.target_metric)),
                        float(goal.max_cost_per_result) if goal.max_cost_per_result is not None else None,
                    ]
                ],
            ),
        )
    return Section(
        key="results",
        title=_("Business results of %(name)s") % {"name": c.name},
        group=BUSINESS,
        tiles=_business_tiles(t) + kpi_tiles,
        tables=tables,
    )


def campaign_trend(ctx: ReportContext) -> Section:
    days = data.by_day(ctx.workspace, ctx.period_start, ctx.period_end, ctx.campaign)
    channels = _channels(ctx, ctx.campaign)
    return Section(
        key="trend",
        title=_("Results by day and channel"),
        group=BUSINESS,
        tables=[_channel_table(channels)],
        charts=[
            _daily_chart(days),
            Chart(
                "daily_leads",
                _("Leads and sales by day"),
                "bar",
                [d["date"].isoformat() for d in days],
                [
                    Series(_("Leads"), [d["leads"] for d in days]),
                    Series(_("Sales"), [d["sales"] for d in days]),
                ],
            ),
        ],
    )


def _reason_text(reason) -> str:
    if isinstance(reason, dict):
        return str(reason.get("message") or reason.get("code") or "")
    return str(reason)


def campaign_alignment(ctx: ReportContext) -> Section:
    c = ctx.campaign
    checks = (
        AlignmentCheck.objects.for_workspace(ctx.workspace)
        .filter(campaign=c, checked_at__date__gte=ctx.period_start, checked_at__date__lte=ctx.period_end)
        .order_by("checked_at", "id")
    )
    verdicts = dict(Verdict.choices)
    return Section(
        key="alignment",
        title=_("Goal alignment"),
        group=INFO,
        note=_("Current verdict: %(verdict)s.") % {"verdict": verdicts[c.alignment_verdict]},
        tables=[
            Table(
                "reasons",
                _("Why"),
                [Column("reason", _("Reason"))],
                [[_reason_text(r)] for r in c.alignment_reasons or []],
            ),
            Table(
                "history",
                _("Verdict changes in the period"),
                [
                    Column("checked_at", _("Checked"), DATE),
                    Column("verdict", _("Verdict")),
                    Column("previous", _("Previous verdict")),
                ],
                [
                    [
                        ch.checked_at.date().isoformat(),
                        str(verdicts.get(ch.verdict, ch.verdict)),
                        str(verdicts.get(ch.previous_verdict, ch.previous_verdict or "—")),
                    ]
                    for ch in checks
                ],
            ),
        ],
    )


def campaign_vanity(ctx: ReportContext) -> Section:
    t = _totals(ctx, ctx.campaign)
    channels = _channels(ctx, ctx.campaign)
    return _vanity_section(ctx, t, channels)


# --- case deck --------------------------------------------------------------------------------


def case_what_worked(ctx: ReportContext) -> Section:
    """Channels ranked by cost per result, and trends the campaign tried with their effect."""
    c = ctx.campaign
    channels = _channels(ctx, c)
    metric = c.goal.target_metric if c.goal else "leads"
    ranked = sorted(
        channels,
        key=lambda ch: (rules.cost_per_result(metric, ch) is None, rules.cost_per_result(metric, ch) or 0),
    )
    labels = dict(Channel.choices)
    trials = TrendTrial.objects.for_workspace(ctx.workspace).filter(campaign=c).select_related("trend")
    return Section(
        key="what_worked",
        title=_("What worked"),
        group=BUSINESS,
        tables=[
            Table(
                "channels_ranked",
                _("Channels from the cheapest result"),
                [
                    Column("channel", _("Channel")),
                    Column("spend", _("Spend"), MONEY),
                    Column("results", _("Results"), INT),
                    Column("cost_per_result", _("Cost per result"), MONEY),
                ],
                [
                    [
                        str(labels.get(ch["channel"], ch["channel"])),
                        ch["spend"],
                        ch["sales"] if rules.RESULT_OF_GOAL.get(metric) == "sales" else ch["leads"],
                        rules.cost_per_result(metric, ch),
                    ]
                    for ch in ranked
                ],
            ),
            Table(
                "trends",
                _("Trends tried"),
                [
                    Column("trend", _("Trend")),
                    Column("effect", _("Effect, %"), PERCENT),
                    Column("note", _("Observed effect")),
                ],
                [
                    [
                        tr.trend.name,
                        float(tr.effect_pct) if tr.effect_pct is not None else None,
                        tr.observed_effect,
                    ]
                    for tr in trials
                ],
            ),
        ],
    )


def case_template(ctx: ReportContext) -> Section:
    """What a template saved from this campaign would carry: channels, budget split by actual
    spend, KPI targets at the achieved level."""
    c = ctx.campaign
    channels = _channels(ctx, c)
    t = _totals(ctx, c)
    spend = sum(ch["spend"] for ch in channels) or 0
    labels = dict(Channel.choices)
    kpis = kpi_rows(ctx, t)
    return Section(
        key="template",
        title=_("The template this campaign can seed"),
        group=INFO,
        note=(_("Started from the template “%(name)s”.") % {"name": c.template.name})
        if c.template_id
        else "",
        tables=[
            Table(
                "budget_split",
                _("Budget split by actual spend"),
                [Column("channel", _("Channel")), Column("share", _("Share, %"), PERCENT)],
                [
                    [str(labels.get(ch["channel"], ch["channel"])), rules._div(ch["spend"], spend, 100)]
                    for ch in channels
                ],
            ),
            Table(
                "kpi_targets",
                _("KPI targets at the achieved level"),
                [Column("kpi", _("KPI")), Column("target", _("Target"), DECIMAL)],
                [[label, actual] for _m, label, actual, _t in kpis],
            ),
            Table(
                "facts",
                _("Campaign"),
                [Column("duration", _("Duration, days"), INT), Column("budget", _("Budget"), MONEY)],
                [[(c.ends_on - c.starts_on).days + 1, float(c.budget)]],
            ),
        ],
    )


WORKSPACE = [workspace_results, workspace_trend, workspace_alignment, workspace_vanity]
CAMPAIGN = [campaign_results, campaign_trend, campaign_alignment, campaign_vanity]
CASE = [campaign_results, case_what_worked, case_template, campaign_trend]
