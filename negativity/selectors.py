"""Every read of the negativity inbox, starting from ``for_workspace``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncHour, TruncWeek

from accounts.models import Membership

from .enums import ATTACK_KINDS, NEGATIVE_CATEGORIES, OPEN_STATUSES, Category, IncidentStatus
from .models import (
    ClassifierModel,
    Incident,
    Mention,
    Reply,
    ResponseTemplate,
    RoutingLog,
    RoutingRule,
    SlaPolicy,
)


def mentions_for(*, workspace) -> QuerySet[Mention]:
    return Mention.objects.for_workspace(workspace).select_related("author", "assignee", "incident")


def triage_queue(*, workspace, include_closed: bool = False) -> QuerySet[Mention]:
    """Open mentions, riskiest first, then the nearest SLA deadline."""
    qs = mentions_for(workspace=workspace)
    if not include_closed:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("-risk", "sla_deadline", "-published_at", "pk")


ACTIVE_INCIDENT = Q(
    incident__kind__in=ATTACK_KINDS, incident__status__in=[IncidentStatus.OPEN, IncidentStatus.CONFIRMED]
)


def attack_groups(*, queue: QuerySet[Mention]) -> list[dict]:
    """The queue's posts that belong to an active attack, one row per incident (one query):
    its posts, authors, highest risk, nearest deadline and shared phrases, riskiest first."""
    rows = (
        queue.filter(ACTIVE_INCIDENT)
        .order_by()
        .values("incident_id", "incident__kind", "incident__confidence", "incident__shared_phrases")
        .annotate(
            posts=Count("pk"),
            authors=Count("author_id", distinct=True),
            risk=Max("risk"),
            deadline=Min("sla_deadline"),
            first=Min("published_at"),
            last=Max("published_at"),
        )
        .order_by("-risk", "incident_id")
    )
    return [
        {
            "incident_id": r["incident_id"],
            "kind": r["incident__kind"],
            "confidence": r["incident__confidence"],
            "phrases": (r["incident__shared_phrases"] or [])[:2],
            **{k: r[k] for k in ("posts", "authors", "risk", "deadline", "first", "last")},
        }
        for r in rows
    ]


def without_attack_posts(queue: QuerySet[Mention]) -> QuerySet[Mention]:
    """The queue without the posts that ``attack_groups`` shows grouped."""
    return queue.exclude(ACTIVE_INCIDENT)


def author_history(*, workspace, mention: Mention, limit: int = 10) -> list[Mention]:
    return list(
        Mention.objects.for_workspace(workspace)
        .filter(author_id=mention.author_id)
        .exclude(pk=mention.pk)
        .order_by("-published_at")[:limit]
    )


def replies_of(*, workspace, mention: Mention) -> QuerySet[Reply]:
    return (
        Reply.objects.for_workspace(workspace)
        .filter(mention=mention)
        .select_related("created_by", "decided_by", "template")
    )


def playbooks_for(*, workspace, category: str | None = None) -> QuerySet[ResponseTemplate]:
    qs = ResponseTemplate.objects.for_workspace(workspace)
    return qs.filter(category=category) if category else qs


def playbook_languages(*, workspace, mention: Mention | None = None) -> list[str]:
    """The languages whose playbooks are offered first, the first of them preselected: the
    mention's language when known (a reply is written in the author's language), then the
    workspace's."""
    languages = [mention.language] if mention is not None and mention.language else []
    if workspace.language not in languages:
        languages.append(workspace.language)
    return languages


def split_by_language(
    playbooks: list[ResponseTemplate], languages: list[str]
) -> tuple[list[ResponseTemplate], list[ResponseTemplate]]:
    """(Playbooks in ``languages``, in that order of languages; the others, offered after
    under "other languages"). Within a language the given order is kept."""
    rank = {lang: i for i, lang in enumerate(languages)}
    first = sorted((p for p in playbooks if p.language in rank), key=lambda p: rank[p.language])
    return first, [p for p in playbooks if p.language not in rank]


def incidents_for(*, workspace) -> QuerySet[Incident]:
    return Incident.objects.for_workspace(workspace).order_by("-opened_at")


def incident_timeline(*, workspace, incident: Incident) -> list[dict]:
    """Mentions per hour of an incident (SQL GROUP BY)."""
    rows = (
        Mention.objects.for_workspace(workspace)
        .filter(incident=incident)
        .annotate(hour=TruncHour("published_at"))
        .values("hour")
        .annotate(n=Count("pk"))
        .order_by("hour")
    )
    return [{"hour": r["hour"].isoformat(), "count": r["n"]} for r in rows]


def root_causes(*, workspace, weeks: int = 12, now: datetime) -> dict:
    """Natural negativity per topic per week (SQL GROUP BY), for management."""
    since = now - timedelta(weeks=weeks)
    rows = (
        Mention.objects.for_workspace(workspace)
        .filter(category=Category.NATURAL, published_at__gte=since)
        .annotate(week=TruncWeek("published_at"))
        .values("week", "topic")
        .annotate(n=Count("pk"))
        .order_by("week", "topic")
    )
    weeks_seen: list[str] = []
    series: dict[str, dict[str, int]] = {}
    for r in rows:
        week = r["week"].date().isoformat()
        if week not in weeks_seen:
            weeks_seen.append(week)
        series.setdefault(r["topic"] or "other", {})[week] = r["n"]
    totals = (
        Mention.objects.for_workspace(workspace)
        .filter(category=Category.NATURAL, published_at__gte=since)
        .values("topic")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES)))
        .order_by("-n")
    )
    return {
        "weeks": weeks_seen,
        "series": {t: [v.get(w, 0) for w in weeks_seen] for t, v in series.items()},
        "totals": list(totals),
    }


def inbox_counts(*, workspace) -> dict:
    return Mention.objects.for_workspace(workspace).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        negative=Count("pk", filter=Q(status__in=OPEN_STATUSES, category__in=NEGATIVE_CATEGORIES)),
        high_risk=Count("pk", filter=Q(status__in=OPEN_STATUSES, risk__gte=70)),
    )


def members_for(*, workspace) -> list:
    return [
        m.user
        for m in Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ]


def routing_rules_for(*, workspace) -> QuerySet[RoutingRule]:
    return RoutingRule.objects.for_workspace(workspace).order_by("position", "pk")


def routing_log_for(*, workspace, limit: int = 50) -> list[RoutingLog]:
    return list(RoutingLog.objects.for_workspace(workspace).select_related("mention")[:limit])


def sla_policies_for(*, workspace) -> QuerySet[SlaPolicy]:
    return SlaPolicy.objects.for_workspace(workspace).order_by("category", "min_risk")


def classifier_versions_for(*, workspace) -> QuerySet[ClassifierModel]:
    return ClassifierModel.objects.for_workspace(workspace).defer("blob").order_by("-version")


def workspaces_with_recent_mentions(*, since: datetime):
    return (
        Mention.objects.filter(received_at__gte=since)
        .values_list("workspace_id", flat=True)
        .distinct()
        .order_by()
    )


def workspaces_with_sla_breaches(*, now: datetime):
    return (
        Mention.objects.filter(status__in=OPEN_STATUSES, sla_deadline__lt=now, sla_escalated_at__isnull=True)
        .values_list("workspace_id", flat=True)
        .distinct()
        .order_by()
    )
