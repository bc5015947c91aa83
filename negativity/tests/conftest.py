"""The starter classifier is trained once per test session (a few seconds), in memory."""

import pytest

from negativity import classification


@pytest.fixture(scope="session")
def starter_model():
    model = classification.train_starter(save=False)
    classification.use_starter(model)
    return model


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
