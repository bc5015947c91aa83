"""Alignment checks of many campaigns at once, set-based (the write side of the engine).

``alignment_check(campaign_ids=...)``, per chunk of up to ``ALIGNMENT_CHUNK`` campaigns and in
one transaction, in a constant number of queries whatever the number of campaigns or metric rows:

1. lock the campaigns (``SELECT ... FOR UPDATE``: a second run of the same check waits, then sees
   the first one's result, so a change is recorded once) with their goals and the workspaces'
   thresholds;
2. gather in one statement the facts of the campaigns whose inputs changed since their stored
   verdict (``alignment_facts.changed_facts``: aggregates and a digest of them);
3. judge those, with the pure rules (``alignment.judge``) over plain rows (equal inputs give an
   equal verdict, so the others need no judging and no write);
4. write the latest verdict, reasons and digest of those campaigns in one
   ``UPDATE ... FROM unnest(...)`` (a VALUES list passed as arrays);
5. append one ``AlignmentCheck`` per changed verdict (or first verdict) in one statement (COPY on
   PostgreSQL), and announce them with one ``emit_many`` per workspace.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Workspace
from smm_platform.events import emit_many

from . import alignment, alignment_facts, selectors
from .models import AlignmentCheck, AlignmentSettings, Campaign

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
        with transaction.atomic():
            campaigns = [
                alignment_facts.DueCampaign(*row)
                for row in Campaign.objects.select_for_update(of=("self",))
                .filter(pk__in=ids[start : start + ALIGNMENT_CHUNK])
                .order_by("pk")
                .values_list(*alignment_facts.DUE_FIELDS)
            ]
            thresholds = _thresholds({c.workspace_id for c in campaigns})
            changed_facts = alignment_facts.changed_facts(
                campaigns=campaigns, thresholds_by_workspace=thresholds, today=today
            )
            judged, history = [], []
            for c in campaigns:
                if c.id not in changed_facts:
                    continue  # judged from exactly these inputs already
                campaign_facts, digest = changed_facts[c.id]
                judgement = alignment.judge(campaign_facts, thresholds[c.workspace_id])
                reasons = judgement.reasons_as_dicts()
                judged.append((c.id, judgement.verdict, reasons, digest))
                previous = c.verdict if c.checked_at else ""
                if previous != judgement.verdict:
                    history.append((c, judgement, reasons, previous))
            _store_latest(judged, now)
            _record_history(history, now)
            _announce(history, now)
        checked += len(campaigns)
        changed += len(history)
    return {"checked": checked, "changed": changed}


def _store_latest(judged: list[tuple], now: datetime) -> None:
    if not judged:
        return
    table = Campaign._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, verdicts, reasons, digests = (list(col) for col in zip(*judged, strict=True))
            cursor.execute(
                f"UPDATE {table} AS c SET alignment_verdict = v.verdict, alignment_reasons = v.reasons::jsonb, "  # table: ours
                "alignment_digest = v.digest, alignment_checked_at = %s "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(id, verdict, reasons, digest) "
                "WHERE c.id = v.id",
                [now, ids, verdicts, [json.dumps(r, cls=DjangoJSONEncoder) for r in reasons], digests],
            )
        else:
            field = Campaign._meta.get_field("alignment_reasons")
            cursor.executemany(
                f"UPDATE {table} SET alignment_verdict = %s, alignment_reasons = %s, alignment_digest = %s, "
                "alignment_checked_at = %s WHERE id = %s",
                [
                    (verdict, field.get_db_prep_save(r, connection), digest, now, pk)
                    for pk, verdict, r, digest in judged
                ],
            )


def _record_history(history: list[tuple], now: datetime) -> None:
    if not history:
        return
    if connection.vendor != "postgresql":
        AlignmentCheck.objects.bulk_create(
            [
                AlignmentCheck(
                    workspace_id=c.workspace_id,
                    campaign_id=c.id,
                    verdict=j.verdict,
                    previous_verdict=previous,
                    reasons=reasons,
                    facts=j.facts,
                    checked_at=now,
                )
                for c, j, reasons, previous in history
            ],
            batch_size=500,
        )
        return
    table = AlignmentCheck._meta.db_table
    columns = "workspace_id, campaign_id, verdict, previous_verdict, reasons, facts, checked_at"
    dumps = json.JSONEncoder(default=DjangoJSONEncoder().default).encode
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,  # table: ours
    ):
        for c, j, reasons, previous in history:
            copy.write_row((c.workspace_id, c.id, j.verdict, previous, dumps(reasons), dumps(j.facts), now))


def _announce(history: list[tuple], now: datetime) -> None:
    if not history:
        return
    by_workspace: dict[int, list[dict]] = defaultdict(list)
    stamp = now.isoformat()
    for c, j, reasons, previous in history:
        by_workspace[c.workspace_id].append(
            {
                "campaign": c.id,
                "name": c.name,
                "verdict": j.verdict,
                "previous_verdict": previous or None,
                "reasons": [r["code"] for r in reasons],
                "checked_at": stamp,
            }
        )
    workspaces = Workspace.objects.in_bulk(list(by_workspace))
    for workspace_id, payloads in by_workspace.items():
        emit_many(workspace=workspaces[workspace_id], event="campaign.alignment_changed", payloads=payloads)
