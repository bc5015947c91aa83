"""Seams through which apps that build on planning (social) take part in plan items, without
planning importing them (apps depend one way: planning <- social).

* ``item_api_fields``: ``{name: extension}``, extra fields of the plan-item API. An extension has
  ``field()`` (a DRF field; its ``get_attribute(item)`` reads the value), ``select_related`` (names
  joined on lists so a page keeps a constant number of queries) and
  ``save(*, item, value, actor, token)``, called in the same transaction after planning saved the
  item (raise ``AppError`` to refuse: nothing is stored).
* ``item_panels``: callables ``(request, item) -> str`` (safe HTML) shown on the item's page.
* ``calendar_badges``: callables ``(workspace, item_ids) -> {item_id: [{"label", "css", "title"}]}``
  shown on the calendar's chips; one call per page, so a few queries whatever the item count.

Register in the other app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

item_api_fields: dict[str, Any] = {}
item_panels: list[Callable[..., str]] = []
calendar_badges: list[Callable[..., dict[int, list[dict]]]] = []


def api_select_related() -> list[str]:
    return [name for ext in item_api_fields.values() for name in getattr(ext, "select_related", [])]


def pop_api_extras(data: dict) -> dict:
    """Take the extension fields out of validated data (planning's services never see them)."""
    return {name: data.pop(name) for name in list(item_api_fields) if name in data}


def save_api_extras(*, item, extras: dict, actor, token=None) -> None:
    for name, value in extras.items():
        item_api_fields[name].save(item=item, value=value, actor=actor, token=token)


def panels_for(request, item) -> list[str]:
    return [panel(request, item) for panel in item_panels]


def badges_for(workspace, item_ids: list[int]) -> dict[int, list[dict]]:
    badges: dict[int, list[dict]] = {}
    if not item_ids:
        return badges
    for source in calendar_badges:
        for item_id, found in source(workspace, item_ids).items():
            badges.setdefault(item_id, []).extend(found)
    return badges
