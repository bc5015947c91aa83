"""Dashboard pages: constant queries, escaping, upload preview, permissions."""

import io
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from negativity.models import Mention, RoutingRule

from .factories import IncidentFactory, MentionFactory

pytestmark = pytest.mark.django_db


def inbox(ws, suffix=""):
    return f"/w/{ws.slug}/inbox/{suffix}"


def test_inbox_runs_constant_queries(personas, client, django_assert_num_queries):
    client.force_login(personas.marketer)
    MentionFactory(workspace=personas.workspace)
    client.get(inbox(personas.workspace))
    with django_assert_num_queries(10) as one:
        client.get(inbox(personas.workspace))
    for i in range(20):
        MentionFactory(
            workspace=personas.workspace,
            incident=IncidentFactory(workspace=personas.workspace) if i % 5 == 0 else None,
            assignee=personas.marketer,
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(inbox(personas.workspace))
    body = response.content.decode()
    # posts of an open attack are one row per incident, not one by one
    assert body.count('data-testid="mention-row"') == 17
    assert body.count('data-testid="attack-group"') == 4


def test_inbox_groups_an_attack_and_shows_it_one_by_one_on_request(personas, client):
    ws = personas.workspace
    client.force_login(personas.marketer)
    attack = IncidentFactory(workspace=ws, shared_phrases=["не покупайте в колосок"])
    for i in range(6):
        MentionFactory(
            workspace=ws, incident=attack, category="ordered", text=f"Не покупайте в Колосок {i}", risk=60
        )
    MentionFactory(workspace=ws, text="Заказ №48213 привезли холодным", risk=40)
    crisis = IncidentFactory(workspace=ws, kind="crisis", shared_phrases=[])
    MentionFactory(workspace=ws, incident=crisis, text="Приложение не работает", risk=45)
    dismissed = IncidentFactory(workspace=ws, status="dismissed")
    MentionFactory(workspace=ws, incident=dismissed, text="Отклонённая атака", risk=30)
    body = client.get(inbox(ws)).content.decode()
    assert body.count('data-testid="attack-group"') == 1
    assert "6 posts by 6 authors, handled as one" in body
    assert f"/inbox/incidents/{attack.pk}/" in body
    assert body.count('data-testid="mention-row"') == 3  # the complaint, the crisis post, the dismissed one
    assert "Не покупайте в Колосок 3" not in body
    one_by_one = client.get(inbox(ws) + "?one_by_one=on").content.decode()
    assert one_by_one.count('data-testid="attack-group"') == 0
    assert one_by_one.count('data-testid="mention-row"') == 9


def test_crisis_page_says_it_is_genuine_and_shows_the_natural_playbook(personas, client):
    ws = personas.workspace
    client.force_login(personas.viewer)
    crisis = IncidentFactory(workspace=ws, kind="crisis", signals={"established_share": 0.97, "authors": 80})
    MentionFactory(workspace=ws, incident=crisis, text="Приложение не работает")
    body = client.get(inbox(ws, f"incidents/{crisis.pk}/")).content.decode()
    assert "natural negativity. Hand it to customer support" in body
    assert "97%" in body
    assert "Playbook" in body


def test_incident_timeline_carries_the_hour_in_the_server_time_zone(personas, client):
    """A post at 11:20 UTC is listed at 14:20 Moscow time; the chart's bucket is the 14:00 hour
    with its offset, and the page names its zone so the browser formats the hour in it."""
    ws = personas.workspace
    client.force_login(personas.viewer)
    attack = IncidentFactory(workspace=ws)
    moment = datetime(2026, 11, 3, 11, 20, tzinfo=UTC)
    MentionFactory(workspace=ws, incident=attack, published_at=moment)
    response = client.get(inbox(ws, f"incidents/{attack.pk}/"))
    body = response.content.decode()
    assert response.context["timeline"] == [{"hour": "2026-11-03T14:00:00+03:00", "count": 1}]
    assert 'data-time-zone="Europe/Moscow"' in body
    assert "Nov 3, 2026, 2:20 PM" in body  # the listed post, for the same reader


def test_inbox_sorts_by_risk_then_deadline(personas, client):
    client.force_login(personas.viewer)
    MentionFactory(workspace=personas.workspace, text="низкий риск", risk=10)
    MentionFactory(workspace=personas.workspace, text="высокий риск", risk=90)
    body = client.get(inbox(personas.workspace)).content.decode()
    assert body.index("высокий риск") < body.index("низкий риск")


def test_mention_text_is_escaped_everywhere(personas, client):
    client.force_login(personas.marketer)
    evil = "<script>alert('x')</script> <img src=x onerror=alert(1)>"
    mention = MentionFactory(workspace=personas.workspace, text=evil)
    for url in (inbox(personas.workspace), inbox(personas.workspace, f"m/{mention.pk}/")):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert" in body


def test_viewer_cannot_post_actions(personas, client):
    client.force_login(personas.viewer)
    mention = MentionFactory(workspace=personas.workspace)
    assert (
        client.post(
            inbox(personas.workspace, f"m/{mention.pk}/correct/"), {"category": "trolling"}
        ).status_code
        == 403
    )
    assert (
        client.post(inbox(personas.workspace, "bulk/"), {"ids": [mention.pk], "action": "hide"}).status_code
        == 403
    )
    mention.refresh_from_db()
    assert (mention.category, mention.status) == ("natural", "new")


def test_marketer_cannot_edit_routing_rules(personas, client):
    client.force_login(personas.marketer)
    response = client.post(inbox(personas.workspace, "rules/"), {"name": "x"})
    assert response.status_code == 403
    assert RoutingRule.objects.count() == 0


def test_outsider_gets_404_on_mention_page(personas, client):
    mention = MentionFactory(workspace=personas.workspace)
    client.force_login(personas.outsider)
    assert client.get(inbox(personas.workspace, f"m/{mention.pk}/")).status_code == 404


def test_one_click_correction_from_the_mention_page(personas, client):
    client.force_login(personas.marketer)
    mention = MentionFactory(workspace=personas.workspace)
    response = client.post(
        inbox(personas.workspace, f"m/{mention.pk}/correct/"), {"category": "trolling", "topic": "other"}
    )
    assert response.status_code == 302
    mention.refresh_from_db()
    assert (mention.category, mention.topic, mention.corrected) == ("trolling", "other", True)


def test_bulk_form_assigns_selected(personas, client):
    client.force_login(personas.marketer)
    a, b = MentionFactory(workspace=personas.workspace), MentionFactory(workspace=personas.workspace)
    client.post(
        inbox(personas.workspace, "bulk/"),
        {"ids": [a.pk, b.pk], "action": "assign", "value": personas.manager.pk},
    )
    assert set(Mention.objects.values_list("assignee__email", flat=True)) == {"manager@acme.test"}


def _csv(rows):
    lines = ["source,external_id,text,published_at,author_handle,author_followers", *rows]
    return SimpleUploadedFile("mentions.csv", "\n".join(lines).encode(), content_type="text/csv")


def test_upload_preview_shows_row_errors_and_stores_nothing(personas, client):
    client.force_login(personas.marketer)
    upload = _csv(["vk,1,Хлеб чёрствый,2026-03-01T10:00:00Z,anna,10", "vk,2,,2026-03-01T10:00:00Z,oleg,5"])
    body = client.post(inbox(personas.workspace, "upload/"), {"file": upload}).content.decode()
    assert 'data-testid="upload-invalid"' in body
    assert "Row 3, column “text”: This field is required." in body  # the file's row, its header
    assert Mention.objects.count() == 0


def test_upload_xlsx_preview_then_confirm_imports(personas, client):
    client.force_login(personas.marketer)
    wb = Workbook()
    ws = wb.active
    ws.append(["source", "external_id", "text", "published_at", "author_handle"])
    ws.append(["instagram", "ig-1", "Лучший круассан в городе, спасибо!", "2026-03-01 10:00", "maria"])
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("m.xlsx", buf.getvalue())
    response = client.post(inbox(personas.workspace, "upload/"), {"file": upload})
    token = response.context["token"]
    assert token and response.context["valid"] and response.context["invalid"] == 0
    assert Mention.objects.count() == 0
    response = client.post(inbox(personas.workspace, "upload/"), {"confirm": "1", "token": token})
    assert response.status_code == 302
    m = Mention.objects.get()
    assert (m.source, m.external_id, m.category) == ("instagram", "ig-1", "positive")


def test_pages_render_for_viewer(personas, client):
    client.force_login(personas.viewer)
    incident = IncidentFactory(workspace=personas.workspace)
    MentionFactory(workspace=personas.workspace, incident=incident)
    for suffix in (
        "",
        "incidents/",
        f"incidents/{incident.pk}/",
        "playbooks/",
        "rules/",
        "root-causes/",
        "classifier/",
        "upload/",
    ):
        assert client.get(inbox(personas.workspace, suffix)).status_code == 200, suffix


def test_mentions_upload_takes_cp1251_russian_headers_and_refuses_oversized_files(personas, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from negativity import imports

    url = reverse("negativity:upload", kwargs={"workspace_slug": personas.workspace.slug})
    client.force_login(personas.marketer)
    text = "Источник;ID поста;Текст;Дата публикации;Автор\nvk;p-1;Хлеб черствый;01.12.2026 10:30;ivan\n"
    page = client.post(url, {"file": SimpleUploadedFile("m.csv", text.encode("cp1251"))})
    assert page.context["valid"] and page.context["file_info"]["encoding"] == "cp1251"
    assert [h["key"] for h in page.context["header"]] == [
        "source",
        "external_id",
        "text",
        "published_at",
        "author_handle",
    ]
    client.post(url, {"confirm": "1", "token": page.context["token"]})
    mention = Mention.objects.get()
    assert (mention.source, mention.text, mention.author.handle) == ("vk", "Хлеб черствый", "ivan")
    assert timezone.localtime(mention.published_at).strftime("%d.%m.%Y %H:%M") == "01.12.2026 10:30"
    big = SimpleUploadedFile("m.csv", b"source;text\n" + b"vk;x\n" * (imports.MAX_FILE_BYTES // 5 + 1))
    page = client.post(url, {"file": big})
    assert "larger than 10 MB" in page.content.decode()


def test_bulk_bar_preselects_no_action_and_a_placeholder_changes_nothing(personas, client):
    ws = personas.workspace
    client.force_login(personas.marketer)
    a = MentionFactory(workspace=ws, assignee=personas.manager)
    body = client.get(inbox(ws)).content.decode()
    bar = body[body.index('data-testid="bulk-action"') : body.index('data-testid="bulk-apply"')]
    first_options = [
        bar.split("<option ", 1)[1],
        bar.split('data-testid="bulk-value"', 1)[1].split("<option ", 1)[1],
    ]
    assert first_options[0].startswith('value="" selected>Choose an action<')
    assert first_options[1].startswith('value="" selected>Choose a value<')

    def post(data):
        response = client.post(inbox(ws, "bulk/"), {"ids": [a.pk], **data}, follow=True)
        return [str(m) for m in response.context["messages"]]

    assert post({"action": "", "value": ""}) == ["Choose an action."]
    assert post({"action": "assign", "value": ""}) == ["Choose a value for this action."]
    assert post({"action": "status", "value": ""}) == ["Choose a value for this action."]
    assert post({"action": "hide", "value": ""}) == ["1 mentions updated."]
    a.refresh_from_db()
    assert (a.assignee, a.status) == (personas.manager, "hidden")
    assert post({"action": "assign", "value": "none"}) == ["1 mentions updated."]
    a.refresh_from_db()
    assert a.assignee is None


RUSSIAN_MENTIONS = (
    "Источник;ID поста;Сообщение от клиента;Дата публикации;Автор;Подписчики автора\r\n"
    "vk;p-1;Хлеб черствый, верните деньги;01.12.2026 10:30;ivan;1 200\r\n"
    "telegram;p-2;Круассаны — лучшие в городе;01.12.2026 11:05;maria;35\r\n"
)


def _ru_upload(personas, client, text):
    from django.urls import reverse

    personas.marketer.language = "ru"
    personas.marketer.save(update_fields=["language"])
    client.force_login(personas.marketer)
    url = reverse("negativity:upload", kwargs={"workspace_slug": personas.workspace.slug})
    upload = SimpleUploadedFile("упоминания.csv", text.encode("cp1251"))
    return url, client.post(url, {"file": upload})


def test_mentions_upload_maps_an_unknown_column_in_the_preview_then_imports(personas, client):
    url, page = _ru_upload(personas, client, RUSSIAN_MENTIONS)
    header = page.context["header"]
    assert header[2]["key"] == ""  # "Сообщение от клиента" is not a header it knows
    assert not page.context["valid"]
    body = page.content.decode()
    assert "Ни один столбец не сопоставлен с «Текст»: выберите его над таблицей." in body
    token = page.context["token"]
    assert client.post(url, {"confirm": "1", "token": token}).status_code == 200  # refused
    assert Mention.objects.count() == 0

    mapping = {f"map-{h['index']}": h["key"] for h in header}
    page = client.post(url, {**mapping, "map-2": "text", "remap": "1", "token": token})
    assert page.context["header"][2]["key"] == "text" and page.context["valid"]
    assert page.context["error_messages"] == []
    response = client.post(url, {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert set(Mention.objects.values_list("external_id", flat=True)) == {"p-1", "p-2"}
    assert Mention.objects.get(external_id="p-1").author.followers == 1200
    assert client.post(url, {"confirm": "1", "token": token}).status_code == 302  # used up
    assert Mention.objects.count() == 2


def test_mentions_upload_names_a_bad_row_and_column_in_russian_and_stores_nothing(personas, client):
    text = RUSSIAN_MENTIONS.replace("Сообщение от клиента", "Текст")
    text = text.replace("01.12.2026 11:05", "вчера вечером").replace("1 200", "много")
    url, page = _ru_upload(personas, client, text)
    messages = page.context["error_messages"]
    assert messages == [
        "Строка 2, столбец «Подписчики автора»: Введите целое неотрицательное число.",
        "Строка 3, столбец «Дата публикации»: "
        "Укажите дату и время, например 01.12.2026 14:30 или 2026-12-01T14:30.",
    ]
    body = page.content.decode()
    assert page.context["invalid"] == 2 and 'data-testid="upload-confirm"' not in body
    assert "Traceback" not in body and "author_followers" not in " ".join(messages)
    assert "Подписчики автора, Охват" in body and "author_created_at," not in body  # the form's help
    client.post(url, {"confirm": "1", "token": page.context["token"]})
    assert Mention.objects.count() == 0


def test_mentions_upload_preview_is_the_uploaders_own(personas, client):
    url, page = _ru_upload(personas, client, RUSSIAN_MENTIONS.replace("Сообщение от клиента", "Текст"))
    token = page.context["token"]
    client.force_login(personas.manager)  # another person cannot confirm someone's upload
    response = client.post(url, {"confirm": "1", "token": token})
    assert response.status_code == 302 and Mention.objects.count() == 0
    client.force_login(personas.viewer)
    assert client.post(url, {"confirm": "1", "token": token}).status_code == 403
    assert Mention.objects.count() == 0


def test_mentions_upload_takes_a_campaign_by_name_or_utm_tag(personas, client):
    from campaigns.tests.factories import CampaignFactory

    pies = CampaignFactory(workspace=personas.workspace, name="Осенние пироги", utm_campaign="pies")
    CampaignFactory(workspace=personas.other_workspace, name="Чужая кампания")
    text = (
        "Источник;ID поста;Текст;Дата публикации;Автор;Кампания\r\n"
        "vk;p-1;Пирог сухой;01.12.2026 10:30;ivan;Осенние пироги\r\n"
        "vk;p-2;Пирог вкусный;01.12.2026 10:40;olga;pies\r\n"
        "vk;p-3;Где мой заказ;01.12.2026 10:50;oleg;Чужая кампания\r\n"
    )
    url, page = _ru_upload(personas, client, text)
    assert page.context["error_messages"] == [
        "Строка 4, столбец «Кампания»: Нет кампании «Чужая кампания» (укажите её id, название или utm-метку)."
    ]
    client.post(url, {"confirm": "1", "token": page.context["token"]})
    assert Mention.objects.count() == 0
    url, page = _ru_upload(personas, client, text.rsplit("vk;p-3", 1)[0])
    client.post(url, {"confirm": "1", "token": page.context["token"]})
    assert set(Mention.objects.values_list("external_id", "campaign")) == {("p-1", pies.pk), ("p-2", pies.pk)}


def test_mention_page_groups_its_counts_in_russian(personas, client):
    """Reach, likes, replies, followers and the audience reason read "6 252", not "6252"."""
    personas.marketer.language = "ru"
    personas.marketer.save(update_fields=["language"])
    client.force_login(personas.marketer)
    mention = MentionFactory(
        workspace=personas.workspace,
        reach=6252,
        likes=1560,
        replies=2040,
        explanation=[{"code": "audience", "value": 12500, "points": 13}],
    )
    mention.author.followers = 13610
    mention.author.save(update_fields=["followers"])
    body = client.get(inbox(personas.workspace, f"m/{mention.pk}/")).content.decode()
    nbsp = "\u00a0"
    for shown in ("охват 6{0}252", "лайки 1{0}560", "ответы 2{0}040", "13{0}610", "12{0}500 (+13)"):
        assert shown.format(nbsp) in body, shown
    assert "6252" not in body and "13610" not in body
