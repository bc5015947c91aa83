"""Words, not codes: what a Russian reader is served is what our catalogues say.

Django merges every catalogue into one: LOCALE_PATHS first, then the apps in INSTALLED_APPS order
(django.contrib.admin and auth before ours), then Django's own. A msgid two catalogues share gets
ONE translation, so the negotiation kind "Email" read as auth's "Адрес электронной почты" and the
report section "Summary" as admin's "Краткая статистика". Where one English word means different
things, the strings carry a ``pgettext`` context; these tests keep it that way.
"""

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
