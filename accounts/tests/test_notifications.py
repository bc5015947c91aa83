"""In-app notifications: rendered per recipient's language, members only, email on request."""

import pytest
from django.utils.translation import gettext_lazy

from accounts.models import Notification
from accounts.services import notify

pytestmark = pytest.mark.django_db


def test_notify_renders_title_in_each_recipients_language_and_skips_non_members(personas):
    personas.viewer.language = "ru"
    personas.viewer.save()
    created = notify(
        workspace=personas.workspace,
        users=[personas.owner, personas.viewer, personas.outsider],
        kind="member.added",
        title=gettext_lazy("You were added to the workspace “%(name)s”"),
        params={"name": "Acme"},
        url="/w/acme/",
    )
    assert len(created) == 2
    titles = dict(Notification.objects.values_list("user__email", "title"))
    assert titles == {
        "owner@acme.test": "You were added to the workspace “Acme”",
        "viewer@acme.test": "Вас добавили в рабочее пространство «Acme»",
    }


def test_notify_with_email_sends_one_email_per_recipient(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            workspace=personas.workspace,
            users=[personas.manager],
            kind="x",
            title="Approve the plan",
            email=True,
        )
    assert [m.to for m in mailoutbox] == [["manager@acme.test"]]
    assert mailoutbox[0].subject == "[Acme Bakery] Approve the plan"


def test_notification_page_marks_read_and_hides_others_notifications(personas, client):
    mine = notify(
        workspace=personas.workspace, users=[personas.owner], kind="x", title="Mine", url="/w/acme/"
    )[0]
    theirs = notify(workspace=personas.workspace, users=[personas.manager], kind="x", title="Theirs")[0]
    client.force_login(personas.owner)
    page = client.get("/notifications/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    response = client.post(f"/notifications/{mine.pk}/read/")
    assert response.url == "/w/acme/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_unread_badge_counts_unread_notifications(personas, client):
    notify(workspace=personas.workspace, users=[personas.owner], kind="x", title="One")
    notify(workspace=personas.workspace, users=[personas.owner], kind="x", title="Two")
    client.force_login(personas.owner)
    assert client.get("/w/acme/").context["nav_unread_count"] == 2
    client.post("/notifications/read-all/")
    assert client.get("/w/acme/").context["nav_unread_count"] == 0
