"""The alignment engine's facts for many campaigns at once, set-based (a selector module).

``changed_facts(campaigns=..., thresholds_by_workspace=..., today=...)`` takes plain campaign
rows (``DueCampaign``) and answers ``{campaign_id: (alignment.CampaignFacts, digest)}`` for the
campaigns whose inputs changed since their stored verdict, in a constant number of queries
whatever the number of campaigns or metric rows: KPIs, then one statement that aggregates, per
campaign due and relative to its own "as of" day,

- the daily metric rows: whole-campaign sums up to as-of, the ``recent`` window (the last
  ``dead_followers_window_days`` days up to as-of) and the ``previous`` one (the same length
  before), distinct days with data, the last day with a post, and followers gained (per community,
  largest minus smallest size), all from one read of the campaign's rows;
- the CRM conversions (leads, sales, revenue by local day of ``occurred_at``) over the same spans;

and fingerprints each campaign's inputs (``digest``: the campaign, goal, KPIs, thresholds, as-of
and the rules' own source, and on PostgreSQL the count and ``updated_at`` sum of its metric rows
up to as-of and of its conversions). On PostgreSQL the fingerprint is computed in the statement
(from the campaign, goal and KPI rows themselves: ``_due_sql``), the KPIs come back with the
facts, and only the campaigns whose fingerprint differs from the stored one are aggregated and
come back, so a check that finds nothing new reads a count and a sum per campaign and moves no rows
out of the database. (Elsewhere the fingerprint covers the aggregated facts themselves.)

The figures follow the one definition of ``campaigns.figures`` (``figures.combine``): CRM
conversions are the truth for leads (sales and revenue) once the campaign has any lead (sale) at
all (one that came after as-of decides the source but is not counted), the daily metric rows
otherwise, never both added together. The windows carry the metrics the rules read from them
(``WINDOW_METRICS``).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import astuple
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from smm_platform.bulk import stream_rows

from . import alignment, figures
from .models import KPI, BusinessGoal, Campaign, Conversion, MetricDaily

TOTAL_METRICS = alignment.METRICS  # impressions ... spend
#: What the rules read from the recent and previous windows (rates, pacing, vanity growth).
WINDOW_METRICS = ("reach", "clicks", "engagements", "leads", "sales")
#: How the facts are counted, where it is not the rules' source (followers gained: per community,
#: largest minus smallest size, as campaigns.figures counts it; the CRM is the source once the
#: campaign has any conversion of the kind at all); a change makes every digest stale.
FACTS_RULES = b"followers-gained-per-community|crm-source-any-conversion-at-all"
#: The rules' own source: a change of the judge makes every stored digest stale.
RULES_DIGEST = hashlib.blake2b(
    FACTS_RULES
    + b"".join(
        (Path(alignment.__file__).parent / f"{name}.py").read_bytes() for name in alignment.RULE_MODULES
    ),
    digest_size=8,
).hexdigest()
_ZERO = Decimal(0)
#: Facts rows the driver hands over at a time while the server aggregates the next ones.
_STREAM_CHUNK = 64


class DueCampaign(NamedTuple):
    """The campaign fields the rules read, as the lock query loads them."""

    id: int
    workspace_id: int
    name: str
    objective: str
    status: str
    starts_on: date
    ends_on: date
    budget: Decimal
    verdict: str
    checked_at: object  # truthy when the campaign was judged before
    digest: str
    goal_kind: str | None
    goal_target_metric: str | None
    goal_max_cost_per_result: Decimal | None


DUE_FIELDS = (
    "id", "workspace_id", "name", "objective", "status", "starts_on", "ends_on", "budget",
    "alignment_verdict", "alignment_checked_at", "alignment_digest",
    "goal__kind", "goal__target_metric", "goal__max_cost_per_result",
)  # fmt: skip


#: The input digest of a campaign in ``due`` (or ``changed``) from its metric stamp ``ms`` and
#: its conversion stamp ``cs``: the same expression wherever it is computed.
_DIGEST_SQL = "md5(concat_ws('|', due.context, ms.stamp_n, ms.stamp_sum, cs.stamp_n, cs.stamp_sum))"
#: Aggregates that stamp a set of rows: how many, and the sum of their ``updated_at`` (every
#: write stamps ``updated_at`` later than the row's previous one, so any insert, change or delete
#: moves one of them).
_STAMP_COLUMNS = "COUNT(*) AS stamp_n, SUM({alias}.updated_at - TIMESTAMPTZ 'epoch') AS stamp_sum"


def _stamp_sql() -> str:
    """The campaigns of ``due`` judged before, with the digest of their inputs: their context and
    the stamps of their metric rows up to as-of and of their conversions."""
    metric, conversion = MetricDaily._meta.db_table, Conversion._meta.db_table
    return f"""
        SELECT due.campaign_id, due.as_of, due.recent_from, due.previous_from, due.context, due.stored,
               {_DIGEST_SQL} AS digest
        FROM due
        CROSS JOIN LATERAL (
            SELECT {_STAMP_COLUMNS.format(alias="m")}
            FROM {metric} m WHERE m.campaign_id = due.campaign_id AND m.date <= due.as_of
        ) ms
        CROSS JOIN LATERAL (
            SELECT {_STAMP_COLUMNS.format(alias="c")} FROM {conversion} c WHERE c.campaign_id = due.campaign_id
        ) cs
        WHERE due.stored <> ''
    """


def _aggregates_sql(day_sql: str) -> str:
    """Columns, in order: campaign id, input digest, the aggregates (offsets ``_T`` ...
    ``_CONV``), then the KPIs' metrics and targets (two arrays, by metric), of the campaigns in
    ``changed``.

    The metric rows are read once per campaign, in one plain aggregate: sums, windows, days with
    data, the last day with a post, followers gained (largest minus smallest size) and the stamp.
    That is exact for a campaign with one community (``channel``), the common case: a community
    has one row per day. Only a campaign with several gets a second read (``mc``, skipped for
    the others), which counts its distinct days and adds up each community's followers gained.
    Its conversions are read once too: the aggregates up to as-of and the stamp of them all."""
    metric = MetricDaily._meta.db_table
    conversion = Conversion._meta.db_table
    recent = "m.date > due.recent_from"
    previous = "m.date > due.previous_from AND m.date <= due.recent_from"
    columns = [f"SUM(m.{c}) AS t_{c}" for c in TOTAL_METRICS]
    for prefix, window in (("r", recent), ("p", previous)):
        columns += [
            f"SUM(m.{c}) FILTER (WHERE {window}) AS {prefix}_{c}" for c in (*WINDOW_METRICS, "followers")
        ]
    columns += [
        "COUNT(*) AS days", f"COUNT(*) FILTER (WHERE {recent}) AS r_days",
        f"COUNT(*) FILTER (WHERE {previous}) AS p_days", "MAX(m.date) FILTER (WHERE m.posts > 0) AS last_post",
        "MAX(m.followers) - MIN(m.followers) AS gained", "MIN(m.channel) <> MAX(m.channel) AS communities",
        _STAMP_COLUMNS.format(alias="m"),
    ]  # fmt: skip
    sums = [f"t_{c}" for c in TOTAL_METRICS]
    for prefix in ("r", "p"):
        sums += [f"{prefix}_{c}" for c in (*WINDOW_METRICS, "followers")]
    several = [
        f"CASE WHEN m.communities THEN mc.{d} ELSE m.{d} END" for d in ("days", "r_days", "p_days", "gained")
    ]
    in_window = "c.c_day <= due.as_of AND {window}"
    conv = []
    for window in (
        "TRUE",
        "c.c_day > due.recent_from",
        "c.c_day > due.previous_from AND c.c_day <= due.recent_from",
    ):
        conv += [
            f"COUNT(*) FILTER (WHERE c.kind = 'lead' AND {in_window.format(window=window)})",
            f"COUNT(*) FILTER (WHERE c.kind = 'sale' AND {in_window.format(window=window)})",
            f"SUM(c.amount) FILTER (WHERE c.kind = 'sale' AND {in_window.format(window=window)})",
        ]
    # Whether the campaign has any lead (sale) at all, which decides the source as in figures.
    conv += ["COUNT(*) FILTER (WHERE c.kind = 'lead')", "COUNT(*) FILTER (WHERE c.kind = 'sale')"]
    return f"""
        SELECT due.campaign_id, {_DIGEST_SQL.replace("ms.", "m.")}, {", ".join(f"COALESCE(m.{c}, 0)::numeric" for c in sums)},
               {", ".join(several[:3])}, m.last_post, {several[3]}, {", ".join(f"cs.conv_{i}" for i in range(len(conv)))},
               kpi.metrics, kpi.targets
        FROM changed AS due
        CROSS JOIN LATERAL (
            SELECT {", ".join(columns)} FROM {metric} m WHERE m.campaign_id = due.campaign_id AND m.date <= due.as_of
        ) m
        LEFT JOIN LATERAL (
            SELECT COUNT(DISTINCT d.date) AS days,
                   COUNT(DISTINCT d.date) FILTER (WHERE {recent.replace("m.", "d.")}) AS r_days,
                   COUNT(DISTINCT d.date) FILTER (WHERE {previous.replace("m.", "d.")}) AS p_days,
                   (SELECT SUM(g.gained) FROM (
                        SELECT MAX(f.followers) - MIN(f.followers) AS gained FROM {metric} f
                        WHERE f.campaign_id = due.campaign_id AND f.date <= due.as_of AND m.communities GROUP BY f.channel
                   ) g) AS gained
            FROM {metric} d WHERE d.campaign_id = due.campaign_id AND d.date <= due.as_of AND m.communities
        ) mc ON TRUE
        CROSS JOIN LATERAL (
            SELECT {", ".join(f"{a} AS conv_{i}" for i, a in enumerate(conv))}, {_STAMP_COLUMNS.format(alias="c")}
            FROM (SELECT c.kind, c.amount, c.updated_at, {day_sql} AS c_day FROM {conversion} c
                  WHERE c.campaign_id = due.campaign_id) c
        ) cs
        CROSS JOIN LATERAL (
            SELECT array_agg(k.metric ORDER BY k.metric) AS metrics, array_agg(k.target_value ORDER BY k.metric) AS targets
            FROM {KPI._meta.db_table} k WHERE k.campaign_id = due.campaign_id
        ) kpi
    """


# Offsets in a result row (after campaign id and input digest).
_T = 0  # 9 totals
_R = _T + len(TOTAL_METRICS)  # 5 window metrics + followers
_P = _R + len(WINDOW_METRICS) + 1
_DAYS = _P + len(WINDOW_METRICS) + 1  # days, recent days, previous days
_LAST_POST = _DAYS + 3
_FOLLOWERS = _LAST_POST + 1  # followers gained
_CONV = _FOLLOWERS + 1  # (leads, sales, revenue) for total, recent, previous; any lead, any sale


def _context(c: DueCampaign, as_of: date, thresholds_key: str, kpis: tuple) -> str:
    """A fingerprint of the campaign's own inputs, where the database does not work it out
    (``_due_sql`` on PostgreSQL)."""
    text = (
        f"{thresholds_key}|{c.objective}|{c.status}|{c.starts_on}|{c.ends_on}|{as_of}|{c.budget}|"
        f"{c.goal_kind}|{c.goal_target_metric}|{c.goal_max_cost_per_result}|{kpis!r}"
    )
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def changed_facts(
    *,
    campaigns: list[DueCampaign],
    thresholds_by_workspace: dict[int, alignment.Thresholds],
    today: date | None = None,
) -> dict[int, tuple[alignment.CampaignFacts, str]]:
    """Facts and input digest of each campaign whose digest differs from ``campaign.digest``
    (a campaign never judged is always there)."""
    return {
        c.id: (facts, digest)
        for c, facts, digest in iter_changed_facts(
            campaigns=campaigns, thresholds_by_workspace=thresholds_by_workspace, today=today
        )
    }


def iter_changed_facts(
    *,
    campaigns: list[DueCampaign],
    thresholds_by_workspace: dict[int, alignment.Thresholds],
    today: date | None = None,
) -> Iterator[tuple[DueCampaign, alignment.CampaignFacts, str]]:
    """``changed_facts`` as a stream of ``(campaign, facts, digest)``, in no set order: each
    row becomes facts only when the caller takes it, so a run holds one campaign's facts at a
    time (a large run stays small in memory and cheap for the garbage collector). On PostgreSQL
    the rows arrive as the server aggregates them (``cursor.stream``), so the caller's judging
    runs on the other core while the server still aggregates the next campaigns."""
    today = today or timezone.localdate()
    if not campaigns:
        return
    thresholds_keys = {w: f"{RULES_DIGEST}|{astuple(t)!r}" for w, t in thresholds_by_workspace.items()}
    if connection.vendor == "postgresql":
        yield from _iter_changed_facts_sql(campaigns, thresholds_by_workspace, thresholds_keys, today)
        return
    kpis: dict[int, list] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT campaign_id, metric, target_value FROM {KPI._meta.db_table} "
            "WHERE campaign_id IN (SELECT value FROM json_each(%s)) ORDER BY campaign_id, metric",
            [json.dumps([c.id for c in campaigns])],
        )
        for campaign_id, metric, target in cursor.fetchall():
            kpis[campaign_id].append((metric, _dec(target)))
    due_context = {
        c.id: _context(c, min(today, c.ends_on), thresholds_keys[c.workspace_id], tuple(kpis.get(c.id, ())))
        for c in campaigns
    }
    # Any other database (the SQLite demo, no LATERAL): the ORM's per-"as of" aggregates.
    from . import selectors

    loaded = {c.pk: c for c in Campaign.objects.select_related("goal").filter(pk__in=list(due_context))}
    found = {}
    for workspace_id in {c.workspace_id for c in campaigns}:
        group = [loaded[c.id] for c in campaigns if c.workspace_id == workspace_id and c.id in loaded]
        facts = selectors.alignment_facts(
            campaigns=group, thresholds=thresholds_by_workspace[workspace_id], today=today
        )
        for c in campaigns:
            if c.id in facts:
                digest = hashlib.md5(
                    (due_context[c.id] + repr(facts[c.id])).encode(), usedforsecurity=False
                ).hexdigest()
                if digest != (c.digest if c.checked_at else ""):
                    found[c.id] = (facts[c.id], digest)
    for c in campaigns:
        if c.id in found:
            yield c, *found[c.id]


def _due_sql() -> str:
    """The campaigns due (``%s``: a JSON list of their ids and stored digests; ``%s``: their
    workspaces' thresholds key and window length; ``%s``: today) with their as-of day, windows
    and context: a fingerprint of the campaign's own inputs (its fields, goal, KPIs and
    thresholds), read from their rows (which an alignment run has locked)."""
    campaign, goal, kpi = Campaign._meta.db_table, BusinessGoal._meta.db_table, KPI._meta.db_table
    fields = ", ".join(
        f"quote_nullable({f})"
        for f in ("c.objective", "c.status", "c.starts_on", "c.ends_on", "a.as_of", "c.budget", "g.kind",
                  "g.target_metric", "g.max_cost_per_result", "k.kpis")
    )  # fmt: skip
    return f"""
        SELECT d.campaign_id, a.as_of, a.as_of - t.days AS recent_from, a.as_of - 2 * t.days AS previous_from,
               md5(concat_ws('|', t.key, {fields})) AS context, d.stored
        FROM json_to_recordset(%s::json) AS d(campaign_id bigint, stored text)
        JOIN {campaign} c ON c.id = d.campaign_id
        JOIN json_to_recordset(%s::json) AS t(workspace_id bigint, key text, days int) ON t.workspace_id = c.workspace_id
        LEFT JOIN {goal} g ON g.id = c.goal_id
        CROSS JOIN LATERAL (SELECT LEAST(%s::date, c.ends_on) AS as_of) a
        CROSS JOIN LATERAL (
            SELECT string_agg(k.metric || '=' || k.target_value, ',' ORDER BY k.metric) AS kpis
            FROM {kpi} k WHERE k.campaign_id = c.id
        ) k
    """


def _iter_changed_facts_sql(campaigns, thresholds_by_workspace, thresholds_keys, today):
    """``iter_changed_facts`` on PostgreSQL: one statement works out each campaign's as-of day,
    windows and input digest, aggregates the facts of those whose digest moved and brings their
    KPIs along; the rows stream in as the server aggregates them."""
    by_id = {c.id: c for c in campaigns}
    # The due campaigns travel as one JSON document (one escaped string, not arrays whose every
    # element the driver escapes).
    due = json.dumps([{"campaign_id": c.id, "stored": c.digest if c.checked_at else ""} for c in campaigns])
    thresholds = json.dumps(
        [
            {"workspace_id": w, "key": thresholds_keys[w], "days": t.dead_followers_window_days}
            for w, t in thresholds_by_workspace.items()
        ]
    )
    day_sql, day_params = connection.ops.datetime_cast_date_sql(
        "c.occurred_at", [], timezone.get_current_timezone_name()
    )
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            # One large aggregate per run: compiling it (JIT) costs more than it saves.
            # The per-campaign aggregates' sorts and the due list stay in memory.
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
        # Only campaigns whose input digest differs from the stored one get their facts
        # aggregated; a check that finds nothing new reads two sums and a count per campaign and
        # moves no rows out of the database.
        rows = stream_rows(
            cursor,
            f"WITH due AS MATERIALIZED ({_due_sql()}), "
            # Never judged: straight to the aggregates (which stamp them too); judged before: only
            # if the stamp moved.
            "changed AS MATERIALIZED (SELECT campaign_id, as_of, recent_from, previous_from, context "
            "FROM due WHERE stored = '' UNION ALL SELECT campaign_id, as_of, recent_from, previous_from, context "
            f"FROM ({_stamp_sql()}) s WHERE s.digest <> s.stored) "
            f"{_aggregates_sql(day_sql)}",
            [due, thresholds, today, *day_params],
            size=_STREAM_CHUNK,
        )
        del due
        for row in rows:
            c = by_id[row[0]]
            kpis = tuple(zip(row[-2], row[-1], strict=True)) if row[-2] else ()
            yield c, _facts(c, min(today, c.ends_on), row[2:-2], kpis), row[1]


def _dec(value) -> Decimal:
    if value is None:
        return _ZERO
    return value if isinstance(value, Decimal) else Decimal(value)


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value  # SQLite: text


def _facts(c: DueCampaign, as_of: date, row, kpis: tuple) -> alignment.CampaignFacts:
    days, recent_days, previous_days = (row[_DAYS] or 0, row[_DAYS + 1] or 0, row[_DAYS + 2] or 0)
    # The sums come as numbers (Decimal), zero for none: no conversion here.
    totals = dict(zip(TOTAL_METRICS, row[_T:_R], strict=True))
    recent = dict(zip(WINDOW_METRICS, row[_R : _R + len(WINDOW_METRICS)], strict=True))
    previous = dict(zip(WINDOW_METRICS, row[_P : _P + len(WINDOW_METRICS)], strict=True))
    crm = row[_CONV : _CONV + 9]
    crm_leads, crm_sales = bool(row[_CONV + 9]), bool(row[_CONV + 10])  # any at all
    if crm_leads or crm_sales:  # the source rule of campaigns.figures, per kind, never added
        for target, offset in ((totals, 0), (recent, 3), (previous, 6)):
            merged = figures.combine(
                target,
                {"leads": crm[offset], "sales": crm[offset + 1], "revenue": crm[offset + 2]},
                crm_leads=crm_leads,
                crm_sales=crm_sales,
            )
            target.update(leads=Decimal(merged.leads), sales=Decimal(merged.sales), revenue=merged.revenue)
    totals["followers"] = Decimal(row[_FOLLOWERS] or 0)  # campaigns.figures: per community, max - min
    recent_followers, previous_followers = row[_R + len(WINDOW_METRICS)], row[_P + len(WINDOW_METRICS)]
    return alignment.CampaignFacts(
        objective=c.objective,
        status=c.status,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        as_of=as_of,
        budget=c.budget,
        goal_kind=c.goal_kind,
        goal_target_metric=c.goal_target_metric,
        goal_max_cost_per_result=c.goal_max_cost_per_result,
        kpis=kpis,
        days_with_data=days,
        last_post_on=_day(row[_LAST_POST]),
        total=alignment.Window(days=days, totals=totals),
        recent=alignment.Window(
            days=recent_days,
            totals=recent,
            followers_avg=Decimal(recent_followers or 0) / recent_days if recent_days else _ZERO,
        ),
        previous=alignment.Window(
            days=previous_days,
            totals=previous,
            followers_avg=Decimal(previous_followers or 0) / previous_days if previous_days else _ZERO,
        ),
    )
