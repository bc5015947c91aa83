"""The shipped classifier is loaded once per test session from its committed file."""

import pytest

from negativity import classification


@pytest.fixture(scope="session")
def starter_model():
    return classification.starter()


@pytest.fixture(autouse=True)
def _starter_installed(starter_model):
    classification.use_starter(starter_model)
    classification._versions.clear()
    yield


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the default language of the site is Russian)."""
    from django.utils import translation

    with translation.override("en"):
        yield
