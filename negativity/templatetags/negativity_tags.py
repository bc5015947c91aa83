from django import template
from django.utils.translation import pgettext_lazy

from accounts.enums import Language
from campaigns.templatetags.labels import label_of
from negativity.enums import (
    Category,
    Priority,
    RuleAction,
    RuleField,
    Sentiment,
    condition_choices,
    source_label,
)

register = template.Library()

CATEGORY_CLASSES = {
    "positive": "text-bg-success",
    "neutral": "text-bg-secondary",
    "natural": "text-bg-warning",
    "trolling": "text-bg-info",
    "ordered": "text-bg-danger",
}


@register.filter
def mention_source(code) -> str:
    """A mention's source by its name in the reader's language ("2gis" -> "2ГИС")."""
    return source_label(code)


@register.filter
def mention_sources(codes) -> str:
    return ", ".join(source_label(c) for c in (codes or []))


@register.filter
def classifier_model(version: str) -> str:
    """The model that classified a mention, in words: the shipped one ("starter") or a version
    the workspace retrained ("v3")."""
    from django.utils.translation import gettext

    if version == "starter" or not version:
        return gettext("built-in model")
    if version.startswith("v") and version[1:].isdigit():
        return gettext("workspace model, version %(n)s") % {"n": version[1:]}
    return version


@register.filter
def category_class(category: str) -> str:
    return CATEGORY_CLASSES.get(category, "text-bg-light")


@register.filter
def risk_class(risk: int) -> str:
    if risk >= 70:
        return "text-bg-danger"
    if risk >= 40:
        return "text-bg-warning"
    return "text-bg-light"


@register.filter
def percent(value) -> int:
    try:
        return round(float(value) * 100)
    except (TypeError, ValueError):
        return 0


@register.filter
def rule_condition(condition: dict) -> str:
    """``{"field": "topic", "value": "delivery"}`` as "Тема = Доставка"."""
    field, value = condition.get("field"), condition.get("value")
    choices = condition_choices(field)
    shown = label_of(choices.choices, value) if choices else value
    return f"{label_of(RuleField.choices, field)} = {shown}"


@register.simple_tag
def rule_action(action: dict, member_names: dict | None = None) -> str:
    """``{"action": "priority", "value": "urgent"}`` as "Задать приоритет: Срочный"; an assignee
    by name."""
    kind, value = action.get("action"), action.get("value")
    label = label_of(RuleAction.choices, kind)
    if not value:
        return label
    if kind == RuleAction.ASSIGN:
        value = (member_names or {}).get(str(value), value)
    elif kind == RuleAction.PRIORITY:
        value = label_of(Priority.choices, value)
    return f"{label}: {value}"


@register.filter
def language_label(code) -> str:
    return label_of(Language.choices, code)


@register.filter
def category_label(code) -> str:
    """A category of the classifier's evaluation: one of ours, or "negative" (natural or trolling)."""
    return label_of([*Category.choices, (Sentiment.NEGATIVE.value, Sentiment.NEGATIVE.label)], code)


CLASSIFIER_TASKS = {
    "sentiment": pgettext_lazy("classifier task", "sentiment"),
    "toxicity": pgettext_lazy("classifier task", "toxicity"),
    "complaint": pgettext_lazy("classifier task", "complaints"),
}


@register.filter
def classifier_task(code) -> str:
    return str(CLASSIFIER_TASKS.get(code, code))
