"""The Celery application: Redis broker, late acks, tasks enqueued only after commit."""

import os
from collections.abc import Callable
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smm_platform.settings")

app = Celery("smm_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def enqueue_on_commit(task: Any, /, **kwargs: Any) -> None:
    """Queue ``task`` with keyword arguments once the current transaction commits.

    Outside a transaction Django runs the callback at once. Never enqueue inside an open
    transaction: a worker could pick the task up before the rows it needs are visible.
    """
    from django.db import transaction

    callback: Callable[[], Any] = lambda: task.apply_async(kwargs=kwargs)  # noqa: E731
    transaction.on_commit(callback)
