"""Writes and business rules of planning. Every write: ``full_clean()``, ``transaction.atomic``,
``audit_record``; status changes are conditional UPDATEs that proceed only if one row changed."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from accounts import permissions as perms
from accounts import services as accounts_services
from accounts.enums import Role
from accounts.models import Membership
from accounts.services import audit_record, hash_secret
from campaigns.alignment.mapping import objectives_for
from campaigns.enums import KpiMetric
from campaigns.models import Campaign
from campaigns.services import campaign_create
from smm_platform import formatting
from smm_platform.errors import AppError, Conflict
from smm_platform.events import emit

from . import workflow
from .enums import (
    BrainstormPhase,
    ClientDecisionKind,
    ItemStatus,
    NotificationKind,
    ProposalEventKind,
    ProposalStatus,
    TaskStatus,
)
from .honesty import FLAG_LABELS, flag_codes, honesty_flags
from .models import (
    ATTACHMENT_EXTENSIONS,
    BrainstormSession,
    CalendarFeed,
    ClientDecision,
    HonestyAcknowledgement,
    Idea,
    Milestone,
    PlanItem,
    PlanItemAttachment,
    PlanItemComment,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    ShareLink,
    Task,
    Vote,
)

Forbidden = lambda message: AppError(message, status_code=403)  # noqa: E731


def _validate(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        from smm_platform.errors import django_validation_errors

        raise AppError(_("The request is invalid."), errors=django_validation_errors(exc)) from exc


# --- notifications ------------------------------------------------------------------------------


def _notify(*, workspace, recipient, kind: str, message, url: str = "", email: bool = True) -> None:
    """Notify ``recipient`` through the shared notification centre (``accounts.services.notify``)
    with kind ``planning.<kind>``. ``message`` is a callable returning the text; wrapped in a lazy
    proxy it runs under the recipient's language."""
    if recipient is None:
        return
    accounts_services.notify(
        workspace=workspace,
        users=[recipient],
        kind=f"planning.{kind}",
        title=lazy(message, str)(),
        url=url,
        email=email,
    )


def _approvers(workspace):
    return [
        m.user
        for m in Membership.objects.select_related("user").filter(
            workspace=workspace, role__in=[Role.MANAGER, Role.OWNER]
        )
    ]


def _item_url(item) -> str:
    return reverse("planning:item", kwargs={"workspace_slug": item.workspace.slug, "pk": item.pk})


# --- plan items ---------------------------------------------------------------------------------

ITEM_FIELDS = ["title", "kind", "channel", "scheduled_at", "campaign", "assignee", "brief", "text", "erid"]
# What an approval covers: changing any of these sends an approved item back through approval.
CONTENT_FIELDS = {"title", "kind", "text", "erid", "channel", "scheduled_at"}
# Statuses that no longer carry an approval: moving an item into one of them forgets it.
UNAPPROVED = {ItemStatus.IDEA, ItemStatus.DRAFT, ItemStatus.IN_REVIEW}


def item_flags(item: PlanItem) -> list:
    return honesty_flags(item.text, kind=item.kind, erid=item.erid, title=item.title)


def plan_item_create(*, workspace, actor, token=None, **data) -> PlanItem:
    """Create a plan item (status ``draft`` unless ``idea`` is asked); notify the assignee."""
    status = data.pop("status", ItemStatus.DRAFT) or ItemStatus.DRAFT
    if status not in (ItemStatus.IDEA, ItemStatus.DRAFT):
        raise AppError(
            _("A new item starts as an idea or a draft."),
            errors={"status": [_("Use the transition action to move it further.")]},
        )
    unknown = set(data) - set(ITEM_FIELDS) - {"source_kind", "source_ref"}
    if unknown:
        raise AppError(_("The request is invalid."), errors={f: [_("Unknown field.")] for f in unknown})
    item = PlanItem(workspace=workspace, status=status, created_by=actor, **data)
    _validate(item)
    with transaction.atomic():
        item.save()
        audit_record(workspace=workspace, actor=actor, token=token, action="plan_item.create", target=item)
        if item.assignee_id and item.assignee != actor:
            _notify_assigned(item)
    return item


def _notify_assigned(item: PlanItem) -> None:
    _notify(
        workspace=item.workspace,
        recipient=item.assignee,
        kind=NotificationKind.ASSIGNED,
        message=lambda: _("You were assigned “%(title)s” on %(when)s.")
        % {"title": item.title, "when": formatting.format_datetime(item.scheduled_at)},
        url=_item_url(item),
    )


def plan_item_update(*, item: PlanItem, actor, token=None, **data) -> PlanItem:
    """Change an item's fields. Changing the content of an approved or scheduled item sends it
    back to review (the approval covered the old text). Published items are frozen."""
    if item.status == ItemStatus.PUBLISHED:
        raise Conflict(_("A published item cannot be changed."))
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise AppError(_("The request is invalid."), errors={f: [_("Unknown field.")] for f in unknown})
    before = {f: getattr(item, f"{f}_id" if f in ("campaign", "assignee") else f) for f in data}
    old_assignee = item.assignee_id
    for field, value in data.items():
        setattr(item, field, value)
    changed = {
        f: [str(before[f]), str(getattr(item, f"{f}_id" if f in ("campaign", "assignee") else f))]
        for f in data
        if before[f] != getattr(item, f"{f}_id" if f in ("campaign", "assignee") else f)
    }
    if not changed:
        return item
    if CONTENT_FIELDS & set(changed):
        changed.update(_forget_approval(item))
    _validate(item)
    with transaction.atomic():
        item.save()
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.update",
            target=item,
            changes=changed,
        )
        if item.assignee_id and item.assignee_id != old_assignee and item.assignee != actor:
            _notify_assigned(item)
    return item


