"""Reads of planning, each starting from ``for_workspace``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign

from . import workflow
from .enums import TaskStatus
from .models import (
    BrainstormSession,
    Idea,
    PlanItem,
    Proposal,
    ShareLink,
    Task,
)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def plan_items_for(*, workspace):
    return PlanItem.objects.for_workspace(workspace).select_related("campaign", "assignee")


def plan_items_between(*, workspace, start: date, end: date, filters: dict | None = None):
    """Items from ``start`` to ``end`` inclusive, filtered by campaign, channel, assignee, status."""
    qs = plan_items_for(workspace=workspace).filter(
        scheduled_at__gte=_aware(start), scheduled_at__lt=_aware(end + timedelta(days=1))
    )
    for key in ("campaign", "channel", "assignee", "status"):
        value = (filters or {}).get(key)
        if value:
            qs = qs.filter(**{f"{key}_id" if key in ("campaign", "assignee") else key: value})
    return qs


def calendar_grid(*, workspace, start: date, end: date, filters: dict | None = None, limit_per_day: int = 6):
    """The month/week grid: days with up to ``limit_per_day`` items each (one query for the items,
    one for the per-day/channel counts), the overloaded (day, channel) pairs and the gaps.

    At 20,000 items the page stays a constant number of queries: counts are aggregated in SQL
    and the items are fetched with a window-limited query (row_number per day)."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    base = plan_items_between(workspace=workspace, start=start, end=end, filters=filters)
    tz = timezone.get_current_timezone()
    counts_rows = (
        base.order_by()
        .annotate(day=TruncDate("scheduled_at", tzinfo=tz))
        .values("day", "channel")
        .annotate(n=Count("id"))
    )
    counts: dict[tuple, int] = {(r["day"], r["channel"]): r["n"] for r in counts_rows}
    per_day: dict[date, int] = defaultdict(int)
    for (day, _channel), n in counts.items():
        per_day[day] += n
    ranked = base.annotate(
        day=TruncDate("scheduled_at", tzinfo=tz),
        pos=Window(
            RowNumber(),
            partition_by=[TruncDate("scheduled_at", tzinfo=tz)],
            order_by=[F("scheduled_at").asc(), F("id").asc()],
        ),
    )
    items = _limited(ranked, limit_per_day)
    by_day: dict[date, list] = defaultdict(list)
    for item in items:
        by_day[timezone.localtime(item.scheduled_at, tz).date()].append(item)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    overload = workflow.calendar_overload(counts, settings.PLANNING_OVERLOAD_PER_CHANNEL_DAY)
    channels = _active_channels(workspace=workspace, filters=filters)
    planned = set(counts)
    gaps = workflow.calendar_gaps(days, channels, planned, settings.PLANNING_GAP_DAYS)
    gap_starts = {(first, ch): (last - first).days + 1 for ch, runs in gaps.items() for first, last in runs}
    return {
        "days": days,
        "by_day": by_day,
        "per_day": dict(per_day),
        "overload": overload,
        "overloaded_days": {d for d, _c in overload},
        "gaps": gaps,
        "gap_starts": gap_starts,
        "channels": channels,
    }


def _limited(ranked, limit: int):
    """Evaluate the window query, keeping ``limit`` rows per day (filtering on a window function
    in the WHERE clause is supported from Django 4.2)."""
    return list(ranked.filter(pos__lte=limit).order_by("scheduled_at", "id"))


def _active_channels(*, workspace, filters: dict | None) -> list[str]:
    """Channels the workspace plans for: those of its running or approved campaigns (one query)."""
    if (filters or {}).get("channel"):
        return [filters["channel"]]
    channels: set[str] = set()
    for row in (
        Campaign.objects.for_workspace(workspace)
        .filter(status__in=["approved", "running"])
        .values_list("channels", flat=True)
    ):
        channels.update(row or [])
    return sorted(channels)


def tasks_for(*, workspace):
    return (
        Task.objects.for_workspace(workspace)
        .select_related("assignee", "campaign", "milestone")
        .prefetch_related("depends_on")
    )


def campaign_progress(*, workspace) -> list[dict]:
    """Per campaign: tasks done of total and the share, aggregated in SQL."""
    rows = (
        Task.objects.for_workspace(workspace)
        .filter(campaign__isnull=False)
        .values("campaign_id", "campaign__name")
        .annotate(total=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)))
        .order_by("campaign__name")
    )
    return [
        {
            "campaign_id": r["campaign_id"],
            "name": r["campaign__name"],
            "total": r["total"],
            "done": r["done"],
            "percent": round(100 * r["done"] / r["total"]) if r["total"] else 0,
        }
        for r in rows
    ]


def brainstorms_for(*, workspace):
    return (
        BrainstormSession.objects.for_workspace(workspace)
        .select_related("created_by", "campaign")
        .annotate(ideas_total=Count("ideas", distinct=True))
    )


#: How a session's ideas are listed, in every phase and on every surface: most votes first, then the
#: earlier idea, then the lower id, the same key ``workflow.rank_ideas`` ranks the shortlist by; so
#: the shortlist reads #1, #2, ... on top and no idea with fewer votes stands above #1. (No ordering
#: on ``rank``: SQLite puts its NULLs first, which listed unranked 0-vote ideas above #1.)
IDEA_ORDER = ("-votes_count", "created_at", "id")


def session_ideas(session):
    """A brainstorm's ideas in ``IDEA_ORDER``."""
    return session.ideas.select_related("author", "session").order_by(*IDEA_ORDER)


def ideas_for(*, workspace):
    return Idea.objects.for_workspace(workspace).select_related("session", "author")


def proposals_for(*, workspace):
    return Proposal.objects.for_workspace(workspace).select_related("goal", "segment", "author", "decided_by")


def share_links_for(*, workspace):
    return ShareLink.objects.for_workspace(workspace).select_related("campaign", "created_by")


def milestones_for(*, workspace):
    from .models import Milestone

    return (
        Milestone.objects.for_workspace(workspace)
        .select_related("campaign")
        .annotate(total=Count("tasks"), done=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)))
    )


def campaign_origin_links(campaign) -> list[dict]:
    """The proposal a campaign was made from (``services.proposal_to_campaign``), as a link for the
    campaign page; none for a campaign made otherwise."""
    proposal = (
        Proposal.objects.for_workspace(campaign.workspace)
        .filter(campaign=campaign)
        .only("pk", "title")
        .first()
    )
    if proposal is None:
        return []
    url = reverse("planning:proposal", kwargs={"workspace_slug": campaign.workspace.slug, "pk": proposal.pk})
    return [{"label": _("From the proposal “%(title)s”") % {"title": proposal.title}, "url": url}]
