"""Metric ingest at scale: partial rows update only what they send (``mode=replace`` replaces the
row), a row that already holds what it sends is left alone (``unchanged``), set-wise validation,
and a query count that does not grow with the batch."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import AuditLog
from campaigns import services
from campaigns.models import Campaign, MetricDaily
from smm_platform.errors import AppError
from smm_platform.tests import catalogue

from .factories import CampaignFactory
from .test_api import metric_row, url

pytestmark = pytest.mark.django_db


def _stored(campaign, day, channel="vk"):
    m = MetricDaily.objects.get(campaign=campaign, channel=channel, date=day)
    return {f: getattr(m, f) for f in services.METRIC_VALUE_FIELDS}


def test_metrics_partial_row_updates_only_the_sent_fields(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    client = api_as(personas.marketer)
    assert (
        client.post(url(personas, "metrics/"), [metric_row(campaign, day)], format="json").status_code == 200
    )
    partial = {"campaign": campaign.pk, "channel": "vk", "date": day.isoformat(), "leads": 12, "sales": 4}
    response = client.post(url(personas, "metrics/"), [partial], format="json")
    assert response.status_code == 200
    assert response.json() == {"received": 1, "created": 0, "updated": 1, "unchanged": 0, "campaigns": 1}
    stored = _stored(campaign, day)
    assert (stored["leads"], stored["sales"]) == (12, 4)
    # The ad numbers the CRM does not know are kept.
    assert (stored["reach"], stored["clicks"], stored["revenue"], stored["spend"]) == (
        700,
        35,
        Decimal("1800.00"),
        Decimal("900.50"),
    )


def test_metrics_partial_row_that_is_new_starts_other_fields_at_zero(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    partial = {"campaign": campaign.pk, "channel": "vk", "date": day.isoformat(), "reach": 5}
    response = api_as(personas.marketer).post(url(personas, "metrics/"), [partial], format="json")
    assert response.json()["created"] == 1
    stored = _stored(campaign, day)
    assert stored["reach"] == 5
    assert {k: v for k, v in stored.items() if k != "reach"} == dict.fromkeys(
        [f for f in services.METRIC_VALUE_FIELDS if f != "reach"], 0
    )


def test_metrics_mode_replace_sets_fields_left_out_to_zero(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    client = api_as(personas.marketer)
    client.post(url(personas, "metrics/"), [metric_row(campaign, day)], format="json")
    partial = {"campaign": campaign.pk, "channel": "vk", "date": day.isoformat(), "reach": 5}
    response = client.post(url(personas, "metrics/") + "?mode=replace", [partial], format="json")
    assert response.json()["updated"] == 1
    stored = _stored(campaign, day)
    assert stored["reach"] == 5
    assert (stored["clicks"], stored["leads"], stored["spend"]) == (0, 0, Decimal("0.00"))
    # The same in the body form.
    client.post(url(personas, "metrics/"), [metric_row(campaign, day)], format="json")
    client.post(url(personas, "metrics/"), {"mode": "replace", "rows": [partial]}, format="json")
    assert _stored(campaign, day)["clicks"] == 0


def test_metrics_unknown_mode_is_400_and_stores_nothing(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    response = api_as(personas.marketer).post(
        url(personas, "metrics/") + "?mode=overwrite",
        [metric_row(campaign, campaign.starts_on)],
        format="json",
    )
    assert response.status_code == 400
    assert "mode" in response.json()["errors"]
    assert not MetricDaily.objects.exists()


def test_metrics_batch_mixing_row_shapes_updates_each_row_by_its_own_fields(personas):
    campaign = CampaignFactory(workspace=personas.workspace)
    days = [campaign.starts_on + timedelta(days=i) for i in range(3)]
    services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[metric_row(campaign, d) for d in days]
    )
    base = {"campaign": campaign.pk, "channel": "vk"}
    result = services.metrics_upsert(
        workspace=personas.workspace,
        actor=personas.marketer,
        rows=[
            {**base, "date": days[0].isoformat(), "leads": 9},
            {**base, "date": days[1].isoformat(), "spend": "10.00"},
            {**base, "date": days[2].isoformat(), "leads": 7, "spend": "20.00"},
        ],
    )
    assert result["updated"] == 3
    assert (_stored(campaign, days[0])["leads"], _stored(campaign, days[0])["spend"]) == (
        9,
        Decimal("900.50"),
    )
    assert (_stored(campaign, days[1])["leads"], _stored(campaign, days[1])["spend"]) == (3, Decimal("10.00"))
    assert (_stored(campaign, days[2])["leads"], _stored(campaign, days[2])["spend"]) == (7, Decimal("20.00"))


def test_metrics_explicit_null_is_an_error_not_a_skip(personas):
    campaign = CampaignFactory(workspace=personas.workspace)
    row = {"campaign": campaign.pk, "channel": "vk", "date": campaign.starts_on.isoformat(), "reach": None}
    with pytest.raises(AppError) as caught:
        services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=[row])
    assert list(caught.value.errors["rows"]["0"]) == ["reach"]
    assert not MetricDaily.objects.exists()


def test_metrics_bad_row_late_in_a_big_batch_stores_nothing(personas):
    campaign = CampaignFactory(workspace=personas.workspace, starts_on=date.today() - timedelta(days=3000))
    rows = [metric_row(campaign, campaign.starts_on + timedelta(days=i)) for i in range(2000)]
    rows[1999]["clicks"] = "many"
    with pytest.raises(AppError) as caught:
        services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert list(caught.value.errors["rows"]) == ["1999"]
    assert not MetricDaily.objects.exists()
    assert not AuditLog.objects.filter(action="metrics.upserted").exists()


def _ingest_queries(personas, n: int) -> tuple[int, int]:
    """Queries to store ``n`` new rows, then to update them all."""
    campaign = CampaignFactory(workspace=personas.workspace, starts_on=date.today() - timedelta(days=n + 1))
    rows = [metric_row(campaign, campaign.starts_on + timedelta(days=i)) for i in range(n)]
    with CaptureQueriesContext(connection) as inserted:
        result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert result["created"] == n
    for row in rows:
        row["clicks"] = 7
    with CaptureQueriesContext(connection) as updated:
        result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert result["updated"] == n
    assert set(MetricDaily.objects.filter(campaign=campaign).values_list("clicks", flat=True)) == {7}
    return len(inserted.captured_queries), len(updated.captured_queries)


def test_metrics_ingest_query_count_is_the_same_at_10_and_5000_rows(personas):
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite demo stores through the ORM's bulk_create batches")
    assert services.METRICS_MAX_BATCH == 5000
    small = _ingest_queries(personas, 10)
    assert small == _ingest_queries(personas, 5000)
    assert max(small) <= 10


def _stamps(campaign) -> dict:
    return dict(MetricDaily.objects.filter(campaign=campaign).values_list("date", "updated_at"))


def test_metrics_unchanged_rows_are_counted_and_not_rewritten(personas):
    """Created, updated and unchanged add up to the rows received; a row that already holds what
    it sends keeps its ``updated_at`` (so syncs by ``updated_since`` and alignment's digest see no
    change), a corrected one moves it."""
    campaign = CampaignFactory(workspace=personas.workspace)
    days = [campaign.starts_on + timedelta(days=i) for i in range(3)]
    first = services.metrics_upsert(
        workspace=personas.workspace,
        actor=personas.marketer,
        rows=[metric_row(campaign, d) for d in days[:2]],
    )
    assert (first["created"], first["updated"], first["unchanged"]) == (2, 0, 0)
    before = _stamps(campaign)
    rows = [
        metric_row(campaign, days[0]),  # the same figures again
        metric_row(campaign, days[1], clicks=36),  # a correction
        metric_row(campaign, days[2]),  # new
    ]
    result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert result == {"received": 3, "created": 1, "updated": 1, "unchanged": 1, "campaigns": 1}
    after = _stamps(campaign)
    assert after[days[0]] == before[days[0]]
    assert after[days[1]] > before[days[1]]
    assert _stored(campaign, days[1])["clicks"] == 36
    entry = AuditLog.objects.filter(action="metrics.upserted").order_by("-pk").first()
    assert (entry.changes["updated"], entry.changes["unchanged"]) == (1, 1)
    # The whole batch again: nothing to write.
    again = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert _stamps(campaign) == after


def test_metrics_money_sent_in_another_spelling_is_unchanged(personas):
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[metric_row(campaign, day)]
    )
    same = metric_row(campaign, day, revenue=1800, spend="900.5")
    result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=[same])
    assert (result["updated"], result["unchanged"]) == (0, 1)


def test_metrics_merge_compares_only_the_sent_fields_replace_compares_all(personas):
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[metric_row(campaign, day)]
    )
    partial = {"campaign": campaign.pk, "channel": "vk", "date": day.isoformat(), "leads": 3, "sales": 1}
    merged = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=[partial])
    assert (merged["updated"], merged["unchanged"]) == (0, 1)
    # The same partial row replacing: the fields it leaves out become 0, so the row changes.
    replaced = services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[partial], mode="replace"
    )
    assert (replaced["updated"], replaced["unchanged"]) == (1, 0)
    assert _stored(campaign, day)["clicks"] == 0
    again = services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[partial], mode="replace"
    )
    assert (again["updated"], again["unchanged"]) == (0, 1)


def test_metrics_unchanged_resend_leaves_the_verdict_fresh_and_a_correction_does_not(personas):
    campaign = CampaignFactory(workspace=personas.workspace, objective="sales")
    rows = [metric_row(campaign, campaign.starts_on + timedelta(days=i)) for i in range(3)]
    services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    services.alignment_check(campaign_ids=[campaign.pk])
    checked = Campaign.objects.get(pk=campaign.pk).alignment_checked_at
    services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    later = timezone.now() + timedelta(minutes=5)
    services.alignment_check(campaign_ids=[campaign.pk], now=later)
    assert Campaign.objects.get(pk=campaign.pk).alignment_checked_at == checked
    rows[1]["sales"] = 9
    services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    services.alignment_check(campaign_ids=[campaign.pk], now=later + timedelta(minutes=5))
    assert Campaign.objects.get(pk=campaign.pk).alignment_checked_at == later + timedelta(minutes=5)


def test_metric_table_keeps_to_three_indexes_and_room_for_in_place_updates(personas):
    """Each index costs every ingest write (bench/campaigns_ingest.py): the primary key, the
    natural key and (workspace, date); half of each page free so a re-send is a HOT update."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's catalogue")
    table = MetricDaily._meta.db_table
    indexes = {definition for _table, definition in catalogue.indexes(table)}
    assert indexes == {"(id)", "(campaign_id, date, channel)", "(workspace_id, date)"}
    assert "fillfactor=50" in catalogue.storage_options(table)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("900.50", Decimal("900.50")),
        (" 900.5 ", Decimal("900.50")),
        ("900,50", Decimal("900.50")),
        (900.5, Decimal("900.50")),
        (Decimal("900.5"), Decimal("900.50")),
        ("1e3", Decimal("1000.00")),
        (7, Decimal("7.00")),
        ("NaN", None),
        ("Infinity", None),
        ("sNaN", None),
        ("-1", None),
        ("", None),
        ("12 руб", None),
        (True, None),
        ("1000000000000", None),
    ],
)
def test_metrics_money_spellings_on_the_fast_path_and_off_it(personas, raw, stored):
    campaign = CampaignFactory(workspace=personas.workspace)
    row = {"campaign": campaign.pk, "channel": "vk", "date": campaign.starts_on.isoformat(), "spend": raw}
    clean, errors = services.metrics_validate(workspace=personas.workspace, rows=[row])
    if stored is None:
        assert list(errors["0"]) == ["spend"] and not clean
    else:
        assert not errors and clean[0].values[services.METRIC_VALUE_FIELDS.index("spend")] == stored


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("START", True),
        (" START ", True),
        ("START_COMPACT", True),
        ("2025-02-30", False),
        ("soon", False),
        ("", False),
    ],
)
def test_metrics_date_spellings_on_the_fast_path_and_off_it(personas, raw, ok):
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    raw = raw.replace("START_COMPACT", day.strftime("%Y%m%d")).replace("START", day.isoformat())
    row = {"campaign": campaign.pk, "channel": "vk", "date": raw, "clicks": 1}
    clean, errors = services.metrics_validate(workspace=personas.workspace, rows=[row])
    if ok:
        assert not errors and clean[0].date == day
    else:
        assert list(errors["0"]) == ["date"]