def _forget_approval(item: PlanItem) -> dict:
    """The approval covered the old content and date: drop it, and send an approved, scheduled
    or missed item back to review. Returns the audit changes."""
    changes: dict = {}
    if item.approved_at is not None or item.approved_by_id is not None:
        changes["approved_at"] = [str(item.approved_at), "None"]
        item.approved_by = None
        item.approved_at = None
    if item.status in workflow.LOCKED_FOR_APPROVAL | {ItemStatus.MISSED}:
        changes["status"] = [item.status, ItemStatus.IN_REVIEW]
        item.status = ItemStatus.IN_REVIEW
    return changes


def plan_item_delete(*, item: PlanItem, actor, token=None) -> None:
    """Remove an unpublished item from the plan (a published one is history: 409)."""
    with transaction.atomic():
        deleted, _rows = PlanItem.objects.filter(pk=item.pk).exclude(status=ItemStatus.PUBLISHED).delete()
        if not deleted:
            raise Conflict(_("A published item cannot be deleted."))
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.delete",
            changes={"id": item.pk, "title": item.title},
        )


def plan_item_move(*, item: PlanItem, actor, day: date, token=None) -> PlanItem:
    """Move an item to another day keeping its time of day (drag and drop in the calendar)."""
    if item.status == ItemStatus.PUBLISHED:
        raise Conflict(_("A published item cannot be moved."))
    local = timezone.localtime(item.scheduled_at)
    target = timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))
    if target == item.scheduled_at:
        return item
    current = item.status
    changes = {"scheduled_at": [item.scheduled_at.isoformat(), target.isoformat()]}
    changes.update(_forget_approval(item))  # the approval covered the old date
    with transaction.atomic():
        changed = (
            PlanItem.objects.filter(pk=item.pk, status=current)
            .exclude(status=ItemStatus.PUBLISHED)
            .update(
                scheduled_at=target,
                status=item.status,
                approved_by=item.approved_by,
                approved_at=item.approved_at,
                updated_at=timezone.now(),
            )
        )
        if not changed:
            raise Conflict(_("The item was changed by someone else; reload and try again."))
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.move",
            target=item,
            changes=changes,
        )
    item.refresh_from_db()
    return item


def plan_item_transition(
    *, item: PlanItem, actor, target: str, can_approve: bool, acknowledge: list[str] | None = None, token=None
) -> PlanItem:
    """Move an item along the workflow. Approving needs the approve permission and, when the text
    carries honesty flags, their acknowledgement (every flag code in ``acknowledge``)."""
    if target == ItemStatus.PUBLISHED:
        raise AppError(_("Use the publish action: it records the post URL."), errors={"status": [target]})
    if target not in ItemStatus.values:
        raise AppError(_("Unknown status."), errors={"status": [_("Unknown status.")]})
    current = item.status
    if current == target:
        return item
    if not workflow.item_can_move(current, target):
        raise Conflict(
            _("An item cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ItemStatus(current).label, "to": ItemStatus(target).label},
            errors={"status": [target]},
        )
    extra = {}
    flags = []
    if target == ItemStatus.APPROVED:
        if not can_approve:
            raise Forbidden(_("Only managers and owners approve plan items."))
        flags = item_flags(item)
        missing = sorted(set(flag_codes(flags)) - set(acknowledge or []))
        if missing:
            raise AppError(
                _("Acknowledge the honesty flags before approving: %(flags)s.")
                % {"flags": ", ".join(str(FLAG_LABELS.get(code, code)) for code in missing)},
                errors={"acknowledge_flags": missing},
            )
        extra = {"approved_by": actor, "approved_at": timezone.now()}
    elif target in UNAPPROVED:
        # Back to work: the old approval no longer vouches for what will be published.
        extra = {"approved_by": None, "approved_at": None}
    with transaction.atomic():
        changed = PlanItem.objects.filter(pk=item.pk, status=current).update(
            status=target, updated_at=timezone.now(), **extra
        )
        if not changed:
            raise Conflict(_("The item was changed by someone else; reload and try again."))
        if flags:
            HonestyAcknowledgement.objects.create(
                workspace=item.workspace, item=item, codes=flag_codes(flags), user=actor
            )
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.transition",
            target=item,
            changes={"status": [current, target], "acknowledged": flag_codes(flags)},
        )
        item.refresh_from_db()
        if target == ItemStatus.IN_REVIEW:
            for approver in _approvers(item.workspace):
                if approver != actor:
                    _notify(
                        workspace=item.workspace,
                        recipient=approver,
                        kind=NotificationKind.REVIEW_REQUESTED,
                        message=lambda: _("“%(title)s” waits for your review.") % {"title": item.title},
                        url=_item_url(item),
                    )
        elif current == ItemStatus.IN_REVIEW and item.assignee_id and item.assignee != actor:
            _notify(
                workspace=item.workspace,
                recipient=item.assignee,
                kind=NotificationKind.DECISION,
                message=lambda: (
                    _("“%(title)s” was approved.")
                    if target == ItemStatus.APPROVED
                    else _("“%(title)s” was sent back to draft.")
                )
                % {"title": item.title},
                url=_item_url(item),
            )
    return item


