"""The classifier reads in words and grouped numbers: the model that classified a mention by its
name ("встроенная модель", not "starter"), the classifier page's example counts as "1 554"."""

import pytest
from django.urls import reverse

from negativity.classification import shipped_evaluation
from smm_platform.formatting import format_int

from .factories import MentionFactory

pytestmark = pytest.mark.django_db


def _russian(personas, client):
    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)


@pytest.mark.parametrize(
    ("version", "words"),
    [("starter", "(встроенная модель)"), ("v3", "(модель рабочего пространства, версия 3)")],
)
def test_the_mention_page_names_the_model_in_words(personas, client, version, words):
    _russian(personas, client)
    mention = MentionFactory(workspace=personas.workspace, classifier_version=version)
    page = client.get(
        reverse("negativity:mention", kwargs={"workspace_slug": personas.workspace.slug, "pk": mention.pk})
    ).content.decode()
    assert words in page
    assert "starter" not in page and "модель v3" not in page


def test_the_classifier_page_groups_the_example_counts(personas, client):
    _russian(personas, client)
    page = client.get(reverse("negativity:classifier", kwargs={"workspace_slug": personas.workspace.slug}))
    html = page.content.decode()
    big = [e["size"] if isinstance(e, dict) else e.size for e in shipped_evaluation()["corpora"]]
    big = [n for n in big if n >= 1000]
    assert big, "the shipped evaluation has corpora of a thousand rows or more"
    for n in big:
        assert f"<td>{format_int(n, 'ru')}</td>" in html
        assert f"<td>{n}</td>" not in html
