"""Ingest benchmark: daily metric rows through the bulk endpoint's service layer
(``campaigns.services.metrics_upsert``: validation, upsert, audit, dirty flags, task enqueue) against a
raw PostgreSQL COPY of the same rows, measured in the same run.

    DATABASE_URL=postgres://... python bench/campaigns_ingest.py [--scale 1.0]

Scale 1.0 = 100,000 rows (100 campaigns x 2 channels x 500 days), sent in batches of the API's
maximum size (``METRICS_MAX_BATCH``), three times: new rows (insert), the same keys with every
row's figures corrected (update: every stored row really changes), and that corrected batch again
(an unchanged re-send, as a CRM that re-exports a period does). Prints the times, rows per second
and the ratio service/COPY; the floor is a raw COPY of the same rows into the same table. For
reference it also times a raw COPY into a temporary table plus one ``UPDATE ... FROM`` of the
corrected rows (the floor of an update done by hand).

The whole sequence runs ``--repeat`` times (default 3) and each figure, the floor included, is the
fastest of its runs (all runs are in the JSON): on a shared 2-core machine one run's ratio moves by
+-0.3. The table is vacuumed (outside the timings) before each run and before the COPY, so the
service's insert pass and the COPY both start from a table without the dead rows of these keys.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from decimal import Decimal

from campaigns_common import copy_rows, fresh_workspace, setup_django, timed
from results import figure, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 rows")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the whole sequence; the fastest counts"
    )
    args = parser.parse_args()
    setup_django()

    from django.db import connection, transaction
    from django.utils import timezone

    from campaigns import services
    from campaigns.models import Campaign, MetricDaily

    campaigns_n = max(1, int(100 * args.scale))
    days = 500
    workspace, owner = fresh_workspace()
    start = date(2025, 1, 1)
    campaigns = Campaign.objects.bulk_create(
        [
            Campaign(
                workspace=workspace,
                name=f"Bench {i}",
                objective="sales",
                channels=["vk", "telegram"],
                budget=Decimal("100000"),
                starts_on=start,
                ends_on=start + timedelta(days=days - 1),
                status="running",
            )
            for i in range(campaigns_n)
        ]
    )

    def batch_rows(correction: int) -> list[dict]:
        """Every row of the bench; a different ``correction`` changes every row's figures."""
        rows = []
        for c in campaigns:
            for channel in ("vk", "telegram"):
                for d in range(days):
                    n = (c.pk * 31 + d * 7 + correction) % 97
                    rows.append(
                        {
                            "campaign": c.pk,
                            "channel": channel,
                            "date": (start + timedelta(days=d)).isoformat(),
                            "impressions": 1000 + n * 10,
                            "reach": 700 + n * 7,
                            "clicks": 20 + n,
                            "engagements": 40 + n,
                            "followers": 5000 + d + correction,
                            "posts": d % 2,
                            "leads": n % 5,
                            "sales": n % 3,
                            "revenue": f"{(n % 3) * 1500}.00",
                            "spend": f"{500 + n}.50",
                        }
                    )
        return rows

    rows = batch_rows(0)
    corrected = batch_rows(1)
    batch = services.METRICS_MAX_BATCH
    table = MetricDaily._meta.db_table
    columns = [
        "workspace_id", "campaign_id", "channel", "date", "impressions", "reach", "clicks", "engagements",
        "followers", "posts", "leads", "sales", "revenue", "spend", "updated_at",
    ]  # fmt: skip
    fields = ["campaign", "channel", "date", "impressions", "reach", "clicks", "engagements", "followers", "posts",
              "leads", "sales", "revenue", "spend"]  # fmt: skip
    values = columns[4:]

    def clear() -> None:
        """No rows of the bench, and none of their dead versions (VACUUM: not timed)."""
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE workspace_id = %s", [workspace.pk])
            cursor.execute(f"VACUUM {table}")

    def one_run() -> tuple[dict[str, float], dict[str, dict[str, int]]]:
        results: dict[str, float] = {}
        counts: dict[str, dict[str, int]] = {}

        def send(name: str, payload: list[dict]) -> None:
            total: dict[str, int] = {}
            with timed(results, name):
                for i in range(0, len(payload), batch):
                    answer = services.metrics_upsert(
                        workspace=workspace, actor=owner, rows=payload[i : i + batch]
                    )
                    for key in ("received", "created", "updated", "unchanged"):
                        total[key] = total.get(key, 0) + answer.get(key, 0)
            counts[name] = total

        clear()
        send("service", rows)
        assert MetricDaily.objects.filter(workspace=workspace).count() == len(rows)
        send("service_update", corrected)
        send("service_unchanged", corrected)
        assert MetricDaily.objects.filter(workspace=workspace, followers__lt=5001).count() == 0

        clear()
        now = timezone.now()
        tuples = [(workspace.pk, *(r[k] for k in fields), now) for r in rows]
        with timed(results, "copy"):
            copy_rows(table, columns, tuples)
        assert MetricDaily.objects.filter(workspace=workspace).count() == len(rows)

        # Reference: the corrected rows by hand, COPY into a temporary table and one UPDATE ... FROM.
        corrected_tuples = [(workspace.pk, *(r[k] for k in fields), now) for r in corrected]
        with timed(results, "raw_update"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE bench_metric_batch ON COMMIT DROP AS SELECT {', '.join(columns)} "
                f"FROM {table} WITH NO DATA"
            )
            copy_rows("bench_metric_batch", columns, corrected_tuples)
            cursor.execute(
                f"UPDATE {table} t SET {', '.join(f'{c} = b.{c}' for c in values)} "
                "FROM bench_metric_batch b WHERE t.campaign_id = b.campaign_id AND t.channel = b.channel "
                "AND t.date = b.date"
            )
            assert cursor.rowcount == len(rows), cursor.rowcount
        return results, counts

    runs = [one_run() for _ in range(max(1, args.repeat))]
    results = {name: min(r[name] for r, _ in runs) for name in runs[0][0]}
    counts = runs[0][1]
    assert all(c == counts for _, c in runs), [c for _, c in runs]

    n = len(rows)
    print(
        f"rows: {n:,} ({campaigns_n} campaigns x 2 channels x {days} days), batches of {batch}; "
        f"fastest of {len(runs)} runs"
    )
    copy = results["copy"]
    write(
        "campaigns_ingest",
        [
            figure("metrics ingest via the service (insert)", results["service"], floor=copy,
                   floor_label="raw COPY", target="<= 1.5x COPY", passed=results["service"] <= 1.5 * copy,
                   rows_per_second=round(n / results["service"])),
            figure("metrics ingest via the service (update)", results["service_update"], floor=copy,
                   floor_label="raw COPY", target="<= 1.5x COPY", passed=results["service_update"] <= 1.5 * copy,
                   rows_per_second=round(n / results["service_update"]), counts=counts["service_update"]),
            figure("metrics ingest via the service (unchanged re-send)", results["service_unchanged"],
                   floor=copy, floor_label="raw COPY", target="<= 1.5x COPY",
                   passed=results["service_unchanged"] <= 1.5 * copy,
                   rows_per_second=round(n / results["service_unchanged"]), counts=counts["service_unchanged"]),
            figure("raw COPY to a temp table + UPDATE ... FROM", results["raw_update"], floor=copy,
                   floor_label="raw COPY", rows_per_second=round(n / results["raw_update"])),
        ],
        rows=n,
        batch=batch,
        scale=args.scale,
        repeat=len(runs),
        runs=[{name: round(value, 4) for name, value in r.items()} for r, _ in runs],
    )  # fmt: skip
    fresh_workspace()


if __name__ == "__main__":
    main()
