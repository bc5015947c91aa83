"""What the outsider walk needs to know about the campaigns area's URLs."""

from campaigns.models import (
    AlignmentCheck,
    AudienceSegment,
    BusinessGoal,
    Campaign,
    CampaignTemplate,
    Conversion,
    MetricDaily,
    Trend,
    TrendTrial,
)

from .factories import (
    AlignmentCheckFactory,
    CampaignFactory,
    ConversionFactory,
    GoalFactory,
    MetricFactory,
    SegmentFactory,
    TemplateFactory,
    TrendFactory,
    TrendTrialFactory,
)

FACTORIES = {
    BusinessGoal: lambda ws: GoalFactory(workspace=ws),
    Campaign: lambda ws: CampaignFactory(workspace=ws),
    MetricDaily: lambda ws: MetricFactory(campaign=CampaignFactory(workspace=ws)),
    Conversion: lambda ws: ConversionFactory(campaign=CampaignFactory(workspace=ws)),
    AudienceSegment: lambda ws: SegmentFactory(workspace=ws),
    Trend: lambda ws: TrendFactory(workspace=ws),
    TrendTrial: lambda ws: TrendTrialFactory(trend=TrendFactory(workspace=ws)),
    CampaignTemplate: lambda ws: TemplateFactory(workspace=ws),
    AlignmentCheck: lambda ws: AlignmentCheckFactory(campaign=CampaignFactory(workspace=ws)),
}

PUBLIC: dict = {}
