"""What the outsider walk needs to know about planning's URLs."""

from accounts.models import Membership
from planning.models import (
    BrainstormSession,
    Idea,
    Milestone,
    Notification,
    PlanItem,
    Proposal,
    ShareLink,
    Task,
)

from .factories import (
    BrainstormFactory,
    IdeaFactory,
    MilestoneFactory,
    NotificationFactory,
    PlanItemFactory,
    ProposalFactory,
    ShareLinkFactory,
    TaskFactory,
)


def _notification(ws):
    owner = Membership.objects.filter(workspace=ws).select_related("user").first()
    return NotificationFactory(workspace=ws, recipient=owner.user)


FACTORIES = {
    PlanItem: lambda ws: PlanItemFactory(workspace=ws),
    Task: lambda ws: TaskFactory(workspace=ws),
    Milestone: lambda ws: MilestoneFactory(workspace=ws),
    BrainstormSession: lambda ws: BrainstormFactory(workspace=ws),
    Idea: lambda ws: IdeaFactory(workspace=ws),
    Proposal: lambda ws: ProposalFactory(workspace=ws),
    ShareLink: lambda ws: ShareLinkFactory(workspace=ws),
    Notification: _notification,
}

PUBLIC = {
    "planning:ics": {
        "why": "iCalendar feed behind its secret URL (a wrong secret is 404)",
        "kwargs": {"secret": "1-not-the-secret"},
    },
    "planning:shared": {
        "why": "a client's shared plan behind its secret link (a wrong secret is 404)",
        "kwargs": {"secret": "not-the-secret"},
    },
}
