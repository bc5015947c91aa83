"""Which status changes are allowed (pure rules, no database)."""

from __future__ import annotations

from .enums import ItemStatus, ProposalStatus, TaskStatus

S = ItemStatus
ITEM_TRANSITIONS: dict[str, set[str]] = {
    S.IDEA: {S.DRAFT},
    S.DRAFT: {S.IN_REVIEW, S.IDEA},
    S.IN_REVIEW: {S.APPROVED, S.DRAFT},
    S.APPROVED: {S.SCHEDULED, S.DRAFT},
    S.SCHEDULED: {S.APPROVED, S.DRAFT},
    S.MISSED: {S.DRAFT},
    S.PUBLISHED: set(),
}
# Publishing has its own action (it records the URL); only approved or scheduled items publish.
PUBLISHABLE = {S.APPROVED, S.SCHEDULED, S.MISSED}
# Statuses an item can still be missed from when its time passes.
MISSABLE = [S.IDEA, S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SCHEDULED]
# Editing the text of an approved item sends it back to review.
LOCKED_FOR_APPROVAL = {S.APPROVED, S.SCHEDULED}


def item_can_move(current: str, target: str) -> bool:
    return target in ITEM_TRANSITIONS.get(current, set())


def sources_for(target: str) -> list[str]:
    """Statuses from which ``target`` is reachable by a transition."""
    return [s for s, targets in ITEM_TRANSITIONS.items() if target in targets]


P = ProposalStatus
PROPOSAL_EDITABLE = {P.DRAFT, P.CHANGES_REQUESTED}
PROPOSAL_DECIDABLE = {P.SUBMITTED}

TASK_STATUSES = [TaskStatus.TODO, TaskStatus.DOING, TaskStatus.REVIEW, TaskStatus.DONE]


def rank_ideas(ideas: list[tuple[int, int, float]], size: int) -> list[int]:
    """Ids of the shortlist: most votes first, earlier ideas first on a tie; ideas without votes
    never make the shortlist. ``ideas`` holds ``(id, votes, created_ts)``."""
    voted = [i for i in ideas if i[1] > 0]
    voted.sort(key=lambda i: (-i[1], i[2], i[0]))
    return [i[0] for i in voted[:size]]


def calendar_overload(counts: dict[tuple[str, str], int], threshold: int) -> set[tuple[str, str]]:
    """(day, channel) pairs with more than ``threshold`` items."""
    return {key for key, n in counts.items() if n > threshold}


def calendar_gaps(
    days: list, channels: list[str], planned: set[tuple], min_gap: int
) -> dict[str, list[tuple]]:
    """Per channel, the runs of at least ``min_gap`` consecutive ``days`` without a planned item
    (``planned`` holds ``(day, channel)``), as ``(first_day, last_day)``."""
    gaps: dict[str, list[tuple]] = {}
    for channel in channels:
        run: list = []
        for day in [*days, None]:
            if day is not None and (day, channel) not in planned:
                run.append(day)
                continue
            if len(run) >= min_gap:
                gaps.setdefault(channel, []).append((run[0], run[-1]))
            run = []
    return gaps
