"""Reading a CSV or XLSX file of mentions into rows of the ingest API's shape, through the shared
spreadsheet reader (``smm_platform.tabular``): UTF-8 or Windows-1251, comma or semicolon, XLSX,
Russian or English headers (a mapping the person can fix in the preview), Russian dates, and hard
limits on bytes (``MAX_FILE_BYTES``), rows and expanded size, checked before the file is parsed.
Each problem names the file's row and the column as the file names it."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.importing import CampaignRefs
from smm_platform import tabular
from smm_platform.tabular import Column

from . import rules

MAX_FILE_ROWS = 5000
MAX_FILE_BYTES = 10 * 1024 * 1024
COLUMNS = [
    Column("source", gettext_lazy("Source"), ("источник", "площадка", "соцсеть", "платформа"), required=True),
    Column(
        "external_id",
        gettext_lazy("External id"),
        ("id", "внешний id", "id поста", "post id"),
        required=True,
    ),
    Column(
        "text",
        gettext_lazy("Text"),
        ("текст", "сообщение", "упоминание", "message", "content"),
        required=True,
    ),
    Column(
        "published_at",
        gettext_lazy("Published"),
        ("дата", "дата публикации", "опубликовано", "date"),
        required=True,
    ),
    Column("url", gettext_lazy("URL"), ("ссылка", "link")),
    Column(
        "author_handle", gettext_lazy("Author"), ("author", "автор", "ник автора", "handle"), required=True
    ),
    Column("author_name", gettext_lazy("Author name"), ("имя автора",)),
    Column(
        "author_created_at", gettext_lazy("Author account created"), ("аккаунт создан", "дата регистрации")
    ),
    Column("author_followers", gettext_lazy("Author followers"), ("подписчики автора", "подписчики")),
    Column("reach", gettext_lazy("Reach"), ("охват", "просмотры")),
    Column("likes", gettext_lazy("Likes"), ("лайки", "нравится")),
    Column("replies", gettext_lazy("Replies"), ("ответы", "комментарии")),
    Column("campaign", gettext_lazy("Campaign"), ("кампания", "campaign_id", "utm", "utm_campaign")),
]
AUTHOR_COLUMNS = {
    "author_handle": "handle",
    "author_name": "name",
    "author_created_at": "created_at",
    "author_followers": "followers",
}
MOMENTS = ("published_at", "author_created_at")
COUNTS = ("reach", "likes", "replies", "author_followers")


#: ``rules.clean_row`` reports every problem of the author under "author": its handle's column.
ERROR_ALIASES = {"author": "author_handle"}


def _to_row(record: dict) -> tuple[dict, dict]:
    """The ingest row of one record, and the cells that could not be read (``{key: [message]}``),
    left out of the row so the ingest check does not judge them again."""
    row: dict = {"author": {}}
    bad: dict = {}
    for key, value in record.items():
        if key in MOMENTS:
            moment = tabular.parse_moment(value)
            if moment is None:
                bad[key] = [_("Enter a date and time such as 01.12.2026 14:30 or 2026-12-01T14:30.")]
                continue
            value = moment.isoformat()
        elif key in COUNTS:
            value = tabular.parse_int(value)
            if value is None or value < 0:
                bad[key] = [_("Enter a whole number that is not negative.")]
                continue
        else:
            value = tabular.as_text(value)
        if value in ("", None):
            continue
        if key in AUTHOR_COLUMNS:
            row["author"][AUTHOR_COLUMNS[key]] = value
        else:
            row[key] = value
    return row, bad


def read_table(uploaded) -> tabular.Table:
    """The header and rows of a ``.csv`` or ``.xlsx`` upload; a clear 400/413 when the file is
    unreadable or too big."""
    return tabular.read_table(uploaded, max_bytes=MAX_FILE_BYTES, max_rows=MAX_FILE_ROWS)


def check(table: tabular.Table, mapping: list[str], *, workspace) -> dict:
    """Everything the preview shows and the import stores: the ingest rows, the data-row indexes
    with errors, the errors as sentences naming row and column; ``valid`` when there are none.
    A campaign is given by id, name or utm tag (``campaigns.importing.CampaignRefs``)."""
    campaigns = CampaignRefs(workspace) if "campaign" in mapping else None
    rows, errors = [], {}
    for index, record in enumerate(tabular.records(table, mapping)):
        row, bad = _to_row(record)
        if campaigns is not None and row.get("campaign"):
            row["campaign"], problem = campaigns.resolve(row["campaign"])
            if problem:
                bad["campaign"] = [problem]
                row.pop("campaign")
        _clean, problems = rules.clean_row(row, max_text=settings.NEGATIVITY_MAX_TEXT)
        problems = {**problems, **bad}  # a cell that could not be read says so, not "required"
        if problems:
            errors[index] = problems
        rows.append(row)
    messages = tabular.error_messages(table, mapping, COLUMNS, errors, aliases=ERROR_ALIASES)
    valid = not errors and not tabular.missing_required(mapping, COLUMNS)
    return {"rows": rows, "errors": errors, "messages": messages, "valid": valid}
