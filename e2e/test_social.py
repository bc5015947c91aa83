"""The owner connects a VK community and a Telegram channel (local stand-ins of both APIs), has an
approved item published to each at its time exactly once although VK first answers error 6 and
Telegram 429, pulls statistics into the campaign's metrics and two comments into the inbox, and
sends a reply to one of them; the stand-ins' records are checked."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from campaigns.models import MetricDaily
from negativity.models import Mention
from planning.models import PlanItem
from planning.tests.factories import CampaignFactory, PlanItemFactory
from social import tasks
from social.models import SocialAccount, SocialPost
from social.tests.conftest import TG_GROUP_ID, TG_TOKEN, VK_GROUP, VK_TOKEN, tg, vk  # noqa: F401

from .conftest import sign_in, switch_language


def _connect(page, network: str, external_id: str, token: str, name: str) -> SocialAccount:
    page.click("[data-testid=nav-social]")
    form = page.locator("[data-testid=connect-form]")
    form.locator("select[name=network]").select_option(network)
    form.locator("input[name=external_id]").fill(external_id)
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=access_token]").fill(token)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=account-state]")).to_have_text("Подключён")
    expect(page.locator("[data-testid=token-note]")).to_be_visible()
    assert token not in page.content()
    return SocialAccount.objects.get(network=network)


def _publish_through(page, item: PlanItem, account: SocialAccount) -> None:
    page.goto(f"/w/{item.workspace.slug}/plan/items/{item.pk}/")
    form = page.locator("[data-testid=social-account-form]")
    form.locator("select[name=account]").select_option(str(account.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=social-state]")).to_have_text("Ждёт своего времени")


@pytest.mark.django_db(transaction=True)
def test_owner_publishes_to_vk_and_telegram_syncs_and_replies(page, vk, tg, settings):  # noqa: F811
    settings.SOCIAL_RETRY_BASE_SECONDS = 0
    personas = make_personas()
    ws = personas.workspace
    campaign = CampaignFactory(workspace=ws, name="Хлеб к завтраку")
    due = timezone.now() + timedelta(seconds=20)
    common = {
        "workspace": ws,
        "campaign": campaign,
        "status": "approved",
        "assignee": personas.marketer,
        "approved_by": personas.manager,
        "approved_at": timezone.now(),
        "scheduled_at": due,
    }
    vk_item = PlanItemFactory(
        channel="vk", title="Завтрак с багетом", text="Багет к завтраку — с 8 утра", **common
    )
    tg_item = PlanItemFactory(
        channel="telegram", title="Анонс в канале", text="Новая пекарня на Ленина", **common
    )

    sign_in(page, personas.owner.email, PASSWORD)
    switch_language(page, "ru")
    vk_account = _connect(page, "vk", f"club{VK_GROUP}", VK_TOKEN, "Колосок ВК")
    tg_account = _connect(page, "telegram", "@kolosok_news", TG_TOKEN, "Колосок в Telegram")
    expect(page.locator("[data-testid=account-followers]")).to_have_text("860")
    _publish_through(page, vk_item, vk_account)
    _publish_through(page, tg_item, tg_account)

    # Before its time nothing is sent; then VK answers 6 and Telegram 429 once.
    tasks.publish_due.delay()
    assert vk.calls_of("wall.post") == [] and tg.calls_of("sendMessage") == []
    vk.fail_next("wall.post", (6, "Too many requests per second"))
    tg.fail_next("sendMessage", (429, "Too Many Requests: retry after 1", {"retry_after": 1}))
    while timezone.now() < due:
        page.wait_for_timeout(250)
    tasks.publish_due.delay()
    page.goto(f"/w/{ws.slug}/plan/items/{vk_item.pk}/")
    expect(page.locator("[data-testid=social-state]")).to_have_text("Будет повтор")
    expect(page.locator("[data-testid=social-error]")).to_contain_text("Too many requests per second")
    page.wait_for_timeout(1200)  # the networks' wait (VK 1 s, Telegram retry_after 1 s)
    tasks.publish_due.delay()
    tasks.publish_due.delay()  # a second beat tick sends nothing more

    page.reload()
    expect(page.locator("[data-testid=social-state]")).to_have_text("Отправлен")
    expect(page.locator("[data-testid=item-status]")).to_have_text("Опубликовано")
    vk_post = SocialPost.objects.get(item=vk_item)
    tg_post = SocialPost.objects.get(item=tg_item)
    assert (
        PlanItem.objects.get(pk=vk_item.pk).published_url
        == f"https://vk.com/wall-{VK_GROUP}_{vk_post.external_id}"
    )
    assert (
        PlanItem.objects.get(pk=tg_item.pk).published_url
        == f"https://t.me/kolosok_news/{tg_post.external_id}"
    )
    posted = vk.calls_of("wall.post")
    assert len(posted) == 2 and len(vk.posts[VK_GROUP]) == 1  # the refused call, then the one post
    assert posted[-1].params == {
        "owner_id": f"-{VK_GROUP}",
        "from_group": "1",
        "message": "Багет к завтраку — с 8 утра",
        "access_token": VK_TOKEN,
        "v": "5.199",
    }
    sent = tg.calls_of("sendMessage")
    assert len(sent) == 2 and [m["text"] for m in tg.chats[-1001234567890].messages] == [
        "Новая пекарня на Ленина"
    ]
    assert sent[-1].params["chat_id"] == "@kolosok_news"

    page.goto(f"/w/{ws.slug}/plan/?date={vk_item.scheduled_at.date().isoformat()}&view=list")
    expect(page.locator(f"[data-testid=item-badge-{vk_item.pk}]")).to_contain_text("Отправлен")

    # Statistics and two comments come back.
    vk.set_stats(VK_GROUP, int(vk_post.external_id), views=2400, likes=61, reposts=7)
    vk.add_comment(
        VK_GROUP,
        int(vk_post.external_id),
        user_id=5501,
        first="Ирина",
        last="Смирнова",
        text="А до скольки работаете в субботу?",
    )
    tg.add_comment(
        int(tg_post.external_id),
        user_id=777,
        username="anna_k",
        first="Анна",
        text="Ура, наконец-то рядом с домом!",
    )
    for account in (vk_account, tg_account):
        page.goto(f"/w/{ws.slug}/social/{account.pk}/")
        page.click("[data-testid=sync]")
        page.wait_for_load_state("networkidle")
        expect(page.locator("[data-testid=last-sync]")).not_to_have_text("—")
    expect(page.locator("[data-testid=post-row]")).to_have_count(1)
    row = MetricDaily.objects.get(campaign=campaign, channel="vk", date=timezone.localdate())
    assert (row.impressions, row.engagements, row.followers, row.posts) == (2400, 69, 1520, 1)
    assert (
        MetricDaily.objects.get(campaign=campaign, channel="telegram", date=timezone.localdate()).followers
        == 860
    )
    assert {m.source for m in Mention.objects.all()} == {"vk", "telegram"} and Mention.objects.count() == 2

    page.goto(f"/w/{ws.slug}/inbox/")
    expect(page.locator("main")).to_contain_text("А до скольки работаете в субботу?")
    mention = Mention.objects.get(source="vk")
    assert mention.campaign == campaign
    page.goto(f"/w/{ws.slug}/inbox/m/{mention.pk}/")
    expect(page.locator("[data-testid=social-mention]")).to_contain_text("Колосок ВК")
    form = page.locator("[data-testid=reply-form]")
    form.locator("textarea[name=text]").fill("Ирина, в субботу с 8 до 20. Ждём!")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=reply-sent]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=reply-status]").first).to_have_text("Отправлен")
    expect(page.locator("[data-testid=social-reply-link]")).to_contain_text(
        f"https://vk.com/wall-{VK_GROUP}_"
    )
    replied = vk.calls_of("wall.createComment")
    assert len(replied) == 1
    assert replied[0].params["message"] == "Ирина, в субботу с 8 до 20. Ждём!"
    assert replied[0].params["reply_to_comment"] == mention.external_id.rsplit("_", 1)[1]
    assert tg.calls_of("getUpdates") and tg.calls_of("getChatMemberCount")
    assert str(TG_GROUP_ID) in Mention.objects.get(source="telegram").external_id