def plan_item_publish(*, item: PlanItem, actor, url: str, token=None) -> PlanItem:
    """Record the publication with the post URL. Only approved (or scheduled, or missed after
    approval) items with their approval in place publish: anything else is a 409 and nothing
    changes."""
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["http", "https"])(url or "")
    except ValidationError as exc:
        raise AppError(
            _("Give the URL of the published post."), errors={"url": [_("Enter a valid URL.")]}
        ) from exc
    if item.status == ItemStatus.PUBLISHED:
        raise Conflict(_("The item is already published."))
    with transaction.atomic():
        rows = PlanItem.objects.filter(pk=item.pk, status__in=workflow.PUBLISHABLE, approved_at__isnull=False)
        now = timezone.now()
        changed = rows.update(
            status=ItemStatus.PUBLISHED, published_url=url, published_at=now, updated_at=now
        )
        if not changed:
            raise Conflict(_("Only an approved item can be published."), errors={"status": [item.status]})
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.publish",
            target=item,
            changes={"status": [item.status, ItemStatus.PUBLISHED], "url": url},
        )
        emit(
            workspace=item.workspace,
            event="plan_item.published",
            payload={"id": item.pk, "title": item.title, "url": url, "campaign": item.campaign_id},
        )
    item.refresh_from_db()
    return item


def plan_item_comment(*, item: PlanItem, actor, body: str, token=None) -> PlanItemComment:
    comment = PlanItemComment(workspace=item.workspace, item=item, author=actor, body=(body or "").strip())
    _validate(comment)
    with transaction.atomic():
        comment.save()
        audit_record(
            workspace=item.workspace, actor=actor, token=token, action="plan_item.comment", target=item
        )
        if item.assignee_id and item.assignee != actor:
            _notify(
                workspace=item.workspace,
                recipient=item.assignee,
                kind=NotificationKind.DECISION,
                message=lambda: _("New comment on “%(title)s”.") % {"title": item.title},
                url=_item_url(item),
                email=False,
            )
    return comment


def plan_item_attach(*, item: PlanItem, actor, file, token=None) -> PlanItemAttachment:
    """Attach a media file (type and size validated) to an item."""
    attachment = PlanItemAttachment(workspace=item.workspace, item=item, file=file, uploaded_by=actor)
    attachment.size = getattr(file, "size", 0) or 0
    attachment.media_type = ATTACHMENT_EXTENSIONS.get(os.path.splitext(file.name)[1].lower(), "")
    _validate(attachment)
    with transaction.atomic():
        attachment.save()
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.attach",
            target=item,
            changes={"file": attachment.file.name, "size": attachment.size},
        )
    return attachment


def plan_items_mark_missed(*, now: datetime | None = None) -> int:
    """Every publishable-kind item whose time passed unpublished becomes ``missed`` (idempotent)."""
    now = now or timezone.now()
    return (
        PlanItem.objects.filter(scheduled_at__lt=now, status__in=workflow.MISSABLE)
        .exclude(kind__in=["event", "deadline"])
        .exclude(status=ItemStatus.IDEA)
        .update(status=ItemStatus.MISSED, updated_at=now)
    )


# --- tasks and milestones -----------------------------------------------------------------------

TASK_FIELDS = ["title", "description", "campaign", "milestone", "assignee", "due_on", "status"]


def _check_dependencies(task: Task, depends_on: list[Task]) -> None:
    ids = {t.pk for t in depends_on}
    if task.pk and task.pk in ids:
        raise AppError(
            _("A task cannot depend on itself."),
            errors={"depends_on": [_("A task cannot depend on itself.")]},
        )
    if task.pk:
        # Walk upwards from the new dependencies: reaching ``task`` would close a cycle.
        frontier, seen = set(ids), set()
        while frontier:
            if task.pk in frontier:
                raise AppError(
                    _("These dependencies would form a cycle."),
                    errors={"depends_on": [_("Dependency cycle.")]},
                )
            seen |= frontier
            frontier = (
                set(
                    Task.depends_on.through.objects.filter(from_task_id__in=frontier).values_list(
                        "to_task_id", flat=True
                    )
                )
                - seen
            )


def _check_can_start(task: Task, status: str) -> None:
    if status in (TaskStatus.DOING, TaskStatus.REVIEW, TaskStatus.DONE) and task.pk:
        blocking = task.depends_on.exclude(status=TaskStatus.DONE).values_list("title", flat=True)
        if blocking:
            raise Conflict(
                _("Finish the tasks this one depends on first: %(titles)s.")
                % {"titles": ", ".join(blocking)},
                errors={"status": [status]},
            )


def task_create(*, workspace, actor, token=None, depends_on=None, **data) -> Task:
    task = Task(workspace=workspace, created_by=actor, **data)
    _validate(task)
    with transaction.atomic():
        task.save()
        if depends_on:
            task.depends_on.set(depends_on)
            _check_can_start(task, task.status)
        audit_record(workspace=workspace, actor=actor, token=token, action="task.create", target=task)
        if task.assignee_id and task.assignee != actor:
            _notify_task_assigned(task)
    return task


def _notify_task_assigned(task: Task) -> None:
    _notify(
        workspace=task.workspace,
        recipient=task.assignee,
        kind=NotificationKind.ASSIGNED,
        message=lambda: _("You were assigned the task “%(title)s”.") % {"title": task.title},
        url=reverse("planning:board", kwargs={"workspace_slug": task.workspace.slug}),
    )


