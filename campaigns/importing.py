"""Daily metrics from a spreadsheet: the columns it may have (Russian or English headers), and its
cells turned into the rows ``services.metrics_validate`` takes. A campaign is found by id, name or
utm tag; a channel by code or by name ("ВКонтакте", "Телеграм"); dates and numbers as people write
them (``smm_platform.tabular``). Errors carry the row number and the column as the file names it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smm_platform import tabular
from smm_platform.tabular import Column

from . import services
from .enums import Channel
from .models import Campaign

COLUMNS = [
    Column(
        "campaign",
        gettext_lazy("Campaign"),
        ("кампания", "campaign_id", "id кампании", "название кампании", "utm", "utm_campaign", "utm-метка"),
    ),
    Column(
        "channel", gettext_lazy("Channel"), ("канал", "площадка", "соцсеть", "сеть", "platform", "network")
    ),
    Column("date", gettext_lazy("Date"), ("дата", "день", "day"), required=True),
    Column("impressions", gettext_lazy("Impressions"), ("показы", "просмотры", "views")),
    Column("reach", gettext_lazy("Reach"), ("охват", "охваты")),
    Column("clicks", gettext_lazy("Clicks"), ("клики", "переходы")),
    Column(
        "engagements",
        gettext_lazy("Engagements"),
        ("вовлечения", "вовлеченность", "взаимодействия", "реакции", "engagement"),
    ),
    Column("followers", gettext_lazy("Followers"), ("подписчики", "новые подписчики", "followers gained")),
    Column("posts", gettext_lazy("Posts"), ("посты", "публикации", "posts published")),
    Column("leads", gettext_lazy("Leads"), ("лиды", "заявки")),
    Column("sales", gettext_lazy("Sales"), ("продажи", "заказы", "orders")),
    Column("revenue", gettext_lazy("Revenue"), ("выручка", "доход", "доходы", "income")),
    Column("spend", gettext_lazy("Spend"), ("расход", "расходы", "затраты", "потрачено", "бюджет", "cost")),
]
COUNT_KEYS = ("impressions", "reach", "clicks", "engagements", "followers", "posts", "leads", "sales")
MONEY_KEYS = ("revenue", "spend")
CHANNEL_ALIASES = {
    "вк": "vk",
    "вконтакте": "vk",
    "vkontakte": "vk",
    "тг": "telegram",
    "tg": "telegram",
    "телеграм": "telegram",
    "телеграмм": "telegram",
    "одноклассники": "ok",
    "ок": "ok",
    "дзен": "dzen",
    "яндексдзен": "dzen",
    "ютуб": "youtube",
    "рутуб": "rutube",
    "вквидео": "vk_video",
    "email": "email",
    "рассылка": "email",
    "сайт": "website",
    "блог": "website",
}


def channel_lookup() -> dict[str, str]:
    """Channel codes by code, by their names in Russian and English, and by common short names."""
    return tabular.choice_lookup(Channel.choices, CHANNEL_ALIASES)


class CampaignRefs:
    """A workspace's campaigns by id, utm tag or name (normalised), as a file names them; for every
    import with a campaign column (metrics, mentions)."""

    def __init__(self, workspace):
        self.lookup: dict[str, int] = {}
        self.ambiguous: set[str] = set()
        rows = Campaign.objects.for_workspace(workspace).values_list("pk", "name", "utm_campaign")
        for pk, name, utm in rows:
            self.lookup[str(pk)] = pk
            if utm:
                self.lookup[f"utm:{utm.strip().lower()}"] = pk
            key = f"name:{tabular.normalise(name)}"
            if key in self.lookup and self.lookup[key] != pk:
                self.ambiguous.add(key)
            self.lookup[key] = pk

    def resolve(self, ref) -> tuple[int | None, str | None]:
        """``(campaign id, None)``, or ``(None, the reason in the reader's language)``."""
        text = tabular.as_text(ref)
        name_key = f"name:{tabular.normalise(text)}"
        if name_key in self.ambiguous:
            return None, _("Several campaigns are called “%(name)s”: use its id or utm tag.") % {"name": text}
        found = self.lookup.get(text) or self.lookup.get(f"utm:{text.lower()}") or self.lookup.get(name_key)
        if found is None:
            return None, _("No campaign “%(ref)s” (give its id, name or utm tag).") % {"ref": text}
        return found, None


def metric_rows(*, workspace, table: tabular.Table, mapping: list[str], default_campaign=None):
    """``(rows, problems)``: the service's rows, and by row index the cells that could not even be
    read (``{key: [message]}``), which the service is not asked to judge again."""
    campaigns = CampaignRefs(workspace)
    channels = channel_lookup()
    rows, problems = [], {}
    for index, record in enumerate(tabular.records(table, mapping)):
        row, bad = {}, {}
        ref = record.get("campaign")
        if ref is None and default_campaign is not None:
            row["campaign"] = default_campaign.pk
        elif ref is None:
            bad["campaign"] = [_("No campaign: add a campaign column or choose one for the whole file.")]
        else:
            row["campaign"], problem = campaigns.resolve(ref)
            if problem:
                bad["campaign"] = [problem]
        channel = record.get("channel")
        if channel is not None:
            code = channels.get(tabular.normalise(channel))
            if code is None:
                bad["channel"] = [_("Unknown channel “%(value)s”.") % {"value": tabular.as_text(channel)}]
            row["channel"] = code
        else:
            bad["channel"] = [_("No channel.")]
        day = tabular.parse_date(record.get("date"))
        if day is None:
            bad["date"] = [_("Enter a date such as 01.12.2026 or 2026-12-01.")]
        row["date"] = day.isoformat() if day else None
        for key in COUNT_KEYS:
            if key in record:
                number = tabular.parse_int(record[key])
                if number is None:
                    bad[key] = [_("Enter a whole number that is not negative.")]
                row[key] = number
        for key in MONEY_KEYS:
            if key in record:
                number = tabular.parse_decimal(record[key])
                if number is None:
                    bad[key] = [_("Enter an amount that is not negative.")]
                row[key] = None if number is None else str(number)
        if bad:
            problems[str(index)] = bad
        rows.append(row)
    return rows, problems


def check(*, workspace, table, mapping, default_campaign=None) -> dict:
    """Everything the preview shows: the rows, the errors as sentences with row and column."""
    rows, problems = metric_rows(
        workspace=workspace, table=table, mapping=mapping, default_campaign=default_campaign
    )
    _clean, errors = services.metrics_validate(workspace=workspace, rows=rows)
    for index, bad in problems.items():
        errors[index] = {**errors.get(index, {}), **bad}
    missing = tabular.missing_required(mapping, COLUMNS)
    messages = tabular.error_messages(table, mapping, COLUMNS, errors)
    return {
        "rows": rows,
        "errors": errors,
        "messages": messages,
        "lines": tabular.row_lines(table),
        "valid": not errors and not missing,
    }
