"""Reminders of overdue negotiation next steps."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.services import notify
from smm_platform import formatting

from ..models import Negotiation


def remind_overdue_next_steps(*, today: date | None = None) -> int:
    """Remind the author (or the partner's owner) of every overdue, open next step once, in-app
    and by email (``accounts.services.notify``). Each step is claimed with a conditional UPDATE
    so two runs never remind twice. Returns how many steps were reminded."""
    today = today or timezone.localdate()
    due = list(
        Negotiation.objects.filter(next_step_done=False, reminded_at__isnull=True, next_step_due__lt=today)
        .exclude(next_step="")
        .select_related("partner", "author", "partner__owner", "workspace")
        .order_by("pk")[:1000]
    )
    sent = 0
    for step in due:
        user = step.author or step.partner.owner
        claimed = Negotiation.objects.filter(pk=step.pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        )
        if not claimed or user is None:
            continue
        with transaction.atomic():
            notify(
                workspace=step.workspace,
                users=[user],
                kind="partners.next_step_overdue",
                title=gettext_lazy("Overdue next step with %(partner)s"),
                body=gettext_lazy("%(step)s (due %(due)s)."),
                params={
                    "partner": step.partner.name,
                    "step": step.next_step,
                    "due": formatting.format_date(step.next_step_due, user.language),
                },
                url=reverse(
                    "partners:detail", kwargs={"workspace_slug": step.workspace.slug, "pk": step.partner_id}
                ),
                email=True,
            )
        sent += 1
    return sent
