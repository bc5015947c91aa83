"""The Celery application: Redis broker, late acks, tasks enqueued only after commit."""

import os
from collections.abc import Callable
from typing import Any

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smm_platform.settings")


class PlatformTask(Task):
    """With the demo's in-process scheduler running, queueing hands the task to it (the caller,
    e.g. an API request, returns at once); otherwise Celery as configured (broker or eager)."""

    def apply_async(
        self, args=None, kwargs=None, task_id=None, producer=None, link=None, link_error=None, **options
    ):
        from . import inprocess

        scheduler = inprocess.active()
        if scheduler is None:
            return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
        countdown = options.get("countdown") or 0
        eta = options.get("eta")
        if eta is not None:
            from django.utils import timezone

            countdown = max(countdown, (eta - timezone.now()).total_seconds())
        scheduler.submit(self.name, tuple(args or ()), dict(kwargs or {}), countdown=countdown)
        return None


app = Celery("smm_platform", task_cls=PlatformTask)
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
