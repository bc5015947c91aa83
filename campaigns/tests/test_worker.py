"""A real Celery worker (Redis broker) runs the alignment re-check queued by the API."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from accounts.tests.factories import make_personas
from campaigns import services
from campaigns.models import AlignmentCheck, Campaign
from smm_platform.celery import app

from .factories import CampaignFactory


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_alignment_check_runs_on_a_real_worker_and_records_once():
    personas = make_personas()
    campaign = CampaignFactory(workspace=personas.workspace, goal=None)
    app.control.purge()  # messages left on the test broker by an interrupted run are not ours
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        services.alignment_request_check(campaign=campaign)
        services.alignment_request_check(campaign=campaign)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if Campaign.objects.filter(pk=campaign.pk, alignment_checked_at__isnull=False).exists():
                time.sleep(1)  # let the second queued check finish too
                break
            time.sleep(0.1)
    campaign.refresh_from_db()
    assert campaign.alignment_verdict == "misaligned"
    assert list(AlignmentCheck.objects.filter(campaign=campaign).values_list("verdict", flat=True)) == [
        "misaligned"
    ]