def task_update(*, task: Task, actor, token=None, depends_on=None, **data) -> Task:
    """Change a task; a status beyond ``todo`` needs every dependency done (409 otherwise)."""
    old_assignee, old_status = task.assignee_id, task.status
    for field, value in data.items():
        setattr(task, field, value)
    _validate(task)
    with transaction.atomic():
        if depends_on is not None:
            _check_dependencies(task, depends_on)
            task.depends_on.set(depends_on)
        if task.status != old_status or depends_on is not None:
            _check_can_start(task, task.status)
        task.save()
        audit_record(
            workspace=task.workspace,
            actor=actor,
            token=token,
            action="task.update",
            target=task,
            changes={k: str(v) for k, v in data.items()},
        )
        if task.assignee_id and task.assignee_id != old_assignee and task.assignee != actor:
            _notify_task_assigned(task)
    return task


def task_move(*, task: Task, status: str, actor, token=None) -> Task:
    """Move a task to another column of the board: the one way drag and drop and the card's
    "Move to" list (keyboard, no JavaScript) both go. An unknown status is refused (400); a
    status beyond "to do" needs every dependency done (409, ``task_update``)."""
    if status not in workflow.TASK_STATUSES:
        raise AppError(_("Unknown status."), errors={"status": [_("Unknown status.")]})
    if status == task.status:
        return task
    return task_update(task=task, status=status, actor=actor, token=token)


def milestone_create(*, workspace, actor, title: str, due_on: date, campaign=None, token=None) -> Milestone:
    milestone = Milestone(workspace=workspace, title=title, due_on=due_on, campaign=campaign)
    _validate(milestone)
    with transaction.atomic():
        milestone.save()
        audit_record(
            workspace=workspace, actor=actor, token=token, action="milestone.create", target=milestone
        )
    return milestone


def _notify_open_tasks_once(*, candidates, claim_field: str, claim_value: date, kind: str, message) -> int:
    """Notify the assignee of each open task in ``candidates`` once per ``claim_value``: the claim
    is a conditional UPDATE of ``claim_field``, so two runs never notify twice."""
    notified = 0
    open_tasks = (
        candidates.filter(assignee__isnull=False)
        .exclude(status=TaskStatus.DONE)
        .select_related("assignee", "workspace")
    )
    for task in open_tasks.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                Task.objects.filter(pk=task.pk)
                .exclude(**{claim_field: claim_value})
                .update(**{claim_field: claim_value})
            )
            if not claimed:
                continue
            _notify(
                workspace=task.workspace,
                recipient=task.assignee,
                kind=kind,
                message=lambda t=task: message(t),
                url=reverse("planning:board", kwargs={"workspace_slug": task.workspace.slug}),
            )
            notified += 1
    return notified


def tasks_flag_overdue(*, today: date | None = None) -> int:
    """Notify the assignee of every open task past its due date, once per day."""
    today = today or timezone.localdate()
    return _notify_open_tasks_once(
        candidates=Task.objects.filter(due_on__lt=today),
        claim_field="overdue_notified_on",
        claim_value=today,
        kind=NotificationKind.OVERDUE,
        message=lambda t: _("The task “%(title)s” is overdue (due %(due)s).")
        % {"title": t.title, "due": formatting.format_date(t.due_on)},
    )


