"""Attack detection's writes: detection on ingest (debounced), incidents, and what their
mentions become.

* ``detection_mark_dirty``: ingest calls it once per batch: one conditional UPSERT flags the
  workspace; only the batch that raised the flag queues the detection task (after commit, with a
  ``DETECTION_DEBOUNCE_SECONDS`` countdown), so a stream of batches costs one detection per
  countdown. The task takes the flag off (``detection_claim``) and runs ``incidents_detect``; a
  batch arriving meanwhile raises it again. Beat sweeps flags left behind (a broker that was down).
* ``incidents_detect``: the window's mentions (plus members of open incidents, so new variants
  join their attack) go through ``detection``: coordinated clusters first, then volume waves of
  what is left. Each finding is merged into the open incident its mentions (or, for a crisis,
  the workspace's recent crisis) already belong to, else opened.
* Members of an attack (coordinated or burst) become ``ordered`` with the evidence in their
  explanation; a crisis's members keep their category (genuine customers, natural negativity).
  Dismissing an attack gives its members back the text model's category (``text_category``);
  confirming or reopening it marks them again. A person's correction is never overwritten.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from accounts.models import User, Workspace
from accounts.services import audit_record
from smm_platform.errors import AppError
from smm_platform.events import emit

from . import detection, rules
from .enums import ATTACK_KINDS, Category, IncidentKind, IncidentStatus
from .models import DetectionState, Incident, Mention, SlaPolicy

logger = logging.getLogger(__name__)

DETECTION_DEBOUNCE_SECONDS = 10
DETECTION_WINDOW = timedelta(hours=24)
WAVE_WINDOW = timedelta(hours=1)
BASELINE_DAYS = 7
OPEN_INCIDENT_DAYS = 7
CRISIS_MERGE_GAP = timedelta(hours=6)
STALE_FLAG = timedelta(minutes=2)
LOCK_SECONDS = 300
ACTIVE = (IncidentStatus.OPEN, IncidentStatus.CONFIRMED)
NEGATIVE_SENTIMENT = {"natural", "trolling", "ordered"}
RISK_CODES = {"category", "audience", "virality", "alarming", "incident"}
KIND_OF = {
    detection.ATTACK: IncidentKind.COORDINATED,
    detection.BURST: IncidentKind.BURST,
    detection.CRISIS: IncidentKind.CRISIS,
}


def text_only_category(category: str) -> str:
    """What one text alone may be called: never ordered (that takes coordination evidence)."""
    return Category.NATURAL if category == Category.ORDERED else category


# --- detection on ingest -----------------------------------------------------------------------
def detection_mark_dirty(*, workspace: Workspace) -> bool:
    """Flag that ``workspace`` has new mentions; True (and a detection queued after commit) only
    for the caller that raised the flag. One statement."""
    from . import tasks

    table = DetectionState._meta.db_table  # our own table name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (workspace_id, dirty_since) VALUES (%s, %s) "
            f"ON CONFLICT (workspace_id) DO UPDATE SET dirty_since = EXCLUDED.dirty_since "
            f"WHERE {table}.dirty_since IS NULL RETURNING workspace_id",
            [workspace.pk, timezone.now()],
        )
        raised = cursor.fetchone() is not None
    if raised:
        pk = workspace.pk
        transaction.on_commit(
            lambda: tasks.detect_attacks_on_ingest.apply_async(
                kwargs={"workspace_id": pk}, countdown=DETECTION_DEBOUNCE_SECONDS
            )
        )
    return raised


def detection_claim(*, workspace_id: int) -> bool:
    """Take the "new mentions" flag off a workspace; True for exactly one of several callers."""
    return (
        DetectionState.objects.filter(workspace_id=workspace_id, dirty_since__isnull=False).update(
            dirty_since=None
        )
        == 1
    )


def stale_dirty_workspaces(*, now: datetime) -> list[int]:
    """Workspaces flagged longer ago than a debounced task should take (its message was lost)."""
    return list(
        DetectionState.objects.filter(dirty_since__lt=now - STALE_FLAG).values_list("workspace_id", flat=True)
    )


def incidents_detect_locked(*, workspace: Workspace) -> list[Incident] | None:
    """``incidents_detect`` unless another run for the workspace is in progress (then the flag
    goes back up, so the newest mentions are looked at once that run ends); None when skipped."""
    key = f"negativity:detecting:{workspace.pk}"
    if not cache.add(key, 1, LOCK_SECONDS):
        detection_mark_dirty(workspace=workspace)
        return None
    try:
        return incidents_detect(workspace=workspace)
    finally:
        cache.delete(key)


# --- detection ---------------------------------------------------------------------------------
def _baselines(workspace: Workspace, since: datetime) -> dict[str, detection.Baseline]:
    """Each source's mentions per hour (mean, std) over the week before ``since``, in SQL."""
    start = since - timedelta(days=BASELINE_DAYS)
    rows = (
        Mention.objects.for_workspace(workspace)
        .filter(published_at__gte=start, published_at__lt=since)
        .annotate(hour=TruncHour("published_at"))
        .values("source", "hour")
        .annotate(n=Count("pk"))
        .values_list("source", "n")
    )
    hours = BASELINE_DAYS * 24
    per_source: dict[str, list[int]] = {}
    for source, n in rows:
        per_source.setdefault(source, []).append(n)
    out = {}
    for source, counts in per_source.items():
        mean = sum(counts) / hours
        var = (sum(c * c for c in counts) / hours) - mean * mean
        out[source] = detection.Baseline(mean=mean, std=max(0.0, var) ** 0.5)
    return out


