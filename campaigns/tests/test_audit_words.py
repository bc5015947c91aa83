"""The audit log reads a campaign's, a template's or a segment's channels as their names, in the
reader's language (``AUDIT_CHOICES``), not as the codes the API takes."""

import re

import pytest

from accounts.models import AuditLog

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _changes_cell(client, personas, action: str) -> str:
    body = client.get(f"/w/{personas.workspace.slug}/audit/?action={action}").content.decode()
    cell = re.search(r'data-testid="audit-changes">(.*?)</td>', body, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()


def test_campaign_channels_read_as_names_on_the_audit_page(personas, api_as, client):
    campaign = CampaignFactory(workspace=personas.workspace, channels=["vk"])
    response = api_as(personas.marketer).patch(
        f"/api/v1/workspaces/{personas.workspace.slug}/campaigns/{campaign.pk}/",
        {"channels": ["vk", "ok"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    entry = AuditLog.objects.get(workspace=personas.workspace, action="campaign.updated")
    assert entry.changes["channels"] == [["vk"], ["vk", "ok"]], "the log keeps the codes"

    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)
    assert "Каналы: ВКонтакте → ВКонтакте, Одноклассники" in _changes_cell(client, personas, "campaign")

    personas.owner.language = "en"
    personas.owner.save(update_fields=["language"])
    assert "Channels: VK → VK, Odnoklassniki" in _changes_cell(client, personas, "campaign")