def tasks_remind_due(*, today: date | None = None) -> int:
    """Remind assignees of open tasks due tomorrow, once per task and due date."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    return _notify_open_tasks_once(
        candidates=Task.objects.filter(due_on=tomorrow),
        claim_field="due_reminded_on",
        claim_value=tomorrow,
        kind=NotificationKind.DUE,
        message=lambda t: _("The task “%(title)s” is due tomorrow.") % {"title": t.title},
    )


# --- brainstorms --------------------------------------------------------------------------------


def brainstorm_create(
    *, workspace, actor, topic: str, ends_at: datetime, participants=(), token=None, **data
) -> BrainstormSession:
    session = BrainstormSession(workspace=workspace, topic=topic, ends_at=ends_at, created_by=actor, **data)
    _validate(session)
    with transaction.atomic():
        session.save()
        people = set(participants)
        if actor is not None:
            people.add(actor)
        session.participants.set(people)
        audit_record(
            workspace=workspace, actor=actor, token=token, action="brainstorm.create", target=session
        )
    return session


def _require_participant(session: BrainstormSession, user) -> None:
    if user is None or not session.participants.filter(pk=user.pk).exists():
        raise Forbidden(_("Only the session's participants take part."))


def idea_add(*, session: BrainstormSession, actor, text: str, token=None) -> Idea:
    if session.phase != BrainstormPhase.COLLECTING:
        raise Conflict(_("The session no longer collects ideas."))
    _require_participant(session, actor)
    idea = Idea(workspace=session.workspace, session=session, text=(text or "").strip(), author=actor)
    _validate(idea)
    with transaction.atomic():
        idea.save()
        audit_record(workspace=session.workspace, actor=actor, token=token, action="idea.create", target=idea)
    return idea


def brainstorm_start_voting(*, session: BrainstormSession, actor, token=None) -> BrainstormSession:
    with transaction.atomic():
        changed = BrainstormSession.objects.filter(pk=session.pk, phase=BrainstormPhase.COLLECTING).update(
            phase=BrainstormPhase.VOTING
        )
        if not changed:
            raise Conflict(_("Voting can start only while ideas are being collected."))
        audit_record(
            workspace=session.workspace, actor=actor, token=token, action="brainstorm.voting", target=session
        )
    session.refresh_from_db()
    return session


def vote_cast(*, session: BrainstormSession, idea: Idea, voter, token=None) -> Vote:
    """Spend one of the voter's N dots on ``idea``. The session row is locked while the voter's
    dots are counted; beyond N (or outside the voting phase) is a 409 and nothing is written."""
    if idea.session_id != session.pk:
        raise AppError(_("The idea belongs to another session."), errors={"idea": [_("Unknown idea.")]})
    _require_participant(session, voter)
    with transaction.atomic():
        locked = BrainstormSession.objects.select_for_update().get(pk=session.pk)
        if locked.phase != BrainstormPhase.VOTING:
            raise Conflict(_("The session is not in the voting phase."))
        used = Vote.objects.filter(session=locked, voter=voter).count()
        if used >= locked.votes_per_participant:
            raise Conflict(
                _("You have used all %(n)s of your votes.") % {"n": locked.votes_per_participant},
                errors={"votes": [str(used)]},
            )
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    workspace=session.workspace, session=locked, idea=idea, voter=voter, slot=used + 1
                )
        except IntegrityError as exc:
            raise Conflict(
                _("You have used all %(n)s of your votes.") % {"n": locked.votes_per_participant}
            ) from exc
        Idea.objects.filter(pk=idea.pk).update(votes_count=F("votes_count") + 1)
        audit_record(workspace=session.workspace, actor=voter, token=token, action="idea.vote", target=idea)
    return vote


def brainstorm_close(*, session: BrainstormSession, actor, token=None) -> list[Idea]:
    """Close the session and rank the shortlist (most votes first). Returns the shortlist."""
    with transaction.atomic():
        changed = (
            BrainstormSession.objects.filter(pk=session.pk)
            .exclude(phase=BrainstormPhase.CLOSED)
            .update(phase=BrainstormPhase.CLOSED, closed_at=timezone.now())
        )
        if not changed:
            raise Conflict(_("The session is already closed."))
        rows = list(session.ideas.values_list("pk", "votes_count", "created_at"))
        ranked = workflow.rank_ideas([(pk, n, ts.timestamp()) for pk, n, ts in rows], session.shortlist_size)
        ideas = {i.pk: i for i in session.ideas.filter(pk__in=ranked)}
        shortlist = []
        for rank, pk in enumerate(ranked, start=1):
            ideas[pk].rank = rank
            shortlist.append(ideas[pk])
        Idea.objects.bulk_update(shortlist, ["rank"])
        audit_record(
            workspace=session.workspace,
            actor=actor,
            token=token,
            action="brainstorm.close",
            target=session,
            changes={"shortlist": ranked},
        )
    session.refresh_from_db()
    return shortlist


def idea_convert(*, idea: Idea, actor, to: str, token=None, goal=None, scheduled_at=None, channel=None):
    """Turn a shortlisted idea into a plan item, a task or a proposal, once."""
    session = idea.session
    if session.phase != BrainstormPhase.CLOSED or idea.rank is None:
        raise Conflict(_("Only a shortlisted idea of a closed session can be converted."))
    if to not in ("plan_item", "task", "proposal"):
        raise AppError(_("Convert to a plan item, a task or a proposal."), errors={"to": [to]})
    title = idea.text.split("\n")[0][:200]
    with transaction.atomic():
        claimed = Idea.objects.filter(pk=idea.pk, converted_kind="").update(converted_kind=to)
        if not claimed:
            raise Conflict(_("This idea was already converted."))
        if to == "plan_item":
            when = scheduled_at or timezone.make_aware(
                datetime.combine(timezone.localdate() + timedelta(days=7), time(12, 0))
            )
            target = plan_item_create(
                workspace=idea.workspace,
                actor=actor,
                token=token,
                title=title,
                channel=channel
                or (session.campaign.channels[0] if session.campaign and session.campaign.channels else "vk"),
                scheduled_at=when,
                campaign=session.campaign,
                brief=idea.text,
                status=ItemStatus.IDEA,
            )
        elif to == "task":
            target = task_create(
                workspace=idea.workspace,
                actor=actor,
                token=token,
                title=title,
                description=idea.text,
                campaign=session.campaign,
            )
        else:
            if goal is None:
                raise AppError(
                    _("Choose the business goal the proposal serves."), errors={"goal": [_("Required.")]}
                )
            target = proposal_create(
                workspace=idea.workspace,
                actor=actor,
                token=token,
                title=title,
                problem=session.topic,
                idea=idea.text,
                goal=goal,
                expected_effect=Decimal("0"),
                budget=Decimal("0"),
                source_idea=idea,
            )
        Idea.objects.filter(pk=idea.pk).update(converted_ref=target.pk)
    idea.refresh_from_db()
    return target


# --- proposals ----------------------------------------------------------------------------------

PROPOSAL_FIELDS = [
    "title",
    "problem",
    "segment",
    "idea",
    "goal",
    "expected_effect",
    "expected_effect_note",
    "budget",
    "risks",
]


def _snapshot(proposal: Proposal) -> dict:
    return {
        f: (str(getattr(proposal, f)) if isinstance(getattr(proposal, f), Decimal) else getattr(proposal, f))
        for f in Proposal.VERSIONED_FIELDS
    }


def proposal_create(*, workspace, actor, token=None, **data) -> Proposal:
    proposal = Proposal(workspace=workspace, author=actor, **data)
    _validate(proposal)
    with transaction.atomic():
        proposal.save()
        ProposalVersion.objects.create(
            workspace=workspace, proposal=proposal, number=1, snapshot=_snapshot(proposal), created_by=actor
        )
        audit_record(workspace=workspace, actor=actor, token=token, action="proposal.create", target=proposal)
    return proposal


def proposal_update(*, proposal: Proposal, actor, token=None, **data) -> Proposal:
    """Edit a draft (or a proposal sent back for changes): each edit is a new version."""
    if proposal.status not in workflow.PROPOSAL_EDITABLE:
        raise Conflict(_("Only a draft or a proposal sent back for changes can be edited."))
    for field, value in data.items():
        setattr(proposal, field, value)
    _validate(proposal)
    with transaction.atomic():
        number = proposal.current_version + 1
        changed = Proposal.objects.filter(
            pk=proposal.pk, current_version=proposal.current_version, status__in=workflow.PROPOSAL_EDITABLE
        ).update(current_version=number)
        if not changed:
            raise Conflict(_("The proposal was changed by someone else; reload and try again."))
        proposal.current_version = number
        proposal.save()
        ProposalVersion.objects.create(
            workspace=proposal.workspace,
            proposal=proposal,
            number=number,
            snapshot=_snapshot(proposal),
            created_by=actor,
        )
        audit_record(
            workspace=proposal.workspace,
            actor=actor,
            token=token,
            action="proposal.update",
            target=proposal,
            changes={"version": number},
        )
    return proposal


def _proposal_url(proposal) -> str:
    return reverse("planning:proposal", kwargs={"workspace_slug": proposal.workspace.slug, "pk": proposal.pk})


def proposal_submit(*, proposal: Proposal, actor, token=None) -> Proposal:
    with transaction.atomic():
        changed = Proposal.objects.filter(pk=proposal.pk, status__in=workflow.PROPOSAL_EDITABLE).update(
            status=ProposalStatus.SUBMITTED, updated_at=timezone.now()
        )
        if not changed:
            raise Conflict(_("Only a draft or a proposal sent back for changes can be submitted."))
        proposal.refresh_from_db()
        ProposalEvent.objects.create(
            workspace=proposal.workspace,
            proposal=proposal,
            kind=ProposalEventKind.SUBMITTED,
            version=proposal.current_version,
            author=actor,
        )
        audit_record(
            workspace=proposal.workspace, actor=actor, token=token, action="proposal.submit", target=proposal
        )
        for approver in _approvers(proposal.workspace):
            if approver != actor:
                _notify(
                    workspace=proposal.workspace,
                    recipient=approver,
                    kind=NotificationKind.REVIEW_REQUESTED,
                    message=lambda: _("The proposal “%(title)s” waits for your decision.")
                    % {"title": proposal.title},
                    url=_proposal_url(proposal),
                )
    return proposal


DECISIONS = {
    "approve": (ProposalStatus.APPROVED, ProposalEventKind.APPROVED),
    "reject": (ProposalStatus.REJECTED, ProposalEventKind.REJECTED),
    "request_changes": (ProposalStatus.CHANGES_REQUESTED, ProposalEventKind.CHANGES_REQUESTED),
}


def proposal_decide(
    *, proposal: Proposal, actor, decision: str, can_approve: bool, comment: str = "", token=None
) -> Proposal:
    """A manager or owner approves, rejects or sends back a submitted proposal (403 for others,
    409 unless submitted). The decision joins the history; the author is notified."""
    if not can_approve:
        raise Forbidden(_("Only managers and owners decide on proposals."))
    if decision not in DECISIONS:
        raise AppError(_("Unknown decision."), errors={"decision": [decision]})
    status, event_kind = DECISIONS[decision]
    if decision == "request_changes" and not (comment or "").strip():
        raise AppError(_("Say what to change."), errors={"comment": [_("Required.")]})
    with transaction.atomic():
        final = decision != "request_changes"
        now = timezone.now()
        changed = Proposal.objects.filter(pk=proposal.pk, status=ProposalStatus.SUBMITTED).update(
            status=status,
            updated_at=now,
            decided_by=actor if final else None,
            decided_at=now if final else None,
        )
        if not changed:
            raise Conflict(_("Only a submitted proposal can be decided."))
        proposal.refresh_from_db()
        ProposalEvent.objects.create(
            workspace=proposal.workspace,
            proposal=proposal,
            kind=event_kind,
            version=proposal.current_version,
            author=actor,
            body=(comment or "").strip(),
        )
        audit_record(
            workspace=proposal.workspace,
            actor=actor,
            token=token,
            action=f"proposal.{decision}",
            target=proposal,
            changes={"status": [ProposalStatus.SUBMITTED, status]},
        )
        if final:
            emit(
                workspace=proposal.workspace,
                event="proposal.decided",
                payload={"id": proposal.pk, "title": proposal.title, "status": status},
            )
        if proposal.author_id and proposal.author != actor:
            _notify(
                workspace=proposal.workspace,
                recipient=proposal.author,
                kind=NotificationKind.DECISION,
                message=lambda: _("Decision on “%(title)s”: %(status)s.")
                % {"title": proposal.title, "status": ProposalStatus(status).label},
                url=_proposal_url(proposal),
            )
    return proposal


def proposal_comment(*, proposal: Proposal, actor, body: str, token=None) -> ProposalEvent:
    body = (body or "").strip()
    if not body:
        raise AppError(_("The comment is empty."), errors={"body": [_("Required.")]})
    with transaction.atomic():
        event = ProposalEvent.objects.create(
            workspace=proposal.workspace,
            proposal=proposal,
            kind=ProposalEventKind.COMMENT,
            version=proposal.current_version,
            author=actor,
            body=body[:5000],
        )
        audit_record(
            workspace=proposal.workspace, actor=actor, token=token, action="proposal.comment", target=proposal
        )
    return event


# What a goal counts -> the campaign objective that moves it directly (when the goal's kind allows it).
OBJECTIVE_FOR_METRIC = {
    "revenue": "sales",
    "sales": "sales",
    "leads": "leads",
    "reach": "reach",
    "impressions": "reach",
    "followers": "community_growth",
    "engagements": "engagement",
    "clicks": "traffic",
}
CAMPAIGN_DAYS_WITHOUT_GOAL_PERIOD = 30


def proposal_campaign_fields(proposal: Proposal) -> dict:
    """What a campaign takes from an approved proposal: its title as the name, its goal, budget,
    segment; the objective that serves the goal (``OBJECTIVE_FOR_METRIC`` when the goal's kind
    allows it, else the goal kind's first direct objective); the goal's period from today on (or
    30 days from today when the goal's period is over); the expected effect as the KPI on the
    goal's metric. A proposal names no channels, so the campaign starts with none."""
    goal = proposal.goal
    allowed = objectives_for(goal.kind)
    objective = OBJECTIVE_FOR_METRIC.get(goal.target_metric)
    if objective not in allowed:
        objective = allowed[0] if allowed else (objective or "sales")
    starts_on = max(timezone.localdate(), goal.starts_on)
    ends_on = goal.ends_on
    if ends_on < starts_on:
        starts_on = timezone.localdate()
        ends_on = starts_on + timedelta(days=CAMPAIGN_DAYS_WITHOUT_GOAL_PERIOD)
    kpis = []
    if goal.target_metric in KpiMetric.values and proposal.expected_effect > 0:
        kpis = [{"metric": goal.target_metric, "target_value": proposal.expected_effect}]
    description = "\n\n".join(part.strip() for part in (proposal.problem, proposal.idea) if part.strip())
    return {
        "name": proposal.title[:200],
        "objective": objective,
        "goal": goal,
        "budget": proposal.budget,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "channels": [],
        "description": description,
        "segments": [proposal.segment] if proposal.segment_id else [],
        "kpis": kpis,
    }


def proposal_to_campaign(*, proposal: Proposal, actor, token=None) -> tuple[Campaign, bool]:
    """An approved proposal becomes a draft campaign in one step (``proposal_campaign_fields``),
    linked both ways and audit-logged. Idempotent: when the proposal already has its campaign,
    that campaign is answered and nothing is created (``created`` is False). 409 for a proposal
    that is not approved. Who may do it (the right to create campaigns) is the caller's check."""
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("goal", "segment")
            .get(pk=proposal.pk)
        )
        if locked.campaign_id:
            return locked.campaign, False
        if locked.status != ProposalStatus.APPROVED:
            raise Conflict(_("Only an approved proposal becomes a campaign."))
        fields = proposal_campaign_fields(locked)
        campaign = campaign_create(workspace=locked.workspace, actor=actor, token=token, **fields)
        Proposal.objects.filter(pk=locked.pk).update(campaign=campaign)
        audit_record(
            workspace=locked.workspace,
            actor=actor,
            token=token,
            action="proposal.campaign_created",
            target=locked,
            changes={"campaign": [None, campaign.pk]},
        )
    proposal.campaign = campaign
    return campaign, True


# --- share links with clients -------------------------------------------------------------------


def share_link_create(
    *, workspace, actor, campaign, starts_on: date, ends_on: date, days: int | None = None, token=None
) -> tuple[ShareLink, str]:
    """A secret link to the campaign's items in the period; returns (link, the token shown once)."""
    secret = secrets.token_urlsafe(24)
    link = ShareLink(
        workspace=workspace,
        campaign=campaign,
        starts_on=starts_on,
        ends_on=ends_on,
        token_hash=hash_secret(secret),
        expires_at=timezone.now() + timedelta(days=days or settings.PLANNING_SHARE_LINK_DAYS),
        created_by=actor,
    )
    if starts_on and ends_on and ends_on < starts_on:
        raise AppError(
            _("The end date must not be before the start date."), errors={"ends_on": [_("Before the start.")]}
        )
    _validate(link)
    with transaction.atomic():
        link.save()
        audit_record(workspace=workspace, actor=actor, token=token, action="share_link.create", target=link)
    return link, secret


def share_link_revoke(*, link: ShareLink, actor, token=None) -> ShareLink:
    with transaction.atomic():
        if ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
            audit_record(
                workspace=link.workspace, actor=actor, token=token, action="share_link.revoke", target=link
            )
    link.refresh_from_db()
    return link


class LinkGone(AppError):
    status_code = 410


def share_link_resolve(*, secret: str) -> ShareLink:
    """The open link for ``secret``: 404 when unknown, 410 when expired or revoked."""
    from django.http import Http404

    link = (
        ShareLink.objects.select_related("workspace", "campaign")
        .filter(token_hash=hash_secret(secret))
        .first()
    )
    if link is None:
        raise Http404
    if link.revoked_at is not None or link.expires_at <= timezone.now():
        raise LinkGone(_("This link has expired or was revoked."))
    return link


def share_link_items(link: ShareLink):
    start = timezone.make_aware(datetime.combine(link.starts_on, time.min))
    end = timezone.make_aware(datetime.combine(link.ends_on + timedelta(days=1), time.min))
    return PlanItem.objects.for_workspace(link.workspace).filter(
        campaign=link.campaign, scheduled_at__gte=start, scheduled_at__lt=end
    )


def client_decide(
    *, link: ShareLink, item_id: int, decision: str, client_name: str, comment: str = ""
) -> ClientDecision:
    """A client (no account) approves or rejects an item of the shared plan with their name."""
    if decision not in ClientDecisionKind.values:
        raise AppError(_("Approve or reject."), errors={"decision": [decision]})
    client_name = (client_name or "").strip()
    if not client_name:
        raise AppError(_("Give your name."), errors={"client_name": [_("Required.")]})
    item = share_link_items(link).filter(pk=item_id).first()
    if item is None:
        from django.http import Http404

        raise Http404
    with transaction.atomic():
        record = ClientDecision(
            workspace=link.workspace,
            share_link=link,
            item=item,
            decision=decision,
            client_name=client_name[:120],
            comment=(comment or "").strip()[:2000],
        )
        _validate(record)
        record.save()
        PlanItem.objects.filter(pk=item.pk).update(
            client_decision=decision, client_decision_by=record.client_name, client_decision_at=timezone.now()
        )
        if record.comment:
            PlanItemComment.objects.create(
                workspace=link.workspace,
                item=item,
                author_name=record.client_name,
                body=record.comment,
                via_share_link=link,
            )
        audit_record(
            workspace=link.workspace,
            actor=None,
            action=f"plan_item.client_{decision}",
            target=item,
            changes={"client": record.client_name, "share_link": link.pk},
        )
        recipient = item.assignee or link.created_by
        if recipient is not None:
            _notify(
                workspace=link.workspace,
                recipient=recipient,
                kind=NotificationKind.DECISION,
                message=lambda: _("%(name)s (client): %(decision)s “%(title)s”.")
                % {
                    "name": record.client_name,
                    "decision": ClientDecisionKind(decision).label,
                    "title": item.title,
                },
                url=_item_url(item),
            )
    return record


def client_comment(*, link: ShareLink, item_id: int, client_name: str, body: str) -> PlanItemComment:
    client_name, body = (client_name or "").strip(), (body or "").strip()
    errors = {}
    if not client_name:
        errors["client_name"] = [_("Required.")]
    if not body:
        errors["body"] = [_("Required.")]
    if errors:
        raise AppError(_("The request is invalid."), errors=errors)
    item = share_link_items(link).filter(pk=item_id).first()
    if item is None:
        from django.http import Http404

        raise Http404
    comment = PlanItemComment(
        workspace=link.workspace, item=item, author_name=client_name[:120], body=body, via_share_link=link
    )
    _validate(comment)
    with transaction.atomic():
        comment.save()
        audit_record(
            workspace=link.workspace,
            actor=None,
            action="plan_item.client_comment",
            target=item,
            changes={"client": client_name},
        )
    return comment


# --- calendar feed ------------------------------------------------------------------------------


def _feed_digest(feed: CalendarFeed) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"calendar-feed:{feed.pk}:{feed.nonce}".encode(), hashlib.sha256
    ).hexdigest()[:40]


