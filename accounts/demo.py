"""Demo data of accounts: people and workspaces. Other apps add theirs in ``<app>/demo.py``."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import Role
from .models import User, Workspace
from .services import integration_token_create, member_invite, workspace_create

DEMO_PASSWORD = "demo-smm-2026"
DEMO_SLUG = "kolosok"


@dataclass
class DemoPeople:
    owner: User
    manager: User
    marketer: User
    viewer: User


def _user(email: str, full_name: str, language: str = "ru") -> User:
    user = User.objects.create_user(
        email=email, password=DEMO_PASSWORD, full_name=full_name, language=language
    )
    return user


def seed_people_and_workspaces() -> tuple[Workspace, DemoPeople]:
    """Create the demo team and the bakery chain's workspace (plus an agency client's)."""
    people = DemoPeople(
        owner=_user("marina@demo.smm", "Марина Соколова"),
        manager=_user("alexey@demo.smm", "Алексей Петров"),
        marketer=_user("olga@demo.smm", "Ольга Иванова"),
        viewer=_user("client@demo.smm", "Дмитрий Орлов (клиент)", language="en"),
    )
    workspace = workspace_create(name="Пекарня «Колосок»", slug=DEMO_SLUG, owner=people.owner)
    member_invite(workspace=workspace, email=people.manager.email, role=Role.MANAGER, actor=people.owner)
    member_invite(workspace=workspace, email=people.marketer.email, role=Role.MARKETER, actor=people.owner)
    member_invite(workspace=workspace, email=people.viewer.email, role=Role.VIEWER, actor=people.owner)
    member_invite(workspace=workspace, email="new.smm@demo.smm", role=Role.MARKETER, actor=people.owner)
    integration_token_create(
        workspace=workspace, name="amoCRM (продажи)", scopes=["conversions:write", "read"], actor=people.owner
    )
    integration_token_create(
        workspace=workspace, name="Мониторинг упоминаний", scopes=["mentions:write"], actor=people.owner
    )

    agency = workspace_create(name="Студия йоги «Прана»", slug="prana", owner=people.marketer)
    member_invite(workspace=agency, email=people.owner.email, role=Role.VIEWER, actor=people.marketer)
    return workspace, people
