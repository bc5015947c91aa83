"""Factories of accounts and the personas every test suite uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import factory
from django.utils import timezone

from accounts.enums import Role, TokenKind
from accounts.models import ApiToken, AuditLog, Invitation, Membership, User, Workspace
from accounts.services import hash_secret

PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"User {n}")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Workspace {n}")
    slug = factory.Sequence(lambda n: f"ws-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MARKETER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    workspace = factory.SubFactory(WorkspaceFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.test")
    role = Role.VIEWER
    token_hash = factory.Sequence(lambda n: hash_secret(f"invitation-{n}"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class IntegrationTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    kind = TokenKind.INTEGRATION
    name = factory.Sequence(lambda n: f"Integration {n}")
    workspace = factory.SubFactory(WorkspaceFactory)
    scopes = factory.LazyFunction(lambda: ["read"])
    prefix = "smm_test00"
    key_hash = factory.Sequence(lambda n: hash_secret(f"key-{n}"))


class AuditLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditLog

    workspace = factory.SubFactory(WorkspaceFactory)
    action = "test.action"
    target_repr = "test object"


@dataclass
class PersonaSet:
    workspace: Workspace
    owner: User
    manager: User
    marketer: User
    viewer: User
    outsider: User
    other_workspace: Workspace

    def member(self, role: str) -> User:
        return getattr(self, role)


def make_personas() -> PersonaSet:
    workspace = WorkspaceFactory(name="Acme Bakery", slug="acme")
    users = {
        role: UserFactory(email=f"{role}@acme.test") for role in ("owner", "manager", "marketer", "viewer")
    }
    for role, user in users.items():
        MembershipFactory(workspace=workspace, user=user, role=role)
    other = WorkspaceFactory(name="Other Brand", slug="other")
    outsider = UserFactory(email="outsider@other.test")
    MembershipFactory(workspace=other, user=outsider, role=Role.OWNER)
    return PersonaSet(workspace=workspace, other_workspace=other, outsider=outsider, **users)
