"""Why a mention got its text category: language-neutral codes stored on the mention
(``explanation``) and worded in the reader's language by ``describe``.

Codes: ``insult`` and ``obscene`` (the words found), ``facts`` (order number, date, time, sum,
address, booking), ``asks_fix`` (a request to fix, refund, replace), ``failure`` (something
went wrong: late, broken, charged twice), ``praise`` (the words), ``mockery`` (laughter, clown
emoji), ``no_arguments`` (trolling without a single fact), ``question`` and ``plain`` (neutral),
``known_author`` (an ordinary account with history).
"""

from __future__ import annotations

from django.utils.translation import gettext as _


def _words(found: list[str], limit: int = 3) -> list[str]:
    out = []
    for w in found:
        if w not in out:
            out.append(w)
    return out[:limit]


class _Signals:
    """``value.get(name)``: one signal of a mention's row, by name."""

    __slots__ = ("row",)
    index: dict[str, int] = {}

    def __init__(self, row):
        self.row = row
        if not self.index:
            from .classifier import SIGNAL_NAMES

            _Signals.index = {name: i for i, name in enumerate(SIGNAL_NAMES)}

    def get(self, name: str) -> float:
        return float(self.row[self.index[name]])


def evidence_for(category: str, hits: dict, facts: list[str], signals, record: dict) -> list[dict]:
    value = _Signals(signals)
    out: list[dict] = []
    if hits.get("insult"):
        out.append({"code": "insult", "words": _words(hits["insult"])})
    if hits.get("obscene"):
        out.append({"code": "obscene", "words": _words(hits["obscene"])})
    if category in ("natural", "trolling"):
        if facts:
            out.append({"code": "facts", "facts": list(facts)})
        if hits.get("request") or value.get("request_phrase"):
            out.append({"code": "asks_fix", "words": _words(hits.get("request", []))})
        if hits.get("failure"):
            out.append({"code": "failure", "words": _words(hits["failure"])})
        if category == "trolling":
            if value.get("laughter") or value.get("mock_emoji"):
                out.append({"code": "mockery"})
            if not facts and not hits.get("request"):
                out.append({"code": "no_arguments"})
    elif category == "positive":
        if hits.get("praise"):
            out.append({"code": "praise", "words": _words(hits["praise"])})
        elif value.get("happy_emoji"):
            out.append({"code": "praise", "words": []})
    elif category == "neutral":
        out.append({"code": "question" if value.get("question") else "plain"})
    age = record.get("author_age_days")
    if category == "natural" and age is not None and age >= 180 and (record.get("author_mentions") or 0) > 0:
        out.append({"code": "known_author"})
    return out


FACT_NAMES = {
    "order_number": lambda: _("order number"),
    "date": lambda: _("date"),
    "time": lambda: _("time"),
    "amount": lambda: _("sum"),
    "address": lambda: _("address"),
    "booking": lambda: _("booking or ticket number"),
}
CODES = (
    "insult",
    "obscene",
    "facts",
    "asks_fix",
    "failure",
    "praise",
    "mockery",
    "no_arguments",
    "question",
    "plain",
    "known_author",
)


def describe(reason: dict) -> str | None:
    """One evidence entry as a sentence in the active language (None for another code)."""
    code = reason.get("code")
    words = ", ".join(reason.get("words") or [])
    if code == "insult":
        return _("Contains an insult: %(words)s") % {"words": words}
    if code == "obscene":
        return _("Contains obscene language: %(words)s") % {"words": words}
    if code == "facts":
        names = [FACT_NAMES[f]() if f in FACT_NAMES else f for f in reason.get("facts", [])]
        return _("Concrete facts: %(facts)s") % {"facts": ", ".join(names)}
    if code == "asks_fix":
        return (
            _("Asks to fix the problem: %(words)s") % {"words": words}
            if words
            else _("Asks to fix the problem")
        )
    if code == "failure":
        return _("Describes what went wrong: %(words)s") % {"words": words}
    if code == "praise":
        return _("Praise: %(words)s") % {"words": words} if words else _("Praise (emoji)")
    if code == "mockery":
        return _("Mockery: laughter or clown emoji")
    if code == "no_arguments":
        return _("No facts and no request: abuse without arguments")
    if code == "question":
        return _("A question without complaint")
    if code == "plain":
        return _("No complaint, praise or abuse found")
    if code == "known_author":
        return _("An ordinary account with history")
    return None