def incidents_detect(
    *, workspace: Workspace, now: datetime | None = None, window: timedelta = DETECTION_WINDOW
) -> list[Incident]:
    """Find attacks, bursts and crises among the window's mentions; open incidents or grow the
    open ones, mark attack members ordered, alert managers. Returns the incidents opened now."""
    now = now or timezone.now()
    since = now - window
    in_window = Q(published_at__gte=since, published_at__lte=now)
    in_open_incident = Q(
        incident__status__in=ACTIVE, incident__opened_at__gte=now - timedelta(days=OPEN_INCIDENT_DAYS)
    )
    rows = list(
        Mention.objects.for_workspace(workspace)
        .filter(in_window | in_open_incident)
        # a dismissed incident's mentions were judged by a person: not an attack
        .exclude(incident__status=IncidentStatus.DISMISSED)
        .values_list(
            "pk",
            "source",
            "text",
            "published_at",
            "author_id",
            "author__account_created_at",
            "author__followers",
            "author__mentions_count",
            "category",
            "text_category",
            "incident_id",
        )
    )
    if not rows:
        return []
    items, incident_of = [], {}
    for pk, source, text, published, author_id, created, followers, history, category, text_cat, inc in rows:
        age = (published - created).total_seconds() / 86400 if created else None
        verdict = text_cat or text_only_category(category)
        items.append(detection.Item(pk, source, text, published, author_id, age, followers, history, verdict))
        incident_of[pk] = inc
    baselines = _baselines(workspace, since)
    found = [(detection.ATTACK, m, a) for m, a in detection.coordinated_clusters(items, baselines)]
    clustered = {i.id for _k, members, _a in found for i in members}
    rest = [i for i in items if i.id not in clustered and i.published_at <= now]
    found += detection.volume_waves(rest, baselines, since=now - WAVE_WINDOW)
    opened = []
    for kind, members, assessment in found:
        incident, is_new = _incident_upsert(workspace, KIND_OF[kind], members, assessment, incident_of, now)
        if is_new and incident is not None:
            opened.append(incident)
    return opened


def _family(kind: str) -> tuple[str, ...]:
    return tuple(ATTACK_KINDS) if kind in ATTACK_KINDS else (IncidentKind.CRISIS,)


