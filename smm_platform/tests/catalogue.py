"""PostgreSQL's catalogue as the index and storage guard tests read it (PostgreSQL only)."""

from __future__ import annotations

from django.db import connection


def indexes(*tables: str) -> set[tuple[str, str]]:
    """``(table, "(columns) [WHERE ...]")`` of every btree index of ``tables``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [list(tables)])
        return {(table, definition.split(" USING btree ")[1]) for table, definition in cursor.fetchall()}


def storage_options(table: str) -> list[str]:
    """The table's storage parameters, e.g. ``["fillfactor=70"]``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0] or []