@pytest.mark.parametrize("field", ["posts", "leads", "sales"])
def test_metrics_count_too_big_for_its_column_is_a_row_error_not_a_database_error(personas, api_as, field):
    """posts, leads and sales are 32-bit columns: a bigger figure is the row's fault (400, nothing
    stored), not a failed COPY; the largest that fits is stored."""
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    with translation.override("en"), pytest.raises(AppError) as caught:
        services.metrics_upsert(
            workspace=personas.workspace,
            actor=personas.marketer,
            rows=[metric_row(campaign, day, **{field: 2**31})],
        )
    assert caught.value.errors["rows"]["0"] == {field: ["Enter a whole number that is not negative."]}
    assert not MetricDaily.objects.exists()
    response = api_as(personas.marketer).post(
        url(personas, "metrics/"), [metric_row(campaign, day, **{field: 2**31})], format="json"
    )
    assert response.status_code == 400
    assert not MetricDaily.objects.exists()
    services.metrics_upsert(
        workspace=personas.workspace,
        actor=personas.marketer,
        rows=[metric_row(campaign, day, **{field: 2**31 - 1})],
    )
    assert _stored(campaign, day)[field] == 2**31 - 1


def test_metrics_bad_rows_in_a_resent_batch_change_nothing_and_all_are_reported(personas):
    """Bad rows late in a batch of stored keys (the upsert path) leave every stored figure as it
    was, each bad row is reported, and the next batch goes through."""
    campaign = CampaignFactory(workspace=personas.workspace, starts_on=date.today() - timedelta(days=3000))
    rows = [metric_row(campaign, campaign.starts_on + timedelta(days=i)) for i in range(2000)]
    services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    stamps = _stamps(campaign)
    for row in rows:
        row["clicks"] = 99
    rows[1500]["spend"] = "-1"
    rows[1999]["channel"] = "fax"
    with translation.override("en"), pytest.raises(AppError) as caught:
        services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert caught.value.errors["rows"] == {
        "1500": {"spend": ["Enter an amount that is not negative."]},
        "1999": {"channel": ["Unknown channel."]},
    }
    assert str(caught.value) == "2 of 2000 rows are invalid; nothing was stored."
    assert set(MetricDaily.objects.filter(campaign=campaign).values_list("clicks", flat=True)) == {35}
    assert _stamps(campaign) == stamps
    assert AuditLog.objects.filter(action="metrics.upserted").count() == 1
    # The connection is usable again: the corrected batch goes through.
    rows[1500]["spend"] = "1"
    rows[1999]["channel"] = "vk"
    result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert (result["updated"], result["unchanged"]) == (2000, 0)


