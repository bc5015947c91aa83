"""Ingest at crisis speed: a batch costs the same number of queries at 10 and 1,000 rows, a bad row
stores nothing and is named, authors' history counts stay exact (across batches, a concurrent batch
storing the same mention, attack detection changing categories)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditLog
from negativity import services
from negativity.enums import NEGATIVE_CATEGORIES
from negativity.models import Author, Mention
from smm_platform.errors import AppError
from smm_platform.tests import catalogue

from .factories import AuthorFactory, MentionFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    "Заказ №{n} привезли на 2 часа позже, всё остыло. Верните деньги.",
    "Круассаны сегодня чудесные, спасибо пекарям!",
    "Колосок опять клоуны лол",
    "Работаете ли вы 1 мая?",
]


def rows(n, start=0, authors=None, **extra):
    """``n`` mentions from ``authors`` authors (default: one each) with a mix of texts."""
    authors = authors or n
    return [
        {
            "source": ("vk", "telegram")[i % 2],
            "external_id": f"m-{i}",
            "url": f"https://example.org/p/{i}",
            "author": {
                "handle": f"user{i % authors}",
                "created_at": "2019-05-01T00:00:00Z",
                "followers": 100 + i % authors,
            },
            "text": TEXTS[i % len(TEXTS)].format(n=48000 + i),
            "published_at": "2026-03-01T10:00:00+03:00",
            "reach": 10 + i,
            "likes": i % 7,
            "replies": i % 3,
            **extra,
        }
        for i in range(start, start + n)
    ]


@pytest.fixture
def big_batches(settings):
    settings.NEGATIVITY_MAX_BATCH = 1000


def _queries(ws, actor, batch) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        services.mentions_ingest(workspace=ws, rows=batch, actor=actor)
    return [q["sql"] for q in captured.captured_queries]


def test_a_batch_runs_the_same_queries_at_10_and_1000_rows(personas, big_batches):
    ws, other = personas.workspace, personas.other_workspace
    services.routing_rule_save(
        workspace=ws,
        actor=personas.manager,
        name="Delivery",
        conditions=[{"field": "topic", "value": "delivery"}],
        actions=[{"action": "tag", "value": "доставка"}],
    )
    services.routing_rule_save(
        workspace=other,
        actor=personas.owner,
        name="Delivery",
        conditions=[{"field": "topic", "value": "delivery"}],
        actions=[{"action": "tag", "value": "доставка"}],
    )
    # new mentions only (the COPY itself bypasses Django's cursor and is not among them)
    small = _queries(ws, personas.marketer, rows(10, authors=4))
    large = _queries(other, personas.owner, rows(1000, authors=300))
    assert len(small) == len(large)
    assert Mention.objects.filter(workspace=other).count() == 1000
    assert Author.objects.filter(workspace=other).count() == 300
    # half known (reach refreshed), half new
    mixed_small = _queries(ws, personas.marketer, rows(10, start=5, authors=4))
    mixed_large = _queries(other, personas.owner, rows(1000, start=500, authors=300))
    assert len(mixed_small) == len(mixed_large)
    assert Mention.objects.filter(workspace=other).count() == 1500
    assert Mention.objects.get(workspace=other, external_id="m-999").reach == 1009


def test_a_bad_row_in_a_large_batch_stores_nothing_and_is_named(personas, big_batches):
    batch = rows(1000, authors=200)
    batch[537]["published_at"] = "yesterday-ish"
    with pytest.raises(AppError) as caught:
        services.mentions_ingest(workspace=personas.workspace, rows=batch, actor=personas.marketer)
    assert caught.value.message == "1 of 1000 rows are invalid; nothing was stored."
    assert caught.value.errors == {
        "rows": {"537": {"published_at": ["A date and time (ISO 8601) is required."]}}
    }
    assert not Mention.objects.exists() and not Author.objects.exists()
    assert not AuditLog.objects.filter(action="mentions.ingested").exists()


def test_a_text_with_a_nul_character_is_a_row_error_not_a_500(personas):
    batch = rows(3)
    batch[1]["text"] = "Плохо\x00"
    with pytest.raises(AppError) as caught:
        services.mentions_ingest(workspace=personas.workspace, rows=batch, actor=personas.marketer)
    assert list(caught.value.errors["rows"]) == ["1"]
    assert not Mention.objects.exists()


def _assert_counts_exact(ws):
    for author in Author.objects.filter(workspace=ws):
        own = Mention.objects.filter(author=author)
        assert (author.mentions_count, author.negative_count) == (
            own.count(),
            own.filter(category__in=NEGATIVE_CATEGORIES).count(),
        ), author.handle


def test_authors_history_counts_follow_batches_and_keep_profiles(personas):
    ws = personas.workspace
    services.mentions_ingest(workspace=ws, rows=rows(12, authors=3), actor=personas.marketer)
    again = rows(12, start=6, authors=3)  # 6 known, 6 new
    again[-1]["author"] = {"handle": again[-1]["author"]["handle"]}  # no followers: the stored ones stay
    result = services.mentions_ingest(workspace=ws, rows=again, actor=personas.marketer)
    assert (result.created, result.updated) == (6, 6)
    _assert_counts_exact(ws)
    # the profile comes from the batch's last row naming the author; an absent value keeps the stored one
    user2 = Author.objects.get(workspace=ws, source="telegram", handle="user2")  # rows 5, 11 and 17
    assert user2.followers == 102 and user2.account_created_at.year == 2019
    assert user2.mentions_count == 3


def test_a_concurrent_batch_storing_the_same_mention_first_counts_it_once(personas, monkeypatch):
    """Another batch commits a mention between this batch's look-up and its COPY: the unique index
    refuses the COPY, the batch runs again and refreshes that mention instead of storing it twice."""
    from negativity.services import ingest

    ws = personas.workspace
    services.mentions_ingest(workspace=ws, rows=rows(1), actor=personas.marketer)
    looked_up = ingest._known_mentions
    calls = []

    def before_the_other_batch_committed(workspace, clean):
        calls.append(1)
        return {} if len(calls) == 1 else looked_up(workspace, clean)

    monkeypatch.setattr(ingest, "_known_mentions", before_the_other_batch_committed)
    result = services.mentions_ingest(workspace=ws, rows=rows(3, reach=777), actor=personas.marketer)
    assert len(calls) == 2
    assert (result.created, result.updated) == (2, 1)
    assert Mention.objects.filter(workspace=ws).count() == 3
    assert Mention.objects.get(external_id="m-0").reach == 777
    _assert_counts_exact(ws)


def test_attack_detection_keeps_authors_negative_counts_exact(personas):
    """Near-identical posts from new accounts, some read as neutral, are a coordinated attack: its
    members become ordered (negative), and their authors' counts say so."""
    ws = personas.workspace
    now = timezone.now()
    attack = "Не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!"
    for i in range(8):
        author = AuthorFactory(
            workspace=ws,
            followers=2,
            account_created_at=now - timedelta(days=3),
            mentions_count=1,
            negative_count=0 if i % 2 else 1,
        )
        MentionFactory(
            workspace=ws,
            author=author,
            text=attack if i % 2 else attack.replace("стороной!", "стороной!!!"),
            category="neutral" if i % 2 else "natural",
            published_at=now - timedelta(minutes=5 * i),
        )
    _assert_counts_exact(ws)
    assert services.incidents_detect(workspace=ws)
    assert set(Mention.objects.filter(workspace=ws).values_list("category", flat=True)) == {"ordered"}
    _assert_counts_exact(ws)
    assert set(Author.objects.filter(workspace=ws).values_list("negative_count", flat=True)) == {1}


