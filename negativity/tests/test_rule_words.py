"""A routing rule is written in words: a topic, category or source by its name, not its code."""

from django.urls import reverse
from django.utils import translation

from negativity.enums import Topic
from negativity.models import RoutingRule


def test_a_rule_condition_is_typed_by_its_russian_name_and_shown_by_it_again(personas, client):
    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)
    slug = personas.workspace.slug
    response = client.post(
        reverse("negativity:rules", kwargs={"workspace_slug": slug}),
        {
            "name": "Доставка — в поддержку",
            "position": 10,
            "is_active": "on",
            "condition_field": "topic",
            "condition_value": " доставка ",
            "action": "tag",
            "action_value": "доставка",
        },
    )
    assert response.status_code == 302
    rule = RoutingRule.objects.for_workspace(personas.workspace).get()
    assert rule.conditions == [{"field": "topic", "value": "delivery"}]  # the code the router compares

    page = client.get(
        reverse("negativity:rule", kwargs={"workspace_slug": slug, "pk": rule.pk})
    ).content.decode()
    with translation.override("ru"):
        assert f'value="{Topic.DELIVERY.label}"' in page


def test_an_unknown_name_is_refused_and_nothing_is_stored(personas, client):
    client.force_login(personas.owner)
    response = client.post(
        reverse("negativity:rules", kwargs={"workspace_slug": personas.workspace.slug}),
        {
            "name": "x",
            "position": 10,
            "condition_field": "category",
            "condition_value": "angry",
            "action": "tag",
            "action_value": "t",
        },
    )
    assert response.status_code == 200
    assert not RoutingRule.objects.for_workspace(personas.workspace).exists()
