"""A routing rule is written in words: a topic, category or source by its name, not its code."""

from django.urls import reverse
from django.utils import translation

from negativity.enums import Topic
from negativity.models import RoutingRule
from negativity.tests.factories import RoutingRuleFactory


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


def _unknown_category_rule(name: str = "x") -> dict:
    """The rule form with a category the classifier does not know ("angry")."""
    return {
        "name": name,
        "position": 10,
        "condition_field": "category",
        "condition_value": "angry",
        "action": "tag",
        "action_value": "t",
    }


def test_an_unknown_name_is_refused_and_nothing_is_stored(personas, client):
    client.force_login(personas.owner)
    response = client.post(
        reverse("negativity:rules", kwargs={"workspace_slug": personas.workspace.slug}),
        _unknown_category_rule(),
    )
    assert response.status_code == 200
    assert not RoutingRule.objects.for_workspace(personas.workspace).exists()


def _english_owner(personas, client):
    personas.owner.language = "en"
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)


def test_the_list_page_shows_the_services_refusal_above_the_form(personas, client):
    _english_owner(personas, client)
    response = client.post(
        reverse("negativity:rules", kwargs={"workspace_slug": personas.workspace.slug}),
        _unknown_category_rule(),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Unknown category angry."]


def test_the_edit_page_shows_the_services_refusal_and_keeps_the_rule(personas, client):
    _english_owner(personas, client)
    rule = RoutingRuleFactory(workspace=personas.workspace, name="Kept")
    response = client.post(
        reverse("negativity:rule", kwargs={"workspace_slug": personas.workspace.slug, "pk": rule.pk}),
        _unknown_category_rule(name="Changed"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Unknown category angry."]
    rule.refresh_from_db()
    assert (rule.name, rule.conditions) == ("Kept", [{"field": "category", "value": "ordered"}])


def test_the_edit_page_saves_the_same_rule_and_returns_to_the_list(personas, client):
    _english_owner(personas, client)
    slug = personas.workspace.slug
    rule = RoutingRuleFactory(workspace=personas.workspace, name="Old")
    response = client.post(
        reverse("negativity:rule", kwargs={"workspace_slug": slug, "pk": rule.pk}),
        {
            "name": "New",
            "position": 5,
            "is_active": "on",
            "condition_field": "category",
            "condition_value": "trolling",
            "action": "tag",
            "action_value": "t",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("negativity:rules", kwargs={"workspace_slug": slug})
    stored = RoutingRule.objects.for_workspace(personas.workspace).get()
    assert (stored.pk, stored.name, stored.position) == (rule.pk, "New", 5)
    assert stored.conditions == [{"field": "category", "value": "trolling"}]
