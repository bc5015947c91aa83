"""One definition per business figure, computed in one place.

Every screen (dashboard, goals page, campaign list and page, partner pages), every report format
(web, PDF, XLSX, PPTX, CSV), the case deck and the API read leads, sales, revenue, spend, cost per
result, ROMI, reach and goal progress from here; no view, renderer or serializer has a formula of
its own. The rules (also in ``docs/FIGURES.md`` and in the tooltip next to every goal figure):

| figure | definition |
| --- | --- |
| window | a goal counts the days of its own period (``starts_on``..``ends_on``, and up to a report's end when a report asks "as of"); a campaign's own results count its own period; a report counts its period |
| leads | CRM conversions of kind *lead* when the campaign has any lead conversion at all; otherwise the ``leads`` of its daily metric rows. Never both added together |
| sales | the same rule with conversions of kind *sale* |
| revenue | the amounts of the CRM sales when sales come from the CRM; otherwise the ``revenue`` of the metric rows |
| spend | the ``spend`` of the metric rows |
| reach, impressions, clicks, engagements, posts | sums of the metric rows (reach is the sum of daily reach, not unique people) |
| followers gained | per community (campaign and channel): largest minus smallest size in the window |
| cost per lead / per sale | spend / leads (sales), to the cent; none when there are no leads (sales) |
| cost per result | cost per sale for sales and revenue goals, cost per lead for leads goals |
| ROMI | (revenue - spend) / spend x 100, one decimal; none without spend |
| CTR, engagement rate | clicks / impressions x 100, engagements / reach x 100, one decimal |
| goal actual | the goal's target metric summed over its campaigns, each campaign by the rules above |
| goal progress | actual / target x 100, one decimal, not capped: 223.1 % when the target is beaten |
| campaign actual, progress | the campaign's share of its goal: its own value of the goal's target metric in the goal's window, and that as a percent of the goal's target |

Rounding happens here once (money to cents, percents to one decimal, half up); the formatting
helper (``smm_platform/formatting.py``) only shows the places, so a file and a page cannot round
one figure two ways.

Reads are aggregates in SQL: one query for which campaigns have CRM conversions, then two per
window (metric rows grouped by campaign and channel, conversions grouped by campaign and kind),
whatever the number of goals, campaigns or rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncDate

from .enums import ConversionKind
from .models import BusinessGoal, Campaign, Conversion, MetricDaily

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
ZERO = Decimal("0.00")

COUNTS = ("impressions", "reach", "clicks", "engagements", "posts", "leads", "sales")
MONEY = ("revenue", "spend")
#: Goal target metrics whose result unit is a sale (cost per result = cost per sale) or a lead.
RESULT_OF_METRIC = {"sales": "sales", "revenue": "sales", "leads": "leads"}
COST_METRICS = {"cost_per_lead": "leads", "cost_per_sale": "sales"}
SOURCE_CRM, SOURCE_METRICS, SOURCE_BOTH = "crm", "metrics", "crm+metrics"


# --- the rules over plain numbers (tested without a database) --------------------------------


def money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(value) -> Decimal:
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def cost_per(spend, count) -> Decimal | None:
    """Spend per unit, to the cent; none without units."""
    return money(Decimal(spend) / Decimal(count)) if count else None


def ratio_percent(part, whole) -> Decimal | None:
    """part / whole x 100 to one decimal; none when ``whole`` is zero."""
    if not whole:
        return None
    return percent(Decimal(part or 0) / Decimal(whole) * 100)


def romi(revenue, spend) -> Decimal | None:
    """Return on marketing investment: (revenue - spend) / spend x 100; none without spend."""
    if not spend:
        return None
    return percent((Decimal(revenue or 0) - Decimal(spend)) / Decimal(spend) * 100)


def progress(actual, target) -> Decimal | None:
    """actual / target x 100, one decimal, not capped at 100; none without a target."""
    return ratio_percent(actual, target)


def bar_width(progress_pct) -> int:
    """How much of a progress bar to fill (the bar is full past 100 %; the number is not capped)."""
    if progress_pct is None:
        return 0
    return int(max(min(progress_pct, 100), 0))


@dataclass
class Results:
    """The figures of one campaign (or a sum of campaigns) over one window."""

    impressions: int = 0
    reach: int = 0
    clicks: int = 0
    engagements: int = 0
    posts: int = 0
    followers_gained: int = 0
    leads: int = 0
    sales: int = 0
    revenue: Decimal = ZERO
    spend: Decimal = ZERO
    leads_source: str = SOURCE_METRICS
    sales_source: str = SOURCE_METRICS

    def __add__(self, other: Results) -> Results:
        def source(a: str, b: str) -> str:
            return a if a == b else SOURCE_BOTH

        values = {
            f.name: getattr(self, f.name) + getattr(other, f.name)
            for f in fields(self)
            if not f.name.endswith("_source")
        }
        return Results(
            **values,
            leads_source=source(self.leads_source, other.leads_source),
            sales_source=source(self.sales_source, other.sales_source),
        )

    @classmethod
    def total(cls, items) -> Results:
        out = None
        for item in items:
            out = item if out is None else out + item
        return out if out is not None else cls()

    @property
    def cost_per_lead(self) -> Decimal | None:
        return cost_per(self.spend, self.leads)

    @property
    def cost_per_sale(self) -> Decimal | None:
        return cost_per(self.spend, self.sales)

    @property
    def romi(self) -> Decimal | None:
        return romi(self.revenue, self.spend)

    @property
    def ctr(self) -> Decimal | None:
        return ratio_percent(self.clicks, self.impressions)

    @property
    def engagement_rate(self) -> Decimal | None:
        return ratio_percent(self.engagements, self.reach)

    def cost_per_result(self, target_metric: str | None) -> Decimal | None:
        """Spend per sale for sales and revenue goals, per lead for leads goals; none otherwise."""
        unit = RESULT_OF_METRIC.get(target_metric or "leads")
        return cost_per(self.spend, getattr(self, unit)) if unit else None

    def results_count(self, target_metric: str | None) -> int:
        unit = RESULT_OF_METRIC.get(target_metric or "leads", "leads")
        return getattr(self, unit)

    def value(self, metric: str) -> Decimal | int | None:
        """A goal target metric or KPI metric (``GoalMetric`` / ``KpiMetric`` codes)."""
        if metric == "followers":
            return self.followers_gained
        if metric in ("ctr", "engagement_rate", "romi", "cost_per_lead", "cost_per_sale"):
            return getattr(self, metric)
        if metric in (*COUNTS, *MONEY):
            return getattr(self, metric)
        return None

    @property
    def source(self) -> str:
        """Where leads and sales came from: crm, metrics or crm+metrics (different campaigns)."""
        return self.leads_source if self.leads_source == self.sales_source else SOURCE_BOTH

    def totals(self) -> dict[str, Decimal]:
        """The sums as Decimals by metric name (``followers`` is followers gained), for rules that
        take plain totals (the KPI pace of the alignment engine)."""
        data = {name: Decimal(getattr(self, name)) for name in (*COUNTS, *MONEY)}
        data["followers"] = Decimal(self.followers_gained)
        return data

    def as_dict(self) -> dict:
        """JSON-friendly: counts as int, money and percents as strings of their rounded value."""

        def out(value):
            return None if value is None else str(value) if isinstance(value, Decimal) else value

        data = {f.name: out(getattr(self, f.name)) for f in fields(self)}
        for name in ("cost_per_lead", "cost_per_sale", "romi", "ctr", "engagement_rate"):
            data[name] = out(getattr(self, name))
        data["source"] = self.source
        return data


def combine(metric_row: dict, crm: dict, *, crm_leads: bool, crm_sales: bool) -> Results:
    """One campaign's results from its metric sums and its CRM counts (the source rule).

    ``metric_row``: sums of the metric rows (``COUNTS``, ``MONEY``, ``followers_gained``);
    ``crm``: ``{"leads", "sales", "revenue"}`` of its conversions in the same window;
    ``crm_leads`` / ``crm_sales``: whether the campaign has any lead / sale conversion at all.
    """
    values = {name: int(metric_row.get(name) or 0) for name in COUNTS}
    values["followers_gained"] = int(metric_row.get("followers_gained") or 0)
    values.update(revenue=money(metric_row.get("revenue")), spend=money(metric_row.get("spend")))
    sources = {"leads_source": SOURCE_METRICS, "sales_source": SOURCE_METRICS}
    if crm_leads:
        values["leads"] = int(crm.get("leads") or 0)
        sources["leads_source"] = SOURCE_CRM
    if crm_sales:
        values["sales"] = int(crm.get("sales") or 0)
        values["revenue"] = money(crm.get("revenue"))
        sources["sales_source"] = SOURCE_CRM
    return Results(**values, **sources)


# --- windows and the SQL aggregates ---------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The days a figure counts: fixed bounds (optional), intersected with the campaign's own
    period and/or its goal's period."""

    start: date | None = None
    end: date | None = None
    campaign_period: bool = False
    goal_period: bool = False

    def q(self, day: str) -> Q:
        """The filter on a row whose date is ``day`` and whose campaign is ``campaign``."""
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{day}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{day}__lte": self.end})
        if self.campaign_period:
            q &= Q(**{f"{day}__gte": F("campaign__starts_on"), f"{day}__lte": F("campaign__ends_on")})
        if self.goal_period:
            q &= Q(
                **{f"{day}__gte": F("campaign__goal__starts_on"), f"{day}__lte": F("campaign__goal__ends_on")}
            )
        return q