def _target_incident(workspace, kind, members, incident_of) -> Incident | None:
    """The open incident of the same family that the members (most of them) already belong to;
    for a crisis, also the workspace's crisis that was still receiving mentions recently."""
    current = Counter(incident_of[m.id] for m in members if incident_of[m.id])
    family = _family(kind)
    qs = (
        Incident.objects.for_workspace(workspace)
        .select_for_update()
        .filter(status__in=ACTIVE, kind__in=family)
    )
    if current:
        by_pk = {i.pk: i for i in qs.filter(pk__in=list(current))}
        if by_pk:
            return by_pk[max(by_pk, key=lambda pk: (current[pk], -pk))]
    if kind == IncidentKind.CRISIS:
        first = min(m.published_at for m in members)
        return qs.filter(last_mention_at__gte=first - CRISIS_MERGE_GAP).order_by("-last_mention_at").first()
    return None


def _incident_upsert(workspace, kind, members, assessment, incident_of, now) -> tuple[Incident | None, bool]:
    ids = [m.id for m in members]
    with transaction.atomic():
        incident = _target_incident(workspace, kind, members, incident_of)
        is_new = incident is None
        if is_new:
            incident = Incident(workspace=workspace, kind=kind, opened_at=now)
        elif kind == IncidentKind.COORDINATED and incident.kind == IncidentKind.BURST:
            incident.kind = kind  # the burst turned out to share its wording: a coordinated attack
        incident.confidence = max(incident.confidence, assessment.confidence)
        incident.shared_phrases = assessment.shared_phrases or incident.shared_phrases
        incident.signals = assessment.signals
        incident.sources = sorted({*incident.sources, *(m.source for m in members)})
        first, last = min(m.published_at for m in members), max(m.published_at for m in members)
        incident.first_mention_at = min(first, incident.first_mention_at or first)
        incident.last_mention_at = max(last, incident.last_mention_at or last)
        incident.full_clean()
        incident.save()
        moved_from = {incident_of[i] for i in ids if incident_of[i] and incident_of[i] != incident.pk}
        Mention.objects.filter(pk__in=ids, workspace=workspace).update(incident=incident)
        for i in ids:
            incident_of[i] = incident.pk
        for pk in moved_from:
            _recount(pk)
        _recount(incident.pk)
        incident.refresh_from_db(fields=["mention_count"])
        _apply_verdict(workspace, incident, ids, assessment)
        if is_new:
            _announce(workspace, incident, ids)
    return incident, is_new


def _recount(incident_id: int) -> None:
    """Refresh an incident's mention count; one emptied by a merge is closed as merged."""
    n = Mention.objects.filter(incident_id=incident_id).count()
    Incident.objects.filter(pk=incident_id).update(mention_count=n)
    if n == 0:
        Incident.objects.filter(pk=incident_id, status__in=ACTIVE).update(
            status=IncidentStatus.CLOSED, closed_at=timezone.now()
        )


def _announce(workspace, incident: Incident, ids: list[int]) -> None:
    from .services import notify_managers

    audit_record(
        workspace=workspace,
        actor=None,
        action="incident.opened",
        target=incident,
        changes={"kind": incident.kind, "mentions": len(ids), "confidence": incident.confidence},
    )
    link = reverse("negativity:incident", kwargs={"workspace_slug": workspace.slug, "pk": incident.pk})
    if incident.kind == IncidentKind.CRISIS:
        notify_managers(
            workspace=workspace,
            kind="crisis",
            title=ngettext_lazy(
                "A wave of genuine complaints: %(n)s customer at once",
                "A wave of genuine complaints: %(n)s customers at once",
                "n",
            ),
            body=ngettext_lazy(
                "Established accounts, their own words: hand it to customer support. Busiest hour: %(p)s mention.",
                "Established accounts, their own words: hand it to customer support. Busiest hour: %(p)s mentions.",
                "p",
            ),
            params={
                "n": incident.signals.get("authors", len(ids)),
                "p": incident.signals.get("peak_hour_count", 0),
            },
            link=link,
        )
    else:
        notify_managers(
            workspace=workspace,
            kind="incident",
            title=ngettext_lazy(
                "Possible coordinated attack: %(n)s similar negative mention",
                "Possible coordinated attack: %(n)s similar negative mentions",
                "n",
            ),
            body=gettext_lazy("Confidence %(c)s%%. Shared phrases: %(p)s"),
            params={
                "n": incident.mention_count,
                "c": round(incident.confidence * 100),
                "p": "; ".join(incident.shared_phrases) or "-",
            },
            link=link,
        )
    emit(
        workspace=workspace,
        event="incident.opened",
        payload={
            "id": incident.pk,
            "kind": incident.kind,
            "confidence": incident.confidence,
            "mentions": ids,
            "opened_at": incident.opened_at.isoformat(),
        },
    )


