"""How the starter corpus is made: a category's text from its language's fragments with the slots
filled, the author features typical of the category, and ``generate`` (deterministic by seed)."""

from __future__ import annotations

import random

from .en import (
    EN_BRANDS,
    EN_CALLS,
    EN_CLAIMS,
    EN_COMPETITORS,
    EN_MONTHS,
    EN_NAMES,
    EN_NATURAL,
    EN_NATURAL_CLOSE,
    EN_NATURAL_OPEN,
    EN_NATURAL_VAGUE,
    EN_NEUTRAL,
    EN_ORDERED,
    EN_POSITIVE,
    EN_POSITIVE_CLOSE,
    EN_POSITIVE_OPEN,
    EN_PRODUCTS,
    EN_STREETS,
    EN_TROLL,
    EN_TROLL_TAIL,
)
from .ru import (
    RU_BRANDS,
    RU_CALLS,
    RU_CLAIMS,
    RU_COMPETITORS,
    RU_MONTHS,
    RU_NAMES,
    RU_NATURAL,
    RU_NATURAL_CLOSE,
    RU_NATURAL_OPEN,
    RU_NATURAL_VAGUE,
    RU_NEUTRAL,
    RU_ORDERED,
    RU_POSITIVE,
    RU_POSITIVE_CLOSE,
    RU_POSITIVE_OPEN,
    RU_PRODUCTS,
    RU_STREETS,
    RU_TROLL,
    RU_TROLL_TAIL,
)

CATEGORIES = ["positive", "neutral", "natural", "trolling", "ordered"]
TOPICS = ["delivery", "quality", "price", "support", "staff", "other"]

VAGUE_TOPICS = ["quality", "delivery", "price", "support", "staff", "quality", "other", "price"]

CATEGORY_SHARES_TOPIC = {
    "ordered": ["quality", "quality", "quality", "delivery", "price", "support", "staff", "other"],
}


def _fill(template: str, rng: random.Random, lang: str) -> str:
    ru = lang == "ru"
    values = {
        "order": str(rng.randint(1000, 999999)),
        "hours": str(rng.randint(2, 5)),
        "minutes": str(rng.choice([15, 20, 25, 30, 40, 45, 50, 90])),
        "amount": str(
            rng.choice([89, 120, 150, 240, 350, 420, 560, 780, 1250, 2100])
            if ru
            else rng.choice([3, 5, 7, 12, 18, 24, 35, 48])
        ),
        "amount2": str(
            rng.choice([99, 140, 180, 290, 390, 480, 620, 890, 1400])
            if ru
            else rng.choice([4, 6, 9, 14, 21, 29, 42])
        ),
        "product": rng.choice(RU_PRODUCTS if ru else EN_PRODUCTS),
        "street": (
            f"{rng.choice(RU_STREETS)}, {rng.randint(1, 120)}"
            if ru
            else f"{rng.randint(1, 300)} {rng.choice(EN_STREETS)}"
        ),
        "date": (
            f"{rng.randint(1, 28)} {rng.choice(RU_MONTHS)}"
            if rng.random() < 0.7
            else rng.choice(["вчера", "позавчера", "в субботу", "сегодня утром"])
        ),
        "date_en": (
            f"{rng.choice(EN_MONTHS)} {rng.randint(1, 28)}"
            if rng.random() < 0.7
            else rng.choice(["yesterday", "last Saturday", "this morning"])
        ),
        "time": f"{rng.randint(7, 22)}:{rng.choice(['00', '15', '30', '45', '10', '40'])}",
        "time2": f"{rng.randint(8, 23)}:{rng.choice(['05', '20', '35', '50'])}",
        "name": rng.choice(RU_NAMES if ru else EN_NAMES),
        "brand": rng.choice(RU_BRANDS if ru else EN_BRANDS),
        "competitor": rng.choice(RU_COMPETITORS if ru else EN_COMPETITORS),
        "n": str(rng.randint(2, 6)),
    }
    return template.format(**values)


def _join(*parts: str) -> str:
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return text[:1].upper() + text[1:]


