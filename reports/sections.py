"""The contract between the areas' data and the report renderers.

A *provider* is a function ``provider(ctx: ReportContext) -> Section`` that reads one area's data
(aggregates in SQL) and returns plain data: KPI tiles, tables with typed columns and chart series.
Renderers (PDF, XLSX, PPTX, CSV) and the run snapshot only ever see these plain structures, so an
area plugs in without the reports app importing code that may not exist.

Providers are found in two places:
* ``reports.providers.BUILTIN`` (the campaigns, workspace, planning, partners and negativity
  providers maintained here, reading the other apps' models directly);
* ``<app>/report_sections.py`` of any installed app, exposing ``SECTIONS = {kind: [provider, ...]}``
  (appended after the built-in ones for that kind).

An area whose data is not there yet answers ``Section.unavailable(...)``: an honest "no data for
this area yet" section, never invented numbers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

# Column types: how renderers format and store a value (XLSX keeps numbers as numbers).
TEXT, INT, MONEY, PERCENT, DECIMAL, DATE = "text", "int", "money", "percent", "decimal", "date"
COLUMN_TYPES = {TEXT, INT, MONEY, PERCENT, DECIMAL, DATE}

# Section groups: business results come first, vanity metrics are shown apart from them.
BUSINESS, VANITY, INFO = "business", "vanity", "info"
GROUP_ORDER = {BUSINESS: 0, INFO: 1, VANITY: 2}


@dataclass
class Column:
    key: str
    label: str
    type: str = TEXT


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]


@dataclass
class Tile:
    """One headline number; ``target`` and ``status`` (ok, warn, bad) when a goal exists."""

    key: str
    label: str
    value: float | int | None
    type: str = INT
    target: float | int | None = None
    status: str = ""
    lower_is_better: bool = False


@dataclass
class Series:
    name: str
    values: list[float]


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bar" or "line"
    labels: list[str]
    series: list[Series]


@dataclass
class Section:
    key: str
    title: str
    group: str = BUSINESS
    available: bool = True
    note: str = ""
    tiles: list[Tile] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    @classmethod
    def unavailable(cls, key: str, title: str, note: str | None = None) -> Section:
        return cls(
            key=key,
            title=title,
            group=INFO,
            available=False,
            note=note or _("No data for this area yet."),
        )

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ReportContext:
    workspace: Any
    period_start: date
    period_end: date
    campaign: Any = None
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """One computation per report: providers share aggregates (e.g. totals) through it."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


Provider = Callable[[ReportContext], Section]


def providers_for(kind: str) -> list[Provider]:
    """Built-in providers of ``kind`` followed by those of installed apps' ``report_sections``."""
    from .providers import BUILTIN

    found = list(BUILTIN.get(kind, []))
    for config in apps.get_app_configs():
        if config.name == "reports":
            continue
        try:
            module = importlib.import_module(f"{config.name}.report_sections")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.report_sections":
                raise
            continue
        found += list(getattr(module, "SECTIONS", {}).get(kind, []))
    return found


def compute_sections(kind: str, ctx: ReportContext) -> list[dict]:
    """Every section of a report of ``kind`` as plain dicts, business results first."""
    sections = [provider(ctx) for provider in providers_for(kind)]
    sections.sort(key=lambda s: GROUP_ORDER.get(s.group, 1))
    return [s.to_dict() for s in sections]


def tile_status(value: float | None, target: float | None, *, lower_is_better: bool = False) -> str:
    """ok when the target is met, warn within 20 % of it, bad otherwise; "" without a target."""
    if value is None or target in (None, 0):
        return ""
    ratio = (target / value if value else 0.0) if lower_is_better else value / target
    if ratio >= 1:
        return "ok"
    return "warn" if ratio >= 0.8 else "bad"


def ratio(numerator: float | None, denominator: float | None, *, scale: float = 1.0) -> float | None:
    """numerator / denominator (times ``scale``), rounded to 2 places; None when undefined."""
    if numerator is None or not denominator:
        return None
    return round(float(numerator) / float(denominator) * scale, 2)
