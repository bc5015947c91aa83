"""Emails of accounts, rendered in the recipient's language (text only: nothing to escape)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Invitation, Membership, Notification, SignupRequest


def header_safe(text: str, limit: int = 200) -> str:
    """One line for an email header: user-typed titles may hold newlines (which mail refuses as
    header injection) or other control characters; they become single spaces."""
    line = "".join(" " if (ch.isspace() or not ch.isprintable()) else ch for ch in str(text))
    return " ".join(line.split())[:limit]


def _send_templated(name: str, context: dict, to: str) -> None:
    """Render ``accounts/email/<name>_subject.txt`` and ``<name>.txt`` in the active language and
    send them to one address (call it inside ``translation.override`` of the recipient)."""
    subject = header_safe(render_to_string(f"accounts/email/{name}_subject.txt", context))
    body = render_to_string(f"accounts/email/{name}.txt", context)
    send_mail(subject, body, None, [to])


def send_invitation(*, invitation: Invitation, token: str) -> None:
    language = getattr(invitation.invited_by, "language", settings.LANGUAGE_CODE)
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": token}),
            "role": invitation.get_role_display(),
        }
        _send_templated("invitation", context, invitation.email)


def send_membership_added(*, membership: Membership) -> None:
    with translation.override(membership.user.language):
        context = {
            "membership": membership,
            "role": membership.get_role_display(),
            "url": settings.SITE_URL
            + reverse("reports:home", kwargs={"workspace_slug": membership.workspace.slug}),
        }
        _send_templated("member_added", context, membership.user.email)


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
    subject = header_safe(f"[{notification.workspace.name}] {notification.title}")
    send_mail(subject, body, None, [notification.user.email])


def send_signup_confirmation(*, signup: SignupRequest, token: str) -> None:
    """The link that creates the account: only the owner of the mailbox can open it."""
    with translation.override(signup.language):
        context = {
            "url": settings.SITE_URL + reverse("accounts:signup-confirm", kwargs={"token": token}),
            "hours": settings.SIGNUP_TTL_HOURS,
        }
        _send_templated("signup_confirm", context, signup.email)


def send_signup_exists(*, signup: SignupRequest) -> None:
    """Someone signed up with an address that has an account: tell its owner, not the page."""
    with translation.override(signup.language):
        context = {
            "login_url": settings.SITE_URL + reverse("accounts:login"),
            "reset_url": settings.SITE_URL + reverse("accounts:password-reset"),
        }
        _send_templated("signup_exists", context, signup.email)
