"""A proposal as a PPTX deck (python-pptx) to present to management.

16:9 (13.333 x 7.5 in), drawn on blank slides so nothing sits where a 4:3 template put it:
a title slide, the problem and audience, the idea, the goal (its target, what its campaigns have
achieved and the forecast with this proposal, as a native chart), the budget (this proposal beside
the budgets and spend of the goal's campaigns, as a native chart, with the planned cost per result
against the goal's ceiling), the risks. Every label is in the reader's language (the active one)
and every number goes through ``smm_platform.formatting`` (``45 000,00 ₽`` in Russian); the charts'
number formats follow the same language. Figures come from ``campaigns.figures``.
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Inches, Pt

from campaigns import figures
from campaigns.models import Campaign
from smm_platform.formatting import format_date, format_int, format_money, language

from .models import Proposal

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in
ACCENT = RGBColor(0x0D, 0x6E, 0xFD)
MUTED = RGBColor(0x6C, 0x75, 0x7D)
BLANK = 6


def money_number_format(lang: str) -> str:
    """The chart's number format for roubles in the reader's language (PowerPoint shows the
    viewer's own group separator for ``,``)."""
    return '#,##0\u00a0"₽"' if lang == "ru" else '"₽"#,##0'


def _slide(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, WIDTH, Inches(0.12))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    box = slide.shapes.add_textbox(Inches(0.6), Inches(0.35), Inches(12.1), Inches(0.9))
    paragraph = box.text_frame.paragraphs[0]
    paragraph.text = title
    paragraph.font.size, paragraph.font.bold = Pt(30), True
    return slide


def _lines(slide, lines: list[str], *, left=0.6, top=1.45, width=12.1, height=5.6, size=20):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for n, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.space_after = Pt(8)
    return box


def _chart(slide, categories: list[str], series: list[tuple[str, list[float]]], number_format: str):
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    for name, values in series:
        data.add_series(name, values)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(5.3), Inches(1.4), Inches(7.6), Inches(5.7), data
    )
    chart = frame.chart
    chart.value_axis.tick_labels.number_format = number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.has_major_gridlines = True
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = number_format, False
    plot.data_labels.font.size = Pt(12)
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    return frame


def _goal_slide(deck, proposal: Proposal, goal_figure, lang: str) -> None:
    goal = proposal.goal
    metric = goal.get_target_metric_display()
    is_money = goal.target_metric == "revenue"

    def amount(value) -> str:
        return format_money(value, lang=lang) if is_money else format_int(value, lang)

    actual = goal_figure.actual if goal_figure else 0
    forecast = actual + proposal.expected_effect
    slide = _slide(deck, _("Business goal: %(goal)s") % {"goal": goal.name})
    _lines(
        slide,
        [
            _("Target: %(value)s (%(metric)s)") % {"value": amount(goal.target_value), "metric": metric},
            _("Period: %(start)s – %(end)s")
            % {"start": format_date(goal.starts_on, lang), "end": format_date(goal.ends_on, lang)},
            _("Achieved so far: %(value)s") % {"value": amount(actual)},
            _("Expected effect of the proposal: +%(value)s") % {"value": amount(proposal.expected_effect)},
            *([proposal.expected_effect_note] if proposal.expected_effect_note else []),
            _("Forecast with the proposal: %(value)s") % {"value": amount(forecast)},
        ],
        width=4.5,
        size=18,
    )
    _chart(
        slide,
        [_("Target"), _("Achieved so far"), _("Forecast with the proposal")],
        [(str(metric), [float(goal.target_value), float(actual), float(forecast)])],
        money_number_format(lang) if is_money else "#,##0",
    )


def _budget_slide(deck, proposal: Proposal, goal_figure, lang: str) -> None:
    goal = proposal.goal
    campaigns = list(
        Campaign.objects.for_workspace(proposal.workspace)
        .filter(goal=goal)
        .exclude(pk=proposal.campaign_id or 0)
        .order_by("starts_on", "id")
        .only("pk", "name", "budget")[:8]
    )
    spent = goal_figure.campaigns if goal_figure else {}
    slide = _slide(deck, _("Budget"))
    lines = [_("Budget of the proposal: %(value)s") % {"value": format_money(proposal.budget, lang=lang)}]
    cost_per_result = figures.cost_per(proposal.budget, proposal.expected_effect)
    if goal.target_metric != "revenue" and cost_per_result is not None:
        lines.append(
            _("Planned cost per result (%(metric)s): %(value)s")
            % {"metric": goal.get_target_metric_display(), "value": format_money(cost_per_result, lang=lang)}
        )
    if goal.max_cost_per_result is not None:
        lines.append(
            _("The goal allows at most %(value)s per result")
            % {"value": format_money(goal.max_cost_per_result, lang=lang)}
        )
    if campaigns:
        lines.append(
            _("Budgets of the goal's other campaigns: %(value)s")
            % {"value": format_money(sum(c.budget for c in campaigns), lang=lang)}
        )
    _lines(slide, lines, width=4.5, size=18)
    categories = [_("This proposal"), *(c.name for c in campaigns)]
    ids = [c.pk for c in campaigns]
    _chart(
        slide,
        categories,
        [
            (_("Budget"), [float(proposal.budget), *(float(c.budget) for c in campaigns)]),
            (
                _("Spent so far"),
                [float(spent[pk].spend) if pk in spent else 0.0 for pk in (proposal.campaign_id, *ids)],
            ),
        ],
        money_number_format(lang),
    )


def proposal_pptx(proposal: Proposal) -> bytes:
    """The deck in the active language: title, problem and audience, idea, goal chart, budget
    chart, risks."""
    lang = language()
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    goal_figure = figures.goal_figures(workspace=proposal.workspace, goals=[proposal.goal]).get(
        proposal.goal_id
    )

    cover = _slide(deck, proposal.title)
    _lines(
        cover,
        [
            _("Concept proposal · version %(n)s · %(status)s")
            % {"n": proposal.current_version, "status": proposal.get_status_display()},
            _("Business goal: %(goal)s") % {"goal": proposal.goal.name},
            _("Budget: %(value)s") % {"value": format_money(proposal.budget, lang=lang)},
            *([_("Author: %(name)s") % {"name": proposal.author.display_name}] if proposal.author_id else []),
            format_date(proposal.updated_at or proposal.created_at, lang) if proposal.pk else "",
        ],
        top=2.4,
        size=22,
    )
    audience = proposal.segment.name if proposal.segment_id else _("not specified")
    _lines(_slide(deck, _("Problem")), [proposal.problem, _("Audience: %(s)s") % {"s": audience}])
    _lines(
        _slide(deck, _("Idea")),
        [line for line in proposal.idea.splitlines() if line.strip()] or [proposal.idea],
    )
    _goal_slide(deck, proposal, goal_figure, lang)
    _budget_slide(deck, proposal, goal_figure, lang)
    _lines(
        _slide(deck, _("Risks")),
        [line for line in proposal.risks.splitlines() if line.strip()] or [_("No risks named.")],
    )
    out = BytesIO()
    deck.save(out)
    return out.getvalue()
