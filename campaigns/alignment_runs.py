"""Alignment checks of many campaigns at once, set-based (the write side of the engine).

``alignment_check(campaign_ids=...)``, per chunk of up to ``ALIGNMENT_CHUNK`` campaigns and in
one transaction, in a constant number of queries whatever the number of campaigns or metric rows:

1. lock the campaigns (``SELECT ... FOR UPDATE``: a second run of the same check waits, then sees
   the first one's result, so a change is recorded once) with their goals and the workspaces'
   thresholds;
2. gather in one statement the facts of the campaigns whose inputs changed since their stored
   verdict (``alignment_facts.iter_changed_facts``: aggregates and a digest of them, streamed);
3. judge those, with the pure rules (``alignment.judge``) over plain rows (equal inputs give an
   equal verdict, so the others need no judging and no write), keeping reasons and facts as JSON;
4. write, on PostgreSQL from one COPY into a temporary table, the latest verdict, reasons and
   digest of those campaigns (``UPDATE ... FROM``) and one ``AlignmentCheck`` per changed verdict
   (or first verdict) (``INSERT ... SELECT``);
5. announce the changes with one ``emit_many`` per workspace.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Workspace
from smm_platform.bulk import collector_paused, copy_into
from smm_platform.events import emit_many

from . import alignment, alignment_facts, selectors
from .models import AlignmentCheck, AlignmentSettings, BusinessGoal, Campaign

#: Campaigns judged per transaction (one facts query each).
ALIGNMENT_CHUNK = 20_000


def _thresholds(workspace_ids: set[int]) -> dict[int, alignment.Thresholds]:
    found = {s.workspace_id: s for s in AlignmentSettings.objects.filter(workspace_id__in=workspace_ids)}
    return {w: selectors.thresholds_for(found.get(w) or AlignmentSettings()) for w in workspace_ids}


def alignment_check(
    *, campaign_ids: Iterable[int], today: date | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Judge campaigns and store the verdicts; returns ``{"checked", "changed"}`` (``changed``:
    verdicts recorded in the history)."""
    ids = sorted(set(campaign_ids))
    now = now or timezone.now()
    checked = changed = 0
    for start in range(0, len(ids), ALIGNMENT_CHUNK):
        with collector_paused(), transaction.atomic():
            campaigns = _lock(ids[start : start + ALIGNMENT_CHUNK])
            thresholds = _thresholds({c.workspace_id for c in campaigns})
            judged = _judge_changed(campaigns, thresholds, today)
            history = [j for j in judged if j.facts is not None]
            _store(judged, now)
            _announce(history, now)
        checked += len(campaigns)
        changed += len(history)
    return {"checked": checked, "changed": changed}


def _lock(ids: list[int]) -> list[alignment_facts.DueCampaign]:
    """Lock the campaigns (in id order) and load the fields the rules read. On PostgreSQL one
    statement with the ids as one array (not a placeholder each) that reads only whether a
    campaign was judged before, not when."""
    if connection.vendor == "postgresql":
        campaigns, goals = Campaign._meta.db_table, BusinessGoal._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.id, c.workspace_id, c.name, c.objective, c.status, c.starts_on, c.ends_on, c.budget, "
                "c.alignment_verdict, c.alignment_checked_at IS NOT NULL, c.alignment_digest, "
                f"g.kind, g.target_metric, g.max_cost_per_result FROM {campaigns} c "  # tables: ours
                f"LEFT JOIN {goals} g ON g.id = c.goal_id WHERE c.id = ANY(%s) ORDER BY c.id FOR UPDATE OF c",
                [ids],
            )
            return [alignment_facts.DueCampaign(*row) for row in cursor.fetchall()]
    return [
        alignment_facts.DueCampaign(*row)._replace(checked_at=row[9] is not None)
        for row in Campaign.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list(*alignment_facts.DUE_FIELDS)
    ]


class _Judged(NamedTuple):
    """One judged campaign, ready to write: reasons (and facts, for a changed verdict) as JSON."""

    campaign: alignment_facts.DueCampaign
    verdict: str
    reasons: str
    digest: str
    previous: str
    facts: str | None  # None: the verdict did not change (no history row, no event)
    codes: list[str]


_dumps = json.JSONEncoder(default=DjangoJSONEncoder().default).encode