def _author(category: str, rng: random.Random) -> dict:
    """Author features typical of (but not exclusive to) each category."""
    if category == "ordered" and rng.random() < 0.85:
        return {
            "author_age_days": rng.randint(0, 25),
            "author_followers": rng.randint(0, 40),
            "author_mentions": 0,
            "author_negative": 0,
        }
    if category == "trolling" and rng.random() < 0.7:
        mentions = rng.randint(3, 40)
        return {
            "author_age_days": rng.randint(60, 2500),
            "author_followers": rng.randint(5, 600),
            "author_mentions": mentions,
            "author_negative": int(mentions * rng.uniform(0.6, 1.0)),
        }
    mentions = rng.randint(0, 8)
    return {
        "author_age_days": rng.randint(90, 4000) if rng.random() < 0.9 else rng.randint(0, 60),
        "author_followers": int(rng.lognormvariate(5, 1.4)),
        "author_mentions": mentions,
        "author_negative": int(mentions * rng.uniform(0, 0.4)),
    }


def _text(category: str, topic: str, lang: str, rng: random.Random) -> str:
    ru = lang == "ru"
    if category == "natural":
        vague = [
            t
            for t, tp in zip(RU_NATURAL_VAGUE if ru else EN_NATURAL_VAGUE, VAGUE_TOPICS, strict=True)
            if tp == topic
        ]
        if vague and rng.random() < 0.25:
            return _join(
                _fill(rng.choice(vague), rng, lang) + ".",
                rng.choice(RU_NATURAL_CLOSE if ru else EN_NATURAL_CLOSE),
            )
        body = _fill(rng.choice((RU_NATURAL if ru else EN_NATURAL)[topic]), rng, lang)
        return _join(
            rng.choice(RU_NATURAL_OPEN if ru else EN_NATURAL_OPEN),
            body + ".",
            rng.choice(RU_NATURAL_CLOSE if ru else EN_NATURAL_CLOSE),
        )
    if category == "positive":
        body = _fill(rng.choice((RU_POSITIVE if ru else EN_POSITIVE)[topic]), rng, lang)
        opening = _fill(rng.choice(RU_POSITIVE_OPEN if ru else EN_POSITIVE_OPEN), rng, lang)
        return _join(
            opening,
            body + rng.choice([".", "!", "!!"]),
            rng.choice(RU_POSITIVE_CLOSE if ru else EN_POSITIVE_CLOSE),
        )
    if category == "neutral":
        return _join(_fill(rng.choice((RU_NEUTRAL if ru else EN_NEUTRAL)[topic]), rng, lang))
    if category == "trolling":
        body = _fill(rng.choice(RU_TROLL if ru else EN_TROLL), rng, lang)
        text = _join(body, rng.choice(RU_TROLL_TAIL if ru else EN_TROLL_TAIL))
        return text.upper() if rng.random() < 0.1 else text
    claim = _fill(rng.choice((RU_CLAIMS if ru else EN_CLAIMS)[topic]), rng, lang)
    if rng.random() < 0.1:  # a made-up detail to look credible
        claim += _fill(" Покупала {date}." if ru else " Bought it {date_en}.", rng, lang)
    call = rng.choice(RU_CALLS if ru else EN_CALLS)
    return _fill(
        rng.choice(RU_ORDERED if ru else EN_ORDERED).replace("{claim}", claim).replace("{call}", call),
        rng,
        lang,
    )


def _topic_for(category: str, rng: random.Random) -> str:
    if category == "trolling":
        return "other"
    return rng.choice(CATEGORY_SHARES_TOPIC.get(category, TOPICS))


def generate(*, seed: int = 20260401, per_class: int = 400) -> list[dict]:
    """``per_class`` distinct examples per (category, language): 2 languages x 5 categories."""
    rng = random.Random(seed)
    records: list[dict] = []
    for lang in ("ru", "en"):
        for category in CATEGORIES:
            seen: set[str] = set()
            attempts = 0
            while len(seen) < per_class and attempts < per_class * 30:
                attempts += 1
                topic = _topic_for(category, rng)
                text = _text(category, topic, lang, rng)
                if text in seen:
                    continue
                seen.add(text)
                records.append(
                    {
                        "text": text,
                        "label": category,
                        "topic": topic,
                        "language": lang,
                        **_author(category, rng),
                    }
                )
    rng.shuffle(records)
    return records
