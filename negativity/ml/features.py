"""Text preparation and engineered features of the classifier: pure functions over plain data.

* ``detect_language``: ru when the letters are mostly Cyrillic, else en.
* ``tokens`` / ``lemma_of`` / ``lemmatise``: lower-cased words (ё -> е) and their lemmas
  (pymorphy3 for Russian words; English words lose a plural/-ing/-ed ending; numbers become
  shape tokens like ``num4``). Lemmas are cached per distinct word.
* ``batch_signals`` over a ``TextBatch``: the engineered signals of each text that do not depend
  on single words: the concrete facts (order number, date, time, sum, address, flight or ticket
  number), a request to fix in a phrase, laughter, emoji, exclamation, capitals, length, links
  and @-mentions, computed for a whole batch at once (``_text_signals_plain`` is the per-text
  reference it must equal). The word-level signals (insults, obscenity, complaint cues,
  praise) come from ``lexicon`` and are counted by the vectoriser, which caches them per
  distinct word.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

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
# Every match of LAUGH_RE holds one of these (lower case) or an emoji above U+2700: the
# shortest matches of (?:а?ха){2,} are «хаха» and «хааха».
LAUGH_WORDS = ("хаха", "хааха", "haha", "лол", "кек", "ору", "lol", "lmao", "rofl", "kek", ")))")
URL_WORDS = ("http", "www.")
AMOUNT_WORDS = ("₽", "руб", "р.", "$", "usd", "dollars", "eur", "€")

# What one code point is, as bits (computed once per distinct code point by the very regular
# expressions above, so a count of flagged code points is the length of their ``findall``).
_SEEN, _LETTER, _DIGIT, _UPPER, _CYRILLIC, _LATIN, _EXOTIC, _HIGH, _BANG, _QUESTION, _AT = (
    1 << i for i in range(11)
)
_BASIC_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщъыьэюяё")
_CASELESS_LETTER_RE = re.compile(r"[a-zа-яё]", re.IGNORECASE)
_FLAGS = np.zeros(0x110000, dtype=np.uint16)


def _flags_of(ch: str) -> int:
    bits = _SEEN
    for bit, regex in (
        (_LETTER, LETTER_RE),
        (_DIGIT, DIGIT_RE),
        (_UPPER, UPPER_RE),
        (_CYRILLIC, CYRILLIC_RE),
        (_LATIN, LATIN_RE),
    ):
        if regex.match(ch):
            bits |= bit
    # A letter that matches a Latin or Cyrillic letter case-insensitively without being one
    # (the Kelvin sign, a long s, a narrow Cyrillic o): substring tests on lower-cased text
    # cannot stand in for case-insensitive expressions on a text that has one.
    if ch.lower() not in _BASIC_LETTERS and _CASELESS_LETTER_RE.match(ch):
        bits |= _EXOTIC
    if ch >= "\u2700":
        bits |= _HIGH
    bits |= {"!": _BANG, "?": _QUESTION, "@": _AT}.get(ch, 0)
    return bits


def _code_point_flags(points: np.ndarray) -> np.ndarray:
    found = _FLAGS[points]
    missing = found == 0
    if missing.any():
        for point in np.unique(points[missing]).tolist():
            _FLAGS[point] = _flags_of(chr(point))
        found = _FLAGS[points]
    return found


# Separators between the texts of a batch: a code point no expression here can match or step
# over (not a letter, digit, space or cased), chosen so that no text of the batch holds it.
_SEPARATORS = "\x00" + "".join(chr(c) for c in range(0xE000, 0xF900))


class TextBatch:
    """A batch of texts joined into one string, so that lower-casing, tokenising and the
    character counts run once per batch instead of once per text.

    Every per-text figure equals the one computed on the text alone: the separator cannot be
    part of any match, so an expression matches inside a text of the joined string exactly as
    it matches the text alone. The expressions that need a rare character (a digit, an
    ``@``, an emoji, a laughing word) run only on the texts that have it."""

    def __init__(self, texts: list[str]):
        self.texts = list(texts)
        self.n = n = len(self.texts)
        joined, sep = "", _SEPARATORS[0]
        for sep in _SEPARATORS if n else ():
            joined = sep.join(self.texts) + sep
            if joined.count(sep) == n:
                break
        else:
            if n:  # pragma: no cover - a batch that holds 6,400 private-use characters
                raise ValueError("no separator left for this batch")
        self.sep = sep
        self.lowered = joined.lower()
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        seps = np.flatnonzero(points == ord(sep))
        self.starts = (np.concatenate(([0], seps[:-1] + 1)) if n else seps).astype(np.intp)
        self.lengths = seps - self.starts
        self._points = points
        self._seps = seps
        self._flags = _code_point_flags(points)
        if len(self.lowered) == len(joined):
            self._lowered_seps = seps
        else:  # a letter whose lower case is longer (İ)
            lowered = np.frombuffer(self.lowered.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            self._lowered_seps = np.flatnonzero(lowered == ord(sep))
        self._counts: dict[int, np.ndarray] = {}

    def tokens(self) -> list[list[str]]:
        """``tokens(text)`` of every text."""
        if not self.n:
            return []
        return list(map(WORD_RE.findall, self.lowered.replace("ё", "е").split(self.sep)[: self.n]))

    def count(self, bit: int) -> np.ndarray:
        """Per text: how many of its code points have ``bit``."""
        found = self._counts.get(bit)
        if found is None:
            if not self.n:
                return np.zeros(0, dtype=np.int64)
            found = self._counts[bit] = np.add.reduceat((self._flags & bit) != 0, self.starts, dtype=np.int64)
        return found

    def _at(self, positions: np.ndarray, seps: np.ndarray | None = None) -> np.ndarray:
        """Per text: whether one of ``positions`` (of the joined string) is in it."""
        found = np.zeros(self.n, dtype=bool)
        found[np.searchsorted(self._seps if seps is None else seps, positions)] = True
        return found

    def digit_runs(self, length: int) -> np.ndarray:
        """Per text: whether it has ``length`` digits (``\\d``) in a row."""
        run = (self._flags & _DIGIT) != 0
        for shift in range(1, length):
            run = run[:-1] & ((self._flags[shift:] & _DIGIT) != 0)
        return self._at(np.flatnonzero(run))

    def clock_marks(self) -> np.ndarray:
        """Per text: whether a ``:`` or ``.`` is followed by 0-5 (what ``TIME_RE`` needs)."""
        points = self._points
        mark = (points[:-1] == ord(":")) | (points[:-1] == ord("."))
        return self._at(np.flatnonzero(mark & (points[1:] >= ord("0")) & (points[1:] <= ord("5"))))

    def found_lowered(self, regex: re.Pattern) -> np.ndarray:
        """Per text: whether ``regex`` finds something in its lower case (one scan of the
        batch: a match cannot cross a separator)."""
        return self._at([m.start() for m in regex.finditer(self.lowered)], self._lowered_seps)

    def containing(self, words: tuple[str, ...]) -> np.ndarray:
        """Per text: whether its lower case holds one of ``words``."""
        found = np.zeros(self.n, dtype=bool)
        lowered = self.lowered
        for word in words:
            positions = []
            at = lowered.find(word)
            while at >= 0:
                positions.append(at)
                at = lowered.find(word, at + 1)
            if positions:
                found[np.searchsorted(self._lowered_seps, positions)] = True
        return found

    def matching(self, regex: re.Pattern, where: np.ndarray) -> list[int]:
        """The texts among ``where`` (a mask) that ``regex`` finds something in."""
        texts, search = self.texts, regex.search
        return [i for i in np.flatnonzero(where).tolist() if search(texts[i])]

    def languages(self) -> list[str]:
        """``detect_language`` of every text."""
        ru = self.count(_CYRILLIC) >= self.count(_LATIN)
        return ["ru" if r else "en" for r in ru.tolist()]


def batch_signals(batch: TextBatch) -> tuple[np.ndarray, np.ndarray]:
    """The text-level signals of a batch: (float32 array (n, ``len(TEXT_SIGNALS)``), bool array
    (n, ``len(FACTS)``) of the facts found), equal to ``_text_signals_plain`` on every text.

    Every fact but a worded date needs a digit, so the fact expressions run only on the texts
    with one (and with what else each needs: three digits in a row for an order number, a
    currency for a sum, ``:`` or ``.`` before a digit for a time; or a date word); the other expressions run only where their rare character
    is (``@``, an emoji, a laughing word, ``http``); a text with a look-alike letter (Kelvin
    sign, long s) takes every expression."""
    from .lexicon import REQUEST_PHRASES

    n = batch.n
    exotic = batch.count(_EXOTIC) > 0
    digit = batch.count(_DIGIT) > 0
    high = batch.count(_HIGH) > 0
    # What each fact expression cannot match without (a text with a look-alike letter takes the
    # expressions whose words it could spell).
    needs = {
        "order_number": batch.digit_runs(3),
        "date": digit | exotic | batch.containing(DATE_WORDS),
        "time": digit & batch.clock_marks(),
        "amount": digit & (exotic | batch.containing(AMOUNT_WORDS)),
        "address": digit,
        "booking": batch.digit_runs(2),
    }
    facts = np.zeros((n, len(FACTS)), dtype=bool)
    for j, (name, regex) in enumerate(FACTS):
        facts[batch.matching(regex, needs[name]), j] = True

    def flag(regex, where):
        out = np.zeros(n, dtype=np.float64)
        out[batch.matching(regex, where)] = 1.0
        return out

    laughter = np.zeros(n, dtype=np.float64)
    for i in np.flatnonzero(high | exotic | batch.containing(LAUGH_WORDS)).tolist():
        laughter[i] = min(len(LAUGH_RE.findall(batch.texts[i])), 3)
    letters = batch.count(_LETTER)
    caps = np.where(letters > 3, batch.count(_UPPER) / np.maximum(letters, 1), 0.0)
    values = np.column_stack(
        [
            facts.astype(np.float64),
            facts.sum(axis=1).astype(np.float64),
            batch.found_lowered(REQUEST_PHRASES).astype(np.float64),
            laughter,
            flag(MOCK_EMOJI_RE, high),
            flag(ANGRY_EMOJI_RE, high),
            flag(HAPPY_EMOJI_RE, high),
            np.minimum(batch.count(_BANG), 5) / 5.0,
            (batch.count(_QUESTION) > 0).astype(np.float64),
            caps,
            np.fromiter(map(math.log1p, batch.lengths.tolist()), dtype=np.float64, count=n),
            flag(URL_RE, exotic | batch.containing(URL_WORDS)),
            flag(AT_RE, batch.count(_AT) > 0),
        ]
    ).reshape(n, len(TEXT_SIGNALS))
    return values.astype(np.float32), facts


def fact_names(found: np.ndarray) -> list[str]:
    """The names of the facts of one row of ``batch_signals``' fact array."""
    return [FACT_NAMES[j] for j in np.flatnonzero(found).tolist()]


def _text_signals_plain(text: str, lowered: str) -> tuple[list[float], list[str]]:
    """Every expression run on one text (the reference ``batch_signals`` must agree with)."""
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
