"""The home page's "Today": each thing that needs attention is named and linked, approvals only for
those who approve, tasks only the signed-in person's, and a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from negativity.tests.factories import IncidentFactory, MentionFactory
from partners.tests.factories import DealFactory, DeliverableFactory, PartnerFactory
from planning.tests.factories import PlanItemFactory, ProposalFactory, TaskFactory
from reports.agenda import LIMIT, agenda

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _week(personas, n: int = 1):
    ws = personas.workspace
    now = timezone.now()
    today = timezone.localdate()
    for i in range(n):
        IncidentFactory(workspace=ws, status="open", mention_count=11)
        MentionFactory(
            workspace=ws, text=f"Хлеб черствый {i}", sla_deadline=now - timedelta(hours=2), status="new"
        )
        CampaignFactory(
            workspace=ws,
            name=f"Масленица {i}",
            status="running",
            alignment_verdict="misaligned",
            alignment_reasons=[
                {"code": "zero_effect", "params": {"spend": "131346.78", "days": 12, "unit": "sales"}}
            ],
        )
        PlanItemFactory(workspace=ws, title=f"Пост на согласовании {i}", status="in_review")
        ProposalFactory(workspace=ws, title=f"Концепция {i}", status="submitted", author=personas.marketer)
        TaskFactory(
            workspace=ws, title=f"Фотосессия {i}", assignee=personas.manager, due_on=today - timedelta(days=1)
        )
        TaskFactory(workspace=ws, title=f"Сегодня {i}", assignee=personas.manager, due_on=today)
        deal = DealFactory(partner=PartnerFactory(workspace=ws, name=f"Блогер {i}"), workspace=ws)
        DeliverableFactory(deal=deal, workspace=ws, title=f"Обзор {i}", due_at=now + timedelta(days=3))


def _noise(personas):
    """Things that must NOT appear: closed, resolved, someone else's, aligned, far away."""
    ws = personas.workspace
    now = timezone.now()
    today = timezone.localdate()
    IncidentFactory(workspace=ws, status="closed")
    MentionFactory(workspace=ws, text="Уже решено", sla_deadline=now - timedelta(hours=2), status="resolved")
    MentionFactory(workspace=ws, text="Ещё есть время", sla_deadline=now + timedelta(hours=2), status="new")
    CampaignFactory(workspace=ws, name="Всё хорошо", status="running", alignment_verdict="aligned")
    CampaignFactory(workspace=ws, name="Отменена", status="cancelled", alignment_verdict="misaligned")
    TaskFactory(workspace=ws, title="Чужая задача", assignee=personas.marketer, due_on=today)
    TaskFactory(workspace=ws, title="Сделано", assignee=personas.manager, due_on=today, status="done")
    TaskFactory(
        workspace=ws, title="Через неделю", assignee=personas.manager, due_on=today + timedelta(days=7)
    )
    deal = DealFactory(partner=PartnerFactory(workspace=ws), workspace=ws)
    DeliverableFactory(deal=deal, workspace=ws, title="Далеко", due_at=now + timedelta(days=20))
    ProposalFactory(workspace=ws, title="Моя концепция", status="submitted", author=personas.manager)
    # Another workspace's urgent things never show.
    other = personas.other_workspace
    IncidentFactory(workspace=other, status="open")
    TaskFactory(workspace=other, title="Другое пространство", assignee=personas.manager, due_on=today)


def _titles(lists) -> dict[str, list[str]]:
    return {lst.key: [e.title for e in lst.entries] for lst in lists}


def test_agenda_names_what_needs_attention_today(personas):
    _week(personas)
    _noise(personas)
    with override("ru"):
        lists = agenda(workspace=personas.workspace, user=personas.manager, role="manager")
        titles = _titles(lists)
        assert [lst.key for lst in lists] == [
            "incidents",
            "sla",
            "campaigns",
            "approvals",
            "tasks",
            "deliverables",
        ]
        assert len(titles["incidents"]) == 1 and "coordinated" not in titles["incidents"][0]
        assert lists[0].entries[0].detail == "11 упоминаний"
        assert titles["sla"][0].endswith("Хлеб черствый 0") and len(titles["sla"]) == 1
        assert titles["campaigns"] == ["Масленица 0"]
        campaign = lists[2].entries[0]
        assert "131\u00a0346,78\u00a0₽" in campaign.detail  # a sentence in Russian number format
        assert campaign.badge and campaign.badge != "misaligned"  # the verdict's label
        assert set(titles["approvals"]) == {"Пост на согласовании 0", "Концепция 0"}
        assert titles["tasks"] == ["Фотосессия 0", "Сегодня 0"]
        assert [e.tone for e in lists[4].entries] == ["danger", "warning"]
        assert titles["deliverables"] == ["Блогер 0: Обзор 0"]
    for lst in lists:
        for entry in lst.entries:
            assert entry.url.startswith(f"/w/{personas.workspace.slug}/"), entry


def test_approvals_only_for_those_who_approve_and_tasks_only_mine(personas):
    _week(personas)
    marketer = _titles(agenda(workspace=personas.workspace, user=personas.marketer, role="marketer"))
    assert "approvals" not in marketer
    assert marketer["tasks"] == []  # the overdue tasks are the manager's


def test_home_page_shows_the_agenda_in_russian(client, personas):
    _week(personas)
    personas.manager.language = "ru"
    personas.manager.save(update_fields=["language"])
    client.force_login(personas.manager)
    html = client.get(f"/w/{personas.workspace.slug}/").content.decode()
    assert 'data-testid="agenda"' in html
    for name in ("Фотосессия 0", "Масленица 0", "Пост на согласовании 0", "Концепция 0", "Блогер 0: Обзор 0"):
        assert name in html


def test_clear_day_says_so(client, personas):
    client.force_login(personas.viewer)
    html = client.get(f"/w/{personas.workspace.slug}/").content.decode()
    assert 'data-testid="agenda-clear"' in html


def test_agenda_query_count_is_constant(
    client, personas, django_assert_num_queries, django_assert_max_num_queries
):
    _week(personas, 1)
    client.force_login(personas.manager)
    url = f"/w/{personas.workspace.slug}/"
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    _week(personas, LIMIT + 3)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    lists = {lst.key: lst for lst in response.context["agenda"]}
    assert len(lists["tasks"].entries) == LIMIT and lists["tasks"].more
