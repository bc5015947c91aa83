"""Factories of the negativity inbox."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import WorkspaceFactory
from negativity.models import Author, Incident, Mention, Reply, ResponseTemplate, RoutingRule


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    workspace = factory.SubFactory(WorkspaceFactory)
    source = "vk"
    handle = factory.Sequence(lambda n: f"author{n}")
    followers = 120
    account_created_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=800))


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    workspace = factory.SubFactory(WorkspaceFactory)
    author = factory.LazyAttribute(lambda o: AuthorFactory(workspace=o.workspace))
    source = "vk"
    external_id = factory.Sequence(lambda n: f"post-{n}")
    text = "Заказ №12345 привезли холодным"
    published_at = factory.LazyFunction(timezone.now)
    language = "ru"
    sentiment = "negative"
    category = "natural"
    text_category = factory.LazyAttribute(lambda o: "natural" if o.category == "ordered" else o.category)
    topic = "delivery"
    risk = 40


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    workspace = factory.SubFactory(WorkspaceFactory)
    kind = "coordinated"
    confidence = 0.8
    opened_at = factory.LazyFunction(timezone.now)
    shared_phrases = factory.LazyFunction(lambda: ["не покупайте в колосок"])


class ResponseTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseTemplate

    workspace = factory.SubFactory(WorkspaceFactory)
    category = "natural"
    name = factory.Sequence(lambda n: f"Playbook {n}")
    steps = "Acknowledge\nFix"
    body = "Hello {author}, order {order_number}"


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Rule {n}")
    conditions = factory.LazyFunction(lambda: [{"field": "category", "value": "ordered"}])
    actions = factory.LazyFunction(lambda: [{"action": "priority", "value": "urgent"}])


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    workspace = factory.SubFactory(WorkspaceFactory)
    mention = factory.LazyAttribute(lambda o: MentionFactory(workspace=o.workspace))
    text = "Здравствуйте!"
    status = "pending_approval"
    needs_approval = True
