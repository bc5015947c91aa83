"""The shared COPY and streaming helpers: what they store, how a failure comes out, and that the
statements they send past Django's cursor wrapper still count as queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from smm_platform.bulk import copy_into, stream_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and streaming are PostgreSQL's"),
]

ROWS = [(1, "vk", Decimal("12.50")), (2, "тг", Decimal("0.00"))]


@pytest.fixture
def table():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bulk_copy_t (id bigint PRIMARY KEY, channel varchar(20), spend numeric(14, 2))"
        )
        yield cursor
        cursor.execute("DROP TABLE bulk_copy_t")


def _stored(cursor):
    cursor.execute("SELECT id, channel, spend FROM bulk_copy_t ORDER BY id")
    return cursor.fetchall()


@pytest.mark.parametrize("types", [(), ("bigint", "varchar", "numeric")], ids=["text", "binary"])
def test_copy_into_stores_the_rows_in_either_format_and_counts_as_one_query(table, types):
    with CaptureQueriesContext(connection) as ctx:
        copy_into(table, "bulk_copy_t", ("id", "channel", "spend"), iter(ROWS), types=types)
    assert _stored(table) == ROWS
    copies = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("COPY")]
    assert copies == [
        'COPY bulk_copy_t ("id", "channel", "spend") FROM STDIN' + (" (FORMAT BINARY)" if types else "")
    ]


def test_copy_into_a_taken_key_is_djangos_integrity_error_and_stores_nothing(table):
    copy_into(table, "bulk_copy_t", ("id", "channel", "spend"), ROWS[:1])
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_into(table, "bulk_copy_t", ("id", "channel", "spend"), [ROWS[1], ROWS[0]])
    assert _stored(table) == ROWS[:1]


@pytest.mark.parametrize("size", [1, 2, 64], ids=["row", "chunk-of-two", "chunk-larger-than-result"])
def test_stream_rows_yields_every_row_and_counts_as_one_query(table, size):
    rows = [*ROWS, (3, "ok", Decimal("1.00"))]
    copy_into(table, "bulk_copy_t", ("id", "channel", "spend"), rows)
    with CaptureQueriesContext(connection) as ctx:
        streamed = list(
            stream_rows(
                table, "SELECT id, channel, spend FROM bulk_copy_t WHERE id >= %s ORDER BY id", [1], size=size
            )
        )
    assert streamed == rows
    assert [q["sql"] for q in ctx.captured_queries] == [
        "SELECT id, channel, spend FROM bulk_copy_t WHERE id >= %s ORDER BY id"
    ]


def test_copy_into_is_logged_like_a_query_with_the_fields_djangos_own_records_carry(table, caplog):
    """Django's query log records carry ``duration``, ``sql``, ``params`` and ``alias`` for
    handlers and formatters that read them; a COPY past its cursor wrapper carries them too."""
    with caplog.at_level("DEBUG", logger="django.db.backends"):
        copy_into(table, "bulk_copy_t", ("id", "channel", "spend"), iter(ROWS))
    (record,) = [r for r in caplog.records if r.getMessage().startswith("(") and "COPY" in r.getMessage()]
    assert record.sql == 'COPY bulk_copy_t ("id", "channel", "spend") FROM STDIN'
    assert (record.params, record.alias) == ([], connection.alias)
    assert record.duration >= 0
