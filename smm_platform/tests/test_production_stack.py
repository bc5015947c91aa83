"""The README's production outline works as written: gunicorn serves the platform with DEBUG off,
a Celery worker and beat run against PostgreSQL and Redis, and ``/healthz`` sees them all.

Runs in the normal suite (marker ``stack``); it needs the suite's PostgreSQL and Redis (the
variables ``scripts/test`` sets) and takes a free port of its own."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict  # the test database pytest-django made (migrated)
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _healthz(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:
            return {"code": response.status, **json.loads(response.read())}
    except Exception:
        return None


def test_gunicorn_worker_and_beat_serve_healthz(tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL or not settings.CELERY_BROKER_URL:
        pytest.skip("needs the suite's PostgreSQL, REDIS_URL and CELERY_BROKER_URL")
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "smm_platform.settings",
        "DEBUG": "0",
        "SECRET_KEY": "stack-test-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "PLAIN_STATIC": "1",
    }
    name = f"stack-{uuid.uuid4().hex[:8]}@%h"
    commands = {
        "web": [
            BIN / "gunicorn",
            "smm_platform.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--timeout",
            "30",
        ],
        "worker": [BIN / "celery", "-A", "smm_platform", "worker", "-l", "info", "-P", "solo", "-n", name],
        "beat": [
            BIN / "celery",
            "-A",
            "smm_platform",
            "beat",
            "-l",
            "info",
            "-s",
            tmp_path / "beat-schedule",
        ],
    }
    processes = {}
    logs = {}
    try:
        for role, command in commands.items():
            logs[role] = open(tmp_path / f"{role}.log", "w+")  # noqa: SIM115
            processes[role] = subprocess.Popen(
                [str(c) for c in command], cwd=ROOT, env=env, stdout=logs[role], stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 90
        health = None
        while time.monotonic() < deadline:
            health = _healthz(port)
            if health and health["checks"]["worker"]["ok"]:
                break
            assert all(p.poll() is None for p in processes.values()), "a process died early"
            time.sleep(1)
        assert health is not None, "gunicorn never answered /healthz"
        assert health["code"] == 200 and health["status"] == "ok", health
        assert health["checks"]["database"]["vendor"] == "postgresql"
        assert health["checks"]["redis"]["configured"] is True
        assert health["checks"]["worker"]["mode"] == "broker" and health["checks"]["worker"]["workers"] >= 1
        # DEBUG is off: an unknown page is the plain 404, not Django's debug page.
        # (behind the TLS proxy of the production outline: X-Forwarded-Proto says https)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/no-such-page/", headers={"X-Forwarded-Proto": "https"}
        )
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(request, timeout=3)
        assert missing.value.code == 404
        assert b"Django tried these URL patterns" not in missing.value.read()
        assert missing.value.headers["Strict-Transport-Security"].startswith("max-age=")
        # Beat is up and using the database scheduler.
        for _ in range(30):
            if "beat: Starting" in (tmp_path / "beat.log").read_text():
                break
            time.sleep(1)
        assert processes["beat"].poll() is None, (tmp_path / "beat.log").read_text()[-2000:]
        assert "beat: Starting" in (tmp_path / "beat.log").read_text()
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for handle in logs.values():
            handle.close()
