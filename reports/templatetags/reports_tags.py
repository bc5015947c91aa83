"""Formatting of snapshot values on report pages."""

from django import template

from smm_platform.formatting import format_value

register = template.Library()


@register.filter
def report_value(value, type_: str = "text"):
    """A typed snapshot value for people, through the one formatting helper
    (``smm_platform/formatting.py``): the PDF, PPTX and CSV format the same way."""
    return format_value(value, type_)


@register.filter
def typed_cells(row: list, columns: list[dict]) -> list[tuple]:
    """Pairs of (value, column type) for one table row."""
    return [(value, column["type"]) for value, column in zip(row, columns, strict=False)]
