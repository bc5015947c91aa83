"""Generated streams of mentions for tuning and measuring attack detection (no database).

Everything is plain data: rows in the ingest format (``mentions_ingest``) with a ``truth`` key
naming what each row really is (``attack``, ``genuine``, ``wave``), so a benchmark or a test can
score what detection made of them. The ``truth`` key is not part of the ingest format and is
dropped before ingest.

* ``attack(...)``: one coordinated attack: a claim written as slots, each slot with synonyms, then
  put through any of the ``STYLES`` (typos, capitals, emoji, punctuation, reordered phrases, links,
  @-mentions, hashtags, Latin look-alike letters, whole-text transliteration, chatter around it);
  posted by new or empty accounts (or old but empty bought accounts) at synchronised times.
* ``genuine(...)``: complaints of real customers in their own words: each picks its own opening,
  problem, facts (order number, date, place, sum, product) and request from large pools, from old
  accounts with history, spread over days.
* ``outage_wave(...)``: the hard negative: an outage makes many genuine customers complain within
  an hour, each in their own words, from old accounts. A natural-negativity crisis, never an attack.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

BRAND = "Колосок"

# --- attacks ------------------------------------------------------------------------------------
# Each claim: slots in order; each slot lists interchangeable phrasings (the template's synonyms).
CLAIMS_RU = [
    [
        ["Не покупайте в {brand}!", "Не берите ничего в {brand}!", "Никогда не покупайте в {brand}!"],
        ["Отравилась после их выпечки,", "Отравилась их выпечкой,", "Траванулась их выпечкой,"],
        ["вся семья в больнице.", "всей семьёй попали в больницу.", "вся семья лежит в больнице."],
        ["Продают просрочку!", "Торгуют просроченным!", "Продают просроченные продукты!"],
        ["Обходите стороной!", "Обходите их стороной!", "Держитесь от них подальше!"],
    ],
    [
        ["{brand} — мошенники!", "{brand} обманывают покупателей!", "В {brand} работают мошенники!"],
        ["Списали деньги и ничего не привезли,", "Взяли деньги и не привезли заказ,"],
        ["в поддержке хамят и бросают трубку.", "поддержка хамит и бросает трубку."],
        ["Напишите жалобу в Роспотребнадзор!", "Пишите жалобы в Роспотребнадзор!"],
        ["Не ведитесь на их рекламу!", "Не верьте их рекламе!"],
    ],
    [
        ["В хлебе {brand} нашли плесень и волосы,", "В хлебе из {brand} плесень и волосы,"],
        ["на кухне грязь и тараканы,", "на их кухне тараканы и грязь,"],
        ["санэпидемстанция уже в курсе.", "СЭС уже всё знает."],
        ["Не кормите этим детей!", "Не давайте это детям!"],
    ],
]
CLAIMS_EN = [
    [
        ["Do not buy anything at {brand}!", "Never buy from {brand}!", "Stay away from {brand}!"],
        ["Got food poisoning from their pastries,", "Their pastries poisoned me,"],
        ["my whole family ended up in hospital.", "the whole family is in hospital now."],
        ["They sell expired food!", "They are selling expired products!"],
        ["Avoid them!", "Avoid this place at all costs!"],
    ],
]
EMOJI = ["😡", "🤮", "‼️", "👎", "🤬", "💩", "⚠️", "😱"]
CHATTER_BEFORE = ["Люди,", "Репост!", "Внимание!", "Друзья,", "Срочно!", "Всем важно:"]
CHATTER_AFTER = ["Распространите!", "Репост обязателен.", "Поделитесь с близкими.", "Это правда."]
LINKS = ["https://vk.cc/a{n}", "http://bit.ly/k{n}", "https://t.me/s/otzyv{n}", "www.otzovik-{n}.ru"]
HASHTAGS = ["#колосок", "#отравление", "#позор", "#неходите"]
LOOKALIKE = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "к": "k", "м": "m"}
TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip

STYLES = (
    "plain",
    "typos",
    "caps",
    "emoji",
    "punctuation",
    "reorder",
    "links",
    "mentions",
    "hashtags",
    "lookalike",
    "translit",
    "chatter",
)


def _typos(text: str, rng: random.Random, rate: float = 0.06) -> str:
    words = text.split(" ")
    out = []
    for word in words:
        if len(word) > 3 and rng.random() < rate * 3:
            i = rng.randrange(1, len(word) - 1)
            kind = rng.randrange(3)
            if kind == 0:  # swap two letters
                word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            elif kind == 1:  # drop a letter
                word = word[:i] + word[i + 1 :]
            else:  # double a letter
                word = word[:i] + word[i] + word[i:]
        out.append(word)
    return " ".join(out)


def _caps(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return text.upper()
    return " ".join(w.upper() if rng.random() < 0.35 else w for w in text.split(" "))


def _translit(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in TRANSLIT:
            latin = TRANSLIT[low]
            out.append(latin.capitalize() if ch != low and latin else latin)
        else:
            out.append(ch)
    return "".join(out)


def styled(text: str, style: str, rng: random.Random, n: int = 0) -> str:
    """``text`` put through one attack style."""
    if style == "typos":
        return _typos(text, rng)
    if style == "caps":
        return _caps(text, rng)
    if style == "emoji":
        words = text.split(" ")
        for _ in range(rng.randint(1, 4)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(EMOJI))
        return " ".join(words)
    if style == "punctuation":
        text = text.replace("!", rng.choice(["!!!", "!!1", "", "."])).replace(
            ",", rng.choice([",", "", " -"])
        )
        return text + rng.choice(["", "!!!", "...", "?!"])
    if style == "links":
        return f"{text} {rng.choice(LINKS).format(n=rng.randint(100, 999))}"
    if style == "mentions":
        return f"@kolosok_official @{rng.choice(['gorod_news', 'spb_today', 'msk24'])} {text}"
    if style == "hashtags":
        return f"{text} {' '.join(rng.sample(HASHTAGS, 2))}"
    if style == "lookalike":
        return "".join(LOOKALIKE[c] if c in LOOKALIKE and rng.random() < 0.4 else c for c in text)
    if style == "translit":
        return _translit(text)
    if style == "chatter":
        return f"{rng.choice(CHATTER_BEFORE)} {text} {rng.choice(CHATTER_AFTER)}"
    return text


def attack_text(claim: list[list[str]], rng: random.Random, styles: list[str], *, brand: str = BRAND) -> str:
    """One post of the attack: a synonym per slot, maybe reordered, then the styles applied."""
    parts = [rng.choice(slot).format(brand=brand) for slot in claim]
    if "reorder" in styles:
        head, rest = parts[:1], parts[1:]
        rng.shuffle(rest)
        parts = head + rest if rng.random() < 0.5 else rest + head
    text = " ".join(parts)
    for style in styles:
        if style != "reorder":
            text = styled(text, style, rng)
    return text


def _author(rng: random.Random, *, handle: str, kind: str, now: datetime) -> dict:
    if kind == "new":
        return {
            "handle": handle,
            "created_at": (now - timedelta(days=rng.uniform(0, 12))).isoformat(),
            "followers": rng.randint(0, 9),
        }
    if kind == "empty":  # an old account with nothing on it: bought or woken for the attack
        return {
            "handle": handle,
            "created_at": (now - timedelta(days=rng.uniform(400, 2000))).isoformat(),
            "followers": rng.randint(0, 5),
        }
    return {
        "handle": handle,
        "created_at": (now - timedelta(days=rng.uniform(200, 3500))).isoformat(),
        "followers": rng.randint(40, 4000),
    }


def attack(
    *,
    size: int = 40,
    start: datetime,
    span_minutes: float = 120,
    seed: int = 1,
    styles: list[str] | tuple[str, ...] = ("plain",),
    styles_per_post: int = 1,
    claim: int = 0,
    language: str = "ru",
    source: str = "vk",
    accounts: str = "new",
    prefix: str = "atk",
) -> list[dict]:
    """``size`` posts of one coordinated attack within ``span_minutes`` from ``start``.

    Each post takes a synonym per slot of the claim and ``styles_per_post`` styles drawn from
    ``styles``; ``accounts`` is ``new`` (days old, no followers), ``empty`` (old, no followers) or
    ``mixed`` (mostly new, a fifth old but empty)."""
    rng = random.Random(seed)
    claims = CLAIMS_RU if language == "ru" else CLAIMS_EN
    template = claims[claim % len(claims)]
    rows = []
    step = span_minutes / max(1, size)
    for i in range(size):
        chosen = rng.sample(list(styles), min(styles_per_post, len(styles)))
        kind = accounts if accounts != "mixed" else ("empty" if rng.random() < 0.2 else "new")
        when = start + timedelta(minutes=i * step + rng.uniform(0, step * 0.8))
        rows.append(
            {
                "source": source,
                "external_id": f"{prefix}-{seed}-{i}",
                "author": _author(
                    rng, handle=f"{prefix}{seed}_user{rng.randint(10**6, 10**7)}", kind=kind, now=when
                ),
                "text": attack_text(template, rng, chosen),
                "published_at": when.isoformat(),
                "reach": rng.randint(20, 400),
                "truth": "attack",
            }
        )
    return rows


# --- genuine complaints -------------------------------------------------------------------------
OPENINGS = [
    "", "", "", "Добрый день.", "Здравствуйте!", "Колосок, ", "Ребята, ", "Ну что такое,", "Эх.",
    "Пишу уже второй раз.", "Обычно всё хорошо, но", "Не хотела писать, но", "Вопрос к Колоску:",
    "Коротко:", "Такая история.", "Сегодня", "Вчера вечером", "Уважаемая администрация,",
]  # fmt: skip
PROBLEMS = [
    "{привезли|доставили|курьер привёз} заказ №{order} на {late} позже, {product} {совсем остыл|был холодный|уже остыл}",
    "курьер опоздал на {late}, а {потом ещё и|в итоге} перепутал {адрес|подъезд}",
    "в {product} {попался|оказался|был} волос, {купила|брала|покупал} на {street} {day}",
    "{product} оказался {чёрствым|вчерашним|сухим}, хотя {покупала|брал} {утром|с утра} на {street}",
    "внутри {product} сырое тесто, чек на {amount} ₽ {сохранила|у меня|есть}",
    "{списали|сняли} {amount} ₽ дважды за заказ №{order}",
    "{кассир|продавщица|девушка на кассе} на {street} {нагрубила|нахамила}, когда я {попросила пакет|спросила про сдачу}",
    "за {месяц|полгода} {product} подорожал, а {размер стал меньше|стал вдвое меньше}",
    "приложение {вылетает|зависает|падает} на оплате, {пробовала три раза|пробовал несколько раз}",
    "вместо {product} положили {что-то другое|чужой заказ}, заказ №{order}",
    "в {точке|пекарне|кафе} на {street} {грязные столы|грязно} и никто не убирает",
    "промокод не {сработал|применился}, {переплатил|переплатила} {amount} ₽",
    "обещали {доставку|привезти} к {time}, {привезли|приехали} после {late2}",
    "торт на заказ сделали {не с той надписью|с ошибкой в надписи}, {праздник испорчен|настроение испорчено}",
    "{product} был с плесенью, {брал|покупала} {day} на {street}",
    "очередь на {street} {минут двадцать|полчаса}, работает одна касса",
    "заказ №{order} отменили без {объяснений|предупреждения}, деньги {не вернули|до сих пор не вернули}",
    "в чате поддержки {третий день|уже неделю} молчат по заказу №{order}",
    "{product} в коробке {раздавлен|помят}, {курьер|доставщик} {бросил|кинул} пакет у двери",
    "на {street} {сломан|не работает} кофейный автомат, {деньги съел|а деньги списал}",
    "в составе {product} не указаны орехи, у ребёнка {аллергия|высыпания}",
    "{карта лояльности|бонусная карта} не {принимается|работает}, баллы {сгорели|пропали}",
    "{хлеб|батон} {нарезан криво|не нарезан}, хотя {просила|просил} нарезку",
    "{пирожки|булочки} {пересолены|пересушены}, раньше {было|пекли} лучше",
]  # fmt: skip
REQUESTS = [
    "", "", "Прошу разобраться.", "Верните деньги, пожалуйста.", "Жду ответа.",
    "Разберитесь с этим.", "Очень неприятно.", "Больше так не надо.", "Как так?",
    "Надеюсь, исправите.", "Компенсацию хотелось бы.", "Обидно, брали на праздник.",
    "Расстроена.", "Ну как так можно.", "Позвоните мне, номер в профиле.",
]  # fmt: skip
PRODUCTS = ["круассан", "бородинский", "медовик", "синнабон", "пирожок с капустой", "эклер", "багет"]
STREETS = ["Ленина, 12", "Мира, 40", "Садовой, 7", "Гагарина, 3", "Кирова, 25", "Невском, 88"]
DAYS = ["вчера", "в субботу", "12 числа", "в понедельник", "сегодня утром", "позавчера"]


CHOICE_RE = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def _fill(template: str, rng: random.Random) -> str:
    template = CHOICE_RE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return template.format(
        order=rng.randint(40000, 99999),
        late=rng.choice(["час", "полтора часа", "два часа", "40 минут"]),
        late2=rng.choice(["девяти", "десяти", "обеда"]),
        product=rng.choice(PRODUCTS),
        street=rng.choice(STREETS),
        day=rng.choice(DAYS),
        amount=rng.choice([240, 350, 560, 780, 1250, 1890]),
        time=rng.choice(["восьми", "семи", "полудня"]),
    )


def genuine_text(rng: random.Random) -> str:
    opening = rng.choice(OPENINGS)
    body = _fill(rng.choice(PROBLEMS), rng)
    if rng.random() < 0.35:
        body += ", и " + _fill(rng.choice(PROBLEMS), rng)
    text = f"{opening} {body[0].upper() if not opening else body[0]}{body[1:]}. {rng.choice(REQUESTS)}"
    return " ".join(text.split())


def genuine(
    *,
    count: int = 200,
    end: datetime,
    days: float = 7,
    seed: int = 2,
    source: str = "vk",
    prefix: str = "gen",
) -> list[dict]:
    """``count`` complaints of established customers in their own words over ``days`` days."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        when = end - timedelta(minutes=rng.uniform(0, days * 24 * 60))
        rows.append(
            {
                "source": source,
                "external_id": f"{prefix}-{seed}-{i}",
                "author": _author(rng, handle=f"{prefix}{seed}_c{i}", kind="old", now=when),
                "text": genuine_text(rng),
                "published_at": when.isoformat(),
                "reach": rng.randint(50, 5000),
                "truth": "genuine",
            }
        )
    return rows


