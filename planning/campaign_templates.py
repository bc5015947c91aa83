"""Planning's part in campaign templates (registered in ``campaigns.hooks`` by the app config).

"Save as template" keeps the campaign's calendar plan (its own items, not partner deliverables,
which belong to deals) as entries with a date and a local time; campaigns turns the dates into day
offsets. Starting a campaign from a template creates the plan items again at the shifted dates, as
drafts, through the ordinary service (validated, audited, honesty-checked on review).
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from .models import PlanItem

DEFAULT_TIME = "10:00"


def export_campaign_plan(campaign) -> list[dict]:
    items = (
        PlanItem.objects.for_workspace(campaign.workspace)
        .filter(campaign=campaign, source_kind="")
        .order_by("scheduled_at", "pk")
    )
    entries = []
    for item in items:
        local = timezone.localtime(item.scheduled_at)
        entries.append(
            {
                "date": local.date(),
                "time": local.strftime("%H:%M"),
                "title": item.title,
                "kind": item.kind,
                "channel": item.channel,
                "brief": item.brief,
                "text": item.text,
            }
        )
    return entries


def import_campaign_plan(campaign, plan: list[dict], *, actor) -> None:
    from . import services

    for entry in plan:
        hours, minutes = (entry.get("time") or DEFAULT_TIME).split(":")
        when = timezone.make_aware(datetime.combine(entry["date"], time(int(hours), int(minutes))))
        services.plan_item_create(
            workspace=campaign.workspace,
            actor=actor,
            campaign=campaign,
            title=entry["title"],
            kind=entry.get("kind") or "post",
            channel=entry["channel"],
            scheduled_at=when,
            brief=entry.get("brief", ""),
            text=entry.get("text", ""),
        )