# --- what the members become -------------------------------------------------------------------
def evidence(
    incident: Incident, assessment_signals: dict, phrases: list[str], *, own_new: bool
) -> list[dict]:
    """The reasons (codes with numbers, rendered by ``rules.describe_reason``) that make a member
    of ``incident`` what it is."""
    s = assessment_signals
    if incident.kind == IncidentKind.CRISIS:
        return [
            {
                "code": "coordination_crisis",
                "incident": incident.pk,
                "authors": s.get("authors", 0),
                "established": round(100 * s.get("established_share", 0)),
                "peak": s.get("peak_hour_count", 0),
                "usual": s.get("baseline_per_hour", 0),
            }
        ]
    out = []
    if incident.kind == IncidentKind.COORDINATED:
        out.append(
            {
                "code": "coordination_cluster",
                "incident": incident.pk,
                "size": s.get("size", 0),
                "authors": s.get("authors", 0),
                "similarity": round(100 * s.get("similarity", 0)),
            }
        )
    else:
        out.append({"code": "coordination_volume", "incident": incident.pk, "size": s.get("size", 0)})
    out.append({"code": "coordination_accounts", "share": round(100 * s.get("new_account_share", 0))})
    if own_new:
        out.append({"code": "coordination_own_account"})
    if s.get("burst_ratio", 0) >= detection.judge.MIN_BURST:
        out.append(
            {
                "code": "coordination_burst",
                "peak": s.get("peak_hour_count", 0),
                "usual": s.get("baseline_per_hour", 0),
                "ratio": s.get("burst_ratio", 0),
            }
        )
    if s.get("sync_share", 0) >= detection.judge.SYNC_SHARE:
        out.append(
            {
                "code": "coordination_sync",
                "share": round(100 * s.get("sync_share", 0)),
                "minutes": s.get("sync_minutes", 0),
            }
        )
    if phrases:
        out.append({"code": "coordination_phrases", "phrases": phrases[:3]})
    return out


def _rescored(mention: Mention, category: str, *, in_incident: bool, policies, extra: list[dict]) -> None:
    """Set ``category`` on ``mention`` with its risk, SLA deadline and explanation redone."""
    old = mention.explanation or []
    alarming = next((r.get("words", []) for r in old if r.get("code") == "alarming"), [])
    risk, reasons = rules.risk_score(
        rules.RiskInput(
            category=category,
            confidence=mention.category_confidence,
            followers=mention.author.followers,
            reach=mention.reach,
            likes=mention.likes,
            replies=mention.replies,
            alarming=alarming,
            in_incident=in_incident,
        )
    )
    kept = [
        r
        for r in old
        if r.get("code") not in RISK_CODES and not str(r.get("code", "")).startswith("coordination")
    ]
    mention.category = category
    mention.sentiment = "negative" if category in NEGATIVE_SENTIMENT else mention.sentiment
    mention.risk = risk
    mention.explanation = [*reasons, *kept, *extra]
    mention.sla_deadline = rules.sla_deadline(
        category=category, risk=risk, received_at=mention.received_at, policies=policies
    )


UPDATED_FIELDS = ["category", "text_category", "sentiment", "risk", "explanation", "sla_deadline"]


