"""The home page's "Today": what needs the signed-in person's attention now, each entry named and
linked. One query per list whatever the number of rows (each list fetches ``LIMIT + 1`` rows, so
the page can say "and more" without counting).

Lists (an area that is not installed gives no list, never invented rows):

* open incidents (open or confirmed), newest first;
* SLA breaches: open mentions whose deadline passed, most overdue first;
* misaligned or at-risk campaigns that are live, each with its first reason as a sentence;
* waiting for my approval (managers and owners only): plan items in review, submitted proposals
  (not my own), proposed campaigns;
* my tasks that are overdue or due today;
* partner deliverables due this week (or already late) that are not published yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import permissions as perms

from .providers.areas import CLOSED_MENTION_STATUSES, _model

LIMIT = 6
LIVE_CAMPAIGN_STATUSES = ("approved", "running", "paused")


@dataclass
class Entry:
    title: str
    url: str
    detail: str = ""
    when: object = None  # a date or datetime shown beside the title
    tone: str = ""  # "danger" for late things, "warning" for things due now
    badge: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)


@dataclass
class AgendaList:
    key: str
    title: str
    entries: list[Entry] = field(default_factory=list)
    more: bool = False
    more_url: str = ""


def _take(qs) -> tuple[list, bool]:
    rows = list(qs[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def _excerpt(text: str, length: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _incidents(workspace, slug) -> AgendaList | None:
    Incident = _model("negativity", "Incident")
    if Incident is None:
        return None
    rows, more = _take(
        Incident.objects.for_workspace(workspace)
        .filter(status__in=("open", "confirmed"))
        .order_by("-opened_at", "-id")
    )
    entries = [
        Entry(
            title=f"{i.get_kind_display()} · {i.get_status_display()}",
            url=reverse("negativity:incident", kwargs={"workspace_slug": slug, "pk": i.pk}),
            detail=ngettext("%(n)s mention", "%(n)s mentions", i.mention_count) % {"n": i.mention_count},
            when=i.opened_at,
            tone="danger",
        )
        for i in rows
    ]
    return AgendaList(
        "incidents",
        _("Open incidents"),
        entries,
        more,
        reverse("negativity:incidents", kwargs={"workspace_slug": slug}),
    )


def _sla_breaches(workspace, slug, now) -> AgendaList | None:
    Mention = _model("negativity", "Mention")
    if Mention is None:
        return None
    rows, more = _take(
        Mention.objects.for_workspace(workspace)
        .filter(sla_deadline__lt=now, resolved_at__isnull=True)
        .exclude(status__in=CLOSED_MENTION_STATUSES)
        .select_related("author")
        .order_by("sla_deadline", "id")
    )
    entries = [
        Entry(
            title=f"@{m.author.handle}: {_excerpt(m.text, 70)}",
            url=reverse("negativity:mention", kwargs={"workspace_slug": slug, "pk": m.pk}),
            detail=str(m.get_category_display() or ""),
            when=m.sla_deadline,
            tone="danger",
        )
        for m in rows
    ]
    return AgendaList(
        "sla", _("SLA breaches"), entries, more, reverse("negativity:inbox", kwargs={"workspace_slug": slug})
    )


def _campaigns_at_risk(workspace, slug) -> AgendaList:
    from campaigns.alignment import render_reason
    from campaigns.models import Campaign

    rows, more = _take(
        Campaign.objects.for_workspace(workspace)
        .filter(status__in=LIVE_CAMPAIGN_STATUSES, alignment_verdict__in=("misaligned", "at_risk"))
        .order_by("-alignment_verdict", "ends_on", "id")  # misaligned before at_risk
    )
    entries = []
    for c in rows:
        reasons = [r for r in (c.alignment_reasons or []) if isinstance(r, dict)]
        entries.append(
            Entry(
                title=c.name,
                url=reverse("campaigns:detail", kwargs={"workspace_slug": slug, "pk": c.pk}),
                detail=render_reason(reasons[0]) if reasons else "",
                when=None,
                tone="danger" if c.alignment_verdict == "misaligned" else "warning",
                badge=str(c.get_alignment_verdict_display()),
            )
        )
    return AgendaList(
        "campaigns",
        _("Campaigns off their goal"),
        entries,
        more,
        reverse("campaigns:index", kwargs={"workspace_slug": slug}),
    )


def _approvals(workspace, slug, user) -> AgendaList:
    from campaigns.models import Campaign

    entries: list[Entry] = []
    more = False
    PlanItem = _model("planning", "PlanItem")
    Proposal = _model("planning", "Proposal")
    if PlanItem is not None:
        items, more_items = _take(
            PlanItem.objects.for_workspace(workspace)
            .filter(status="in_review")
            .order_by("scheduled_at", "id")
        )
        more |= more_items
        entries += [
            Entry(
                title=i.title,
                url=reverse("planning:item", kwargs={"workspace_slug": slug, "pk": i.pk}),
                detail=f"{_('Plan item')} · {i.get_channel_display()}",
                when=i.scheduled_at,
            )
            for i in items
        ]
    if Proposal is not None:
        proposals, more_proposals = _take(
            Proposal.objects.for_workspace(workspace)
            .filter(status="submitted")
            .exclude(author=user)
            .order_by("updated_at", "id")
        )
        more |= more_proposals
        entries += [
            Entry(
                title=p.title,
                url=reverse("planning:proposal", kwargs={"workspace_slug": slug, "pk": p.pk}),
                detail=str(_("Proposal")),
                when=p.updated_at,
            )
            for p in proposals
        ]
    campaigns, more_campaigns = _take(
        Campaign.objects.for_workspace(workspace).filter(status="proposed").order_by("starts_on", "id")
    )
    more |= more_campaigns
    entries += [
        Entry(
            title=c.name,
            url=reverse("campaigns:detail", kwargs={"workspace_slug": slug, "pk": c.pk}),
            detail=str(_("Campaign")),
            when=c.starts_on,
        )
        for c in campaigns
    ]
    return AgendaList("approvals", _("Waiting for my approval"), entries, more)


def _my_tasks(workspace, slug, user, today) -> AgendaList | None:
    Task = _model("planning", "Task")
    if Task is None:
        return None
    rows, more = _take(
        Task.objects.for_workspace(workspace)
        .filter(assignee=user, due_on__lte=today)
        .exclude(status="done")
        .select_related("campaign")
        .order_by("due_on", "id")
    )
    board = reverse("planning:board", kwargs={"workspace_slug": slug})
    entries = [
        Entry(
            title=t.title,
            url=f"{board}#task-{t.pk}",
            detail=" · ".join(
                str(x) for x in (t.get_status_display(), t.campaign.name if t.campaign else "") if x
            ),
            when=t.due_on,
            tone="danger" if t.due_on < today else "warning",
        )
        for t in rows
    ]
    return AgendaList("tasks", _("My tasks: overdue and due today"), entries, more, board)


def _deliverables(workspace, slug, now) -> AgendaList | None:
    Deliverable = _model("partners", "Deliverable")
    if Deliverable is None:
        return None
    rows, more = _take(
        Deliverable.objects.for_workspace(workspace)
        .filter(status="planned", due_at__lt=now + timedelta(days=7))
        .exclude(deal__status="cancelled")
        .select_related("deal__partner")
        .order_by("due_at", "id")
    )
    entries = [
        Entry(
            title=f"{d.deal.partner.name}: {d.title}",
            url=reverse("partners:deal", kwargs={"workspace_slug": slug, "pk": d.deal_id}),
            detail=f"{d.get_kind_display()} · {d.get_channel_display()}",
            when=d.due_at,
            tone="danger" if d.due_at < now else "",
        )
        for d in rows
    ]
    return AgendaList("deliverables", _("Partner deliverables due this week"), entries, more)


def agenda(*, workspace, user, role) -> list[AgendaList]:
    """The lists of "Today" for this person, in the order they are shown."""
    now = timezone.now()
    today = timezone.localdate()
    slug = workspace.slug
    lists = [
        _incidents(workspace, slug),
        _sla_breaches(workspace, slug, now),
        _campaigns_at_risk(workspace, slug),
        _approvals(workspace, slug, user) if perms.can_approve(role) else None,
        _my_tasks(workspace, slug, user, today),
        _deliverables(workspace, slug, now),
    ]
    return [lst for lst in lists if lst is not None]
