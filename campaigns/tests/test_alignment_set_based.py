"""The set-based alignment run: the same verdicts, reasons and history as the per-campaign engine
it replaced on the demo data, nothing judged or written again when nothing changed, a constant
number of queries, and events in bulk."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.demo import DemoPeople
from campaigns import alignment, alignment_facts, figures, selectors, services
from campaigns import demo as campaigns_demo
from campaigns.models import KPI, AlignmentCheck, Campaign, MetricDaily
from smm_platform.events import domain_events
from smm_platform.tests import catalogue

from .factories import CampaignFactory, ConversionFactory, GoalFactory, KPIFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based statement is PostgreSQL's"
)


def _people(personas) -> DemoPeople:
    return DemoPeople(
        owner=personas.owner, manager=personas.manager, marketer=personas.marketer, viewer=personas.viewer
    )


def _reference(workspace, today):
    """Verdicts by the engine as it was: per-"as of" ORM aggregates (``selectors.alignment_facts``)
    judged one campaign at a time."""
    campaigns = list(Campaign.objects.for_workspace(workspace).select_related("goal").order_by("pk"))
    thresholds = selectors.thresholds_for(selectors.alignment_settings_for(workspace=workspace))
    facts = selectors.alignment_facts(campaigns=campaigns, thresholds=thresholds, today=today)
    return {
        c.pk: (j.verdict, j.reasons_as_dicts(), j.facts)
        for c in campaigns
        for j in [alignment.judge(facts[c.pk], thresholds)]
    }


def _set_based(workspace, today):
    rows = [
        alignment_facts.DueCampaign(*row)._replace(checked_at=None)  # as if never judged
        for row in Campaign.objects.for_workspace(workspace)
        .order_by("pk")
        .values_list(*alignment_facts.DUE_FIELDS)
    ]
    thresholds = selectors.thresholds_for(selectors.alignment_settings_for(workspace=workspace))
    found = alignment_facts.changed_facts(
        campaigns=rows, thresholds_by_workspace={workspace.pk: thresholds}, today=today
    )
    return {
        pk: (j.verdict, j.reasons_as_dicts(), j.facts)
        for pk, (facts, _digest) in found.items()
        for j in [alignment.judge(facts, thresholds)]
    }


@pytest.fixture
def demo_workspace(personas):
    campaigns_demo.seed(workspace=personas.workspace, people=_people(personas))
    return personas.workspace


def test_demo_verdicts_reasons_and_facts_match_the_reference_engine(demo_workspace):
    today = timezone.localdate()
    for day in (today - timedelta(days=45), today - timedelta(days=14), today, today + timedelta(days=40)):
        reference = _reference(demo_workspace, day)
        assert len(reference) >= 5
        assert _set_based(demo_workspace, day) == reference, day
    # What the demo stored (its last run was as of today) is the reference's verdict and reasons.
    stored = {
        pk: (verdict, reasons)
        for pk, verdict, reasons in Campaign.objects.for_workspace(demo_workspace).values_list(
            "pk", "alignment_verdict", "alignment_reasons"
        )
    }
    assert stored == {pk: (v, r) for pk, (v, r, _f) in _reference(demo_workspace, today).items()}
    assert {v for v, _r in stored.values()} >= {"aligned", "at_risk", "misaligned"}


def test_demo_history_records_each_change_once(demo_workspace):
    history = list(
        AlignmentCheck.objects.for_workspace(demo_workspace).order_by("campaign_id", "checked_at", "pk")
    )
    by_campaign: dict[int, list] = {}
    for h in history:
        by_campaign.setdefault(h.campaign_id, []).append(h)
    for checks in by_campaign.values():
        assert checks[0].previous_verdict == ""
        for before, after in pairwise(checks):
            assert after.previous_verdict == before.verdict != after.verdict


def test_second_run_with_nothing_new_judges_and_writes_nothing(demo_workspace):
    ids = list(Campaign.objects.for_workspace(demo_workspace).values_list("pk", flat=True))
    before = list(
        Campaign.objects.filter(pk__in=ids).order_by("pk").values_list("alignment_checked_at", "updated_at")
    )
    history = AlignmentCheck.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        assert services.alignment_check(campaign_ids=ids) == {"checked": len(ids), "changed": 0}
    assert not [
        q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "COPY"))
    ]
    after = list(
        Campaign.objects.filter(pk__in=ids).order_by("pk").values_list("alignment_checked_at", "updated_at")
    )
    assert after == before and AlignmentCheck.objects.count() == history


def test_new_metric_row_makes_only_its_campaign_judged_again(personas):
    goal = GoalFactory(workspace=personas.workspace, kind="sales", target_metric="sales")
    a, b = (CampaignFactory(workspace=personas.workspace, goal=goal, objective="sales") for _ in range(2))
    services.alignment_check(campaign_ids=[a.pk, b.pk])
    b_checked = Campaign.objects.get(pk=b.pk).alignment_checked_at
    services.metrics_upsert(
        workspace=personas.workspace,
        actor=personas.marketer,
        rows=[
            {"campaign": a.pk, "channel": "vk", "date": a.starts_on.isoformat(), "clicks": 50, "spend": "100"}
        ],
    )
    later = timezone.now() + timedelta(minutes=5)
    assert services.alignment_check(campaign_ids=[a.pk, b.pk], now=later)["checked"] == 2
    assert Campaign.objects.get(pk=a.pk).alignment_checked_at == later
    assert Campaign.objects.get(pk=b.pk).alignment_checked_at == b_checked


def _run_queries(personas, campaigns: int, days: int) -> int:
    goal = GoalFactory(workspace=personas.workspace, kind="leads", target_metric="leads")
    made = [
        CampaignFactory(workspace=personas.workspace, goal=goal, objective="leads") for _ in range(campaigns)
    ]
    for c in made:
        KPIFactory(campaign=c, metric="leads")
        ConversionFactory(workspace=personas.workspace, campaign=c, kind="lead")
    MetricDaily.objects.bulk_create(
        [
            MetricDaily(workspace=personas.workspace, campaign=c, channel="vk", date=c.starts_on + timedelta(days=i),
                        reach=100 + i, clicks=10, leads=i % 3, spend=50)
            for c in made
            for i in range(days)
        ]
    )  # fmt: skip
    with CaptureQueriesContext(connection) as ctx:
        result = services.alignment_check(campaign_ids=[c.pk for c in made])
    assert result == {"checked": campaigns, "changed": campaigns}
    return len(ctx.captured_queries)


@postgres_only
def test_the_streamed_facts_statement_is_counted_and_logged(personas, caplog):
    """The facts come through psycopg's stream, past Django's cursor wrapper: still one query
    in the count (and in the SQL log), not an invisible one."""
    campaign = CampaignFactory(workspace=personas.workspace)
    with CaptureQueriesContext(connection) as ctx, caplog.at_level("DEBUG", logger="django.db.backends"):
        services.alignment_check(campaign_ids=[campaign.pk])
    facts = [q for q in ctx.captured_queries if "json_to_recordset" in q["sql"]]
    assert len(facts) == 1 and float(facts[0]["time"]) >= 0
    assert any("json_to_recordset" in r.getMessage() for r in caplog.records)


@postgres_only
def test_query_count_is_the_same_for_10_and_10000_metric_rows_and_more_campaigns(personas):
    assert _run_queries(personas, 2, 5) == _run_queries(personas, 10, 1) == _run_queries(personas, 40, 250)


def test_changed_verdicts_go_out_as_one_batch_per_workspace(personas, django_capture_on_commit_callbacks):
    goal = GoalFactory(workspace=personas.workspace, kind="awareness", target_metric="reach")
    made = [CampaignFactory(workspace=personas.workspace, goal=goal, objective="sales") for _ in range(3)]
    batches = []
    domain_events.connect(lambda sender, **kw: batches.append(kw), weak=False, dispatch_uid="t-align")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.alignment_check(campaign_ids=[c.pk for c in made])
    finally:
        domain_events.disconnect(dispatch_uid="t-align")
    assert len(batches) == 1 and batches[0]["event"] == "campaign.alignment_changed"
    assert [p["campaign"] for p in batches[0]["payloads"]] == [c.pk for c in made]
    assert {p["verdict"] for p in batches[0]["payloads"]} == {"misaligned"}


def test_crm_replaces_metric_results_per_kind_like_the_reference(personas):
    goal = GoalFactory(workspace=personas.workspace, kind="sales", target_metric="sales")
    leads_only = CampaignFactory(workspace=personas.workspace, goal=goal, objective="leads")
    both = CampaignFactory(workspace=personas.workspace, goal=goal, objective="sales")
    for c in (leads_only, both):
        MetricDaily.objects.bulk_create(
            [
                MetricDaily(workspace=personas.workspace, campaign=c, channel="vk", date=c.starts_on + timedelta(days=i),
                            reach=500, clicks=40, leads=4, sales=2, revenue=3000, spend=900)
                for i in range(20)
            ]
        )  # fmt: skip
    for i in range(6):
        ConversionFactory(workspace=personas.workspace, campaign=leads_only, kind="lead",
                          occurred_at=timezone.now() - timedelta(days=i * 4))  # fmt: skip
    ConversionFactory(workspace=personas.workspace, campaign=both, kind="sale", occurred_at=timezone.now())
    today = timezone.localdate()
    reference = _reference(personas.workspace, today)
    assert _set_based(personas.workspace, today) == reference
    totals = {pk: facts["totals"] for pk, (_v, _r, facts) in reference.items()}
    assert (totals[leads_only.pk]["leads"], totals[leads_only.pk]["sales"]) == ("6", "40")
    assert (totals[both.pk]["leads"], totals[both.pk]["sales"]) == ("80", "1")


def test_crm_is_the_source_when_the_campaign_has_any_conversion_at_all_like_the_figures(personas):
    """A campaign that ended ten days ago, with leads in its metric rows and one CRM lead that
    came in after its end: the campaign page (campaigns.figures) takes its leads from the CRM
    (none in its period), and so do both alignment engines, as of its last day."""
    today = timezone.localdate()
    ended = CampaignFactory(
        workspace=personas.workspace, objective="leads", status="completed",
        starts_on=today - timedelta(days=40), ends_on=today - timedelta(days=10),
    )  # fmt: skip
    MetricDaily.objects.bulk_create(
        [
            MetricDaily(workspace=personas.workspace, campaign=ended, channel="vk", date=ended.starts_on + timedelta(days=i),
                        reach=500, clicks=40, leads=4, spend=900)
            for i in range(31)
        ]
    )  # fmt: skip
    ConversionFactory(workspace=personas.workspace, campaign=ended, kind="lead",
                      occurred_at=timezone.now() - timedelta(days=5))  # fmt: skip
    page = figures.campaign_figure(campaign=ended).results
    reference = _reference(personas.workspace, today)
    assert _set_based(personas.workspace, today) == reference
    assert page.leads == 0
    assert reference[ended.pk][2]["totals"]["leads"] == "0"


def test_followers_gained_is_the_figures_rule_in_both_engines(personas):
    """Two communities of one campaign starting on different days, one with a dip and one that
    shrinks: the verdict's facts count followers gained as the campaign page does
    (campaigns.figures: per community, largest minus smallest size), on both engines."""
    goal = GoalFactory(workspace=personas.workspace, kind="awareness", target_metric="reach")
    campaign = CampaignFactory(workspace=personas.workspace, goal=goal, objective="community_growth")
    sizes = {"vk": [100, 150, 120, 180], "telegram": [None, 300, 250, 260]}
    MetricDaily.objects.bulk_create(
        [
            MetricDaily(workspace=personas.workspace, campaign=campaign, channel=channel, reach=1000,
                        date=campaign.starts_on + timedelta(days=i), followers=size)
            for channel, series in sizes.items()
            for i, size in enumerate(series)
            if size is not None
        ]
    )  # fmt: skip
    from campaigns import figures

    shown = figures.campaign_figure(campaign=campaign).results.followers_gained
    assert shown == (180 - 100) + (300 - 250) == 130
    thresholds = selectors.thresholds_for(selectors.alignment_settings_for(workspace=personas.workspace))
    orm = selectors.alignment_facts(campaigns=[campaign], thresholds=thresholds)[campaign.pk]
    row = alignment_facts.DueCampaign(
        *Campaign.objects.filter(pk=campaign.pk).values_list(*alignment_facts.DUE_FIELDS).get()
    )._replace(checked_at=None)
    found = alignment_facts.changed_facts(
        campaigns=[row], thresholds_by_workspace={personas.workspace.pk: thresholds}
    )
    sql, _digest = found[campaign.pk]
    assert orm.total.totals["followers"] == sql.total.totals["followers"] == 130


def _changes(personas, change, *, kpis: bool = False) -> tuple[bool, bool]:
    """Judge two campaigns (each with a sales KPI when ``kpis``), ``change(a)`` one's data,
    judge again: was each judged again?"""
    goal = GoalFactory(workspace=personas.workspace, kind="sales", target_metric="sales")
    a, b = (CampaignFactory(workspace=personas.workspace, goal=goal, objective="sales") for _ in range(2))
    for c in (a, b):
        services.metrics_upsert(
            workspace=personas.workspace,
            actor=personas.marketer,
            rows=[
                {"campaign": c.pk, "channel": "vk", "date": (c.starts_on + timedelta(days=i)).isoformat(),
                 "clicks": 50, "sales": 2, "spend": "100"}
                for i in range(3)
            ],
        )  # fmt: skip
        ConversionFactory(workspace=personas.workspace, campaign=c, kind="lead")
        if kpis:
            KPIFactory(campaign=c)
    services.alignment_check(campaign_ids=[a.pk, b.pk])
    before = dict(Campaign.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", "alignment_checked_at"))
    change(a)
    later = timezone.now() + timedelta(minutes=5)
    services.alignment_check(campaign_ids=[a.pk, b.pk], now=later)
    after = dict(Campaign.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", "alignment_checked_at"))
    return after[a.pk] == later != before[a.pk], after[b.pk] == later


def _metric_changed(personas):
    def change(c):
        services.metrics_upsert(
            workspace=personas.workspace,
            actor=personas.marketer,
            rows=[{"campaign": c.pk, "channel": "vk", "date": c.starts_on.isoformat(), "sales": 9}],
        )

    return change


def _metric_deleted(c):
    MetricDaily.objects.filter(campaign=c).order_by("date").first().delete()


def _conversion_changed(c):
    c.conversions.update(kind="sale", updated_at=timezone.now())


def _conversion_deleted(c):
    c.conversions.all().delete()


@postgres_only
@pytest.mark.parametrize(
    "change", ["metric changed", "metric deleted", "conversion changed", "conversion deleted"]
)
def test_any_change_of_a_campaigns_rows_makes_it_judged_again_and_only_it(personas, change):
    changes = {
        "metric changed": _metric_changed(personas),
        "metric deleted": _metric_deleted,
        "conversion changed": _conversion_changed,
        "conversion deleted": _conversion_deleted,
    }
    assert _changes(personas, changes[change]) == (True, False)


def _kpi_target_changed(c):
    KPI.objects.filter(campaign=c).update(target_value=Decimal("7"))


def _kpi_removed(c):
    KPI.objects.filter(campaign=c).delete()


def _own_field_changed(**fields):
    return lambda c: Campaign.objects.filter(pk=c.pk).update(**fields)


@pytest.mark.parametrize(
    "change",
    [
        "kpi added",
        "kpi target changed",
        "kpi removed",
        "budget changed",
        "end date changed",
        "status changed",
    ],
)
def test_a_change_of_a_campaigns_own_inputs_makes_it_judged_again_and_only_it(personas, change):
    changes = {
        "kpi added": lambda c: KPIFactory(campaign=c, metric="clicks", target_value=Decimal("10")),
        "kpi target changed": _kpi_target_changed,
        "kpi removed": _kpi_removed,
        "budget changed": _own_field_changed(budget=Decimal("123456.78")),
        "end date changed": lambda c: _own_field_changed(ends_on=c.ends_on + timedelta(days=9))(c),
        "status changed": _own_field_changed(status="paused"),
    }
    assert _changes(personas, changes[change], kpis=True) == (True, False)


def test_a_change_of_the_thresholds_makes_every_campaign_of_the_workspace_judged_again(personas):
    def change(_c):
        settings_row = selectors.alignment_settings_for(workspace=personas.workspace)
        settings_row.dead_followers_window_days = 10
        settings_row.save()

    assert _changes(personas, change) == (True, True)


def test_days_with_data_count_each_day_once_across_communities_in_both_engines(personas):
    """Days with data (whole campaign and both windows) are distinct days, not rows: a campaign
    whose communities report on overlapping but different days, and one with a single community,
    get the same facts from the set-based statement as from the ORM path."""
    goal = GoalFactory(workspace=personas.workspace, kind="sales", target_metric="sales")
    today = timezone.localdate()
    several = CampaignFactory(workspace=personas.workspace, goal=goal, objective="sales",
                              starts_on=today - timedelta(days=80), ends_on=today + timedelta(days=10))  # fmt: skip
    alone = CampaignFactory(workspace=personas.workspace, goal=goal, objective="sales",
                            starts_on=today - timedelta(days=80), ends_on=today + timedelta(days=10))  # fmt: skip
    days = {"vk": range(0, 70, 1), "telegram": range(20, 81, 2), "ok": range(75, 81)}
    MetricDaily.objects.bulk_create(
        [
            MetricDaily(workspace=personas.workspace, campaign=c, channel=channel, reach=100 + i, clicks=5,
                        engagements=3, posts=i % 3, sales=1, spend=50, followers=1000 + i * (7 if i % 2 else -3),
                        date=c.starts_on + timedelta(days=i))
            for c, channels in ((several, days), (alone, {"vk": days["telegram"]}))
            for channel, offsets in channels.items()
            for i in offsets
        ]
    )  # fmt: skip
    thresholds = selectors.thresholds_for(selectors.alignment_settings_for(workspace=personas.workspace))
    campaigns = [several, alone]
    orm = selectors.alignment_facts(campaigns=campaigns, thresholds=thresholds, today=today)
    rows = [
        alignment_facts.DueCampaign(*row)._replace(checked_at=None)
        for row in Campaign.objects.filter(pk__in=[several.pk, alone.pk])
        .order_by("pk")
        .values_list(*alignment_facts.DUE_FIELDS)
    ]
    found = alignment_facts.changed_facts(
        campaigns=rows, thresholds_by_workspace={personas.workspace.pk: thresholds}, today=today
    )
    for c in campaigns:
        sql, ref = found[c.pk][0], orm[c.pk]
        assert sql.total == ref.total and sql.days_with_data == ref.days_with_data, c
        assert sql.last_post_on == ref.last_post_on, c
        for window in ("recent", "previous"):
            mine, theirs = getattr(sql, window), getattr(ref, window)
            assert (mine.days, mine.followers_avg) == (theirs.days, theirs.followers_avg), (c, window)
            read = alignment_facts.WINDOW_METRICS  # what the rules read from a window
            assert {m: mine.get(m) for m in read} == {m: theirs.get(m) for m in read}, (c, window)
        assert alignment.judge(sql, thresholds) == alignment.judge(ref, thresholds)
    facts = found[several.pk][0]
    assert (facts.days_with_data, facts.recent.days, facts.previous.days) == (79, 28, 30)
    assert (found[alone.pk][0].days_with_data, found[alone.pk][0].recent.days) == (31, 15)


def test_tables_the_engine_writes_keep_no_redundant_index_and_room_for_in_place_updates(db):
    """Each index costs every verdict write (bench/campaigns_alignment.py): the campaign's
    workspace lookups use (workspace, status) and the history's campaign lookups
    (campaign, -checked_at); 30 % of each campaign page is free so a run's verdict updates are
    HOT (no index writes)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's catalogue")
    indexes = catalogue.indexes(Campaign._meta.db_table, AlignmentCheck._meta.db_table)
    options = catalogue.storage_options(Campaign._meta.db_table)
    assert (Campaign._meta.db_table, "(workspace_id)") not in indexes
    assert (Campaign._meta.db_table, "(workspace_id, status)") in indexes
    assert (AlignmentCheck._meta.db_table, "(campaign_id)") not in indexes
    assert (AlignmentCheck._meta.db_table, "(campaign_id, checked_at DESC)") in indexes
    assert "fillfactor=70" in options
