"""Shared set-up of the campaigns benchmarks: Django against DATABASE_URL (PostgreSQL), a
dedicated workspace, fast COPY-based data generation. Not a benchmark itself."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_SLUG = "bench-campaigns"


def setup_django() -> None:
    """Configure Django; tasks are queued to an in-memory broker (enqueued, never run), so the
    figures measure the request path, not a worker."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smm_platform.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    os.environ["CELERY_BROKER_URL"] = "memory://"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://... (the benchmarks compare with PostgreSQL COPY).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@contextmanager
def timed(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = time.perf_counter() - start


def fresh_workspace():
    """An empty bench workspace (previous runs' rows removed with set-based DELETEs)."""
    from django.db import connection, transaction

    from accounts.models import User, Workspace
    from campaigns.models import AlignmentCheck, Campaign, Conversion, MetricDaily

    old = Workspace.objects.filter(slug=BENCH_SLUG).first()
    if old is not None:
        with transaction.atomic(), connection.cursor() as cursor:
            for model in (MetricDaily, Conversion, AlignmentCheck):
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE workspace_id = %s", [old.pk])
            Campaign.segments.through.objects.filter(campaign__workspace=old).delete()
        old.delete()
        # Their dead versions too (not timed), as on a server whose autovacuum keeps up: the
        # next benchmark starts from tables that earlier runs have not bloated.
        with connection.cursor() as cursor:
            for model in (MetricDaily, Conversion, AlignmentCheck, Campaign):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    owner, _ = User.objects.get_or_create(email="bench@bench.test", defaults={"full_name": "Bench"})
    return Workspace.objects.create(name="Bench campaigns", slug=BENCH_SLUG, created_by=owner), owner


def copy_rows(table: str, columns: list[str], rows) -> None:
    """COPY ``rows`` (tuples) into ``table`` through psycopg 3."""
    from django.db import connection

    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
    connection.connection.commit() if not connection.in_atomic_block and not connection.get_autocommit() else None
