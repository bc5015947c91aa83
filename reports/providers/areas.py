"""Providers of the areas built in parallel (planning, partners, negativity).

They look their models up at run time (``apps.is_installed`` + ``apps.get_model``), so the reports
app never imports what may not exist: until a model is there, or when its fields differ from what
is expected below, the area answers ``Section.unavailable`` (an honest empty section).

Expected models and fields (adapt here at merge if an area names them differently):

* ``negativity.Mention``: ``published_at`` (datetime), ``category`` (positive, neutral, natural,
  trolling, ordered), ``status`` (``resolved``/``ignored`` count as closed), ``risk`` (0-100),
  ``responded_at`` (datetime, null until the first reply), ``sla_due_at`` (datetime, null when no
  SLA applies), ``incident`` (FK, null).
* ``negativity.Incident``: ``kind``, ``opened_at``, ``status``, ``root_cause`` (text, may be blank).
* ``planning.PlanItem``: ``title``, ``channel``, ``scheduled_at`` (datetime), ``status`` (planned,
  approved, published, missed, ... : ``published`` and ``missed`` are counted as such).
* ``partners.Deal``: ``partner`` (FK to ``partners.Partner`` with ``name``), ``campaign`` (FK,
  null), ``price`` (money), ``status``, ``created_at``.
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..sections import (
    BUSINESS,
    DATE,
    INFO,
    INT,
    MONEY,
    TEXT,
    Chart,
    Column,
    ReportContext,
    Section,
    Series,
    Table,
    Tile,
)

CLOSED_MENTION_STATUSES = ("resolved", "ignored", "closed")
NEGATIVE_CATEGORIES = ("natural", "trolling", "ordered")


def _model(app_label: str, name: str):
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _mismatch(key: str, title: str) -> Section:
    return Section.unavailable(
        key, title, _("The data of this area is not in the shape this report expects yet.")
    )


# --- negativity -------------------------------------------------------------------------------


def sla_breached_q(now):
    return Q(sla_due_at__isnull=False) & (
        Q(responded_at__isnull=True, sla_due_at__lt=now) | Q(responded_at__gt=F("sla_due_at"))
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
            with_sla=Count("id", filter=Q(sla_due_at__isnull=False)),
            breached=Count("id", filter=sla_breached_q(now)),
            response=Avg(
                ExpressionWrapper(F("responded_at") - F("published_at"), output_field=DurationField()),
                filter=Q(responded_at__isnull=False),
            ),
        )
        by_kind = list(mentions.values("category").annotate(n=Count("id")).order_by("category"))
        incidents = []
        if Incident is not None:
            incidents = list(
                Incident.objects.for_workspace(ctx.workspace)
                .filter(opened_at__date__gte=ctx.period_start, opened_at__date__lte=ctx.period_end)
                .annotate(n=Count("mentions"))
                .order_by("opened_at")
                .values_list("kind", "opened_at", "status", "n", "root_cause")
            )
    except FieldError:
        return _mismatch("negativity", title)
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
            Tile("response_hours", _("Average first response, hours"), hours, "decimal"),
            Tile("incidents", _("Incidents"), len(incidents)),
        ],
        tables=[
            Table(
                "by_kind",
                _("Mentions by kind"),
                [Column("kind", _("Kind")), Column("mentions", _("Mentions"), INT)],
                [[r["category"] or "—", r["n"]] for r in by_kind],
            ),
            Table(
                "incidents",
                _("Incidents and root causes"),
                [
                    Column("kind", _("Kind")),
                    Column("opened", _("Opened"), DATE),
                    Column("status", _("Status")),
                    Column("mentions", _("Mentions"), INT),
                    Column("root_cause", _("Root cause")),
                ],
                [[k, o.date().isoformat(), s, n, rc or "—"] for k, o, s, n, rc in incidents],
            ),
        ],
        charts=[
            Chart(
                "by_kind",
                _("Mentions by kind"),
                "bar",
                [r["category"] or "—" for r in by_kind],
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
                [[r["channel"], r["planned"], r["published"], r["missed"]] for r in by_channel],
            )
        ],
        charts=[
            Chart(
                "by_channel",
                _("Planned against published by channel"),
                "bar",
                [r["channel"] for r in by_channel],
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
    title = _("Partner performance")
    Deal = _model("partners", "Deal")
    if Deal is None:
        return Section.unavailable("partners", title)
    try:
        rows = list(
            Deal.objects.for_workspace(ctx.workspace)
            .filter(created_at__date__gte=ctx.period_start, created_at__date__lte=ctx.period_end)
            .values("partner__name")
            .annotate(deals=Count("id"), price=Sum("price"), campaigns=Count("campaign", distinct=True))
            .order_by("-price", "partner__name")
        )
    except FieldError:
        return _mismatch("partners", title)
    return Section(
        key="partners",
        title=title,
        group=BUSINESS,
        tiles=[
            Tile("partners", _("Partners with deals"), len(rows)),
            Tile("deals", _("Deals"), sum(r["deals"] for r in rows)),
            Tile("price", _("Spent on partners"), round(sum(float(r["price"] or 0) for r in rows), 2), MONEY),
        ],
        tables=[
            Table(
                "partners",
                title,
                [
                    Column("partner", _("Partner"), TEXT),
                    Column("deals", _("Deals"), INT),
                    Column("price", _("Spent"), MONEY),
                    Column("campaigns", _("Campaigns"), INT),
                ],
                [
                    [r["partner__name"], r["deals"], round(float(r["price"] or 0), 2), r["campaigns"]]
                    for r in rows
                ],
            )
        ],
    )
