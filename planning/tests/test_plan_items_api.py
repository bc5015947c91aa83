"""Plan items through the API: filters, flags, transitions, approval with acknowledgement,
publishing, roles, outsiders, query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditLog, Notification
from planning.models import HonestyAcknowledgement, PlanItem

from .factories import CampaignFactory, PlanItemFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workspaces/acme/plan-items/"


def test_plan_item_create_returns_flags_and_audits(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    response = api_as(personas.marketer).post(
        BASE,
        {
            "title": "Акция выходного дня",
            "kind": "post",
            "channel": "vk",
            "scheduled_at": when.isoformat(),
            "campaign": campaign.pk,
            "assignee": personas.manager.pk,
            "text": "Самый вкусный хлеб в городе! 100% гарантия свежести.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert [f["code"] for f in body["flags"]] == ["absolute_promise", "superlative"]
    item = PlanItem.objects.get(pk=body["id"])
    assert item.workspace == personas.workspace and item.campaign == campaign
    assert AuditLog.objects.filter(action="plan_item.create", target_id=str(item.pk)).count() == 1
    assert Notification.objects.filter(user=personas.manager, kind="planning.assigned").count() == 1


def test_plan_item_create_with_foreign_campaign_is_400(personas, api_as):
    foreign = CampaignFactory(workspace=personas.other_workspace)
    response = api_as(personas.marketer).post(
        BASE,
        {"title": "x", "channel": "vk", "scheduled_at": timezone.now().isoformat(), "campaign": foreign.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "campaign" in response.json()["errors"]
    assert PlanItem.objects.count() == 0


def test_plan_item_list_filters_by_channel_status_campaign_and_dates(personas, api_as):
    ws = personas.workspace
    campaign = CampaignFactory(workspace=ws)
    now = timezone.now()
    a = PlanItemFactory(workspace=ws, channel="vk", campaign=campaign, scheduled_at=now + timedelta(days=1))
    PlanItemFactory(workspace=ws, channel="telegram", scheduled_at=now + timedelta(days=1))
    PlanItemFactory(workspace=ws, channel="vk", status="idea", scheduled_at=now + timedelta(days=40))
    client = api_as(personas.viewer)
    assert [r["id"] for r in client.get(BASE, {"channel": "vk", "status": "draft"}).json()["results"]] == [
        a.pk
    ]
    assert [r["id"] for r in client.get(BASE, {"campaign": campaign.pk}).json()["results"]] == [a.pk]
    day = timezone.localdate(now + timedelta(days=1)).isoformat()  # the filter reads local dates
    assert client.get(BASE, {"date_from": day, "date_to": day}).json()["count"] == 2


def test_plan_item_approve_without_acknowledging_flags_is_400(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="in_review", text="Гарантируем результат!")
    response = api_as(personas.manager).post(
        f"{BASE}{item.pk}/transition/", {"status": "approved"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "acknowledge_flags": [{"message": "absolute_promise", "code": "invalid"}]
    }
    item.refresh_from_db()
    assert item.status == "in_review" and item.approved_at is None
    assert HonestyAcknowledgement.objects.count() == 0


def test_plan_item_approve_with_acknowledged_flags_records_them(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="in_review", text="Гарантируем результат!")
    response = api_as(personas.manager).post(
        f"{BASE}{item.pk}/transition/",
        {"status": "approved", "acknowledge_flags": ["absolute_promise"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    item.refresh_from_db()
    assert item.status == "approved" and item.approved_by == personas.manager
    ack = HonestyAcknowledgement.objects.get(item=item)
    assert ack.codes == ["absolute_promise"] and ack.user == personas.manager


def test_plan_item_marketer_approving_is_403(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="in_review")
    response = api_as(personas.marketer).post(
        f"{BASE}{item.pk}/transition/", {"status": "approved"}, format="json"
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "in_review"


def test_plan_item_invalid_transition_is_409(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="draft")
    response = api_as(personas.manager).post(
        f"{BASE}{item.pk}/transition/", {"status": "scheduled"}, format="json"
    )
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.status == "draft"


def test_plan_item_review_request_notifies_managers_and_owners(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="draft")
    response = api_as(personas.marketer).post(
        f"{BASE}{item.pk}/transition/", {"status": "in_review"}, format="json"
    )
    assert response.status_code == 200
    recipients = set(
        Notification.objects.filter(kind="planning.review_requested").values_list("user__email", flat=True)
    )
    assert recipients == {"manager@acme.test", "owner@acme.test"}


def test_plan_item_publishing_unapproved_is_409_and_changes_nothing(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="in_review")
    response = api_as(personas.marketer).post(
        f"{BASE}{item.pk}/publish/", {"url": "https://vk.com/wall-1_2"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"]
    item.refresh_from_db()
    assert item.status == "in_review" and item.published_url == ""


def test_plan_item_publish_approved_records_url(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="approved")
    response = api_as(personas.marketer).post(
        f"{BASE}{item.pk}/publish/", {"url": "https://vk.com/wall-1_2"}, format="json"
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "published" and item.published_url == "https://vk.com/wall-1_2"
    assert item.published_at is not None


def test_plan_item_publish_without_url_is_400(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="approved")
    response = api_as(personas.marketer).post(f"{BASE}{item.pk}/publish/", {"url": "nope"}, format="json")
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == "approved"


def test_plan_item_editing_approved_text_sends_back_to_review(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="approved")
    response = api_as(personas.marketer).patch(f"{BASE}{item.pk}/", {"text": "Новый текст"}, format="json")
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "in_review" and item.text == "Новый текст"


def test_plan_item_move_keeps_time_of_day(personas, api_as):
    when = timezone.make_aware(timezone.datetime(2030, 3, 10, 14, 30))
    item = PlanItemFactory(workspace=personas.workspace, scheduled_at=when)
    response = api_as(personas.marketer).post(f"{BASE}{item.pk}/move/", {"date": "2030-03-12"}, format="json")
    assert response.status_code == 200
    item.refresh_from_db()
    assert timezone.localtime(item.scheduled_at).strftime("%Y-%m-%d %H:%M") == "2030-03-12 14:30"


def test_plan_item_comment_and_list(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace)
    client = api_as(personas.marketer)
    assert (
        client.post(f"{BASE}{item.pk}/comments/", {"body": "Добавьте фото"}, format="json").status_code == 201
    )
    comments = api_as(personas.viewer).get(f"{BASE}{item.pk}/comments/").json()
    assert [c["body"] for c in comments] == ["Добавьте фото"]


def test_plan_item_viewer_writes_are_403(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace, status="approved")
    client = api_as(personas.viewer)
    assert client.post(BASE, {"title": "x"}, format="json").status_code == 403
    assert (
        client.post(f"{BASE}{item.pk}/publish/", {"url": "https://vk.com/x"}, format="json").status_code
        == 403
    )
    assert client.post(f"{BASE}{item.pk}/comments/", {"body": "x"}, format="json").status_code == 403
    item.refresh_from_db()
    assert item.status == "approved" and item.comments.count() == 0


def test_plan_item_outsider_gets_404(personas, api_as):
    item = PlanItemFactory(workspace=personas.workspace)
    client = api_as(personas.outsider)
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}{item.pk}/").status_code == 404
    other = PlanItemFactory(workspace=personas.other_workspace)
    assert api_as(personas.owner).get(f"{BASE}{other.pk}/").status_code == 404


def test_plan_item_attachment_type_and_size_validated(personas, api_as, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    settings.PLANNING_ATTACHMENT_MAX_MB = 1
    item = PlanItemFactory(workspace=personas.workspace)
    client = api_as(personas.marketer)
    bad = client.post(
        f"{BASE}{item.pk}/attachments/", {"file": SimpleUploadedFile("x.exe", b"MZ")}, format="multipart"
    )
    assert bad.status_code == 400 and "file" in bad.json()["errors"]
    big = SimpleUploadedFile("photo.jpg", b"0" * (1024 * 1024 + 1), content_type="image/jpeg")
    assert client.post(f"{BASE}{item.pk}/attachments/", {"file": big}, format="multipart").status_code == 400
    ok = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff" + b"0" * 100, content_type="image/jpeg")
    response = client.post(f"{BASE}{item.pk}/attachments/", {"file": ok}, format="multipart")
    assert response.status_code == 201
    assert response.json()["media_type"] == "image" and response.json()["size"] == 103
    assert item.attachments.count() == 1


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_plan_item_list_query_count_is_constant(personas, api_as, django_assert_num_queries):
    ws = personas.workspace
    campaign = CampaignFactory(workspace=ws)
    client = api_as(personas.viewer)
    url = BASE + "?page_size=500"
    PlanItemFactory(workspace=ws, campaign=campaign, assignee=personas.marketer)
    client.get(url)  # the first call also stamps the token's last use
    one = _count_queries(client, url)
    PlanItemFactory.create_batch(150, workspace=ws, campaign=campaign, assignee=personas.marketer)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.json()["count"] == 151


def test_plan_item_delete_unpublished_only(personas, api_as):
    draft = PlanItemFactory(workspace=personas.workspace)
    published = PlanItemFactory(
        workspace=personas.workspace, status="published", published_url="https://vk.com/x"
    )
    client = api_as(personas.marketer)
    assert client.delete(f"{BASE}{draft.pk}/").status_code == 204
    assert client.delete(f"{BASE}{published.pk}/").status_code == 409
    assert list(PlanItem.objects.values_list("pk", flat=True)) == [published.pk]
    assert AuditLog.objects.filter(action="plan_item.delete").count() == 1
    assert api_as(personas.viewer).delete(f"{BASE}{published.pk}/").status_code == 403
