"""Nothing got less correct when the engines went set-based and bulk (issue 16): on the demo data
(``manage.py seed_demo``, seeded once for this module), every figure the product stores equals a
straightforward reference computed here, one campaign or one mention at a time:

* alignment: each campaign's verdict, reasons and facts equal the pure judge fed with facts
  summed in plain Python from that campaign's own metric rows and CRM conversions (the definitions
  of ``campaigns.alignment_facts``), as of several days; the stored history is the reference's
  sequence of changes, each change recorded once;
* incidents: the demo's attack and outage are exactly one coordinated incident and one crisis, and
  the same mentions ingested one by one into another workspace are classified the same and grouped
  into the same incidents;
* reports: the stored workspace report's campaign table equals sums of the raw rows over its
  period, its alignment counts equal the stored verdicts, and computing its snapshot again gives
  the stored one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal
from itertools import groupby

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.demo import DEMO_SLUG
from accounts.models import Workspace
from accounts.tests.factories import WorkspaceFactory
from campaigns import alignment, selectors, services, tasks
from campaigns.models import AlignmentCheck, Campaign, Conversion, MetricDaily
from negativity import demo as negativity_demo
from negativity import services as negativity_services
from negativity.models import Incident, Mention
from reports import services as report_services
from reports.models import ReportRun

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo workspace, seeded once for the module and rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield Workspace.objects.get(slug=DEMO_SLUG)
        transaction.set_rollback(True)


# --- alignment ---------------------------------------------------------------------------------


def _reference_facts(campaign: Campaign, thresholds: alignment.Thresholds, today) -> alignment.CampaignFacts:
    """One campaign's facts as of ``min(today, ends_on)``, summed in Python from its raw rows:
    whole campaign, the last ``dead_followers_window_days`` days (recent) and the same length
    before (previous); CRM leads (sales, revenue) replace the metric rows' once the campaign has
    any up to as-of; followers gained = per community, the largest size minus the smallest (campaigns.figures)."""
    as_of = min(today, campaign.ends_on)
    span = timedelta(days=thresholds.dead_followers_window_days)
    recent_from, previous_from = as_of - span, as_of - 2 * span
    rows = [r for r in MetricDaily.objects.filter(campaign=campaign).values() if r["date"] <= as_of]
    conversions = [
        (c.kind, c.amount, timezone.localtime(c.occurred_at).date())
        for c in Conversion.objects.filter(campaign=campaign)
    ]
    conversions = [c for c in conversions if c[2] <= as_of]
    crm_leads = any(kind == "lead" for kind, _a, _d in conversions)
    crm_sales = any(kind == "sale" for kind, _a, _d in conversions)

    def window(keep) -> alignment.Window:
        kept = [r for r in rows if keep(r["date"])]
        days = len({r["date"] for r in kept})
        totals = {m: sum((Decimal(r[m]) for r in kept), Decimal(0)) for m in alignment.METRICS}
        crm = [(kind, amount) for kind, amount, day in conversions if keep(day)]
        if crm_leads:
            totals["leads"] = Decimal(sum(1 for kind, _a in crm if kind == "lead"))
        if crm_sales:
            totals["sales"] = Decimal(sum(1 for kind, _a in crm if kind == "sale"))
            totals["revenue"] = sum((a for kind, a in crm if kind == "sale"), Decimal(0))
        followers = sum(r["followers"] for r in kept)
        return alignment.Window(
            days=days, totals=totals, followers_avg=Decimal(followers) / days if days else Decimal(0)
        )

    total = window(lambda day: True)
    by_community = defaultdict(list)
    for r in rows:
        by_community[r["channel"]].append(r["followers"])
    total.totals["followers"] = Decimal(sum(max(sizes) - min(sizes) for sizes in by_community.values()))
    goal = campaign.goal
    return alignment.CampaignFacts(
        objective=campaign.objective,
        status=campaign.status,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        as_of=as_of,
        budget=campaign.budget,
        goal_kind=goal.kind if goal else None,
        goal_target_metric=goal.target_metric if goal else None,
        goal_max_cost_per_result=goal.max_cost_per_result if goal else None,
        kpis=tuple(campaign.kpis.order_by("metric").values_list("metric", "target_value")),
        days_with_data=total.days,
        last_post_on=max((r["date"] for r in rows if r["posts"] > 0), default=None),
        total=total,
        recent=window(lambda day: recent_from < day <= as_of),
        previous=window(lambda day: previous_from < day <= recent_from),
    )


def _reference_judgements(workspace, today) -> dict[int, alignment.Judgement]:
    thresholds = selectors.thresholds_for(selectors.alignment_settings_for(workspace=workspace))
    return {
        c.pk: alignment.judge(_reference_facts(c, thresholds, today), thresholds)
        for c in Campaign.objects.for_workspace(workspace).select_related("goal").order_by("pk")
    }


def _stored(workspace) -> dict[int, tuple]:
    return {
        pk: (verdict, reasons)
        for pk, verdict, reasons in Campaign.objects.for_workspace(workspace).values_list(
            "pk", "alignment_verdict", "alignment_reasons"
        )
    }


def test_demo_verdicts_and_history_equal_the_per_campaign_reference(demo):
    today = timezone.localdate()
    # The demo judged as of 45, 30 and 14 days ago, then today: its history is the reference's
    # sequence of changes, and what it stored last is the reference as of today.
    expected_history = {}
    for days_ago in (45, 30, 14, 0):
        for pk, j in _reference_judgements(demo, today - timedelta(days=days_ago)).items():
            expected_history.setdefault(pk, []).append(j)
    history = AlignmentCheck.objects.for_workspace(demo).order_by("campaign_id", "checked_at", "pk")
    stored_history = {
        pk: [(h.previous_verdict, h.verdict, h.reasons, h.facts) for h in checks]
        for pk, checks in groupby(history, key=lambda h: h.campaign_id)
    }
    reference_history = {}
    for pk, judgements in expected_history.items():
        changes, previous = [], ""
        for j in judgements:
            if j.verdict != previous:
                changes.append((previous, j.verdict, j.reasons_as_dicts(), j.facts))
                previous = j.verdict
        reference_history[pk] = changes
    assert stored_history == reference_history
    # Partners' demo added CRM conversions after the last check: those campaigns wait for their
    # debounced re-check (flagged dirty); every other stored verdict is the reference's today.
    reference = {
        pk: (j.verdict, j.reasons_as_dicts()) for pk, j in _reference_judgements(demo, today).items()
    }
    dirty = set(
        Campaign.objects.for_workspace(demo)
        .filter(alignment_dirty_since__isnull=False)
        .values_list("pk", flat=True)
    )
    stale = {pk for pk, stored in _stored(demo).items() if stored != reference[pk]}
    assert stale <= dirty
    for pk in dirty:  # what the worker does when the debounce delay is over
        tasks.recheck_alignment(campaign_id=pk)
    assert _stored(demo) == reference
    assert {v for v, _r in reference.values()} >= {"aligned", "at_risk", "misaligned", "insufficient_data"}

    # Judged again as of other days (later ones: campaigns end, the grace periods pass).
    ids = list(Campaign.objects.for_workspace(demo).values_list("pk", flat=True))
    for offset in (-60, 7, 40):
        day = today + timedelta(days=offset)
        services.alignment_check(campaign_ids=ids, today=day)
        reference = _reference_judgements(demo, day)
        assert _stored(demo) == {pk: (j.verdict, j.reasons_as_dicts()) for pk, j in reference.items()}, day


# --- incidents ---------------------------------------------------------------------------------


def _ingest_row(m: Mention) -> dict:
    author = m.author
    row = {
        "source": m.source,
        "external_id": m.external_id,
        "url": m.url,
        "author": {"handle": author.handle, "followers": author.followers},
        "text": m.text,
        "published_at": m.published_at.isoformat(),
        "reach": m.reach,
        "likes": m.likes,
        "replies": m.replies,
    }
    if author.name:
        row["author"]["name"] = author.name
    if author.account_created_at:
        row["author"]["created_at"] = author.account_created_at.isoformat()
    return {k: v for k, v in row.items() if v not in (None, "")}


def _grouping(workspace) -> set[tuple[str, frozenset]]:
    return {
        (incident.kind, frozenset(incident.mentions.values_list("external_id", flat=True)))
        for incident in Incident.objects.for_workspace(workspace)
    }


def _outcome(workspace) -> dict[str, tuple]:
    return {
        external_id: (text_category, sentiment, topic, language)
        for external_id, text_category, sentiment, topic, language in Mention.objects.for_workspace(
            workspace
        ).values_list("external_id", "text_category", "sentiment", "topic", "language")
    }


def test_demo_incidents_are_the_attack_and_the_outage_and_equal_one_by_one_ingest(demo):
    by_text = dict(Mention.objects.for_workspace(demo).values_list("external_id", "text"))
    attack = {e for e, text in by_text.items() if text in negativity_demo.ATTACK}
    incidents = dict(_grouping(demo))
    assert set(incidents) == {"coordinated", "crisis"} and len(_grouping(demo)) == 2
    assert incidents["coordinated"] == attack and len(attack) == 14
    outage = set(by_text) - {f"demo-{n}" for n in range(1, 115)}  # the wave came after 114 rows
    assert incidents["crisis"] <= outage and len(incidents["crisis"]) >= 20

    # The reference: the same mentions, one request each in the order they were published, into
    # a fresh workspace; then one detection at the moment the demo ran its own.
    opened_at = Incident.objects.for_workspace(demo).earliest("opened_at").opened_at
    other = WorkspaceFactory()
    negativity_services.workspace_defaults_ensure(workspace=other)
    mentions = Mention.objects.for_workspace(demo).select_related("author").order_by("published_at", "pk")
    for m in mentions:
        negativity_services.mentions_ingest(
            workspace=other, rows=[_ingest_row(m)], via="demo", schedule_detection=False
        )
    negativity_services.incidents_detect(workspace=other, now=opened_at)
    assert _outcome(other) == _outcome(demo)
    assert _grouping(other) == _grouping(demo)


# --- reports -----------------------------------------------------------------------------------


def _reference_campaign_rows(workspace, start, end) -> dict[str, list]:
    """Per campaign overlapping the period: spend, leads, sales, revenue (CRM leads and sales
    replace the metric rows' when the campaign has any at all), CRM leads and sales in the period."""
    out = {}
    for c in Campaign.objects.for_workspace(workspace).filter(starts_on__lte=end, ends_on__gte=start):
        lo, hi = max(start, c.starts_on), min(end, c.ends_on)
        rows = [r for r in c.metrics.values() if lo <= r["date"] <= hi]
        conversions = list(Conversion.objects.filter(campaign=c))
        in_period = [x for x in conversions if start <= timezone.localtime(x.occurred_at).date() <= end]
        in_dates = [x for x in in_period if lo <= timezone.localtime(x.occurred_at).date() <= hi]
        spend = sum((r["spend"] for r in rows), Decimal(0))
        leads, sales = sum(r["leads"] for r in rows), sum(r["sales"] for r in rows)
        revenue = sum((r["revenue"] for r in rows), Decimal(0))
        if any(x.kind == "lead" for x in conversions):
            leads = sum(1 for x in in_dates if x.kind == "lead")
        if any(x.kind == "sale" for x in conversions):
            sales = sum(1 for x in in_dates if x.kind == "sale")
            revenue = sum((x.amount for x in in_dates if x.kind == "sale"), Decimal(0))
        out[c.name] = [
            float(spend),
            leads,
            sales,
            float(revenue),
            sum(1 for x in in_period if x.kind == "lead"),
            sum(1 for x in in_period if x.kind == "sale"),
        ]
    return out


def _section(snapshot: dict, key: str) -> dict:
    return next(s for s in snapshot["sections"] if s["key"] == key)


def _table(section: dict, key: str) -> dict:
    return next(t for t in section["tables"] if t["key"] == key)


def test_demo_report_equals_a_reference_aggregation_and_its_recomputation(demo):
    run = ReportRun.objects.for_workspace(demo).get(kind="workspace")
    table = _table(_section(run.snapshot, "results"), "campaigns")
    keys = [c["key"] for c in table["columns"]]
    picked = ["spend", "leads", "sales", "revenue", "crm_leads", "crm_sales"]
    stored = {row[0]: [row[keys.index(k)] for k in picked] for row in table["rows"]}
    assert stored == _reference_campaign_rows(demo, run.period_start, run.period_end)
    assert sum(row[0] for row in stored.values()) > 0 and sum(row[3] for row in stored.values()) > 0

    counts = Counter(
        Campaign.objects.for_workspace(demo)
        .exclude(status__in=["cancelled", "draft"])
        .values_list("alignment_verdict", flat=True)
    )
    tiles = {t["key"]: t["value"] for t in _section(run.snapshot, "alignment")["tiles"]}
    assert {k: v for k, v in tiles.items() if v} == dict(counts)

    again = report_services.snapshot_compute(run)
    for snapshot in (again, run.snapshot):
        for key in ("generated_at", "generated_label"):
            snapshot["meta"].pop(key)
    assert again == run.snapshot
