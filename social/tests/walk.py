"""What the outsider walk needs to know about social's URLs."""

from negativity.models import Mention
from negativity.tests.factories import MentionFactory
from planning.models import PlanItem
from planning.tests.factories import PlanItemFactory
from social.models import SocialAccount, SocialPost

from .factories import SocialAccountFactory, SocialPostFactory

FACTORIES = {
    SocialAccount: lambda ws: SocialAccountFactory(workspace=ws),
    SocialPost: lambda ws: SocialPostFactory(workspace=ws),
    PlanItem: lambda ws: PlanItemFactory(workspace=ws),
    Mention: lambda ws: MentionFactory(workspace=ws),
}
