"""What the outsider walk needs to know about accounts' URLs.

``FACTORIES``: how to make an object of a model inside a given (victim) workspace, so URLs with a
``pk`` can be walked. ``PUBLIC``: URLs that answer without a workspace membership on purpose,
with the URL kwargs to use and why they are public.
"""

from accounts.enums import Role
from accounts.models import ApiToken, AuditLog, Invitation, Membership, Notification

from .factories import AuditLogFactory, IntegrationTokenFactory, InvitationFactory, MembershipFactory

FACTORIES = {
    Membership: lambda ws: MembershipFactory(workspace=ws, role=Role.MARKETER),
    Invitation: lambda ws: InvitationFactory(workspace=ws),
    ApiToken: lambda ws: IntegrationTokenFactory(workspace=ws),
    AuditLog: lambda ws: AuditLogFactory(workspace=ws),
    Notification: lambda ws: Notification.objects.create(
        workspace=ws, user=ws.memberships.first().user, kind="test", title="VictimCanary-7f3a notice"
    ),
}

PUBLIC = {
    "healthz": {"why": "health probe for load balancers"},
    "schema": {"why": "the OpenAPI document is public"},
    "swagger-ui": {"why": "API documentation"},
    "api:auth-token": {"why": "exchanges credentials for a token"},
    "accounts:login": {"why": "sign-in page"},
    "accounts:signup": {"why": "sign-up page"},
    "accounts:signup-sent": {"why": "the check-your-email notice after sign-up"},
    "accounts:signup-confirm": {
        "why": "sign-up confirmation link (a wrong token is 410)",
        "kwargs": {"token": "no-such-signup"},
    },
    "accounts:language": {"why": "language switch for anonymous visitors too"},
    "accounts:password-reset": {"why": "password reset request"},
    "accounts:password-reset-done": {"why": "password reset notice"},
    "accounts:password-reset-confirm": {
        "why": "password reset link (a wrong token shows an error)",
        "kwargs": {"uidb64": "MQ", "token": "wrong-token"},
    },
    "accounts:password-reset-complete": {"why": "password reset notice"},
    "accounts:invitation": {
        "why": "invitation link (a wrong token is 404)",
        "kwargs": {"token": "no-such-invitation"},
    },
    "accounts:logout": {"why": "signing out"},
}
