"""Reading a CSV or XLSX file of mentions into rows of the ingest API's shape, through the shared
spreadsheet reader (``smm_platform.tabular``): UTF-8 or Windows-1251, comma or semicolon, XLSX,
Russian or English headers, Russian dates, and hard limits on bytes (``MAX_FILE_BYTES``), rows and
expanded size, checked before the file is parsed."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy

from smm_platform import tabular
from smm_platform.tabular import Column

MAX_FILE_ROWS = 5000
MAX_FILE_BYTES = 10 * 1024 * 1024
COLUMNS = [
    Column("source", gettext_lazy("Source"), ("источник", "площадка", "соцсеть", "платформа")),
    Column("external_id", gettext_lazy("External id"), ("id", "внешний id", "id поста", "post id")),
    Column("text", gettext_lazy("Text"), ("текст", "сообщение", "упоминание", "message", "content")),
    Column("published_at", gettext_lazy("Published"), ("дата", "дата публикации", "опубликовано", "date")),
    Column("url", gettext_lazy("URL"), ("ссылка", "link")),
    Column("author_handle", gettext_lazy("Author"), ("author", "автор", "ник автора", "handle")),
    Column("author_name", gettext_lazy("Author name"), ("имя автора",)),
    Column(
        "author_created_at", gettext_lazy("Author account created"), ("аккаунт создан", "дата регистрации")
    ),
    Column("author_followers", gettext_lazy("Author followers"), ("подписчики автора", "подписчики")),
    Column("reach", gettext_lazy("Reach"), ("охват", "просмотры")),
    Column("likes", gettext_lazy("Likes"), ("лайки", "нравится")),
    Column("replies", gettext_lazy("Replies"), ("ответы", "комментарии")),
    Column("campaign", gettext_lazy("Campaign"), ("кампания",)),
]
AUTHOR_COLUMNS = {
    "author_handle": "handle",
    "author_name": "name",
    "author_created_at": "created_at",
    "author_followers": "followers",
}
MOMENTS = ("published_at", "author_created_at")
COUNTS = ("reach", "likes", "replies", "author_followers")


def _to_row(record: dict) -> dict:
    row: dict = {"author": {}}
    for key, value in record.items():
        if key in MOMENTS:
            moment = tabular.parse_moment(value)
            value = moment.isoformat() if isinstance(moment, datetime) else tabular.as_text(value)
        elif key in COUNTS:
            number = tabular.parse_int(value)
            value = number if number is not None else tabular.as_text(value)
        else:
            value = tabular.as_text(value)
        if value in ("", None):
            continue
        if key in AUTHOR_COLUMNS:
            row["author"][AUTHOR_COLUMNS[key]] = value
        else:
            row[key] = value
    return row


def read_rows(uploaded) -> list[dict]:
    """Rows of a ``.csv`` or ``.xlsx`` upload; header in the first row; a clear 400/413 when the
    file is unreadable or too big."""
    table = tabular.read_table(uploaded, max_bytes=MAX_FILE_BYTES, max_rows=MAX_FILE_ROWS)
    mapping = tabular.auto_mapping(table.header, COLUMNS)
    return [_to_row(r) for r in tabular.records(table, mapping)]
