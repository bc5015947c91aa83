"""Alignment settings, dirty flags and the alignment check that stores verdicts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from accounts.services import audit_record
from smm_platform.celery import enqueue_on_commit
from smm_platform.events import emit

from .. import alignment, selectors
from ..models import (
    AlignmentCheck,
    AlignmentSettings,
    Campaign,
)
from ._common import _apply, _validated_save

#: New metrics or conversions are judged this many seconds after the first of a burst arrives.
ALIGNMENT_DEBOUNCE_SECONDS = 60
#: Campaigns judged per transaction by a bulk alignment run.
ALIGNMENT_CHUNK = 1000


def alignment_settings_update(*, workspace, actor, token=None, **fields) -> AlignmentSettings:
    row = AlignmentSettings.objects.for_workspace(workspace).first() or AlignmentSettings(workspace=workspace)
    names = alignment.Thresholds.__dataclass_fields__
    changes = _apply(row, {k: v for k, v in fields.items() if k in names})
    with transaction.atomic():
        _validated_save(row)
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="alignment.settings_updated",
            changes=changes,
        )
        ids = selectors.running_campaign_ids(workspace=workspace)
        alignment_mark_dirty(campaign_ids=ids)
    return row


def alignment_mark_dirty(*, campaign_ids: Iterable[int]) -> list[int]:
    """Flag campaigns whose data changed; only the ones not flagged yet get a re-check queued (after
    the debounce delay), so a burst of batches causes one check per campaign. One UPDATE."""
    ids = sorted(set(campaign_ids))
    if not ids:
        return []
    now = timezone.now()
    table = Campaign._meta.db_table
    newly: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET alignment_dirty_since = %s "  # table name is ours
                f"WHERE id IN ({marks}) AND alignment_dirty_since IS NULL RETURNING id",
                [now, *chunk],
            )
            newly += [row[0] for row in cursor.fetchall()]
    from .. import tasks

    for campaign_id in newly:
        transaction.on_commit(
            lambda pk=campaign_id: tasks.recheck_alignment.apply_async(
                kwargs={"campaign_id": pk}, countdown=ALIGNMENT_DEBOUNCE_SECONDS
            )
        )
    return newly


def alignment_claim_dirty(*, campaign_id: int) -> bool:
    """Take the "new data" flag off a campaign; True for exactly one of several callers."""
    return (
        Campaign.objects.filter(pk=campaign_id, alignment_dirty_since__isnull=False).update(
            alignment_dirty_since=None
        )
        == 1
    )


def alignment_request_check(*, campaign: Campaign) -> None:
    """Queue an immediate check of one campaign (after commit)."""
    from .. import tasks

    enqueue_on_commit(tasks.check_alignment, campaign_id=campaign.pk)


def alignment_check(
    *, campaign_ids: Iterable[int], today: date | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Judge campaigns and store the verdicts; returns ``{"checked", "changed"}``.

    Per chunk of campaigns, in one transaction: lock the rows, load their facts in SQL
    (``selectors.alignment_facts``), judge them (``alignment.judge``), update the latest verdict on
    every campaign and, only where the verdict changed (or was never recorded), append an
    ``AlignmentCheck`` and emit ``campaign.alignment_changed``. The lock makes a second run of the
    same check see the first one's result, so a change is recorded once.
    """
    ids = sorted(set(campaign_ids))
    checked = changed = 0
    now = now or timezone.now()
    settings_cache: dict[int, alignment.Thresholds] = {}
    for start in range(0, len(ids), ALIGNMENT_CHUNK):
        chunk = ids[start : start + ALIGNMENT_CHUNK]
        with transaction.atomic():
            campaigns = list(
                Campaign.objects.select_for_update(of=("self",))
                .select_related("goal", "workspace")
                .defer("alignment_reasons", "description", "channels", "goal__description")
                .filter(pk__in=chunk)
                .order_by("pk")
            )
            by_workspace: dict[int, list[Campaign]] = {}
            for c in campaigns:
                by_workspace.setdefault(c.workspace_id, []).append(c)
            missing = [w for w in by_workspace if w not in settings_cache]
            if missing:
                found = {
                    s.workspace_id: s for s in AlignmentSettings.objects.filter(workspace_id__in=missing)
                }
                for w in missing:
                    settings_cache[w] = selectors.thresholds_for(found.get(w) or AlignmentSettings())
            history, to_update = [], []
            for workspace_id, group in by_workspace.items():
                thresholds = settings_cache[workspace_id]
                facts = selectors.alignment_facts(campaigns=group, thresholds=thresholds, today=today)
                for c in group:
                    judgement = alignment.judge(facts[c.pk], thresholds)
                    reasons = judgement.reasons_as_dicts()
                    previous = c.alignment_verdict if c.alignment_checked_at else ""
                    if previous != judgement.verdict:
                        history.append(
                            AlignmentCheck(
                                workspace_id=c.workspace_id,
                                campaign=c,
                                verdict=judgement.verdict,
                                previous_verdict=previous,
                                reasons=reasons,
                                facts=judgement.facts,
                                checked_at=now,
                            )
                        )
                        payload = {
                            "campaign": c.pk,
                            "name": c.name,
                            "verdict": judgement.verdict,
                            "previous_verdict": previous or None,
                            "reasons": [r["code"] for r in reasons],
                            "checked_at": now.isoformat(),
                        }
                        emit(workspace=c.workspace, event="campaign.alignment_changed", payload=payload)
                    c.alignment_verdict, c.alignment_reasons, c.alignment_checked_at = (
                        judgement.verdict,
                        reasons,
                        now,
                    )
                    to_update.append(c)
            _store_latest_verdicts(to_update)
            AlignmentCheck.objects.bulk_create(history, batch_size=1000)
        checked += len(campaigns)
        changed += len(history)
    return {"checked": checked, "changed": changed}


def _store_latest_verdicts(campaigns: list[Campaign]) -> None:
    """One parameterised UPDATE per campaign sent as a batch (psycopg pipelines ``executemany``),
    much cheaper than a CASE-per-row ``bulk_update`` on thousands of rows."""
    if not campaigns:
        return
    reasons_field = Campaign._meta.get_field("alignment_reasons")
    checked_field = Campaign._meta.get_field("alignment_checked_at")
    table = Campaign._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET alignment_verdict = %s, alignment_reasons = %s, alignment_checked_at = %s "
            "WHERE id = %s",
            [
                (
                    c.alignment_verdict,
                    reasons_field.get_db_prep_save(c.alignment_reasons, connection),
                    checked_field.get_db_prep_save(c.alignment_checked_at, connection),
                    c.pk,
                )
                for c in campaigns
            ],
        )


def alignment_check_running(*, today: date | None = None) -> dict[str, int]:
    """The nightly pass over every running campaign of every workspace."""
    return alignment_check(campaign_ids=selectors.running_campaign_ids(), today=today)
