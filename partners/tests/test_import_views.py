"""Importing partners from the files people have: a Russian Excel export (cp1251, ";", Russian
headers, decimal commas) previews with its column mapping and imports; a column the reader does not
recognise is mapped by the person in the preview; a bad row is named by its row and column in the
reader's language and nothing is stored; only an import in preview is remapped, by an editor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.enums import ImportStatus
from partners.models import Partner, PartnerImport

URL = "/w/acme/partners/"

RUSSIAN_EXPORT = (
    "Название;Тип;Площадка;Ссылка;Аудитория;ER;Цена;Валюта\r\n"
    "Хлебный блог;Блогер / инфлюенсер;ВКонтакте;https://vk.com/bread;12 500;3,5;15 000,50;руб\r\n"
    "Пироги у Оли;блогер;Телеграм;https://t.me/pirogi;4 200;6,1;;\r\n"
)


@pytest.fixture
def editor(personas, client):
    personas.marketer.language = "ru"
    personas.marketer.save(update_fields=["language"])
    client.force_login(personas.marketer)
    return personas.marketer


def _upload(client, text: str, name: str = "партнёры.csv", encoding: str = "cp1251"):
    response = client.post(f"{URL}import/", {"file": SimpleUploadedFile(name, text.encode(encoding))})
    assert response.status_code == 302, response.content.decode()[:2000]
    return PartnerImport.objects.latest("pk"), client.get(response["Location"])


@pytest.mark.django_db
def test_a_russian_excel_export_previews_its_mapping_and_imports(personas, client, editor):
    partner_import, page = _upload(client, RUSSIAN_EXPORT)
    body = page.content.decode()
    assert [h["key"] for h in page.context["header"]] == [
        "name",
        "kind",
        "platform",
        "url",
        "audience_size",
        "engagement_rate",
        "price",
        "currency",
    ]
    assert "Название" in body and 'data-testid="map-0"' in body  # the file's header, mapped
    assert "кодировка cp1251, разделитель «;»" in body
    assert page.context["error_messages"] == [] and page.context["can_apply"]
    assert not Partner.objects.exists()  # nothing before the confirmation

    client.post(f"{URL}import/{partner_import.pk}/")
    blog = Partner.objects.get(workspace=personas.workspace, name="Хлебный блог")
    channel = blog.channels.get()
    assert (blog.kind, channel.platform, channel.audience_size) == ("blogger", "vk", 12500)
    assert str(channel.engagement_rate) == "3.50"
    assert blog.price_list == [{"item": "post", "price": "15000.50", "currency": "RUB"}]
    assert Partner.objects.get(name="Пироги у Оли").channels.get().platform == "telegram"


@pytest.mark.django_db
def test_a_column_the_reader_does_not_know_is_mapped_in_the_preview(personas, client, editor):
    text = RUSSIAN_EXPORT.replace("Название;", "Кто это;")
    partner_import, page = _upload(client, text)
    assert page.context["header"][0]["key"] == ""  # "Кто это" is not a header it knows
    messages = page.context["error_messages"]
    assert messages[0] == "Ни один столбец не сопоставлен с «Название»: выберите его над таблицей."
    assert not page.context["can_apply"]
    client.post(f"{URL}import/{partner_import.pk}/")  # applying now stores nothing
    assert not Partner.objects.exists()

    mapping = {f"map-{h['index']}": h["key"] for h in page.context["header"]}
    response = client.post(f"{URL}import/{partner_import.pk}/", {**mapping, "map-0": "name", "remap": "1"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.context["header"][0]["key"] == "name"
    assert page.context["error_messages"] == [] and page.context["can_apply"]
    client.post(f"{URL}import/{partner_import.pk}/")
    assert set(Partner.objects.values_list("name", flat=True)) == {"Хлебный блог", "Пироги у Оли"}


@pytest.mark.django_db
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_stored(personas, client, editor):
    text = RUSSIAN_EXPORT.replace("4 200;6,1", "много;6,1").replace("Телеграм", "Пейджер")
    partner_import, page = _upload(client, text)
    body = page.content.decode()
    messages = page.context["error_messages"]
    assert "Строка 3, столбец «Площадка»: " in messages[0]
    assert "Строка 3, столбец «Аудитория»: Введите целое число." in messages
    assert "Traceback" not in body and "platform" not in " ".join(messages)
    assert 'data-testid="import-apply"' not in body
    response = client.post(f"{URL}import/{partner_import.pk}/")
    assert response.status_code == 302
    assert not Partner.objects.exists()
    partner_import.refresh_from_db()
    assert partner_import.status == ImportStatus.PREVIEW


@pytest.mark.django_db
def test_an_unreadable_file_is_told_plainly_and_stores_nothing(client, editor):
    response = client.post(f"{URL}import/", {"file": SimpleUploadedFile("p.xlsx", b"PK\x03\x04broken")})
    assert response.status_code == 200  # the form again, with the reason
    assert "Файл не читается как книга XLSX." in response.content.decode()
    assert not PartnerImport.objects.exists()


@pytest.mark.django_db
def test_only_an_editor_remaps_and_only_an_import_in_preview(personas, client, editor):
    partner_import, _page = _upload(client, RUSSIAN_EXPORT)
    client.post(f"{URL}import/{partner_import.pk}/")
    mapping = {"map-0": "notes", "map-1": "kind", "remap": "1"}
    client.post(f"{URL}import/{partner_import.pk}/", mapping)  # applied: the mapping stays
    partner_import.refresh_from_db()
    assert partner_import.mapping[0] == "name" and partner_import.status == ImportStatus.APPLIED
    assert (
        'data-testid="apply-mapping"' not in client.get(f"{URL}import/{partner_import.pk}/").content.decode()
    )

    second, _page = _upload(client, RUSSIAN_EXPORT.replace("bread", "bread2").replace("pirogi", "pirogi2"))
    client.force_login(personas.viewer)
    assert client.post(f"{URL}import/{second.pk}/", mapping).status_code == 403
    second.refresh_from_db()
    assert second.mapping[0] == "name"
    client.force_login(personas.outsider)
    assert client.post(f"/w/other/partners/import/{second.pk}/", mapping).status_code == 404


@pytest.mark.django_db
def test_an_import_stored_before_files_were_kept_shows_its_rows_and_cannot_be_remapped(
    personas, client, editor
):
    from .factories import PartnerImportFactory

    old = PartnerImportFactory(workspace=personas.workspace, errors={"1": {"audience_size": ["Плохо."]}})
    page = client.get(f"{URL}import/{old.pk}/")
    body = page.content.decode()
    assert [h["name"] for h in page.context["header"]] == [
        "Название",
        "Тип",
        "Площадка",
        "Имя канала",
        "Аудитория",
    ]
    assert page.context["error_messages"] == ["Строка 2, столбец «Аудитория»: Плохо."]
    assert 'data-testid="apply-mapping"' not in body
    response = client.post(f"{URL}import/{old.pk}/", {"map-0": "notes", "remap": "1"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.mapping == [] and old.rows[0]["name"] == "Блог"
