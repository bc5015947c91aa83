"""Benchmark: the calendar month page, the plan-items API and the ICS feed at 20,000 plan items.

Run from the repository root against a disposable database (it creates and deletes its own
workspace ``bench-planning``):

    DATABASE_URL=postgres://... python bench/planning_calendar.py [--items 20000]

Prints the query count and the time of the month view and of the API's first page, and the time,
size and peak memory growth of streaming a year of items as iCalendar.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smm_platform.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("ALLOWED_HOSTS", "*")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402
from results import figure, write  # noqa: E402

from accounts.models import Membership, User, Workspace  # noqa: E402
from accounts.services import user_token_create  # noqa: E402
from campaigns.models import Campaign  # noqa: E402
from planning import services  # noqa: E402
from planning.models import PlanItem  # noqa: E402

SLUG = "bench-planning"
CHANNELS = ["vk", "telegram", "ok", "dzen", "youtube"]


def setup(n: int):
    Workspace.objects.filter(slug=SLUG).delete()
    User.objects.filter(email="bench@planning.test").delete()
    workspace = Workspace.objects.create(name="Bench", slug=SLUG)
    user = User.objects.create_user(email="bench@planning.test", password="bench-password-42")
    Membership.objects.create(workspace=workspace, user=user, role="owner")
    today = timezone.localdate()
    campaigns = [
        Campaign.objects.create(
            workspace=workspace,
            name=f"Campaign {i}",
            objective="reach",
            channels=CHANNELS[:3],
            budget=1000,
            starts_on=today - timedelta(days=200),
            ends_on=today + timedelta(days=200),
            status="running",
        )
        for i in range(10)
    ]
    start = timezone.now() - timedelta(days=30)
    # Spread over a year: about 55 items a day, several per channel: overload shows everywhere.
    minutes = 365 * 24 * 60 // n
    rows = (
        PlanItem(
            workspace=workspace,
            title=f"Item {i}",
            channel=CHANNELS[i % 5],
            campaign=campaigns[i % 10],
            assignee=user,
            scheduled_at=start + timedelta(minutes=minutes * i),
            text="Свежий хлеб каждое утро.",
        )
        for i in range(n)
    )
    t0 = time.perf_counter()
    PlanItem.objects.bulk_create(rows, batch_size=5000)
    print(f"created {n} plan items in {time.perf_counter() - t0:.1f}s")
    return workspace, user


def measure(label: str, client, url: str) -> float:
    client.get(url)  # warm up (token stamp, caches)
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - t0
    assert response.status_code == 200, response.status_code
    print(
        f"{label:<28} {len(ctx.captured_queries):>3} queries  {elapsed * 1000:8.1f} ms  {len(response.content):>9} bytes"
    )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=20_000)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    workspace, user = setup(args.items)
    try:
        web = Client()
        web.force_login(user)
        today = timezone.localdate().isoformat()
        timings = {}
        timings["month"] = measure("month view", web, f"/w/{SLUG}/plan/?date={today}")
        measure("week view", web, f"/w/{SLUG}/plan/?view=week&date={today}")
        measure("list view (page 1)", web, f"/w/{SLUG}/plan/?view=list&date={today}")
        _token, key = user_token_create(user=user, name="bench")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        timings["api"] = measure(
            "API plan-items (500/page)", api, f"/api/v1/workspaces/{SLUG}/plan-items/?page_size=500"
        )

        feed = services.calendar_feed_get(workspace=workspace, user=user)
        url = f"/w/{SLUG}/plan/feed/{services.calendar_feed_token(feed)}.ics"
        # Peak RSS growth while streaming: a feed that loaded every row would grow by the rows.
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = web.get(url)
            size = events = 0
            for chunk in response.streaming_content:
                size += len(chunk)
                events += chunk.count(b"BEGIN:VEVENT")
            elapsed = time.perf_counter() - t0
        rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        print(
            f"ICS feed (a year)            {events} events  {elapsed:.2f} s  {size / 1e6:.1f} MB streamed  "
            f"peak RSS growth {rss_growth / 1024:.1f} MB  {len(ctx.captured_queries)} queries"
        )
        # A calendar client polling an unchanged feed sends back the validators it was given.
        t0 = time.perf_counter()
        again = web.get(
            url,
            HTTP_IF_NONE_MATCH=response.headers.get("ETag", ""),
            HTTP_IF_MODIFIED_SINCE=response.headers.get("Last-Modified", ""),
        )
        not_modified = time.perf_counter() - t0
        print(f"ICS feed, unchanged (conditional GET): {again.status_code} in {not_modified * 1000:.1f} ms")
        write(
            "planning_calendar",
            [
                figure("ICS feed, a year of plan items", elapsed, target="< 2 s", passed=elapsed < 2,
                       events=events, bytes=size, peak_rss_growth_mb=round(rss_growth / 1024, 1),
                       queries=len(ctx.captured_queries)),
                figure("ICS feed, unchanged (conditional GET)", not_modified, target="304",
                       passed=again.status_code == 304, status=again.status_code),
                figure("calendar month page", timings["month"]),
                figure("API plan-items, first page of 500", timings["api"]),
            ],
            items=args.items,
        )  # fmt: skip
    finally:
        Workspace.objects.filter(slug=SLUG).delete()
        User.objects.filter(email="bench@planning.test").delete()


if __name__ == "__main__":
    main()