def test_metrics_keys_stored_by_a_concurrent_batch_are_upserted_after_all(personas, monkeypatch):
    """Should a concurrent writer store some keys between the check and the straight COPY, the
    unique constraint stops the COPY and the batch is upserted; with a bad row, nothing is stored."""
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path")
    from campaigns.services import metrics

    campaign = CampaignFactory(workspace=personas.workspace)
    days = [campaign.starts_on + timedelta(days=i) for i in range(3)]
    services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[metric_row(campaign, days[0])]
    )
    monkeypatch.setattr(metrics, "_any_stored", lambda *args: False)  # as if checked before it was stored
    rows = [
        metric_row(campaign, days[0], clicks=36),
        metric_row(campaign, days[1]),
        metric_row(campaign, days[2]),
    ]
    bad = [*rows, {**metric_row(campaign, days[2]), "date": "soon"}]
    with pytest.raises(AppError) as caught:
        services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=bad)
    assert list(caught.value.errors["rows"]) == ["3"]
    assert MetricDaily.objects.filter(campaign=campaign).count() == 1
    result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert (result["created"], result["updated"], result["unchanged"]) == (2, 1, 0)
    assert _stored(campaign, days[0])["clicks"] == 36
    assert MetricDaily.objects.filter(campaign=campaign).count() == 3