# --- the hard negative: an outage ---------------------------------------------------------------
WAVE_WHAT = [
    "не могу оплатить заказ в приложении", "приложение не открывается с утра", "оплата картой не проходит",
    "заказ висит в статусе «готовится» уже час", "сайт выдаёт ошибку при оформлении",
    "деньги списали, а заказа в приложении нет", "курьер не едет, в приложении пусто",
    "не приходит код из смс для входа", "корзина очищается при оплате", "бонусы пропали из профиля",
    "на кассе на {street} не работает терминал", "не могу войти в личный кабинет",
    "промокод не применяется, пишет «ошибка сервера»", "висит белый экран после оплаты",
]  # fmt: skip
WAVE_CONTEXT = [
    "", "", "", "с самого утра", "уже третий раз пробую", "на телефоне и на компьютере",
    "хотела заказать на завтрак", "у мужа то же самое", "обновила приложение, не помогло",
    "перезагружала телефон", "стою у кассы на {street}", "заказ №{order}", "на {amount} ₽",
    "дети голодные ждут", "с 9 утра", "на работу опаздываю",
]  # fmt: skip
WAVE_ASK = [
    "", "Что происходит?", "Когда почините?", "Вы вообще в курсе?", "Верните деньги.",
    "Ответьте кто-нибудь.", "Это у всех так?", "Сколько можно.", "Почините, пожалуйста.",
    "Очень неудобно.", "Жду объяснений.", "Поддержка не отвечает.",
]  # fmt: skip


