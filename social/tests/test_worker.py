"""With a real Celery worker on the Redis broker: two overlapping beat ticks fan out publish tasks
for the same due item, and the VK stand-in receives exactly one post."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connection

from planning.models import PlanItem
from social import tasks

from .conftest import VK_GROUP


def _close_worker_connection(**kwargs):
    connection.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_overlapping_beat_ticks_publish_once_through_a_real_worker(vk, vk_account, make_item):
    from smm_platform.celery import app

    item = make_item(vk_account)
    app.control.purge()
    task_postrun.connect(_close_worker_connection, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            tasks.publish_due.delay()
            tasks.publish_due.delay()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if PlanItem.objects.get(pk=item.pk).status == "published":
                    break
                time.sleep(0.1)
            time.sleep(1)  # let the second tick's tasks run too
    finally:
        task_postrun.disconnect(_close_worker_connection)

    item.refresh_from_db()
    assert item.status == "published"
    assert len(vk.calls_of("wall.post")) == 1 and len(vk.posts[VK_GROUP]) == 1
    assert item.published_url == f"https://vk.com/wall-{VK_GROUP}_{item.social_post.external_id}"
