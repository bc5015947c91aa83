"""The case deck's own sections: what worked (channels by cost per result, trends tried) and the
template the campaign can seed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.models import TrendTrial

from ... import rules
from ...sections import (
    BUSINESS,
    DECIMAL,
    INFO,
    INT,
    MONEY,
    PERCENT,
    Column,
    ReportContext,
    Section,
    Table,
)
from ._common import (
    _by_channel_table,
    _channels,
    _totals,
    kpi_rows,
)


def case_what_worked(ctx: ReportContext) -> Section:
    """Channels ranked by cost per result, and trends the campaign tried with their effect."""
    c = ctx.campaign
    channels = _channels(ctx, c)
    metric = c.goal.target_metric if c.goal else "leads"
    ranked = sorted(
        channels,
        key=lambda ch: (rules.cost_per_result(metric, ch) is None, rules.cost_per_result(metric, ch) or 0),
    )
    trials = TrendTrial.objects.for_workspace(ctx.workspace).filter(campaign=c).select_related("trend")
    return Section(
        key="what_worked",
        title=_("What worked"),
        group=BUSINESS,
        tables=[
            _by_channel_table(
                "channels_ranked",
                _("Channels from the cheapest result"),
                [
                    Column("spend", _("Spend"), MONEY),
                    Column("results", _("Results"), INT),
                    Column("cost_per_result", _("Cost per result"), MONEY),
                ],
                ranked,
                lambda ch: [
                    ch["spend"],
                    ch["sales"] if rules.RESULT_OF_GOAL.get(metric) == "sales" else ch["leads"],
                    rules.cost_per_result(metric, ch),
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
    kpis = kpi_rows(ctx, t)
    return Section(
        key="template",
        title=_("The template this campaign can seed"),
        group=INFO,
        note=(_("Started from the template “%(name)s”.") % {"name": c.template.name})
        if c.template_id
        else "",
        tables=[
            _by_channel_table(
                "budget_split",
                _("Budget split by actual spend"),
                [Column("share", _("Share, %"), PERCENT)],
                channels,
                lambda ch: [rules._div(ch["spend"], spend, 100)],
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
