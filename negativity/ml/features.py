"""Text preparation and engineered features of the classifier: pure functions over plain data.

* ``detect_language``: ru when the letters are mostly Cyrillic, else en.
* ``lemmatise``: lower-cased word lemmas (pymorphy3 for Russian words; English words are
  lower-cased and stripped of a plural/-ing/-ed ending), numbers replaced by shape tokens.
* ``signals``: the engineered features: insults, argument markers (order numbers, dates, times,
  sums), alarming words (court, regulator, poisoning), calls to boycott, laughter, caps and
  exclamation, and the author's history (new or empty account, share of negative mentions).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

WORD_RE = re.compile(r"[a-zа-яё]+(?:-[a-zа-яё]+)*|\d+", re.IGNORECASE)
CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN_RE = re.compile(r"[a-z]", re.IGNORECASE)

ORDER_RE = re.compile(
    r"(?:№\s?\d{3,}|#\s?\d{3,}|(?:заказ\w*|order|обращени\w*|complaint)\s*(?:№|#|no\.?)?\s*\d{3,})",
    re.IGNORECASE,
)
DATE_RE = re.compile(
    r"\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b|\b\d{1,2}\s+(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
    r"|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}\b"
    r"|\b(?:вчера|позавчера|yesterday|сегодня утром|this morning|в субботу|last saturday)\b",
    re.IGNORECASE,
)
TIME_RE = re.compile(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b")
AMOUNT_RE = re.compile(
    r"(?:\d[\d\s]*\s?(?:₽|руб\w*|р\.)|\$\s?\d+|\d+\s?(?:usd|dollars|eur|€))", re.IGNORECASE
)
ADDRESS_RE = re.compile(
    r"\b(?:на|ул\.?|улиц\w+)\s+[А-ЯЁ][а-яё]+,?\s*\d+|\b\d+\s+[A-Z][a-z]+\s+(?:street|avenue|road|lane)\b",
    re.IGNORECASE,
)
LAUGH_RE = re.compile(
    r"(?:а?ха){2,}|(?:ha){2,}|\b(?:лол|кек|ору|lol|lmao|rofl|kek)\b|😂|🤣|🤡|🤮|\){3,}", re.IGNORECASE
)

INSULT_STEMS = (
    "клоун",
    "дебил",
    "идиот",
    "туп",
    "позорищ",
    "лох",
    "убог",
    "помойк",
    "нищеброд",
    "дно",
    "недопекар",
    "обосрал",
    "урод",
    "кретин",
    "бездар",
    "stupid",
    "idiot",
    "clown",
    "loser",
    "moron",
    "pathetic",
    "dump",
    "suck",
    "joke",
    "trash",
    "garbage",
    "wannabe",
    "broke people",
)
ALARMING_STEMS = (
    "суд",
    "роспотребнадзор",
    "прокуратур",
    "отравил",
    "отравлен",
    "отравлени",
    "травит",
    "больниц",
    "госпитал",
    "тараканы",
    "антисанитар",
    "полици",
    "мошенник",
    "lawsuit",
    "sue ",
    "regulator",
    "poison",
    "hospital",
    "cockroach",
    "food safety",
    "police",
    "scam",
    "court",
    "investigat",
)
CALL_STEMS = (
    "не покупайте",
    "обходите стороной",
    "расскажите всем",
    "поделитесь",
    "бойкот",
    "репост",
    "распространите",
    "не рискуйте",
    "будьте осторожны",
    "внимание всем",
    "don't buy",
    "avoid at all",
    "tell everyone",
    "share with",
    "boycott",
    "repost",
    "spread the word",
    "don't risk",
    "be careful",
    "warning everyone",
    "instead",
)

NEW_ACCOUNT_DAYS = 30


def detect_language(text: str) -> str:
    cyr = len(CYRILLIC_RE.findall(text))
    lat = len(LATIN_RE.findall(text))
    return "ru" if cyr >= lat else "en"


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    if CYRILLIC_RE.match(word):
        return _morph().parse(word)[0].normal_form
    if word.isdigit():
        return f"num{min(len(word), 6)}"
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def lemmatise(text: str) -> str:
    """Space-joined lemmas of ``text`` (lower case; digits as shape tokens like ``num4``)."""
    return " ".join(_lemma(w) for w in WORD_RE.findall(text.lower().replace("ё", "е")))


def _stem_regex(stems: tuple[str, ...]) -> re.Pattern:
    """Stems matched at the start of a word (so "суд" is not found in "посуда")."""
    return re.compile(r"(?<![a-zа-яё])(" + "|".join(re.escape(s) for s in stems) + ")", re.IGNORECASE)


_REGEXES: dict[int, re.Pattern] = {}


def _count(stems: tuple[str, ...], lowered: str) -> list[str]:
    regex = _REGEXES.get(id(stems))
    if regex is None:
        regex = _REGEXES[id(stems)] = _stem_regex(stems)
    found = []
    for match in regex.findall(lowered):
        stem = match.strip()
        if stem not in found:
            found.append(stem)
    return found


def alarming_words(text: str) -> list[str]:
    """The alarming stems found in ``text`` (court, regulator, poisoning, ...)."""
    return _count(ALARMING_STEMS, text.lower() + " ")


SIGNAL_NAMES = [
    "order_number",
    "date",
    "time",
    "amount",
    "address",
    "insults",
    "alarming",
    "calls",
    "laughter",
    "exclamations",
    "caps_share",
    "log_length",
    "question",
    "author_known",
    "author_new",
    "author_empty",
    "log_followers",
    "log_history",
    "negative_share",
]


def signals(
    text: str,
    *,
    author_age_days: float | None = None,
    author_followers: float | None = None,
    author_mentions: float | None = None,
    author_negative: float | None = None,
) -> list[float]:
    """The engineered feature vector of one mention (order of ``SIGNAL_NAMES``)."""
    lowered = text.lower() + " "
    letters = [c for c in text if c.isalpha()]
    caps = sum(1 for c in letters if c.isupper()) / len(letters) if letters else 0.0
    known = author_age_days is not None
    age = float(author_age_days) if known else 365.0
    followers = float(author_followers or 0)
    history = float(author_mentions or 0)
    negative = float(author_negative or 0)
    return [
        1.0 if ORDER_RE.search(text) else 0.0,
        1.0 if DATE_RE.search(text) else 0.0,
        1.0 if TIME_RE.search(text) else 0.0,
        1.0 if AMOUNT_RE.search(text) else 0.0,
        1.0 if ADDRESS_RE.search(text) else 0.0,
        float(len(_count(INSULT_STEMS, lowered))),
        float(len(_count(ALARMING_STEMS, lowered))),
        float(len(_count(CALL_STEMS, lowered))),
        float(len(LAUGH_RE.findall(text))),
        min(text.count("!"), 5) / 5.0,
        caps,
        math.log1p(len(text)),
        1.0 if "?" in text else 0.0,
        1.0 if known else 0.0,
        1.0 if known and age < NEW_ACCOUNT_DAYS else 0.0,
        1.0 if known and followers < 10 and history == 0 else 0.0,
        math.log1p(followers),
        math.log1p(history),
        negative / history if history else 0.0,
    ]


def argument_markers(text: str) -> list[str]:
    """Names of the argument markers present (order number, date, time, sum, address)."""
    found = []
    for name, regex in (
        ("order_number", ORDER_RE),
        ("date", DATE_RE),
        ("time", TIME_RE),
        ("amount", AMOUNT_RE),
        ("address", ADDRESS_RE),
    ):
        if regex.search(text):
            found.append(name)
    return found


def order_number(text: str) -> str:
    """The first order number in ``text`` (digits only), or ''."""
    match = ORDER_RE.search(text)
    if not match:
        return ""
    digits = re.findall(r"\d{3,}", match.group(0))
    return digits[0] if digits else ""