def _judge_changed(campaigns, thresholds, today) -> list[_Judged]:
    """The pure judge over each campaign whose inputs changed (``iter_changed_facts`` streams
    them: one campaign's facts and judgement alive at a time, kept as JSON text afterwards)."""
    judged = []
    for c, campaign_facts, digest in alignment_facts.iter_changed_facts(
        campaigns=campaigns, thresholds_by_workspace=thresholds, today=today
    ):
        judgement = alignment.judge(campaign_facts, thresholds[c.workspace_id])
        previous = c.verdict if c.checked_at else ""
        verdict = judgement.verdict
        judged.append(
            _Judged(
                c,
                verdict,
                _dumps(judgement.reasons_as_dicts()),
                digest,
                previous,
                _dumps(judgement.facts) if previous != verdict else None,
                [r.code for r in judgement.reasons],
            )
        )
    judged.sort(key=lambda j: j.campaign.id)  # history rows and events in campaign order
    return judged


def _store(judged: list[_Judged], now: datetime) -> None:
    """The latest verdict, reasons and digest of each judged campaign and a history row per
    changed verdict: on PostgreSQL the rows are copied (COPY) into a temporary table, then one
    UPDATE and one INSERT read it; elsewhere an UPDATE per campaign and one bulk INSERT."""
    if not judged:
        return
    if connection.vendor != "postgresql":
        _store_portable(judged, now)
        return
    campaigns, checks = Campaign._meta.db_table, AlignmentCheck._meta.db_table
    with connection.cursor() as cursor:
        # COPY hands reasons and facts to jsonb as text: cheaper than a JSON document whose
        # nested objects the server parses twice (json_to_recordset, then jsonb).
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS campaigns_alignment_batch (id bigint, workspace_id bigint, "
            "verdict text, reasons jsonb, digest text, previous text, facts jsonb) ON COMMIT DELETE ROWS"
        )
        cursor.execute("DELETE FROM campaigns_alignment_batch")  # an earlier chunk of this transaction
        copy_into(
            cursor,
            "campaigns_alignment_batch",
            ("id", "workspace_id", "verdict", "reasons", "digest", "previous", "facts"),
            (
                (j.campaign.id, j.campaign.workspace_id, j.verdict, j.reasons, j.digest, j.previous, j.facts)
                for j in judged
            ),
        )
        cursor.execute(
            f"UPDATE {campaigns} AS c SET alignment_verdict = v.verdict, alignment_reasons = v.reasons, "  # ours
            "alignment_digest = v.digest, alignment_checked_at = %s FROM campaigns_alignment_batch v WHERE c.id = v.id",
            [now],
        )
        cursor.execute(
            f"INSERT INTO {checks} (workspace_id, campaign_id, verdict, previous_verdict, reasons, facts, checked_at) "
            "SELECT v.workspace_id, v.id, v.verdict, v.previous, v.reasons, v.facts, %s "
            "FROM campaigns_alignment_batch v WHERE v.facts IS NOT NULL ORDER BY v.id",  # by campaign
            [now],
        )


def _store_portable(judged: list[_Judged], now: datetime) -> None:
    table = Campaign._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET alignment_verdict = %s, alignment_reasons = %s, alignment_digest = %s, "
            "alignment_checked_at = %s WHERE id = %s",
            [(j.verdict, j.reasons, j.digest, now, j.campaign.id) for j in judged],
        )
    AlignmentCheck.objects.bulk_create(
        [
            AlignmentCheck(
                workspace_id=j.campaign.workspace_id,
                campaign_id=j.campaign.id,
                verdict=j.verdict,
                previous_verdict=j.previous,
                reasons=json.loads(j.reasons),
                facts=json.loads(j.facts),
                checked_at=now,
            )
            for j in judged
            if j.facts is not None
        ],
        batch_size=500,
    )


def _announce(history: list[_Judged], now: datetime) -> None:
    if not history:
        return
    by_workspace: dict[int, list[dict]] = defaultdict(list)
    stamp = now.isoformat()
    for j in history:
        by_workspace[j.campaign.workspace_id].append(
            {
                "campaign": j.campaign.id,
                "name": j.campaign.name,
                "verdict": j.verdict,
                "previous_verdict": j.previous or None,
                "reasons": j.codes,
                "checked_at": stamp,
            }
        )
    workspaces = Workspace.objects.in_bulk(list(by_workspace))
    for workspace_id, payloads in by_workspace.items():
        emit_many(workspace=workspaces[workspace_id], event="campaign.alignment_changed", payloads=payloads)
