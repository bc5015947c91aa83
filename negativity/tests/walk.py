"""What the outsider walk needs to know about the negativity inbox's URLs."""

from negativity.models import Incident, Mention, Reply, ResponseTemplate, RoutingRule

from .factories import (
    IncidentFactory,
    MentionFactory,
    ReplyFactory,
    ResponseTemplateFactory,
    RoutingRuleFactory,
)

FACTORIES = {
    Mention: lambda ws: MentionFactory(workspace=ws),
    Incident: lambda ws: IncidentFactory(workspace=ws),
    ResponseTemplate: lambda ws: ResponseTemplateFactory(workspace=ws),
    RoutingRule: lambda ws: RoutingRuleFactory(workspace=ws),
    Reply: lambda ws: ReplyFactory(workspace=ws),
}

PUBLIC = {
    "api:mentions-inbound": {
        "why": "inbound webhook for monitoring tools: authenticated by an HMAC-SHA256 signature of the body "
        "with the workspace's secret, not by a session or token (unsigned calls get 401)",
    },
}
