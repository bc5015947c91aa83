"""Thin Celery tasks of accounts: load by id, call one service or send one email."""

import logging

from celery import shared_task

from . import emails, services
from .models import Invitation, Membership, Notification, SignupRequest

logger = logging.getLogger(__name__)


def email_task(name: str):
    """A task that sends one email: acknowledged after it ran, retried with backoff while the
    mail server is unreachable (OSError), five times at most."""
    return shared_task(
        name=name,
        acks_late=True,
        autoretry_for=(OSError,),
        retry_backoff=True,
        retry_kwargs={"max_retries": 5},
    )


@email_task("accounts.send_invitation_email")
def send_invitation_email(*, invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("workspace", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_open:
        logger.info("invitation %s is gone or closed; no email", invitation_id)
        return
    emails.send_invitation(invitation=invitation, token=token)


@email_task("accounts.send_membership_email")
def send_membership_email(*, membership_id: int) -> None:
    membership = Membership.objects.select_related("workspace", "user").filter(pk=membership_id).first()
    if membership is None:
        logger.info("membership %s is gone; no email", membership_id)
        return
    emails.send_membership_added(membership=membership)


@shared_task(name="accounts.expire_invitations", acks_late=True)
def expire_invitations() -> int:
    return services.invitations_expire()


@email_task("accounts.send_notification_email")
def send_notification_email(*, notification_id: int) -> None:
    notification = Notification.objects.select_related("workspace", "user").filter(pk=notification_id).first()
    if notification is None:
        logger.info("notification %s is gone; no email", notification_id)
        return
    emails.send_notification(notification=notification)


@email_task("accounts.send_signup_email")
def send_signup_email(*, signup_id: int, token: str) -> None:
    signup = SignupRequest.objects.filter(pk=signup_id).first()
    if signup is None or not signup.is_open:
        logger.info("sign-up %s is gone or closed; no email", signup_id)
        return
    emails.send_signup_confirmation(signup=signup, token=token)


@email_task("accounts.send_signup_exists_email")
def send_signup_exists_email(*, signup_id: int) -> None:
    signup = SignupRequest.objects.filter(pk=signup_id).first()
    if signup is None:
        return
    emails.send_signup_exists(signup=signup)
