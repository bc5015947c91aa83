"""Providers of the areas that report on planning, partners and negativity.

Models are looked up at run time (``apps.is_installed`` + ``apps.get_model``), so a deployment
without one of these apps still produces every report: the area answers ``Section.unavailable``
(an honest empty section), never invented numbers. Fields read:

* ``negativity.Mention``: ``published_at``, ``category``, ``topic``, ``status`` (``resolved`` and
  ``hidden`` count as closed), ``sla_deadline``, ``resolved_at``; ``negativity.Incident``: ``kind``,
  ``opened_at``, ``status``, ``mention_count``, ``shared_phrases``.
* ``planning.PlanItem``: ``title``, ``channel``, ``scheduled_at``, ``status`` (``published``,
  ``missed``).
* ``partners``: deals with results from ``partners.selectors.deals_for``.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..sections import (
    BUSINESS,
    DATE,
    INFO,
    INT,
    MONEY,
    PERCENT,
    TEXT,
    Chart,
    Column,
    ReportContext,
    Section,
    Series,
    Table,
    Tile,
)

CLOSED_MENTION_STATUSES = ("resolved", "hidden")
NEGATIVE_CATEGORIES = ("natural", "trolling", "ordered")


def _model(app_label: str, name: str):
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _labels(model, field: str) -> dict:
    """The labels of a model field's choices in the reader's language (codes stay out of reports)."""
    try:
        return {code: str(label) for code, label in model._meta.get_field(field).choices or []}
    except (FieldError, LookupError, AttributeError):
        return {}


def _label(labels: dict, code) -> str:
    return labels.get(code, code) if code else "—"


def _mismatch(key: str, title: str) -> Section:
    return Section.unavailable(
        key, title, _("The data of this area is not in the shape this report expects yet.")
    )


# --- negativity -------------------------------------------------------------------------------


def sla_breached_q(now):
    """Mentions whose SLA deadline passed before they were resolved (or is past and still open)."""
    return Q(sla_deadline__isnull=False) & (
        Q(resolved_at__isnull=True, sla_deadline__lt=now) | Q(resolved_at__gt=F("sla_deadline"))
    )


def negativity_digest(ctx: ReportContext) -> Section:
    title = _("Negativity digest")
    Mention = _model("negativity", "Mention")
    Incident = _model("negativity", "Incident")
    if Mention is None:
        return Section.unavailable("negativity", title)
    now = timezone.now()
    try:
        mentions = Mention.objects.for_workspace(ctx.workspace).filter(
            published_at__date__gte=ctx.period_start, published_at__date__lte=ctx.period_end
        )
        totals = mentions.aggregate(
            total=Count("id"),
            negative=Count("id", filter=Q(category__in=NEGATIVE_CATEGORIES)),
            open=Count("id", filter=~Q(status__in=CLOSED_MENTION_STATUSES)),
            with_sla=Count("id", filter=Q(sla_deadline__isnull=False)),
            breached=Count("id", filter=sla_breached_q(now)),
            response=Avg(
                ExpressionWrapper(F("resolved_at") - F("published_at"), output_field=DurationField()),
                filter=Q(resolved_at__isnull=False),
            ),
        )
        by_kind = list(mentions.values("category").annotate(n=Count("id")).order_by("category"))
        # Root causes of natural negativity: what dissatisfied customers complain about.
        causes = list(
            mentions.filter(category="natural")
            .values("topic")
            .annotate(n=Count("id"))
            .order_by("-n", "topic")
        )
        incidents = []
        if Incident is not None:
            incidents = list(
                Incident.objects.for_workspace(ctx.workspace)
                .filter(opened_at__date__gte=ctx.period_start, opened_at__date__lte=ctx.period_end)
                .order_by("opened_at")
                .values_list("kind", "opened_at", "status", "mention_count", "shared_phrases")
            )
    except FieldError:
        return _mismatch("negativity", title)
    categories, topics = _labels(Mention, "category"), _labels(Mention, "topic")
    kinds = _labels(Incident, "kind") if Incident is not None else {}
    statuses = _labels(Incident, "status") if Incident is not None else {}
    hours = round(totals["response"].total_seconds() / 3600, 2) if totals["response"] else None
    compliance = (
        round((totals["with_sla"] - totals["breached"]) / totals["with_sla"] * 100, 2)
        if totals["with_sla"]
        else None
    )
    return Section(
        key="negativity",
        title=title,
        group=INFO,
        tiles=[
            Tile("mentions", _("Mentions"), totals["total"]),
            Tile("negative", _("Negative mentions"), totals["negative"]),
            Tile("open", _("Open in the inbox"), totals["open"]),
            Tile("sla_breaches", _("SLA breaches"), totals["breached"]),
            Tile("sla_compliance", _("SLA compliance, %"), compliance, "percent"),
            Tile("response_hours", _("Average time to resolve, hours"), hours, "decimal"),
            Tile("incidents", _("Incidents"), len(incidents)),
        ],
        tables=[
            Table(
                "by_kind",
                _("Mentions by kind"),
                [Column("kind", _("Kind")), Column("mentions", _("Mentions"), INT)],
                [[_label(categories, r["category"]), r["n"]] for r in by_kind],
            ),
            Table(
                "root_causes",
                _("Root causes of natural negativity"),
                [Column("topic", _("Root cause")), Column("mentions", _("Mentions"), INT)],
                [[_label(topics, r["topic"]), r["n"]] for r in causes],
            ),
            Table(
                "incidents",
                _("Incidents"),
                [
                    Column("kind", _("Kind")),
                    Column("opened", _("Opened"), DATE),
                    Column("status", _("Status")),
                    Column("mentions", _("Mentions"), INT),
                    Column("phrases", _("Shared phrases")),
                ],
                [
                    [
                        _label(kinds, k),
                        o.date().isoformat(),
                        _label(statuses, st),
                        n,
                        "; ".join(str(p) for p in (phrases or [])[:3]) or "—",
                    ]
                    for k, o, st, n, phrases in incidents
                ],
            ),
        ],
        charts=[
            Chart(
                "by_kind",
                _("Mentions by kind"),
                "bar",
                [_label(categories, r["category"]) for r in by_kind],
                [Series(_("Mentions"), [r["n"] for r in by_kind])],
            )
        ],
    )


def home_negativity(workspace) -> dict | None:
    """Open inbox count and SLA breaches for the home tiles (None when the area is absent)."""
    Mention = _model("negativity", "Mention")
    if Mention is None:
        return None
    try:
        return Mention.objects.for_workspace(workspace).aggregate(
            open=Count("id", filter=~Q(status__in=CLOSED_MENTION_STATUSES)),
            breached=Count(
                "id", filter=sla_breached_q(timezone.now()) & ~Q(status__in=CLOSED_MENTION_STATUSES)
            ),
        )
    except FieldError:
        return None


# --- planning ---------------------------------------------------------------------------------


def calendar_execution(ctx: ReportContext) -> Section:
    title = _("Calendar execution")
    PlanItem = _model("planning", "PlanItem")
    if PlanItem is None:
        return Section.unavailable("calendar", title)
    try:
        items = PlanItem.objects.for_workspace(ctx.workspace).filter(
            scheduled_at__date__gte=ctx.period_start, scheduled_at__date__lte=ctx.period_end
        )
        totals = items.aggregate(
            planned=Count("id"),
            published=Count("id", filter=Q(status="published")),
            missed=Count("id", filter=Q(status="missed")),
        )
        by_channel = list(
            items.values("channel")
            .annotate(
                planned=Count("id"),
                published=Count("id", filter=Q(status="published")),
                missed=Count("id", filter=Q(status="missed")),
            )
            .order_by("channel")
        )
    except FieldError:
        return _mismatch("calendar", title)
    channels = _labels(PlanItem, "channel")
    return Section(
        key="calendar",
        title=title,
        group=INFO,
        tiles=[
            Tile("planned", _("Planned"), totals["planned"]),
            Tile("published", _("Published"), totals["published"]),
            Tile("missed", _("Missed"), totals["missed"]),
        ],
        tables=[
            Table(
                "by_channel",
                _("Planned against published by channel"),
                [
                    Column("channel", _("Channel")),
                    Column("planned", _("Planned"), INT),
                    Column("published", _("Published"), INT),
                    Column("missed", _("Missed"), INT),
                ],
                [
                    [_label(channels, r["channel"]), r["planned"], r["published"], r["missed"]]
                    for r in by_channel
                ],
            )
        ],
        charts=[
            Chart(
                "by_channel",
                _("Planned against published by channel"),
                "bar",
                [_label(channels, r["channel"]) for r in by_channel],
                [
                    Series(_("Planned"), [r["planned"] for r in by_channel]),
                    Series(_("Published"), [r["published"] for r in by_channel]),
                ],
            )
        ],
    )


def home_upcoming(workspace, limit: int = 5) -> list[dict] | None:
    """The next plan items of the coming week (None when the area is absent)."""
    PlanItem = _model("planning", "PlanItem")
    if PlanItem is None:
        return None
    now = timezone.now()
    try:
        return list(
            PlanItem.objects.for_workspace(workspace)
            .filter(scheduled_at__gte=now, scheduled_at__lt=now + timedelta(days=7))
            .order_by("scheduled_at")
            .values("title", "channel", "scheduled_at")[:limit]
        )
    except FieldError:
        return None


# --- partners ---------------------------------------------------------------------------------


def partner_performance(ctx: ReportContext) -> Section:
    """Per partner, over the deals created in the period (cancelled ones left out): price, reach,
    clicks, CRM conversions and revenue attributed by the deal's utm_campaign (aggregated in SQL by
    ``partners.selectors.deals_for``), cost per acquisition and ROI."""
    title = _("Partner performance")
    if _model("partners", "Deal") is None:
        return Section.unavailable("partners", title)
    from partners.enums import DealStatus
    from partners.rules import DealResults
    from partners.selectors import deals_for

    deals = (
        deals_for(workspace=ctx.workspace)
        .exclude(status=DealStatus.CANCELLED)
        .filter(created_at__date__gte=ctx.period_start, created_at__date__lte=ctx.period_end)
        .order_by("partner__name", "pk")
    )
    by_partner: dict[str, DealResults] = {}
    for deal in deals:
        seen = by_partner.get(deal.partner.name) or DealResults(
            price=Decimal("0"),
            reach=0,
            clicks=0,
            conversions=0,
            revenue=Decimal("0"),
            deliverables=0,
            delivered=0,
        )
        by_partner[deal.partner.name] = DealResults(
            price=seen.price + deal.price,
            reach=seen.reach + deal.reach_total,
            clicks=seen.clicks + deal.clicks_total,
            conversions=seen.conversions + deal.conversions_total,
            revenue=seen.revenue + deal.revenue_total,
            deliverables=seen.deliverables + deal.deliverables_total,
            delivered=seen.delivered + deal.deliverables_done,
        )

    def money(value) -> float | None:
        return None if value is None else round(float(value), 2)

    ranked = sorted(by_partner.items(), key=lambda kv: (-kv[1].revenue, kv[0]))
    rows = [
        [
            name,
            r.delivered,
            money(r.price),
            r.reach,
            r.clicks,
            r.conversions,
            money(r.revenue),
            money(r.cpa),
            money(r.roi),
        ]
        for name, r in ranked
    ]
    totals = list(by_partner.values())
    return Section(
        key="partners",
        title=title,
        group=BUSINESS,
        tiles=[
            Tile("partners", _("Partners with deals"), len(rows)),
            Tile("price", _("Spent on partners"), money(sum((r.price for r in totals), Decimal("0"))), MONEY),
            Tile("conversions", _("Conversions from partners"), sum(r.conversions for r in totals)),
            Tile(
                "revenue",
                _("Revenue from partners"),
                money(sum((r.revenue for r in totals), Decimal("0"))),
                MONEY,
            ),
        ],
        tables=[
            Table(
                "partners",
                title,
                [
                    Column("partner", _("Partner"), TEXT),
                    Column("delivered", _("Publications"), INT),
                    Column("price", _("Spent"), MONEY),
                    Column("reach", _("Reach"), INT),
                    Column("clicks", _("Clicks"), INT),
                    Column("conversions", _("Conversions"), INT),
                    Column("revenue", _("Revenue"), MONEY),
                    Column("cpa", _("Cost per acquisition"), MONEY),
                    Column("roi", _("ROI"), PERCENT),
                ],
                rows,
            )
        ],
    )
