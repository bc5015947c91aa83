"""Words, not codes: what a Russian reader is served is what our catalogues say.

Django merges every catalogue into one: LOCALE_PATHS first, then the apps in INSTALLED_APPS order
(django.contrib.admin and auth before ours), then Django's own. A msgid two catalogues share gets
ONE translation, so the negotiation kind "Email" read as auth's "Адрес электронной почты" and the
report section "Summary" as admin's "Краткая статистика". Where one English word means different
things, the strings carry a ``pgettext`` context; these tests keep it that way.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)


def _catalogues():
    skip = {".venv", "node_modules"}
    return sorted(p for p in ROOT.glob("**/locale/ru/LC_MESSAGES/django.po") if not skip & set(p.parts))


def test_every_app_of_ours_with_strings_has_a_catalogue_the_checks_cover():
    found = {p.parent.parent.parent.parent for p in _catalogues()}
    ours = {Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == ROOT}
    with_locale = {path for path in ours if (path / "locale").exists()}
    assert with_locale <= found
    assert ROOT in found, "the project catalogue (locale/) is checked too"
    assert len(with_locale) >= 8


def _served(entry, n=None):
    if entry.msgid_plural:
        if entry.msgctxt:
            return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
        return translation.ngettext(entry.msgid, entry.msgid_plural, n)
    if entry.msgctxt:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


def test_a_russian_reader_is_served_each_catalogues_own_translation():
    """For every entry of every catalogue of ours, Django's gettext answers that entry's msgstr:
    no other catalogue (another app's, admin's, auth's, DRF's) shadows it. A clash means the same
    English word is used for two meanings: give one of them a ``pgettext`` context (or, when the
    meaning is the same, the same Russian word)."""
    stale = [
        str(p.relative_to(ROOT))
        for p in _catalogues()
        if not p.with_suffix(".mo").exists() or p.with_suffix(".mo").stat().st_mtime < p.stat().st_mtime
    ]
    assert not stale, f"run `python manage.py compile_translations`: {stale}"
    problems = []
    with translation.override("ru"):
        for path in _catalogues():
            for entry in polib.pofile(str(path)):
                if entry.obsolete or not entry.translated():
                    continue
                where = f"{path.relative_to(ROOT)}: {entry.msgctxt or ''}|{entry.msgid!r}"
                if entry.msgid_plural:
                    for n, form in ((1, 0), (3, 1), (5, 2)):
                        if (got := _served(entry, n)) != entry.msgstr_plural.get(form):
                            problems.append(
                                f"{where} [{n}] reads {got!r}, not {entry.msgstr_plural.get(form)!r}"
                            )
                elif (got := _served(entry)) != entry.msgstr:
                    problems.append(f"{where} reads {got!r}, not {entry.msgstr!r}")
    assert not problems, "\n".join(problems)


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def test_translations_use_only_the_placeholders_their_source_string_has():
    """What ``msgfmt --check`` checks for python-format entries: a translation naming a placeholder
    the English string does not have raises KeyError (or prints the raw "%(from)s") at runtime."""
    problems = []
    for path in _catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "python-format" not in entry.flags:
                continue
            allowed = set(PLACEHOLDER.findall(entry.msgid)) | set(
                PLACEHOLDER.findall(entry.msgid_plural or "")
            )
            for msgstr in [entry.msgstr, *entry.msgstr_plural.values()]:
                if extra := set(PLACEHOLDER.findall(msgstr)) - allowed:
                    problems.append(
                        f"{path.relative_to(ROOT)}: {entry.msgid!r} translation uses {sorted(extra)}"
                    )
    assert not problems, "\n".join(problems)


def test_the_words_the_team_found_wrong_now_read_right():
    from negativity.enums import IncidentStatus
    from partners.enums import NegotiationKind

    with translation.override("ru"):
        assert str(NegotiationKind.EMAIL.label) == "Письмо"
        assert translation.pgettext("report section", "Summary") == "Сводка"
        assert str(IncidentStatus.CLOSED.label) == "Закрыт"
        assert translation.gettext("Email") == "Адрес электронной почты"  # the sign-in field keeps its own


# --- Rendered Russian pages of the demo: words, not codes -------------------------------------

OUR_APPS = (
    "accounts",
    "campaigns",
    "planning",
    "partners",
    "negativity",
    "reports",
    "social",
    "integrations",
)


def raw_codes() -> dict[str, str]:
    """Every value of our TextChoices (enums modules and model fields) that is an ASCII identifier
    and differs from its English label: ``{"ordered": "negativity.enums.Category", ...}``."""
    import importlib

    from django.db import models

    for app in OUR_APPS:
        importlib.import_module(f"{app}.enums")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    pairs = []
    for cls in subclasses(models.TextChoices):
        if cls.__module__.split(".")[0] in OUR_APPS:
            pairs += [(value, label, f"{cls.__module__}.{cls.__name__}") for value, label in cls.choices]
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for field in model._meta.get_fields():
                for value, label in getattr(field, "choices", None) or []:
                    pairs.append((value, label, f"{model.__name__}.{field.name}"))
    with translation.override("en"):
        return {
            value: where
            for value, label, where in pairs
            if isinstance(value, str) and re.fullmatch(r"[A-Za-z_]\w*", value) and value != str(label)
        }


class VisibleText:
    """The text a reader sees: no tags or attributes (form values, URLs in links), no script,
    style or textarea, nothing marked as another language (``lang="en"``: a playbook in English
    offered beside the Russian ones), no ``<code>`` (literal column names to type)."""

    SKIP = {"script", "style", "textarea", "code", "template"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, page: str, language: str = "ru"):
        from html.parser import HTMLParser

        chunks: list[str] = []
        stack: list[bool] = []  # per open element: is it hidden?

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag in VisibleText.VOID:
                    return
                lang = dict(attrs).get("lang")
                hidden = tag in VisibleText.SKIP or (lang is not None and not lang.startswith(language))
                stack.append(hidden or (bool(stack) and stack[-1]))

            def handle_endtag(self, tag):
                if tag not in VisibleText.VOID and stack:
                    stack.pop()

            def handle_data(self, data):
                if not (stack and stack[-1]):
                    chunks.append(data)

        Parser(convert_charrefs=True).feed(page)
        text = " ".join(chunks)
        # Links, addresses and {placeholders} of reply templates are typed, not read.
        text = re.sub(r"\b(?:https?|webcal)://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\{\w+\}", " ", text)
        self.text = re.sub(r"\s+", " ", text)

    @classmethod
    def of_plain_text(cls, text: str) -> VisibleText:
        """Text that is all visible already (a report file's cells, a notification)."""
        visible = cls("")
        visible.text = re.sub(r"\s+", " ", text)
        return visible

    def words(self, codes) -> dict[str, list[str]]:
        """The codes that appear as whole words (not inside ``report.completed``, ``report-1.csv``
        or ``utm_vk``, nor a quoted ``"error"`` of a server's answer), each with where it was seen."""
        pattern = re.compile(
            r"(?<![\w.\-/:\"])("
            + "|".join(map(re.escape, sorted(codes, key=len, reverse=True)))
            + r")(?![\w\-/\"]|\.\w)"
        )
        found: dict[str, list[str]] = {}
        for m in pattern.finditer(self.text):
            found.setdefault(m.group(1), []).append(self.text[max(0, m.start() - 50) : m.end() + 30])
        return found


#: English sentences that once leaked into Russian pages (the untranslated inbox and classifier
#: texts, the admin's word for a report summary).
ENGLISH_LEFTOVERS = (
    "corrections so far",
    "Rows of each corpus",
    "Sentiment sets",
    "Every 20 corrections",
    "pooled",
    "Краткая статистика",
)


def test_visible_text_drops_markup_other_languages_and_literals():
    page = (
        '<p title="ordered">Атака <a href="/x?kind=ordered">заказная</a> <input value="trolling"></p>'
        "<script>var k = 'trolling';</script><div lang=\"en\"><p>Ordered attack: natural</p></div>"
        "<p>колонки: <code>price, delivery</code>; событие report.completed, файл report-1.csv;"
        " {brand}; https://vk.com/natural</p><p>Статус: natural</p>"
    )
    visible = VisibleText(page)
    assert (
        visible.words({"ordered", "trolling", "price", "delivery", "completed", "csv", "brand", "vk"}) == {}
    )
    assert list(visible.words({"natural"})) == ["natural"]


def _demo_pages(workspace) -> list[str]:
    from django.urls import reverse

    from accounts.models import AuditLog
    from campaigns.models import Campaign
    from integrations.models import WebhookSubscription
    from negativity.models import Incident, Mention, ResponseTemplate, RoutingRule
    from partners.models import Deal, Partner
    from planning.models import BrainstormSession, PlanItem, Proposal
    from reports.models import ReportRun

    slug = {"workspace_slug": workspace.slug}
    pages_of_audit = -(-AuditLog.objects.filter(workspace=workspace).count() // 50)

    def url(name, model=None):
        if model is None:
            return reverse(name, kwargs=slug)
        obj = model.objects.for_workspace(workspace).order_by("pk").first()
        assert obj is not None, f"the demo has no {model.__name__}"
        return reverse(name, kwargs={**slug, "pk": obj.pk})

    return [
        url("reports:home"),
        url("campaigns:index"),
        url("campaigns:detail", Campaign),
        url("campaigns:goals"),
        url("campaigns:segments"),
        url("campaigns:trends"),
        url("campaigns:templates"),
        url("campaigns:alignment-settings"),
        url("planning:calendar"),
        url("planning:item", PlanItem),
        url("planning:board"),
        url("planning:ideas"),
        url("planning:brainstorm", BrainstormSession),
        url("planning:proposal", Proposal),
        url("planning:sharing"),
        url("partners:index"),
        url("partners:board"),
        url("partners:detail", Partner),
        url("partners:deal", Deal),
        url("partners:import"),
        url("negativity:inbox"),
        url("negativity:mention", Mention),
        url("negativity:incidents"),
        url("negativity:incident", Incident),
        url("negativity:playbooks"),
        url("negativity:rules"),
        url("negativity:root-causes"),
        url("negativity:classifier"),
        url("reports:index"),
        url("reports:run", ReportRun),
        url("reports:schedules"),
        url("integrations:webhooks"),
        url("integrations:webhook", WebhookSubscription),
        url("social:accounts"),
        url("accounts:members"),
        url("accounts:workspace-settings"),
        url("accounts:tokens"),
        reverse("accounts:notifications"),
        reverse("accounts:profile"),
        reverse("accounts:workspace-list"),
        # forms and uploads
        url("campaigns:create"),
        url("campaigns:edit", Campaign),
        url("campaigns:goal-create"),
        url("campaigns:metrics-upload"),
        url("planning:item-create"),
        url("planning:proposal-create"),
        url("partners:create"),
        url("partners:edit", Partner),
        url("partners:shortlist-pick"),
        url("negativity:rule", RoutingRule),
        url("negativity:playbook", ResponseTemplate),
        url("negativity:upload"),
        # the audit log, every page of it
        *[f"{url('accounts:audit-log')}?page={n}" for n in range(1, pages_of_audit + 1)],
    ]


def test_the_russian_demo_shows_words_not_codes(db, client, settings, tmp_path):
    """Seed the demo, sign in as its owner (Russian) and read every main page: no raw enum code
    (``ordered``, ``price``, ``telegram``, ``cost_per_sale``, ``absolute_promise``…) and none of
    the English leftovers people found."""
    from django.core.management import call_command

    from accounts.demo import DEMO_SLUG
    from accounts.models import User, Workspace

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    owner = User.objects.get(email="marina@demo.smm")
    assert owner.language == "ru"
    client.force_login(owner)
    codes = raw_codes()
    assert {"ordered", "trolling", "price", "delivery", "telegram", "dzen", "cost_per_sale"} <= set(codes)
    problems = []
    for path in _demo_pages(Workspace.objects.get(slug=DEMO_SLUG)):
        response = client.get(path)
        assert response.status_code == 200, path
        visible = VisibleText(response.content.decode())
        for code, seen in visible.words(codes).items():
            problems.append(f"{path}: {code!r} ({codes[code]}) in …{seen[0]}…")
        problems += [f"{path}: English {s!r}" for s in ENGLISH_LEFTOVERS if s in visible.text]
    assert not problems, "\n".join(problems)


def test_a_notification_with_a_count_takes_the_russian_plural_form(personas):
    from django.utils.translation import ngettext_lazy

    from accounts.services import notify

    personas.manager.language = "ru"
    personas.manager.save(update_fields=["language"])
    title = ngettext_lazy(
        "A wave of genuine complaints: %(n)s customer at once",
        "A wave of genuine complaints: %(n)s customers at once",
        "n",
    )
    shown = [
        notify(
            workspace=personas.workspace, users=[personas.manager], kind="t", title=title, params={"n": n}
        )[0].title
        for n in (21, 3, 5)
    ]
    assert shown == [
        "Волна настоящих жалоб: 21 клиент одновременно",
        "Волна настоящих жалоб: 3 клиента одновременно",
        "Волна настоящих жалоб: 5 клиентов одновременно",
    ]


def report_file_text(report_file) -> str:
    """Every word a reader sees in a report file: CSV cells, XLSX sheet names and cells, PPTX text,
    tables and chart labels, PDF text."""
    import csv

    from openpyxl import load_workbook
    from pptx import Presentation
    from pypdf import PdfReader

    with report_file.file.open("rb") as handle:
        data = handle.read()
    if report_file.format == "csv":
        content = data.decode("utf-8-sig")
        return " ".join(cell for row in csv.reader(io.StringIO(content), delimiter=";") for cell in row)
    if report_file.format == "xlsx":
        book = load_workbook(io.BytesIO(data), read_only=True)
        cells = [
            str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v
        ]
        return " ".join([*book.sheetnames, *cells])
    if report_file.format == "pptx":
        words = []
        for slide in Presentation(io.BytesIO(data)).slides:
            for shape in slide.shapes:
                if shape.has_text_frame:
                    words.append(shape.text_frame.text)
                if shape.has_table:
                    words += [cell.text for row in shape.table.rows for cell in row.cells]
                if getattr(shape, "has_chart", False) and shape.has_chart:
                    for plot in shape.chart.plots:
                        words += [str(c) for c in plot.categories] + [s.name for s in plot.series]
        return " ".join(words)
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_every_report_of_the_russian_demo_in_every_format_shows_words_not_codes(
    db, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    """Each report kind over the demo's last month, in Russian, as PDF, XLSX, PPTX and CSV; and
    the notifications and emails the demo and these runs produced."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from accounts.demo import DEMO_SLUG
    from accounts.models import Notification, User, Workspace
    from campaigns.models import Campaign
    from reports import services
    from reports.enums import ReportFormat, ReportKind

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    workspace = Workspace.objects.get(slug=DEMO_SLUG)
    owner = User.objects.get(email="marina@demo.smm")
    today = timezone.localdate()
    runs = []
    with django_capture_on_commit_callbacks(execute=True):
        for kind in ReportKind.values:
            if kind == ReportKind.CASE:
                continue  # a case deck is the campaign report's PPTX for a campaign that met its goals
            campaign = (
                Campaign.objects.for_workspace(workspace).order_by("pk").first()
                if kind == "campaign"
                else None
            )
            runs.append(
                services.run_request(
                    workspace=workspace,
                    actor=owner,
                    kind=kind,
                    period_start=today - timedelta(days=30),
                    period_end=today,
                    formats=ReportFormat.values,
                    campaign=campaign,
                    language="ru",
                )
            )
    codes = raw_codes()
    problems = []
    for run in runs:
        run.refresh_from_db()
        assert run.status == "done", (run.kind, run.error)
        assert run.files.count() == 4
        for report_file in run.files.all():
            text = VisibleText.of_plain_text(report_file_text(report_file))
            for code, seen in text.words(codes).items():
                problems.append(f"{run.kind}.{report_file.format}: {code!r} ({codes[code]}) in …{seen[0]}…")
            if run.kind == "negativity" and not {"Троллинг", "Заказная атака"} & set(
                text.words(["Троллинг", "Заказная атака"])
            ):
                problems.append(f"negativity.{report_file.format}: no category label at all")  # was it read?
    for note in Notification.objects.filter(workspace=workspace, user__language="ru"):
        text = VisibleText.of_plain_text(f"{note.title} {note.body}")
        problems += [f"notification {note.kind}: {code!r} in {text.text!r}" for code in text.words(codes)]
    for message in mailoutbox:
        text = VisibleText(message.subject + " " + message.body)
        problems += [f"email {message.subject!r}: {code!r}" for code in text.words(codes)]
    assert not problems, "\n".join(problems)


def test_the_audit_log_reads_fields_and_choices_by_their_labels(personas):
    from accounts.models import AuditLog
    from campaigns.enums import CampaignStatus
    from partners.enums import Stage

    entry = AuditLog(
        workspace=personas.workspace,
        action="partner.stage_changed",
        target_type="partner",
        changes={"stage": "negotiating", "via": "board", "rules": [{"field": "topic"}]},
    )
    campaign = AuditLog(
        workspace=personas.workspace, target_type="campaign", changes={"status": [["approved"], "running"]}
    )
    with translation.override("ru"):
        assert [(c["label"], c["value"], c["literal"]) for c in entry.readable_changes()] == [
            ("Этап", str(Stage.NEGOTIATING.label), False),
            ("via", "board", False),  # not a field: as recorded
            ("rules", '[{"field": "topic"}]', True),
        ]
        assert campaign.readable_changes()[0]["value"] == (
            f"{CampaignStatus.APPROVED.label} → {CampaignStatus.RUNNING.label}"
        )