def _dirty(*campaigns) -> list[bool]:
    return [Campaign.objects.get(pk=c.pk).alignment_dirty_since is not None for c in campaigns]


def test_metrics_batch_marks_only_the_campaigns_whose_rows_changed(personas):
    """A re-sent batch that changes nothing marks no campaign for an alignment re-check; one that
    corrects a row of one campaign marks that one only."""
    first, second = (CampaignFactory(workspace=personas.workspace) for _ in range(2))
    rows = [metric_row(c, c.starts_on + timedelta(days=i)) for c in (first, second) for i in range(3)]
    services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert _dirty(first, second) == [True, True]
    Campaign.objects.update(alignment_dirty_since=None)
    again = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert (again["unchanged"], again["campaigns"]) == (6, 2)
    assert _dirty(first, second) == [False, False]
    rows[4]["leads"] = 9  # second's
    services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert _dirty(first, second) == [False, True]
    # A new row counts as a change too.
    services.metrics_upsert(
        workspace=personas.workspace,
        actor=personas.marketer,
        rows=[*rows, metric_row(first, first.starts_on + timedelta(days=5))],
    )
    assert _dirty(first, second) == [True, True]


def test_metrics_batch_whose_key_a_concurrent_batch_stored_first_takes_the_upsert_path(personas, monkeypatch):
    """The straight COPY is chosen when no stored row can share a key; should another batch store
    one of the keys in between, the unique violation (Django's IntegrityError out of the COPY)
    sends the batch through the upsert instead: every row stored once, counted right."""
    if connection.vendor != "postgresql":
        pytest.skip("the straight COPY is PostgreSQL's path")
    from campaigns.services import metrics

    campaign = CampaignFactory(workspace=personas.workspace)
    days = [campaign.starts_on + timedelta(days=i) for i in range(2)]
    services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[metric_row(campaign, days[0], clicks=7)]
    )
    monkeypatch.setattr(metrics, "_any_stored", lambda *args: False)  # checked before the other batch
    result = services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[metric_row(campaign, d) for d in days]
    )
    assert result == {"received": 2, "created": 1, "updated": 1, "unchanged": 0, "campaigns": 1}
    assert MetricDaily.objects.filter(campaign=campaign).count() == 2
    assert _stored(campaign, days[0])["clicks"] == 35