def crm_kinds(campaign_ids) -> dict[int, set[str]]:
    """Which kinds of CRM conversion each campaign has at all (one query)."""
    found: dict[int, set[str]] = defaultdict(set)
    rows = (
        Conversion.objects.filter(campaign_id__in=list(campaign_ids))
        .values_list("campaign_id", "kind")
        .distinct()
        .order_by()
    )
    for campaign_id, kind in rows:
        found[campaign_id].add(kind)
    return found


def _metric_sums(ids: list[int], window: Window) -> dict[int, dict]:
    rows = (
        MetricDaily.objects.filter(window.q("date"), campaign_id__in=ids)
        .values("campaign_id", "channel")
        .annotate(
            **{name: Sum(name) for name in (*COUNTS, *MONEY)},
            followers_max=Max("followers"),
            followers_min=Min("followers"),
        )
        .order_by()
    )
    out: dict[int, dict] = {}
    for row in rows:
        slot = out.setdefault(row["campaign_id"], defaultdict(int))
        for name in COUNTS:
            slot[name] += row[name] or 0
        for name in MONEY:
            slot[name] += row[name] or ZERO
        slot["followers_gained"] += max((row["followers_max"] or 0) - (row["followers_min"] or 0), 0)
    return out


def _crm_sums(ids: list[int], window: Window) -> dict[int, dict]:
    rows = (
        Conversion.objects.filter(window.q("occurred_at__date"), campaign_id__in=ids)
        .values("campaign_id", "kind")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by()
    )
    out: dict[int, dict] = defaultdict(dict)
    for row in rows:
        slot = out[row["campaign_id"]]
        if row["kind"] == ConversionKind.LEAD:
            slot["leads"] = row["n"]
        elif row["kind"] == ConversionKind.SALE:
            slot["sales"] = row["n"]
            slot["revenue"] = row["amount"] or ZERO
    return out


