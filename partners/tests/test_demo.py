"""The seeded demo links each publication where it says it was published: a deliverable (or a plan
item) on Telegram links to t.me, one on VK to vk.com, and so on."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from partners.models import Deliverable, PartnerChannel
from planning.models import PlanItem

pytestmark = pytest.mark.django_db

#: The hosts a link on each channel may have; a channel without its own platform (email, website,
#: other) may link anywhere but to a social platform.
HOSTS = {
    "vk": {"vk.com"},
    "telegram": {"t.me"},
    "ok": {"ok.ru"},
    "dzen": {"dzen.ru"},
    "youtube": {"youtube.com", "www.youtube.com", "youtu.be"},
    "rutube": {"rutube.ru"},
    "vk_video": {"vkvideo.ru", "vk.com"},
}
SOCIAL = set().union(*HOSTS.values())


def _mismatch(channel: str, url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host not in HOSTS[channel] if channel in HOSTS else host in SOCIAL


def test_every_demo_link_is_on_the_host_of_its_channel(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    deliverables = list(Deliverable.objects.exclude(published_url="").values_list("channel", "published_url"))
    items = list(PlanItem.objects.exclude(published_url="").values_list("channel", "published_url"))
    channels = list(PartnerChannel.objects.exclude(url="").values_list("platform", "url"))
    assert {c for c, _ in deliverables} >= {"vk", "telegram"}, "the demo publishes on both"
    assert {c for c, _ in items} >= {"vk", "telegram"}
    wrong = [(c, u) for c, u in deliverables + items + channels if _mismatch(c, u)]
    assert wrong == []
