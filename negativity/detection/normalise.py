"""Text normalisation for near-duplicate detection: what an attack varies is taken away.

``tokens(text)`` gives the canonical word stems of a text:

1. links (``https://...``, ``www...``, ``name.ru/...``) and @-mentions are dropped, ``#`` goes;
2. in a word that mixes Cyrillic with Latin letters or digits, the Latin/digit look-alikes
   (``a c e o p x y k m``, ``0 3 6``) become the Cyrillic letters they imitate;
3. lower case, ``ё`` -> ``е``; emoji, punctuation and numbers fall out with the word split;
4. every word is written in one Latin skeleton: Cyrillic is transliterated, spelling variants of
   transliteration are merged (``kh``/``h``, ``ts``/``c``, ``y``/``j``/``i``, ``shch``/``sch``/``sh``,
   ``w``/``v``, ``x``/``ks``), the vowels that Russian spelling and typists confuse are merged
   (``o``/``a``, ``e``/``i``), doubled letters collapse; so «Отравилась», «OTPAВИЛАСЬ» and
   «otravilas» meet;
5. stop words (in either alphabet) and one- or two-letter words are dropped; the rest is stemmed
   to its first ``STEM`` letters (a light stemmer that also forgives typos in the ending).

``features(text)`` is the set compared between texts: the stems and every unordered pair of
neighbouring stems, so reordered phrases keep almost all of it while different wording shares
little. Pure functions, cached per word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

STEM = 5

URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:ru|com|net|org|me|cc|ly|su|io|рф)\b(?:/\S*)?",
    re.IGNORECASE,
)
MENTION_RE = re.compile(r"@[\w.]+")
WORD_RE = re.compile(r"[^\W_]+")
CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
LOOKALIKE = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к", "m": "м",
    "t": "т", "h": "н", "b": "в", "0": "о", "3": "з", "6": "б",
}  # fmt: skip
UPPER_LOOKALIKE = {"B": "в", "H": "н", "T": "т", "M": "м", "K": "к"}
TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
# Transliteration spellings, longest first, then single letters.
LATIN_VARIANTS = [
    ("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("ck", "k"),
    ("ya", "ia"), ("yu", "iu"), ("yo", "e"), ("ja", "ia"), ("ju", "iu"), ("jo", "e"),
]  # fmt: skip
LATIN_LETTERS = str.maketrans({"y": "i", "j": "i", "w": "v", "q": "k", "x": "ks", "o": "a", "e": "i"})
DOUBLED_RE = re.compile(r"(.)\1+")
STOP_WORDS = """
и в во не на я с со что а то все всё она он они мы вы так его ее её их но да ты к у же за бы по
только мне было вот от меня еще ещё нет о из ему теперь когда даже ну ли если уже или ни быть был
была были до вас нибудь опять уж вам ведь там потом себя ничего ей может тут где есть надо для мой
моя мои чем без будто чего раз тоже себе под будет ж тогда кто этот эта это эти того потому этого
какой совсем ним здесь этом один почти мой тем чтобы нее сейчас куда зачем всех никогда можно при
наконец два об другой хоть после над больше тот через эту нас про всего них какая много разве три
эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно
всю между весь вся всё очень уже просто
the a an and or but is are was were be been to of in on at for with it this that my our your
their they we you he she i me us them do does did not no so very just from by as have has had
will would can could all any some than then there here what which who about up out
"""


def _skeleton(word: str) -> str:
    out = "".join(TO_LATIN.get(ch, ch) for ch in word)
    for old, new in LATIN_VARIANTS:
        out = out.replace(old, new)
    out = out.translate(LATIN_LETTERS)
    return DOUBLED_RE.sub(r"\1", out)


STOP_SKELETONS = frozenset(_skeleton(w) for w in STOP_WORDS.split())


def _unmask(word: str) -> str:
    """A word mixing Cyrillic with Latin look-alikes or digits, written in Cyrillic only."""
    return "".join(
        UPPER_LOOKALIKE.get(ch) or LOOKALIKE.get(ch.lower(), ch) if ch.lower() not in CYRILLIC else ch
        for ch in word
    )


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The canonical stem of one word as written (may be ``""`` for a stop word)."""
    if any(ch.lower() in CYRILLIC for ch in word) and not all(ch.lower() in CYRILLIC for ch in word):
        word = _unmask(word)
    word = word.lower().replace("ё", "е")
    if word.isdigit():
        return ""
    skeleton = _skeleton(word)
    if len(skeleton) <= 2 or skeleton in STOP_SKELETONS or not skeleton.isalpha():
        return ""
    return skeleton[:STEM]


def clean(text: str) -> str:
    """``text`` without links, @-mentions and hashtag signs."""
    return MENTION_RE.sub(" ", URL_RE.sub(" ", text)).replace("#", " ")


def tokens(text: str) -> list[str]:
    """The canonical stems of ``text`` in order (see the module docstring)."""
    return [s for s in (stem(w) for w in WORD_RE.findall(clean(text))) if s]


def features(text: str) -> set[str]:
    """The stems of ``text`` and the unordered pairs of neighbouring stems."""
    stems = tokens(text)
    out = set(stems)
    for a, b in pairwise(stems):
        if a != b:
            out.add(f"{a}|{b}" if a < b else f"{b}|{a}")
    return out


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
