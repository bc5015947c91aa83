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


def read_table(name: str, content: bytes) -> tabular.Table:
    """The header and rows of a CSV or XLSX file; a clear 400 (or 413) when unreadable or too big."""
    return tabular.read_table(content, name=name, max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS)


def rows_from_table(table: tabular.Table, mapping: list[str] | None = None) -> list[dict]:
    """Flat rows (``services``' import shape) from the mapped columns: kinds, platforms and
    currencies by code or by name, numbers as people write them. A value that cannot be read is
    kept as written, so the row's check names it."""
    mapping = mapping if mapping is not None else tabular.auto_mapping(table.header, TABLE_COLUMNS)
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
    """Rows of a CSV or XLSX file with its headers mapped automatically (no preview to fix them):
    a clear 400 when no column names the partner."""
    table = read_table(name, content)
    mapping = tabular.auto_mapping(table.header, TABLE_COLUMNS)
    if tabular.missing_required(mapping, TABLE_COLUMNS):
        raise AppError(
            _("The first row must name the columns (name, kind, platform, url, handle, audience_size, ...)."),
            errors={"file": [_("No “name” column.")]},
        )
    return rows_from_table(table, mapping)


def preview(partner_import) -> dict:
    """The preview page's table and its messages: the file with its mapping, each row's problems
    as sentences naming the file's row and column, duplicates as remarks. An import stored before
    files were kept shows its rows under their column names (and cannot be remapped)."""
    if partner_import.table:
        table = tabular.Table.from_stash(partner_import.table)
        mapping = list(partner_import.mapping)
    else:
        columns = [c for c in TABLE_COLUMNS if any(c.key in r for r in partner_import.rows)]
        mapping = [c.key for c in columns]
        table = tabular.Table(
            header=[str(c.label) for c in columns],
            rows=[[r.get(k) for k in mapping] for r in partner_import.rows],
        )
    errors = {int(n) - 1: e for n, e in partner_import.errors.items()}
    context = tabular.preview_context(
        table,
        mapping,
        TABLE_COLUMNS,
        bad_rows=errors,
        notes={int(n) - 1: text for n, text in partner_import.duplicates.items()},
    )
    context["error_messages"] = tabular.error_messages(table, mapping, TABLE_COLUMNS, errors)[:100]
    return context