def test_metrics_new_batch_with_faults_early_and_late_stores_nothing_and_reports_them_all(personas):
    """A batch of new keys is stored while it is checked (the straight COPY): faults found after
    thousands of rows went out, and more after the first, still leave nothing stored, every
    faulty row is reported, and the corrected batch then goes through on the same connection."""
    campaign = CampaignFactory(workspace=personas.workspace, starts_on=date.today() - timedelta(days=6000))
    rows = [metric_row(campaign, campaign.starts_on + timedelta(days=i)) for i in range(5000)]
    rows[3000]["reach"] = -5
    rows[4000]["date"] = "2015-02-30"  # no such day (and inside the span the batch sends)
    rows[4999] = {**rows[10]}  # the same key as row 10
    with translation.override("en"), pytest.raises(AppError) as caught:
        services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert caught.value.errors["rows"] == {
        "3000": {"reach": ["Enter a whole number that is not negative."]},
        "4000": {"date": ["Enter a date as YYYY-MM-DD."]},
        "4999": {"non_field_errors": ["Duplicates row 10 (same campaign, channel and date)."]},
    }
    assert str(caught.value) == "3 of 5000 rows are invalid; nothing was stored."
    assert not MetricDaily.objects.exists()
    assert not AuditLog.objects.filter(action="metrics.upserted").exists()
    assert Campaign.objects.get(pk=campaign.pk).alignment_dirty_since is None
    rows[3000]["reach"] = 5
    rows[4000]["date"] = (campaign.starts_on + timedelta(days=4000)).isoformat()
    rows[4999]["date"] = (campaign.starts_on + timedelta(days=4999)).isoformat()
    result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert (result["created"], result["updated"]) == (5000, 0)
    assert MetricDaily.objects.filter(campaign=campaign).count() == 5000


