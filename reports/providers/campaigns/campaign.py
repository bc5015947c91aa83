"""One campaign's sections: business results against its KPIs and goal, the trend, alignment
(current verdict, reasons, changes in the period), vanity metrics apart."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.enums import Verdict
from campaigns.models import AlignmentCheck

from ... import rules
from ...sections import (
    BUSINESS,
    DATE,
    DECIMAL,
    INFO,
    INT,
    MONEY,
    Column,
    ReportContext,
    Section,
    Table,
    Tile,
    tile_status,
)
from .. import campaign_data as data
from ._common import (
    _business_tiles,
    _by_day_chart,
    _channel_table,
    _channels,
    _daily_chart,
    _kpi_type,
    _num,
    _totals,
    _vanity_section,
    kpi_rows,
)


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
            _by_day_chart(
                "daily_leads",
                _("Leads and sales by day"),
                "bar",
                days,
                [(_("Leads"), "leads"), (_("Sales"), "sales")],
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
