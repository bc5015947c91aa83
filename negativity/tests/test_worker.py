"""A real Celery worker (Redis broker) runs the detection that ingest queues: the attack is an
incident within 60 seconds of its last mention arriving, whatever the batches."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from accounts.tests.factories import make_personas
from negativity import attack_gen, incidents, services
from negativity.models import DetectionState, Incident, Mention
from smm_platform.celery import app


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_ingest_queues_debounced_detection_that_a_real_worker_runs_once(monkeypatch):
    # A second in-process test worker of one pytest run never fires countdown (ETA) messages,
    # so the worker test sends the task without one; the flag's debounce has its own tests.
    monkeypatch.setattr(incidents, "DETECTION_DEBOUNCE_SECONDS", None)
    personas = make_personas()
    ws = personas.workspace
    now = timezone.now()
    rows = attack_gen.ingest_rows(
        attack_gen.attack(
            size=20, start=now - timedelta(minutes=30), span_minutes=25, styles=("typos", "emoji")
        )
    )
    app.control.purge()  # messages left on the test broker by an interrupted run are not ours
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        for start in range(0, 20, 4):  # five batches: one flag, one queued detection at a time
            services.mentions_ingest(workspace=ws, rows=rows[start : start + 4], actor=personas.marketer)
        landed = time.monotonic()
        deadline = landed + 60
        while time.monotonic() < deadline:
            if Mention.objects.filter(workspace=ws, category="ordered").count() == 20:
                break
            time.sleep(0.2)
        seconds = time.monotonic() - landed
        time.sleep(1)
    assert seconds < 60
    [incident] = Incident.objects.filter(workspace=ws)
    assert (incident.kind, incident.mention_count) == ("coordinated", 20)
    assert DetectionState.objects.get(workspace=ws).dirty_since is None