def wave_text(rng: random.Random) -> str:
    parts = [_fill(rng.choice(WAVE_WHAT), rng), _fill(rng.choice(WAVE_CONTEXT), rng)]
    rng.shuffle(parts)
    opening = rng.choice(OPENINGS[:10])
    text = f"{opening} {', '.join(p for p in parts if p)}. {rng.choice(WAVE_ASK)}"
    text = " ".join(text.split())
    return text[0].upper() + text[1:]


def outage_wave(
    *,
    count: int = 100,
    start: datetime,
    span_minutes: float = 60,
    seed: int = 3,
    source: str = "vk",
    prefix: str = "wave",
) -> list[dict]:
    """``count`` genuine customers complaining about one outage within ``span_minutes``."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        when = start + timedelta(minutes=rng.uniform(0, span_minutes))
        rows.append(
            {
                "source": source,
                "external_id": f"{prefix}-{seed}-{i}",
                "author": _author(rng, handle=f"{prefix}{seed}_c{i}", kind="old", now=when),
                "text": wave_text(rng),
                "published_at": when.isoformat(),
                "reach": rng.randint(50, 3000),
                "truth": "wave",
            }
        )
    return rows


def history(rows: list[dict], *, before: datetime, seed: int = 4, per_author: int = 2) -> list[dict]:
    """Earlier, ordinary mentions by the authors of ``rows`` that have followers: the history an
    established account has (a question, praise) a month or more before ``before``."""
    rng = random.Random(seed)
    older = []
    chatter = [
        "Во сколько открывается пекарня на {street}?",
        "Спасибо за {product}, очень вкусно!",
        "А {product} сегодня будет?",
        "Зашла на {street}, всё понравилось.",
    ]
    for row in rows:
        author = row["author"]
        if (author.get("followers") or 0) < 20:
            continue
        for k in range(per_author):
            when = before - timedelta(days=rng.uniform(30, 300))
            older.append(
                {
                    "source": row["source"],
                    "external_id": f"hist-{row['external_id']}-{k}",
                    "author": author,
                    "text": _fill(rng.choice(chatter), rng),
                    "published_at": when.isoformat(),
                    "truth": "history",
                }
            )
    return older


def ingest_rows(rows: list[dict]) -> list[dict]:
    """The rows without the ``truth`` key, ready for ``mentions_ingest``."""
    return [{k: v for k, v in r.items() if k != "truth"} for r in rows]


def from_texts(
    texts: list[str],
    *,
    start: datetime,
    span_minutes: float,
    truth: str = "genuine",
    seed: int = 5,
    source: str = "vk",
    prefix: str = "txt",
) -> list[dict]:
    """Rows for given texts (e.g. real people's complaints from a labelled corpus), posted by
    established accounts at random times within ``span_minutes`` from ``start``."""
    rng = random.Random(seed)
    rows = []
    for i, text in enumerate(texts):
        when = start + timedelta(minutes=rng.uniform(0, span_minutes))
        rows.append(
            {
                "source": source,
                "external_id": f"{prefix}-{seed}-{i}",
                "author": _author(rng, handle=f"{prefix}{seed}_c{i}", kind="old", now=when),
                "text": text,
                "published_at": when.isoformat(),
                "reach": rng.randint(50, 3000),
                "truth": truth,
            }
        )
    return rows
