"""A mention's source reads as a word in the reader's language, not as its code ("2gis" -> "2ГИС")."""

import pytest
from django.urls import reverse

from negativity.models import RoutingRule

from .factories import IncidentFactory, MentionFactory

pytestmark = pytest.mark.django_db


def _russian(personas, client):
    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)


def test_the_inbox_mention_and_incident_pages_name_sources_in_russian(personas, client):
    _russian(personas, client)
    ws = personas.workspace
    incident = IncidentFactory(workspace=ws, sources=["2gis", "instagram", "yandex_maps"])
    mention = MentionFactory(workspace=ws, source="2gis", incident=incident)
    MentionFactory(workspace=ws, source="yandex_maps", incident=incident)
    MentionFactory(workspace=ws, source="somewhere_new")
    MentionFactory(workspace=ws, source="instagram")

    inbox = client.get(f"/w/{ws.slug}/inbox/").content.decode()
    page = client.get(reverse("negativity:mention", kwargs={"workspace_slug": ws.slug, "pk": mention.pk}))
    incident_page = client.get(
        reverse("negativity:incident", kwargs={"workspace_slug": ws.slug, "pk": incident.pk})
    )
    incidents = client.get(reverse("negativity:incidents", kwargs={"workspace_slug": ws.slug}))

    assert "2ГИС ·" in page.content.decode() and "2gis ·" not in page.content.decode()
    assert "Instagram ·" in inbox and "instagram ·" not in inbox
    assert "somewhere_new ·" in inbox  # a source we do not know reads as it was sent
    incident_html = incident_page.content.decode()
    assert "2ГИС, Instagram, Яндекс Карты" in incident_html and "yandex_maps" not in incident_html
    assert "Яндекс Карты ·" in incident_html
    assert "2ГИС, Instagram, Яндекс Карты" in incidents.content.decode()


def test_a_rule_takes_a_source_by_its_russian_name(personas, client):
    _russian(personas, client)
    response = client.post(
        reverse("negativity:rules", kwargs={"workspace_slug": personas.workspace.slug}),
        {
            "name": "Отзывы с карт",
            "position": 10,
            "is_active": "on",
            "condition_field": "source",
            "condition_value": "2ГИС",
            "action": "tag",
            "action_value": "карты",
        },
    )
    assert response.status_code == 302
    rule = RoutingRule.objects.for_workspace(personas.workspace).get()
    assert rule.conditions == [{"field": "source", "value": "2gis"}]


def test_the_inbox_filters_by_a_source_typed_by_its_name(personas, client):
    _russian(personas, client)
    ws = personas.workspace
    MentionFactory(workspace=ws, source="2gis", text="Отзыв с карты")
    MentionFactory(workspace=ws, source="vk", text="Пост во ВКонтакте")
    for typed in ("2ГИС", "2gis", " 2гис "):
        body = client.get(f"/w/{ws.slug}/inbox/", {"source": typed}).content.decode()
        assert "Отзыв с карты" in body and "Пост во ВКонтакте" not in body, typed
    body = client.get(f"/w/{ws.slug}/inbox/", {"source": "nowhere"}).content.decode()
    assert "Отзыв с карты" not in body and "Пост во ВКонтакте" not in body
