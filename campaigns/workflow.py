"""The campaign status workflow as data: which action moves which statuses where, and who may.

draft -> proposed -> approved (a manager) -> running <-> paused -> completed; cancelled from any
open status; a manager may also send a proposal back to draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts import permissions as perms

from .enums import CampaignStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str
    label: object


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", frozenset({S.DRAFT}), S.PROPOSED, perms.EDIT, _("Submit for approval")),
        Transition("approve", frozenset({S.PROPOSED}), S.APPROVED, perms.APPROVE, _("Approve")),
        Transition("return", frozenset({S.PROPOSED}), S.DRAFT, perms.APPROVE, _("Return to draft")),
        Transition("start", frozenset({S.APPROVED}), S.RUNNING, perms.EDIT, _("Start")),
        Transition("pause", frozenset({S.RUNNING}), S.PAUSED, perms.EDIT, _("Pause")),
        Transition("resume", frozenset({S.PAUSED}), S.RUNNING, perms.EDIT, _("Resume")),
        Transition("complete", frozenset({S.RUNNING, S.PAUSED}), S.COMPLETED, perms.EDIT, _("Complete")),
        Transition(
            "cancel",
            frozenset({S.DRAFT, S.PROPOSED, S.APPROVED, S.RUNNING, S.PAUSED}),
            S.CANCELLED,
            perms.EDIT,
            _("Cancel"),
        ),
    )
}


def available_actions(status: str) -> list[Transition]:
    """Transitions possible from ``status`` (whoever may take them)."""
    return [t for t in TRANSITIONS.values() if status in t.sources]
