"""Planning's reactions to accounts' changes: a calendar feed dies with its creator's membership
(or manager role), so a URL handed out earlier never outlives the person who held it."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts import permissions as perms
from accounts.models import Membership

from .models import CalendarFeed


@receiver(post_delete, sender=Membership, dispatch_uid="planning.feed_member_left")
def drop_feeds_of_departed_member(sender, instance: Membership, **kwargs) -> None:
    CalendarFeed.objects.filter(workspace_id=instance.workspace_id, created_by_id=instance.user_id).delete()


@receiver(post_save, sender=Membership, dispatch_uid="planning.feed_member_demoted")
def drop_feeds_of_demoted_member(sender, instance: Membership, **kwargs) -> None:
    if not perms.can_approve(instance.role):
        drop_feeds_of_departed_member(sender, instance)
