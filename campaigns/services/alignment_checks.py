"""Alignment settings, dirty flags and the alignment check that stores verdicts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from accounts.services import audit_record
from smm_platform.celery import enqueue_on_commit

from .. import alignment, selectors
from ..alignment_runs import ALIGNMENT_CHUNK  # noqa: F401  (re-exported by services)
from ..models import (
    AlignmentSettings,
    Campaign,
)
from ._common import _apply, _validated_save

#: New metrics or conversions are judged this many seconds after the first of a burst arrives.
ALIGNMENT_DEBOUNCE_SECONDS = 60


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
    """Judge campaigns and store the verdicts; returns ``{"checked", "changed"}``. Set-based, in
    a constant number of queries: see ``campaigns.alignment_runs`` for the steps (lock, one facts
    statement, judge what changed, one UPDATE, one history INSERT, events in bulk)."""
    from .. import alignment_runs

    return alignment_runs.alignment_check(campaign_ids=campaign_ids, today=today, now=now)


def alignment_check_running(*, today: date | None = None) -> dict[str, int]:
    """The nightly pass over every running campaign of every workspace."""
    return alignment_check(campaign_ids=selectors.running_campaign_ids(), today=today)
