from django import template

register = template.Library()

CATEGORY_CLASSES = {
    "positive": "text-bg-success",
    "neutral": "text-bg-secondary",
    "natural": "text-bg-warning",
    "trolling": "text-bg-info",
    "ordered": "text-bg-danger",
}


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
