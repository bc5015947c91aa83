"""A real Celery worker (Redis broker) delivers the invitation email queued after commit."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from accounts.models import Invitation
from accounts.services import member_invite
from accounts.tests.factories import make_personas
from smm_platform.celery import app


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_invitation_email_is_sent_by_a_real_worker(mailoutbox):
    personas = make_personas()
    app.control.purge()  # messages left on the test broker by an interrupted run are not ours
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        member_invite(
            workspace=personas.workspace, email="worker@example.test", role="viewer", actor=personas.owner
        )
        deadline = time.monotonic() + 20
        while not mailoutbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert Invitation.objects.filter(email="worker@example.test").exists()
    assert [m.to for m in mailoutbox] == [["worker@example.test"]]
