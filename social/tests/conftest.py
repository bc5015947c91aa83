"""Stand-ins of both networks for social's tests, with the settings pointing at them."""

from __future__ import annotations

import pytest

from .standins import TelegramStandIn, VkStandIn

VK_TOKEN = "vk1.a.community-token-for-tests"
TG_TOKEN = "123456:TEST-bot-token"
VK_GROUP = "218000111"
TG_CHANNEL_ID = -1001234567890
TG_GROUP_ID = -1009876543210


@pytest.fixture
def vk(settings):
    stand_in = VkStandIn().start()
    stand_in.add_group(
        VK_GROUP, name="Пекарня «Колосок»", token=VK_TOKEN, members=1520, screen_name="kolosok_bakery"
    )
    settings.VK_API_BASE_URL = stand_in.base_url
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    yield stand_in
    stand_in.stop()


@pytest.fixture
def tg(settings):
    stand_in = TelegramStandIn().start()
    stand_in.add_bot(TG_TOKEN, bot_id=123456, username="kolosok_smm_bot")
    stand_in.add_channel(
        chat_id=TG_CHANNEL_ID,
        username="kolosok_news",
        title="Колосок: новости",
        members=860,
        group_id=TG_GROUP_ID,
        group_title="Колосок: обсуждение",
    )
    settings.TELEGRAM_API_BASE_URL = stand_in.base_url
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    yield stand_in
    stand_in.stop()


@pytest.fixture
def vk_account(personas, vk):
    from social import services

    account = services.account_create(
        workspace=personas.workspace,
        actor=personas.owner,
        network="vk",
        external_id=VK_GROUP,
        access_token=VK_TOKEN,
    )
    return services.account_check(account=account, actor=personas.owner)


@pytest.fixture
def tg_account(personas, tg):
    from social import services

    account = services.account_create(
        workspace=personas.workspace,
        actor=personas.owner,
        network="telegram",
        external_id="@kolosok_news",
        access_token=TG_TOKEN,
    )
    return services.account_check(account=account, actor=personas.owner)


@pytest.fixture
def campaign(personas):
    from planning.tests.factories import CampaignFactory

    return CampaignFactory(workspace=personas.workspace, name="Хлеб к завтраку")


@pytest.fixture
def make_item(personas, campaign):
    """An approved plan item due a minute ago (or ``at``), published through ``account``."""
    from datetime import timedelta

    from django.utils import timezone

    from planning.tests.factories import PlanItemFactory
    from social import services

    def make(account, *, status="approved", at=None, text="Свежий хлеб каждое утро"):
        item = PlanItemFactory(
            workspace=personas.workspace,
            channel=account.network,
            status=status,
            campaign=campaign,
            assignee=personas.marketer,
            text=text,
            scheduled_at=at or timezone.now() - timedelta(minutes=1),
            approved_at=timezone.now() if status in ("approved", "scheduled") else None,
            approved_by=personas.manager if status in ("approved", "scheduled") else None,
        )
        services.item_account_set(item=item, account=account, actor=personas.marketer)
        return item

    return make