def campaign_results(campaign_ids, window: Window, *, kinds: dict | None = None) -> dict[int, Results]:
    """Each campaign's results over ``window`` (every id gets an entry; three queries, two with
    ``kinds`` from ``crm_kinds`` given)."""
    ids = sorted(set(campaign_ids))
    if not ids:
        return {}
    kinds = crm_kinds(ids) if kinds is None else kinds
    metrics, crm = _metric_sums(ids, window), _crm_sums(ids, window)
    return {
        pk: combine(
            metrics.get(pk, {}),
            crm.get(pk, {}),
            crm_leads=ConversionKind.LEAD in kinds.get(pk, ()),
            crm_sales=ConversionKind.SALE in kinds.get(pk, ()),
        )
        for pk in ids
    }


# --- goals and campaigns -----------------------------------------------------------------------


@dataclass
class GoalFigure:
    goal: BusinessGoal
    results: Results
    actual: Decimal | int
    target: Decimal
    progress: Decimal | None
    cost_per_result: Decimal | None
    campaigns: dict[int, Results] = field(default_factory=dict)

    @property
    def bar_width(self) -> int:
        return bar_width(self.progress)

    @property
    def is_money(self) -> bool:
        return self.goal.target_metric == "revenue"

    def elapsed_percent(self, today: date) -> int:
        """How much of the goal's period has passed (for "expected by now")."""
        duration = (self.goal.ends_on - self.goal.starts_on).days + 1
        elapsed = (min(today, self.goal.ends_on) - self.goal.starts_on).days + 1
        return max(0, min(100, round(elapsed / duration * 100)))


def goal_window(as_of: date | None = None) -> Window:
    return Window(end=as_of, goal_period=True)


def goal_figures(*, workspace, goals=None, as_of: date | None = None) -> dict[int, GoalFigure]:
    """Each goal's actual, progress and cost per result over its own period (up to ``as_of``
    when given). ``goals``: the goals to compute (default: all the workspace's)."""
    goals = list(goals if goals is not None else BusinessGoal.objects.for_workspace(workspace))
    if not goals:
        return {}
    by_goal: dict[int, list[int]] = defaultdict(list)
    for campaign_id, goal_id in (
        Campaign.objects.for_workspace(workspace)
        .filter(goal__in=[g.pk for g in goals])
        .values_list("pk", "goal_id")
    ):
        by_goal[goal_id].append(campaign_id)
    per_campaign = campaign_results([pk for ids in by_goal.values() for pk in ids], goal_window(as_of))
    out = {}
    for goal in goals:
        mine = {pk: per_campaign[pk] for pk in by_goal.get(goal.pk, [])}
        results = Results.total(mine.values())
        actual = results.value(goal.target_metric)
        actual = 0 if actual is None else actual
        out[goal.pk] = GoalFigure(
            goal=goal,
            results=results,
            actual=actual,
            target=goal.target_value,
            progress=progress(actual, goal.target_value),
            cost_per_result=results.cost_per_result(goal.target_metric),
            campaigns=mine,
        )
    return out


