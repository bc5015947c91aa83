"""Honesty flag codes as their labels in the reader's language (``{{ codes|flag_labels }}``)."""

from django import template

from planning.honesty import FLAG_LABELS

register = template.Library()


@register.filter
def flag_labels(codes) -> str:
    return ", ".join(str(FLAG_LABELS.get(code, code)) for code in (codes or []))