def _apply_verdict(workspace, incident: Incident, ids: list[int], assessment) -> None:
    """Members of an active attack become ordered; a crisis's members keep their category and
    get the crisis as their evidence; corrected mentions keep a person's verdict."""
    policies = list(SlaPolicy.objects.for_workspace(workspace).values_list("category", "min_risk", "minutes"))
    mentions = list(Mention.objects.for_workspace(workspace).filter(pk__in=ids).select_related("author"))
    attack = incident.kind in ATTACK_KINDS
    for m in mentions:
        if not m.text_category:
            m.text_category = text_only_category(m.category)
        own_new = detection.is_new_or_empty(_as_item(m))
        extra = evidence(incident, assessment.signals, assessment.shared_phrases, own_new=own_new)
        if m.corrected:
            category = m.category
        elif attack:
            category = Category.ORDERED
        else:
            category = m.text_category if m.category == Category.ORDERED else m.category
        _rescored(m, category, in_incident=True, policies=policies, extra=extra)
    Mention.objects.bulk_update(mentions, UPDATED_FIELDS)
    _authors_recount(mentions)


def _authors_recount(mentions: list[Mention]) -> None:
    """The members' authors' history counts follow their changed categories (ingest only adds)."""
    from .services import authors_recount

    if mentions:
        authors_recount({m.author_id for m in mentions})


def _as_item(m: Mention) -> detection.Item:
    author = m.author
    age = None
    if author.account_created_at is not None:
        age = (m.published_at - author.account_created_at).total_seconds() / 86400
    return detection.Item(
        m.pk,
        m.source,
        m.text,
        m.published_at,
        author.pk,
        age,
        author.followers,
        author.mentions_count,
        m.category,
    )


def _revert_members(workspace, incident: Incident) -> int:
    """A dismissed attack's members get the text model's category back (a person's correction
    stays); returns how many changed."""
    policies = list(SlaPolicy.objects.for_workspace(workspace).values_list("category", "min_risk", "minutes"))
    mentions = list(
        Mention.objects.for_workspace(workspace)
        .filter(incident=incident, corrected=False)
        .select_related("author")
    )
    for m in mentions:
        back = m.text_category or text_only_category(m.category)
        m.text_category = back
        _rescored(m, back, in_incident=False, policies=policies, extra=[])
    Mention.objects.bulk_update(mentions, UPDATED_FIELDS)
    _authors_recount(mentions)
    return len(mentions)


def _reapply_members(workspace, incident: Incident) -> None:
    ids = list(
        Mention.objects.for_workspace(workspace).filter(incident=incident).values_list("pk", flat=True)
    )
    if ids:
        assessment = detection.Assessment(incident.confidence, incident.signals, incident.shared_phrases)
        _apply_verdict(workspace, incident, ids, assessment)


def incident_set_status(
    *, workspace: Workspace, incident: Incident, status: str, actor: User | None
) -> Incident:
    """Change an incident's status. Dismissing an attack reverts its members to what the text
    model said; confirming or reopening a dismissed attack marks them ordered again."""
    if status not in IncidentStatus.values:
        raise AppError(_("Unknown status."), errors={"status": [_("Unknown status.")]})
    with transaction.atomic():
        incident = Incident.objects.for_workspace(workspace).select_for_update().get(pk=incident.pk)
        previous = incident.status
        if previous == status:
            return incident
        incident.status = status
        incident.closed_at = (
            timezone.now() if status in (IncidentStatus.CLOSED, IncidentStatus.DISMISSED) else None
        )
        incident.full_clean()
        incident.save(update_fields=["status", "closed_at"])
        changed = 0
        if incident.kind in ATTACK_KINDS:
            if status == IncidentStatus.DISMISSED:
                changed = _revert_members(workspace, incident)
            elif previous == IncidentStatus.DISMISSED and status in ACTIVE:
                _reapply_members(workspace, incident)
        audit_record(
            workspace=workspace,
            actor=actor,
            action="incident.status_changed",
            target=incident,
            changes={"status": [previous, status], "mentions_reverted": changed},
        )
    return incident
