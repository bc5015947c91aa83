"""A real worker process is killed with SIGKILL in the middle of a run; after a new worker
starts, the run finishes once, with one set of files.

Celery runs with ``acks_late`` and ``reject_on_worker_lost``: the killed worker's message stays
unacknowledged on the broker (and comes back after the visibility timeout, when the claim makes
it a no-op). What brings the run back without waiting is the beat task ``reclaim_stale_runs``:
it re-queues runs whose heartbeat went stale, and the new worker claims them with a conditional
UPDATE, reuses the stored snapshot and upserts the files by (run, format).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.db import connection

from accounts.tests.factories import make_personas
from reports import services
from reports.models import ReportFile, ReportRun
from reports.tasks import reclaim_stale_runs

from .data import known_campaigns
from .factories import START

ROOT = Path(__file__).resolve().parents[2]


def _worker_env(media_root: Path) -> dict[str, str]:
    url = urlsplit(os.environ["DATABASE_URL"])
    test_db = urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
    return {
        **os.environ,
        "DATABASE_URL": test_db,
        "MEDIA_ROOT": str(media_root),
        "REPORTS_STEP_PAUSE_SECONDS": "1",
        "REPORTS_STALE_AFTER_SECONDS": "3",
        "DJANGO_SETTINGS_MODULE": "smm_platform.settings",
    }


def _start_worker(name: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "smm_platform",
            "worker",
            "--pool=solo",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=20)


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_run_survives_a_worker_killed_mid_run(tmp_path):
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # this suite's own broker database
    personas = make_personas()
    known_campaigns(personas.workspace)
    env = _worker_env(tmp_path)
    first = _start_worker("first", env)
    second = None
    try:
        run = services.run_request(
            workspace=personas.workspace,
            actor=personas.marketer,
            kind="workspace",
            period_start=START,
            period_end=START.replace(day=31),
            formats=["pdf", "xlsx", "pptx", "csv"],
        )
        assert _wait_for(lambda: ReportFile.objects.filter(run=run).exists(), 40), (
            "the first worker never started"
        )
        _stop(first)  # SIGKILL to the whole process group: no clean-up, no ack
        run.refresh_from_db()
        assert run.status == "running" and run.progress < 100
        files_before = dict(ReportFile.objects.filter(run=run).values_list("format", "sha256"))

        second = _start_worker("second", env)
        time.sleep(3.2)  # the dead worker's heartbeat goes stale
        reclaim_stale_runs.delay()  # what beat sends every minute
        assert _wait_for(lambda: ReportRun.objects.filter(pk=run.pk, status="done").exists(), 45), (
            "the run did not finish after the second worker started"
        )
    finally:
        _stop(first)
        if second is not None:
            _stop(second, signal.SIGTERM)
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts) == ("done", 100, 2)
    files = list(ReportFile.objects.filter(run=run).order_by("format"))
    assert [f.format for f in files] == ["csv", "pdf", "pptx", "xlsx"]
    for report_file in files:
        content = (tmp_path / report_file.file.name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == report_file.sha256
        if report_file.format in files_before:
            assert report_file.sha256 == files_before[report_file.format]
