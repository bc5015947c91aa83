"""Honest communication: flag misleading claims and unmarked paid publications in a text.

A pure function over plain data (no database): ``honesty_flags(text, kind=..., erid=...)`` returns
a list of ``Flag(code, message, fragment)``. Russian and English wording is recognised. Codes:

* ``absolute_promise``: "100% гарантия", "гарантируем", "100% натуральный", "без калорий",
  "guaranteed", "always works";
* ``health_claim``: promises to treat illness ("лечит гастрит", "cures insomnia"), which food and
  cosmetics may not make (Russian advertising law);
* ``superlative``: unverifiable superlatives ("лучший в мире", "самый вкусный", "best in the world", "#1");
* ``unsourced_number``: numbers presented as facts without a source ("9 из 10 врачей",
  "в 5 раз", "95% покупателей", "3x faster") when no source is named in the text;
* ``ad_marking_missing``: an ad or a paid partner publication without an erid token and the
  "Реклама"/"Ad" label (Russian advertising law).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_I = re.IGNORECASE | re.UNICODE

ABSOLUTE_PROMISES = [
    r"100\s*%\s*(?:гарант\w*|результат\w*|эффект\w*)",
    r"гарантир\w*",
    r"гаранти(?:я|ю|ей)\s+(?:результат\w*|успех\w*|эффект\w*)",
    r"навсегда\s+избав\w*",
    r"без\s+(?:всякого|какого-либо)\s+риска",
    r"100\s*%\s*(?:guarantee\w*|result\w*|effective\w*|success\w*)",
    r"\bguarantee[sd]?\b",
    r"\brisk[- ]free\b",
    r"\balways\s+works\b",
    r"\bnever\s+fails\b",
    r"100\s*%\s*(?:натуральн|натурал|природн|органическ|безопасн)\w*",
    r"(?:без|ноль|0)\s+калори\w*",
    r"100\s*%\s*(?:natural|organic|safe)\b",
    r"\b(?:zero|no|0)\s+calories\b",
    r"\bcalorie[- ]free\b",
]

HEALTH_CLAIMS = [
    r"(?<!\w)(?:лечит|лечат|вылечит|вылечивает|излечивает|исцеляет)\s+\w+",
    r"(?<!\w)(?:избавляет|избавит)\s+от\s+(?:гастрит|изжог|диабет|аллерги|боли|болезн|простуд|бессонниц)\w*",
    r"(?<!\w)(?:от|против)\s+(?:гастрит|диабет|гипертони|онколог|рака\b)\w*",
    r"\b(?:cures?|heals?|treats?)\s+(?:gastritis|diabetes|cancer|allerg\w*|insomnia|disease\w*)\b",
]

SUPERLATIVES = [
    r"лучш\w+(?:\s+[\w-]+){0,2}\s+(?:в\s+мире|в\s+(?:россии|стране|городе)|на\s+рынке)",
    r"самы[йеая]\s+(?:лучш|вкусн|качественн|полезн|дешёв|дешев|свеж)\w*",
    r"№\s*1\b",
    r"номер\s+один",
    r"не\s+имеет\s+аналогов",
    r"единственн\w+\s+в\s+(?:мире|россии|стране)",
    r"\bbest(?:\s+[\w-]+){0,2}\s+in\s+(?:the\s+)?(?:world|country|city|town|market)\b",
    r"#\s*1\b",
    r"\bnumber\s+one\b",
    r"\bworld'?s\s+(?:best|finest|tastiest)\b",
    r"\bunmatched\b",
    r"\bunrivall?ed\b",
]

NUMBERS = [
    r"\d+\s+из\s+\d+\s+\w+",
    r"в\s+\d+(?:[.,]\d+)?\s+раз\w*",
    r"\d+(?:[.,]\d+)?\s*%\s+(?:покупател|клиент|людей|врач|россиян|мам|экспертов|пользовател)\w*",
    r"\b\d+\s+(?:out\s+of|in)\s+\d+\s+(?:doctors|dentists|experts|customers|people|moms|users)\b",
    r"\b\d+(?:\.\d+)?\s*(?:x|times)\s+(?:faster|better|more|cheaper|tastier)\b",
    r"\b\d+(?:\.\d+)?\s*%\s+of\s+(?:customers|people|doctors|experts|users)\b",
]

SOURCE_MARKERS = r"(?:источник|по\s+данным|исследовани\w+|согласно|source|according\s+to|study|survey)"
AD_LABEL = r"(?:\bреклама\b|#реклама|\bad\b|#ad\b|\bsponsored\b|\bадвертайзинг\b)"
ERID = r"\berid\s*[:=]?\s*[\w-]{4,}"

PAID_KINDS = {"ad", "partner_publication"}

FLAG_LABELS = {
    "absolute_promise": gettext_lazy("Absolute promise"),
    "health_claim": gettext_lazy("Health claim"),
    "superlative": gettext_lazy("Unverifiable superlative"),
    "unsourced_number": gettext_lazy("Number without a source"),
    "ad_marking_missing": gettext_lazy("No ad marking"),
}


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    fragment: str = ""

    @property
    def label(self) -> str:
        """A short name of the kind of problem, in the active language."""
        return str(FLAG_LABELS.get(self.code, self.code))

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "fragment": self.fragment}


def _first(patterns: list[str], text: str) -> str | None:
    for pattern in patterns:
        match = re.search(pattern, text, _I)
        if match:
            return match.group(0)
    return None


def honesty_flags(text: str, *, kind: str = "post", erid: str = "", title: str = "") -> list[Flag]:
    """The honesty flags of a plan item's text (and title), in a stable order of codes."""
    body = f"{title}\n{text or ''}"
    flags: list[Flag] = []
    fragment = _first(ABSOLUTE_PROMISES, body)
    if fragment:
        flags.append(
            Flag(
                "absolute_promise",
                _(
                    "Absolute promise “%(fragment)s”: results cannot be guaranteed; say what is likely instead."
                )
                % {"fragment": fragment},
                fragment,
            )
        )
    fragment = _first(HEALTH_CLAIMS, body)
    if fragment:
        flags.append(
            Flag(
                "health_claim",
                _(
                    "Health claim “%(fragment)s”: food and cosmetics may not promise to treat or "
                    "prevent illness; describe the product, not a cure."
                )
                % {"fragment": fragment},
                fragment,
            )
        )
    fragment = _first(SUPERLATIVES, body)
    if fragment:
        flags.append(
            Flag(
                "superlative",
                _("Unverifiable superlative “%(fragment)s”: keep it only with proof (a rating, an award).")
                % {"fragment": fragment},
                fragment,
            )
        )
    fragment = _first(NUMBERS, body)
    if fragment and not re.search(SOURCE_MARKERS, body, _I):
        flags.append(
            Flag(
                "unsourced_number",
                _("The number “%(fragment)s” has no source: name the study or remove it.")
                % {"fragment": fragment},
                fragment,
            )
        )
    if kind in PAID_KINDS:
        has_erid = bool((erid or "").strip()) or bool(re.search(ERID, body, _I))
        has_label = bool(re.search(AD_LABEL, body, _I))
        if not (has_erid and has_label):
            missing = []
            if not has_erid:
                missing.append("erid")
            if not has_label:
                missing.append(_("the “Реклама” label"))
            flags.append(
                Flag(
                    "ad_marking_missing",
                    _("A paid publication must carry ad marking: %(missing)s missing.")
                    % {"missing": ", ".join(missing)},
                )
            )
    return flags


def flag_codes(flags: list[Flag]) -> list[str]:
    return [f.code for f in flags]
