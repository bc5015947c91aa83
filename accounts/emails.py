"""Emails of accounts, rendered in the recipient's language (text only: nothing to escape)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Invitation, Membership, Notification


def send_invitation(*, invitation: Invitation, token: str) -> None:
    language = getattr(invitation.invited_by, "language", settings.LANGUAGE_CODE)
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": token}),
            "role": invitation.get_role_display(),
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def send_membership_added(*, membership: Membership) -> None:
    with translation.override(membership.user.language):
        context = {
            "membership": membership,
            "role": membership.get_role_display(),
            "url": settings.SITE_URL
            + reverse("reports:home", kwargs={"workspace_slug": membership.workspace.slug}),
        }
        subject = render_to_string("accounts/email/member_added_subject.txt", context).strip()
        body = render_to_string("accounts/email/member_added.txt", context)
    send_mail(subject, body, None, [membership.user.email])


def send_notification(*, notification: Notification) -> None:
    """A notification by email: plain text, in the recipient's language, untrusted text as is."""
    with translation.override(notification.user.language):
        context = {
            "notification": notification,
            "url": settings.SITE_URL + notification.url
            if notification.url.startswith("/")
            else notification.url,
        }
        body = render_to_string("accounts/email/notification.txt", context)
    send_mail(f"[{notification.workspace.name}] {notification.title}", body, None, [notification.user.email])
