"""Fixtures of the campaigns tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _celery_eager_namespaced(request):
    """Run tasks in-process in unit tests even when CELERY_BROKER_URL is set.

    The project-wide fixture sets ``app.conf.task_always_eager``, but with the ``CELERY``
    settings namespace Celery reads ``CELERY_TASK_ALWAYS_EAGER`` first, so that assignment has no
    effect when the environment names a broker (reported to the lead).
    """
    from smm_platform.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.CELERY_TASK_ALWAYS_EAGER
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = previous
