"""Factories of social rows."""

from __future__ import annotations

import factory

from accounts.tests.factories import WorkspaceFactory
from planning.tests.factories import PlanItemFactory
from social.models import SocialAccount, SocialPost


class SocialAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAccount
        skip_postgeneration_save = True  # the hook saves what it changes itself

    workspace = factory.SubFactory(WorkspaceFactory)
    network = "vk"
    external_id = factory.Sequence(lambda n: str(218000000 + n))
    name = factory.Sequence(lambda n: f"Community {n}")
    state = "connected"

    @factory.post_generation
    def access_token(obj, create, extracted, **kwargs):
        obj.set_access_token(extracted or "vk1.a.factory-token")
        if create:
            obj.save(update_fields=["token_encrypted"])


class SocialPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialPost

    workspace = factory.SubFactory(WorkspaceFactory)
    account = factory.LazyAttribute(lambda o: SocialAccountFactory(workspace=o.workspace))
    item = factory.LazyAttribute(lambda o: PlanItemFactory(workspace=o.workspace, channel=o.account.network))