@dataclass
class CampaignFigure:
    campaign: Campaign
    #: the campaign's own results over its own period
    results: Results
    #: its value of the goal's target metric in the goal's window (none without a goal)
    actual: Decimal | int | None
    #: ``actual`` as a percent of the goal's target (none without a goal or target)
    progress: Decimal | None

    @property
    def bar_width(self) -> int:
        return bar_width(self.progress)


def campaign_figures(*, campaigns, as_of: date | None = None) -> dict[int, CampaignFigure]:
    """Each campaign's own results, and its contribution to its goal (five queries in all)."""
    campaigns = list(campaigns)
    ids = [c.pk for c in campaigns]
    if not ids:
        return {}
    kinds = crm_kinds(ids)
    own = campaign_results(ids, Window(end=as_of, campaign_period=True), kinds=kinds)
    with_goal = [c for c in campaigns if c.goal_id]
    toward_goal = campaign_results([c.pk for c in with_goal], goal_window(as_of), kinds=kinds)
    out = {}
    for c in campaigns:
        actual = pct = None
        if c.goal_id:
            goal = c.goal
            actual = toward_goal[c.pk].value(goal.target_metric) or 0
            pct = progress(actual, goal.target_value)
        out[c.pk] = CampaignFigure(campaign=c, results=own[c.pk], actual=actual, progress=pct)
    return out


def campaign_figure(*, campaign, as_of: date | None = None) -> CampaignFigure:
    return campaign_figures(campaigns=[campaign], as_of=as_of)[campaign.pk]


def daily_results(*, campaign) -> list[tuple[date, Results]]:
    """The campaign's results day by day over its own dates, by the same source rule (the
    charts of the campaign page: their last cumulative point is the page's total; two queries
    and one for the CRM kinds)."""
    window = Window(campaign_period=True)
    kinds = crm_kinds([campaign.pk]).get(campaign.pk, set())
    metrics = {
        row["date"]: row
        for row in MetricDaily.objects.filter(window.q("date"), campaign=campaign)
        .values("date")
        .annotate(**{name: Sum(name) for name in (*COUNTS, *MONEY)})
        .order_by()
    }
    crm: dict[date, dict] = defaultdict(dict)
    for row in (
        Conversion.objects.filter(window.q("occurred_at__date"), campaign=campaign)
        .annotate(day=TruncDate("occurred_at"))
        .values("day", "kind")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by()
    ):
        slot = crm[row["day"]]
        if row["kind"] == ConversionKind.LEAD:
            slot["leads"] = row["n"]
        elif row["kind"] == ConversionKind.SALE:
            slot.update(sales=row["n"], revenue=row["amount"] or ZERO)
    return [
        (
            day,
            combine(
                metrics.get(day, {}),
                crm.get(day, {}),
                crm_leads=ConversionKind.LEAD in kinds,
                crm_sales=ConversionKind.SALE in kinds,
            ),
        )
        for day in sorted(set(metrics) | set(crm))
    ]


def template_results(*, workspace, templates) -> dict[int, Results]:
    """What the campaigns started from each template achieved: the sum of each campaign's own
    results (its own dates, the source rule), as the campaign pages show them (four queries)."""
    templates = list(templates)
    by_template: dict[int, list[int]] = defaultdict(list)
    for campaign_id, template_id in (
        Campaign.objects.for_workspace(workspace)
        .filter(template__in=[t.pk for t in templates])
        .values_list("pk", "template_id")
    ):
        by_template[template_id].append(campaign_id)
    per_campaign = campaign_results(
        [pk for ids in by_template.values() for pk in ids], Window(campaign_period=True)
    )
    return {t.pk: Results.total(per_campaign[pk] for pk in by_template.get(t.pk, [])) for t in templates}


def period_results(*, workspace, start: date, end: date, campaign=None) -> dict[int, Results]:
    """Results of the campaigns overlapping a report period, each over the period and its own
    dates."""
    qs = Campaign.objects.for_workspace(workspace).filter(starts_on__lte=end, ends_on__gte=start)
    if campaign is not None:
        qs = qs.filter(pk=campaign.pk)
    ids = list(qs.values_list("pk", flat=True))
    return campaign_results(ids, Window(start=start, end=end, campaign_period=True))
