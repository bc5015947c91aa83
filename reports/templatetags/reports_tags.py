"""Formatting of snapshot values on report pages."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def report_value(value, type_: str = "text"):
    """A typed snapshot value for people: grouped numbers, two decimals for money, "—" for none."""
    if value is None or value == "":
        return "—"
    if type_ == "int":
        return number_format(int(value), 0, force_grouping=True)
    if type_ in ("money", "decimal"):
        places = 0 if float(value) == int(float(value)) else 2
        return number_format(float(value), places, force_grouping=True)
    if type_ == "percent":
        return f"{number_format(float(value), 1)} %"
    return value


@register.filter
def typed_cells(row: list, columns: list[dict]) -> list[tuple]:
    """Pairs of (value, column type) for one table row."""
    return [(value, column["type"]) for value, column in zip(row, columns, strict=False)]
