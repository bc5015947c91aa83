"""What the outsider walk needs to know about planning's URLs."""

from planning.models import (
    BrainstormSession,
    Idea,
    Milestone,
    PlanItem,
    PlanItemAttachment,
    Proposal,
    ShareLink,
    Task,
)

from .factories import (
    BrainstormFactory,
    IdeaFactory,
    MilestoneFactory,
    PlanItemAttachmentFactory,
    PlanItemFactory,
    ProposalFactory,
    ShareLinkFactory,
    TaskFactory,
)

FACTORIES = {
    PlanItem: lambda ws: PlanItemFactory(workspace=ws),
    Task: lambda ws: TaskFactory(workspace=ws),
    Milestone: lambda ws: MilestoneFactory(workspace=ws),
    BrainstormSession: lambda ws: BrainstormFactory(workspace=ws),
    Idea: lambda ws: IdeaFactory(workspace=ws),
    Proposal: lambda ws: ProposalFactory(workspace=ws),
    ShareLink: lambda ws: ShareLinkFactory(workspace=ws),
    PlanItemAttachment: lambda ws: PlanItemAttachmentFactory(workspace=ws),
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
