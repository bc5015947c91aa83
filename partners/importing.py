"""Reading CSV/XLSX uploads of candidate partners into flat row dicts (no database), through the
shared spreadsheet reader (``smm_platform.tabular``): UTF-8 or Windows-1251, comma or semicolon,
XLSX, Russian or English headers, kinds and platforms by code or by name, numbers as people write
them, and hard limits on bytes, rows and expanded size."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.enums import Channel
from campaigns.importing import CHANNEL_ALIASES
from smm_platform import tabular
from smm_platform.errors import AppError
from smm_platform.tabular import Column

from .enums import Currency, PartnerKind
from .forms import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS

TABLE_COLUMNS = [
    Column(
        "name", gettext_lazy("Name"), ("имя", "название", "наименование", "партнер", "блогер"), required=True
    ),
    Column("kind", gettext_lazy("Kind"), ("тип", "вид", "тип партнера")),
    Column("platform", gettext_lazy("Platform"), ("платформа", "площадка", "канал", "соцсеть", "channel")),
    Column("url", gettext_lazy("Link"), ("ссылка", "адрес", "link")),
    Column("handle", gettext_lazy("Handle"), ("ник", "аккаунт", "логин", "username")),
    Column(
        "audience_size",
        gettext_lazy("Audience"),
        ("аудитория", "подписчики", "размер аудитории", "audience", "followers", "subscribers"),
    ),
    Column(
        "engagement_rate", gettext_lazy("Engagement rate, %"), ("er", "er%", "вовлеченность", "engagement")
    ),
    Column("topics", gettext_lazy("Topics"), ("темы", "тематика", "тематики")),
    Column("geography", gettext_lazy("Geography"), ("география", "гео", "город", "регион", "geo")),
    Column("tags", gettext_lazy("Tags"), ("теги", "метки")),
    Column("price", gettext_lazy("Price"), ("цена", "стоимость", "стоимость поста")),
    Column("currency", gettext_lazy("Currency"), ("валюта",)),
    Column("email", gettext_lazy("Email"), ("почта", "e-mail", "электронная почта")),
    Column("phone", gettext_lazy("Phone"), ("телефон",)),
    Column("telegram", gettext_lazy("Telegram"), ("телеграм", "tg")),
    Column("notes", gettext_lazy("Notes"), ("заметки", "примечания", "комментарий")),
]
COLUMNS = [c.key for c in TABLE_COLUMNS]
KIND_ALIASES = {"блогер": "blogger", "инфлюенсер": "blogger", "сми": "media", "админ": "community_admin"}
NUMBER_KEYS = ("audience_size", "engagement_rate", "price")


def rows_from_table(table: tabular.Table, mapping: list[str] | None = None) -> list[dict]:
    mapping = mapping or tabular.auto_mapping(table.header, TABLE_COLUMNS)
    if "name" not in mapping:
        raise AppError(
            _("The first row must name the columns (name, kind, platform, url, handle, audience_size, ...)."),
            errors={"file": [_("No “name” column.")]},
        )
    kinds = tabular.choice_lookup(PartnerKind.choices, KIND_ALIASES)
    platforms = tabular.choice_lookup(Channel.choices, CHANNEL_ALIASES)
    currencies = tabular.choice_lookup(Currency.choices, {"руб": "RUB", "рубли": "RUB", "₽": "RUB"})
    rows = []
    for record in tabular.records(table, mapping):
        row = {k: tabular.as_text(v) for k, v in record.items()}
        for key, lookup in (("kind", kinds), ("platform", platforms), ("currency", currencies)):
            if key in row:
                row[key] = lookup.get(tabular.normalise(row[key]), row[key])
        for key in NUMBER_KEYS:
            if key in row and (number := tabular.parse_decimal(record[key])) is not None:
                row[key] = str(int(number)) if number == number.to_integral_value() else str(number)
        rows.append(row)
    return rows


def read_upload(name: str, content: bytes) -> list[dict]:
    """Rows of a CSV or XLSX file; a clear 400 (or 413) when unreadable or too big."""
    table = tabular.read_table(content, name=name, max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS)
    return rows_from_table(table)
