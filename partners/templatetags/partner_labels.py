"""Partners' words, not codes: ``{% load partner_labels %}`` then ``{{ key|contact_kind }}``."""

from django import template

from campaigns.templatetags.labels import label_of
from partners.enums import ContactKind

register = template.Library()


@register.filter
def contact_kind(code) -> str:
    return label_of(ContactKind.choices, code)