def calendar_feed_token(feed: CalendarFeed) -> str:
    return f"{feed.pk}-{_feed_digest(feed)}"


def calendar_feed_get(*, workspace, user) -> CalendarFeed:
    """``user``'s feed of ``workspace``. Only owners and managers hold one (the URL is a secret
    that shows the whole plan): anyone else is refused."""
    _feed_holder_check(workspace=workspace, user=user)
    feed, _created = CalendarFeed.objects.get_or_create(
        workspace=workspace, created_by=user, defaults={"nonce": secrets.token_hex(16)}
    )
    return feed


def _feed_holder_check(*, workspace, user) -> None:
    role = Membership.objects.filter(workspace=workspace, user=user).values_list("role", flat=True).first()
    if not perms.can_approve(role):
        raise Forbidden(_("Only owners and managers get the calendar feed address."))


def calendar_feed_rotate(*, workspace, actor, token=None) -> CalendarFeed:
    """A new secret for ``actor``'s feed: the old URL stops working at once."""
    with transaction.atomic():
        feed = calendar_feed_get(workspace=workspace, user=actor)
        feed.nonce = secrets.token_hex(16)
        feed.save()
        audit_record(workspace=workspace, actor=actor, token=token, action="calendar_feed.rotate")
    return feed


def calendar_feed_resolve(*, workspace_slug: str, secret: str) -> CalendarFeed | None:
    """The feed behind ``secret``, or None: a wrong or rotated secret, or a feed whose creator is
    no longer an owner or manager of the workspace (left, was removed or demoted)."""
    pk, _sep, digest = (secret or "").partition("-")
    if not pk.isdigit() or not digest or len(pk) > 18:
        return None
    feed = (
        CalendarFeed.objects.select_related("workspace")
        .filter(
            pk=int(pk),
            workspace__slug=workspace_slug,
            created_by__in=Membership.objects.filter(
                workspace_id=OuterRef("workspace_id"), role__in=[Role.OWNER, Role.MANAGER]
            ).values("user_id"),
        )
        .first()
    )
    if feed is None or not hmac.compare_digest(_feed_digest(feed), digest):
        return None
    return feed
