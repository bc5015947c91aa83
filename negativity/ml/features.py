"""Text preparation and engineered features of the classifier: pure functions over plain data.

* ``detect_language``: ru when the letters are mostly Cyrillic, else en.
* ``tokens`` / ``lemma_of`` / ``lemmatise``: lower-cased words (ё -> е) and their lemmas
  (pymorphy3 for Russian words; English words lose a plural/-ing/-ed ending; numbers become
  shape tokens like ``num4``). Lemmas are cached per distinct word.
* ``text_signals``: the engineered signals of a text that do not depend on single words: the
  concrete facts (order number, date, time, sum, address, flight or ticket number), a request
  to fix in a phrase, laughter, emoji, exclamation, capitals, length, links and @-mentions.
  The word-level signals (insults, obscenity, complaint cues, praise) come from ``lexicon``
  and are counted by the vectoriser, which caches them per distinct word.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

WORD_RE = re.compile(r"[a-zа-яё]+(?:[-'’][a-zа-яё]+)*|\d+", re.IGNORECASE)
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


@lru_cache(maxsize=400_000)
def lemma_of(word: str) -> str:
    """The lemma of one lower-cased word (cached)."""
    if CYRILLIC_RE.match(word):
        return _morph().parse(word)[0].normal_form.replace("ё", "е")
    if word.isdigit():
        return f"num{min(len(word), 6)}"
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def lemmatise(text: str) -> str:
    """Space-joined lemmas of ``text`` (lower case; digits as shape tokens like ``num4``)."""
    return " ".join(lemma_of(w) for w in tokens(text))


def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers of ``text`` (ё -> е)."""
    return WORD_RE.findall(text.lower().replace("ё", "е"))


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


FLIGHT_RE = re.compile(
    r"\b(?:flight|рейс\w*|ticket|билет\w*|booking|бронь|брони\w*|трек\w*|tracking)\s*(?:№|#|no\.?)?\s*[a-zа-я]{0,3}\s?\d{2,}",
    re.IGNORECASE,
)
LETTER_RE = re.compile(r"[^\W\d_]")
UPPER_RE = re.compile(r"[A-ZА-ЯЁ]")
URL_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
AT_RE = re.compile(r"(?<!\w)@\w+")
MOCK_EMOJI_RE = re.compile("[\U0001f921\U0001f92e\U0001f4a9\U0001f595\U0001f602\U0001f923]")
ANGRY_EMOJI_RE = re.compile(
    "[\U0001f620\U0001f621\U0001f92c\U0001f44e\U0001f61e\U0001f624\U0001f614\U0001f622\U0001f62d]"
)
HAPPY_EMOJI_RE = re.compile(
    "[\u2764\U0001f44d\U0001f60d\U0001f64f\U0001f60a\U0001f970\U0001f525\U0001f389\U0001f600\U0001f603\U0001f642]"
)

FACTS = (
    ("order_number", ORDER_RE),
    ("date", DATE_RE),
    ("time", TIME_RE),
    ("amount", AMOUNT_RE),
    ("address", ADDRESS_RE),
    ("booking", FLIGHT_RE),
)
FACT_NAMES = [name for name, _ in FACTS]

TEXT_SIGNALS = [
    *FACT_NAMES,
    "facts",
    "request_phrase",
    "laughter",
    "mock_emoji",
    "angry_emoji",
    "happy_emoji",
    "exclamations",
    "question",
    "caps_share",
    "log_length",
    "url",
    "at_mention",
]


DIGIT_RE = re.compile(r"\d")
DATE_WORDS = ("вчера", "yesterday", "утром", "morning", "субботу", "saturday")
LAUGH_WORDS = ("ха", "ha", "лол", "кек", "ору", "lol", "lmao", "rofl", "kek")


def text_signals(text: str, lowered: str) -> tuple[list[float], list[str]]:
    """The text-level signals (order of ``TEXT_SIGNALS``) and the names of the facts found.

    ``lowered`` is ``text.lower()``. Cheap substring tests go first and skip the regular
    expressions that cannot match (every fact but a worded date needs a digit; emoji are above
    U+2700), with the same results as running them all."""
    from .lexicon import REQUEST_PHRASES

    if DIGIT_RE.search(text):
        found = [name for name, regex in FACTS if regex.search(text)]
    elif any(w in lowered for w in DATE_WORDS) and DATE_RE.search(text):
        found = ["date"]
    else:
        found = []
    values = [1.0 if name in found else 0.0 for name in FACT_NAMES]
    emoji = bool(text) and max(text) >= "\u2700"
    if text == lowered:
        caps = 0.0
    else:
        letters = len(LETTER_RE.findall(text))
        caps = len(UPPER_RE.findall(text)) / letters if letters > 3 else 0.0
    laughter = 0.0
    if emoji or ")))" in text or any(w in lowered for w in LAUGH_WORDS):
        laughter = float(min(len(LAUGH_RE.findall(text)), 3))
    values += [
        float(len(found)),
        1.0 if REQUEST_PHRASES.search(lowered) else 0.0,
        laughter,
        1.0 if emoji and MOCK_EMOJI_RE.search(text) else 0.0,
        1.0 if emoji and ANGRY_EMOJI_RE.search(text) else 0.0,
        1.0 if emoji and HAPPY_EMOJI_RE.search(text) else 0.0,
        min(text.count("!"), 5) / 5.0,
        1.0 if "?" in text else 0.0,
        caps,
        math.log1p(len(text)),
        1.0 if ("http" in lowered or "www." in lowered) and URL_RE.search(text) else 0.0,
        1.0 if "@" in text and AT_RE.search(text) else 0.0,
    ]
    return values, found


def _text_signals_plain(text: str, lowered: str) -> tuple[list[float], list[str]]:
    """Every expression run on every text (the reference ``text_signals`` must agree with)."""
    from .lexicon import REQUEST_PHRASES

    found = [name for name, regex in FACTS if regex.search(text)]
    letters = len(LETTER_RE.findall(text))
    upper = len(UPPER_RE.findall(text))
    return [1.0 if name in found else 0.0 for name in FACT_NAMES] + [
        float(len(found)),
        1.0 if REQUEST_PHRASES.search(lowered) else 0.0,
        float(min(len(LAUGH_RE.findall(text)), 3)),
        1.0 if MOCK_EMOJI_RE.search(text) else 0.0,
        1.0 if ANGRY_EMOJI_RE.search(text) else 0.0,
        1.0 if HAPPY_EMOJI_RE.search(text) else 0.0,
        min(text.count("!"), 5) / 5.0,
        1.0 if "?" in text else 0.0,
        upper / letters if letters > 3 else 0.0,
        math.log1p(len(text)),
        1.0 if URL_RE.search(text) else 0.0,
        1.0 if AT_RE.search(text) else 0.0,
    ], found


def argument_markers(text: str) -> list[str]:
    """Names of the concrete facts present (order number, date, time, sum, address, booking)."""
    return [name for name, regex in FACTS if regex.search(text)]


def order_number(text: str) -> str:
    """The first order number in ``text`` (digits only), or ''."""
    match = ORDER_RE.search(text)
    if not match:
        return ""
    digits = re.findall(r"\d{3,}", match.group(0))
    return digits[0] if digits else ""
