"""Project-wide pytest fixtures: personas, API clients, Celery in eager mode for unit tests."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import PersonaSet, make_personas


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    """Unit tests run tasks in-process; tests marked ``worker`` talk to a real worker."""
    from smm_platform.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    # With the CELERY_ settings namespace the prefixed key is the one Celery reads.
    previous = app.conf.task_always_eager
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is deliberately slow; tests check behaviour, not key stretching."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Throttle counters and cached values never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def personas(db) -> PersonaSet:
    """A workspace with an owner, a manager, a marketer and a viewer, and an outsider who owns
    another workspace."""
    return make_personas()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_as():
    """``api_as(user)``: an API client authenticated as ``user`` with a real user token."""
    from accounts.services import user_token_create

    def make(user) -> APIClient:
        _token, key = user_token_create(user=user, name="test")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
