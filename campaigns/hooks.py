"""Seams through which apps that build on campaigns (planning) take part in campaign templates,
without campaigns importing them (apps depend one way: campaigns <- planning).

* ``plan_exporters``: functions ``(campaign) -> [{"date", "title", "kind", "channel", "text"}]``
  giving the campaign's calendar plan; "save as template" stores it as day offsets.
* ``plan_importers``: functions ``(campaign, plan, actor)`` called when a campaign is started from a
  template, with the plan already shifted to the new dates (``"date"`` of each entry).

* ``utm_resolvers``: functions ``(workspace, utms: set[str]) -> {utm: campaign_id}`` naming the
  campaign of tags that are not a campaign's own ``utm_campaign`` (partners: a deal's tag is its
  campaign's), so a CRM can attribute a conversion by whatever tag the visitor's link carried.

* ``origin_links``: functions ``(campaign) -> [{"label", "url"}]`` naming where a campaign came
  from (planning: the approved proposal it was made from); the campaign page links them.

Register in the other app's ``AppConfig.ready()``: ``hooks.plan_exporters.append(fn)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

plan_exporters: list[Callable[[Any], list[dict]]] = []
plan_importers: list[Callable[..., None]] = []
utm_resolvers: list[Callable[[Any, set], dict]] = []
origin_links: list[Callable[[Any], list[dict]]] = []


def export_plan(campaign) -> list[dict]:
    entries: list[dict] = []
    for exporter in plan_exporters:
        entries += exporter(campaign)
    return entries


def import_plan(campaign, plan: list[dict], *, actor) -> None:
    for importer in plan_importers:
        importer(campaign, plan, actor=actor)


def resolve_utms(workspace, utms: set) -> dict:
    """``{utm: campaign_id}`` for the tags the registered resolvers know (first one wins)."""
    found: dict = {}
    for resolver in utm_resolvers:
        missing = set(utms) - set(found)
        if not missing:
            break
        for utm, campaign_id in resolver(workspace, missing).items():
            found.setdefault(utm, campaign_id)
    return found


def origins_of(campaign) -> list[dict]:
    """``[{"label", "url"}]``: where the campaign came from, as the registered apps say."""
    links: list[dict] = []
    for provider in origin_links:
        links += provider(campaign)
    return links