def test_the_garbage_collector_is_paused_only_while_a_batch_is_worked(personas, monkeypatch):
    import gc

    from negativity.services import ingest

    seen = []
    real, real_validate = ingest._authors_of, ingest._validate_batch

    def watching(workspace, clean):
        seen.append(gc.isenabled())
        return real(workspace, clean)

    def validating(*args, **kwargs):
        seen.append(("checked", gc.isenabled()))
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(ingest, "_authors_of", watching)
    monkeypatch.setattr(ingest, "_validate_batch", validating)
    assert gc.isenabled()
    services.mentions_ingest(workspace=personas.workspace, rows=rows(3), actor=personas.marketer)
    assert seen == [("checked", False), False] and gc.isenabled()
    with pytest.raises(AppError):  # a rejected batch: the collector runs again too
        services.mentions_ingest(workspace=personas.workspace, rows=[{"text": ""}], actor=personas.marketer)
    assert gc.isenabled()
    monkeypatch.setattr(ingest, "_authors_of", lambda workspace, clean: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        services.mentions_ingest(workspace=personas.workspace, rows=rows(3, start=3), actor=personas.marketer)
    assert gc.isenabled()


def _stored(ws):
    """What a workspace holds after ingest, without ids, workspaces and clocks."""
    mentions = sorted(
        (
            m.source,
            m.external_id,
            m.author.handle,
            m.text,
            m.category,
            m.text_category,
            m.topic,
            m.risk,
            m.reach,
            m.likes,
            m.replies,
            m.status,
            m.priority,
            tuple(m.tags),
            len(m.explanation),
            m.sla_deadline is not None,
        )
        for m in Mention.objects.filter(workspace=ws).select_related("author")
    )
    authors = sorted(
        Author.objects.filter(workspace=ws).values_list(
            "source", "handle", "name", "followers", "account_created_at", "mentions_count", "negative_count"
        )
    )
    return mentions, authors


def test_the_orm_path_of_other_databases_stores_what_the_postgres_path_stores(personas, monkeypatch):
    """The zero-setup demo runs on SQLite, where ingest's set-based statements (jsonb_to_recordset,
    COPY) do not exist: the same batches through the ORM path store the same mentions and authors."""
    from negativity.services import ingest

    def twice(ws):
        services.mentions_ingest(workspace=ws, rows=rows(12, authors=3), actor=None)
        again = rows(6, start=9, authors=3, reach=999)  # three known mentions, three new ones
        return services.mentions_ingest(workspace=ws, rows=again, actor=None)

    postgres = twice(personas.workspace)
    monkeypatch.setattr(ingest, "_postgres", lambda: False)
    portable = twice(personas.other_workspace)
    assert (portable.created, portable.updated) == (postgres.created, postgres.updated) == (3, 3)
    assert _stored(personas.other_workspace) == _stored(personas.workspace)
    assert Mention.objects.filter(workspace=personas.other_workspace, reach=999).count() == 6


def test_the_look_ups_probe_the_unique_indexes_once_a_key_however_small_the_workspace_seems(personas):
    """A workspace whose statistics still say it is small (a new client's first crisis) must not
    have every one of its mentions and authors scanned for each batch: the look-ups of a batch's
    mentions and authors are one probe of the unique index per key, never a hash join."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    ws = personas.workspace
    services.mentions_ingest(workspace=ws, rows=rows(40, authors=10), actor=personas.marketer)
    with CaptureQueriesContext(connection) as captured:
        services.mentions_ingest(workspace=ws, rows=rows(40, start=20, authors=10), actor=personas.marketer)
    lookups = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and "jsonb_to_recordset" in q["sql"]
    ]
    assert len(lookups) == 2
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as for a large table
        plans = []
        for sql in lookups:
            cursor.execute("EXPLAIN " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    for plan, index in zip(plans, ("neg_mention_unique_external", "neg_author_unique_handle"), strict=True):
        assert "Hash Join" not in plan and "Merge Join" not in plan, plan
        assert f"Index Scan using {index}" in plan, plan


def test_the_tables_ingest_writes_keep_no_redundant_index_and_room_for_in_place_updates(db):
    """Each index costs every ingest write (bench/negativity_ingest.py): workspace lookups use the
    indexes that lead with the workspace, the assignee, campaign and incident indexes hold only
    the mentions that have one, and 20 % of each author page is free so a batch's count updates
    are HOT (no index writes)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's catalogue")
    indexes = catalogue.indexes(Mention._meta.db_table, Author._meta.db_table)
    options = catalogue.storage_options(Author._meta.db_table)
    mention, author = Mention._meta.db_table, Author._meta.db_table
    assert (mention, "(workspace_id)") not in indexes and (author, "(workspace_id)") not in indexes
    assert (mention, "(workspace_id, source, external_id)") in indexes
    assert (author, "(workspace_id, source, handle)") in indexes
    for column in ("assignee_id", "campaign_id", "incident_id"):
        assert (mention, f"({column})") not in indexes
        assert (mention, f"({column}) WHERE ({column} IS NOT NULL)") in indexes
    assert "fillfactor=80" in options
