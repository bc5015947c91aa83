"""What the outsider walk needs to know about partners' URLs."""

from campaigns.models import Campaign
from partners.models import Deal, Deliverable, Negotiation, Partner, PartnerImport

from .factories import (
    CampaignFactory,
    DealFactory,
    DeliverableFactory,
    NegotiationFactory,
    PartnerFactory,
    PartnerImportFactory,
)

FACTORIES = {
    Partner: lambda ws: PartnerFactory(workspace=ws),
    Negotiation: lambda ws: NegotiationFactory(partner=PartnerFactory(workspace=ws)),
    Deal: lambda ws: DealFactory(partner=PartnerFactory(workspace=ws)),
    Deliverable: lambda ws: DeliverableFactory(deal=DealFactory(partner=PartnerFactory(workspace=ws))),
    PartnerImport: lambda ws: PartnerImportFactory(workspace=ws),
    Campaign: lambda ws: CampaignFactory(workspace=ws),
}
