"""Dashboard pages: calendar views and their query counts, drag and drop, the approval with
acknowledgement, board, ideas, proposals, sharing, notifications; viewer 403, outsider 404."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planning.models import PlanItem, Task

from .factories import BrainstormFactory, CampaignFactory, PlanItemFactory, ProposalFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_calendar_month_query_count_is_constant(personas, client, django_assert_num_queries):
    ws = personas.workspace
    campaign = CampaignFactory(workspace=ws)
    client.force_login(personas.marketer)
    day = timezone.localdate()
    url = f"/w/acme/plan/?date={day.isoformat()}"
    PlanItemFactory(workspace=ws, campaign=campaign, assignee=personas.marketer)
    one = _queries(client, url)
    when = timezone.now()
    PlanItem.objects.bulk_create(
        PlanItem(
            workspace=ws,
            title=f"P{n}",
            channel="vk" if n % 2 else "telegram",
            campaign=campaign,
            assignee=personas.marketer,
            scheduled_at=when + timedelta(hours=n % 500),
        )
        for n in range(1500)
    )
    with django_assert_num_queries(one):
        response = client.get(url)
    assert 'data-testid="overload"' in response.content.decode()


@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_calendar_views_show_items(personas, client, view):
    PlanItemFactory(workspace=personas.workspace, title="Пост про круассаны", scheduled_at=timezone.now())
    client.force_login(personas.viewer)
    response = client.get(f"/w/acme/plan/?view={view}")
    assert response.status_code == 200
    assert "Пост про круассаны" in response.content.decode()


def test_calendar_filter_by_channel(personas, client):
    PlanItemFactory(workspace=personas.workspace, title="ВК-пост", channel="vk", scheduled_at=timezone.now())
    PlanItemFactory(
        workspace=personas.workspace, title="ТГ-пост", channel="telegram", scheduled_at=timezone.now()
    )
    client.force_login(personas.viewer)
    body = client.get("/w/acme/plan/?view=list&channel=telegram").content.decode()
    assert "ТГ-пост" in body and "ВК-пост" not in body


def test_calendar_move_endpoint(personas, client):
    when = timezone.make_aware(timezone.datetime(2030, 5, 1, 9, 15))
    item = PlanItemFactory(workspace=personas.workspace, scheduled_at=when)
    client.force_login(personas.marketer)
    response = client.post(f"/w/acme/plan/items/{item.pk}/move/", {"date": "2030-05-03"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert timezone.localtime(item.scheduled_at).strftime("%Y-%m-%d %H:%M") == "2030-05-03 09:15"
    assert client.post(f"/w/acme/plan/items/{item.pk}/move/", {"date": "bad"}).status_code == 400


def test_calendar_move_viewer_403_outsider_404(personas, client):
    item = PlanItemFactory(workspace=personas.workspace)
    before = item.scheduled_at
    client.force_login(personas.viewer)
    assert client.post(f"/w/acme/plan/items/{item.pk}/move/", {"date": "2030-05-03"}).status_code == 403
    client.force_login(personas.outsider)
    assert client.post(f"/w/acme/plan/items/{item.pk}/move/", {"date": "2030-05-03"}).status_code == 404
    assert client.get(f"/w/acme/plan/items/{item.pk}/").status_code == 404
    item.refresh_from_db()
    assert item.scheduled_at == before


def test_item_create_in_place_with_htmx(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace)
    client.force_login(personas.marketer)
    form = client.get("/w/acme/plan/items/new/?date=2030-02-02", HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and "modal" in form.content.decode()
    response = client.post(
        "/w/acme/plan/items/new/",
        {
            "title": "Рецепт недели",
            "kind": "post",
            "channel": "vk",
            "scheduled_at": "2030-02-02T12:00",
            "campaign": campaign.pk,
            "text": "Пеките с нами",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204 and "date=2030-02-02" in response["HX-Redirect"]
    assert PlanItem.objects.get().title == "Рецепт недели"


def test_item_detail_approve_needs_acknowledgement(personas, client):
    item = PlanItemFactory(workspace=personas.workspace, status="in_review", text="Лучший хлеб в мире")
    client.force_login(personas.manager)
    page = client.get(f"/w/acme/plan/items/{item.pk}/").content.decode()
    assert 'data-flag="superlative"' in page
    client.post(f"/w/acme/plan/items/{item.pk}/transition/", {"status": "approved"})
    item.refresh_from_db()
    assert item.status == "in_review"
    client.post(
        f"/w/acme/plan/items/{item.pk}/transition/", {"status": "approved", "acknowledge": ["superlative"]}
    )
    item.refresh_from_db()
    assert item.status == "approved"


def test_item_detail_escapes_user_text(personas, client):
    item = PlanItemFactory(workspace=personas.workspace, title="<script>alert(1)</script>")
    client.force_login(personas.viewer)
    body = client.get(f"/w/acme/plan/items/{item.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_board_and_task_status(personas, client):
    task = TaskFactory(
        workspace=personas.workspace,
        title="Заказать фотосессию",
        campaign=CampaignFactory(workspace=personas.workspace),
    )
    client.force_login(personas.marketer)
    body = client.get("/w/acme/plan/board/").content.decode()
    assert "Заказать фотосессию" in body and 'data-testid="progress"' in body
    client.post(f"/w/acme/plan/board/tasks/{task.pk}/status/", {"status": "doing"})
    assert Task.objects.get(pk=task.pk).status == "doing"
    client.force_login(personas.viewer)
    assert client.post(f"/w/acme/plan/board/tasks/{task.pk}/status/", {"status": "done"}).status_code == 403
    assert Task.objects.get(pk=task.pk).status == "doing"


def test_pages_render_for_viewer(personas, client):
    session = BrainstormFactory(workspace=personas.workspace, topic="Идеи к Масленице")
    proposal = ProposalFactory(workspace=personas.workspace, title="Блины с историей")
    client.force_login(personas.viewer)
    for url, text in [
        ("/w/acme/plan/ideas/", "Идеи к Масленице"),
        (f"/w/acme/plan/ideas/brainstorms/{session.pk}/", "Идеи к Масленице"),
        (f"/w/acme/plan/proposals/{proposal.pk}/", "Блины с историей"),
        ("/w/acme/plan/sharing/", ""),
        ("/w/acme/plan/notifications/", ""),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode()


def test_proposal_page_marketer_approve_is_refused(personas, client):
    proposal = ProposalFactory(workspace=personas.workspace, status="submitted")
    client.force_login(personas.marketer)
    client.post(f"/w/acme/plan/proposals/{proposal.pk}/approve/", {"comment": ""})
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    client.force_login(personas.manager)
    client.post(f"/w/acme/plan/proposals/{proposal.pk}/approve/", {"comment": "Да"})
    proposal.refresh_from_db()
    assert proposal.status == "approved"