def test_metrics_dates_spelt_so_their_span_is_misread_are_still_upserted(personas):
    """The straight COPY is chosen from the span of the dates as sent; ISO dates in the basic
    spelling (20250110) sort apart from the extended one, so that span can miss a stored day: the
    unique constraint then sends the batch through the upsert, which counts each row right."""
    campaign = CampaignFactory(workspace=personas.workspace)
    first, second = campaign.starts_on, campaign.starts_on + timedelta(days=1)
    services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[metric_row(campaign, first, clicks=7)]
    )
    rows = [
        {**metric_row(campaign, second), "date": second.isoformat()},
        {**metric_row(campaign, first), "date": first.strftime("%Y%m%d")},  # the stored day
    ]
    result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert result == {"received": 2, "created": 1, "updated": 1, "unchanged": 0, "campaigns": 1}
    assert _stored(campaign, first)["clicks"] == 35
    assert MetricDaily.objects.filter(campaign=campaign).count() == 2


def test_metrics_campaign_sent_as_text_is_found_and_other_values_are_row_errors(personas):
    """A campaign id sent as text is the campaign; true, a number with a fraction, a list or an
    object is no campaign: a 'Unknown campaign.' row error each, never a crash."""
    campaign = CampaignFactory(workspace=personas.workspace)
    day = campaign.starts_on
    good = {**metric_row(campaign, day), "campaign": f" {campaign.pk} "}
    odd = [True, float(campaign.pk) + 0.5, [campaign.pk], {"id": campaign.pk}]
    bad = [
        {**metric_row(campaign, day + timedelta(days=i + 1)), "campaign": value}
        for i, value in enumerate(odd)
    ]
    with translation.override("en"), pytest.raises(AppError) as caught:
        services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=[good, *bad])
    assert caught.value.errors["rows"] == {str(i): {"campaign": ["Unknown campaign."]} for i in range(1, 5)}
    assert not MetricDaily.objects.exists()
    result = services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=[good])
    assert (result["created"], result["campaigns"]) == (1, 1)
    assert _stored(campaign, day)["clicks"] == 35


def test_metrics_batch_is_stored_with_the_garbage_collector_paused_and_it_runs_again_after(
    personas, monkeypatch
):
    """Both ways of storing a batch (the straight COPY of new keys, the upsert of stored ones)
    run without collector passes; the collector is back after each batch, a rejected one too."""
    import gc

    from campaigns.services import metrics

    seen = []
    for name in ("_copy_metrics", "_upsert_metrics"):
        real = getattr(metrics, name)

        def watching(*args, _real=real, _name=name, **kwargs):
            seen.append((_name, gc.isenabled()))
            return _real(*args, **kwargs)

        monkeypatch.setattr(metrics, name, watching)
    campaign = CampaignFactory(workspace=personas.workspace, starts_on=date.today() - timedelta(days=30))
    rows = [metric_row(campaign, campaign.starts_on + timedelta(days=i)) for i in range(20)]
    assert gc.isenabled()
    services.metrics_upsert(workspace=personas.workspace, actor=personas.marketer, rows=rows)
    assert gc.isenabled()
    services.metrics_upsert(
        workspace=personas.workspace, actor=personas.marketer, rows=[{**r, "reach": 701} for r in rows]
    )
    assert seen == [("_copy_metrics", False), ("_upsert_metrics", False)] and gc.isenabled()
    with pytest.raises(AppError):
        services.metrics_upsert(
            workspace=personas.workspace, actor=personas.marketer, rows=[{**rows[0], "reach": -1}]
        )
    assert gc.isenabled()
