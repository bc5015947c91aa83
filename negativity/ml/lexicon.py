"""Word lists written for this project (no copied lists): insults and obscenity in Russian and
English (a toxicity signal), complaint cues (a request to fix, a service failure) and praise.

Russian entries are lemmas as pymorphy3 gives them (``lemma_of`` in ``features``), so every
inflected form matches: «идиоты», «идиотами», «идиотка» -> «идиот»/«идиотка». Obscene words are
matched by their roots instead, because Russian obscenity builds dozens of derivatives whose
lemmas differ («заебали» -> «заебать», «охуенный», «распиздяй»). English words are matched by
their lower-cased form or a listed stem.

``word_kinds(word, lemma)`` says which lists one word belongs to; ``features`` caches it per
distinct word, so a batch never pays for it twice.
"""

from __future__ import annotations

import re

# --- insults: words aimed at a person (lemmas) ----------------------------------------------
RU_INSULTS = frozenset(
    [
        "дурак",
        "дура",
        "дурачок",
        "дурында",
        "идиот",
        "идиотка",
        "идиотизм",
        "дебил",
        "дебилка",
        "дебильный",
        "кретин",
        "кретинка",
        "придурок",
        "придурочный",
        "урод",
        "уродина",
        "уродец",
        "мразь",
        "мразота",
        "тварь",
        "скотина",
        "скот",
        "быдло",
        "быдлан",
        "чмо",
        "чмошник",
        "лох",
        "лошара",
        "лохушка",
        "клоун",
        "клоунада",
        "ничтожество",
        "ничтожный",
        "подонок",
        "гнида",
        "падла",
        "падаль",
        "сволочь",
        "ублюдок",
        "выродок",
        "дегенерат",
        "даун",
        "олигофрен",
        "шизик",
        "шизофреник",
        "псих",
        "психопат",
        "недоумок",
        "недоразвитый",
        "бестолочь",
        "олух",
        "болван",
        "балбес",
        "остолоп",
        "тупица",
        "тупой",
        "тупорылый",
        "тупоголовый",
        "криворукий",
        "безмозглый",
        "безголовый",
        "бездарь",
        "бездарный",
        "бездарность",
        "убогий",
        "убожество",
        "позорище",
        "помойка",
        "говно",
        "говнюк",
        "говняный",
        "дерьмо",
        "дерьмовый",
        "засранец",
        "засранка",
        "жопа",
        "рукожоп",
        "рукожопый",
        "обосраться",
        "обосрать",
        "петух",
        "шакал",
        "крыса",
        "гад",
        "гадина",
        "мерзавец",
        "мерзкий",
        "негодяй",
        "паразит",
        "упырь",
        "нищеброд",
        "нищебродский",
        "конченый",
        "конченный",
        "отморозок",
        "недоносок",
        "сопляк",
        "хамло",
        "хам",
        "мудозвон",
        "пиздабол",
        "гопник",
        "шалава",
        "шлюха",
        "проститутка",
        "стерва",
        "лицемер",
        "ворюга",
        "свинья",
        "свинота",
        "овца",
        "козёл",
        "баран",
        "ишак",
        "осёл",
        "животное",
        "обезьяна",
        "вонючий",
        "вонючка",
        "жирдяй",
        "жиробас",
        "дегенеративный",
        "имбецил",
        "кринж",
        "кринжовый",
        "лузер",
        "неудачник",
        "ссыкло",
        "трус",
        "трусло",
        "терпила",
        "фрик",
        "петушара",
    ]
)
# Roots of Russian obscenity (мат), at the start of a word or after a verbal prefix.
_RU_PREFIX = r"(?:за|вы|на|по|от|до|об|о|у|с|съ|въ|отъ|разъ|рас|раз|пере|недо|при|про|под|подъ|ни|долбо|без)?"
RU_OBSCENE = re.compile(
    r"^" + _RU_PREFIX + r"(?:ху[йеёияю]|бля|еб(?:[аоуиыёнлш]|$)|ёб)"
    r"|пизд|мудак|мудил|мудо|гандон|залуп|пидор|пидар|пидр|шлюх|дроч|манд[аеуы]$|сука$|суки$|сучк|сучар"
)
RU_OBSCENE_EXCEPTIONS = frozenset(
    ["хуже", "худой", "худо", "худший", "художник", "хулиган", "хутор", "бляшка", "обувь"]
)

EN_INSULTS = frozenset(
    [
        "idiot",
        "idiots",
        "idiotic",
        "stupid",
        "stupidity",
        "moron",
        "morons",
        "moronic",
        "dumb",
        "dumbass",
        "dumbest",
        "fool",
        "fools",
        "foolish",
        "loser",
        "losers",
        "clown",
        "clowns",
        "jerk",
        "jerks",
        "retard",
        "retarded",
        "imbecile",
        "cretin",
        "pathetic",
        "scum",
        "scumbag",
        "trash",
        "garbage",
        "pig",
        "pigs",
        "bastard",
        "bastards",
        "bitch",
        "bitches",
        "bitchy",
        "asshole",
        "assholes",
        "ass",
        "arse",
        "dick",
        "dicks",
        "dickhead",
        "prick",
        "pricks",
        "cunt",
        "cunts",
        "twat",
        "wanker",
        "douche",
        "douchebag",
        "shithead",
        "dipshit",
        "freak",
        "creep",
        "coward",
        "cowards",
        "hypocrite",
        "hypocrites",
        "clueless",
        "brainless",
        "ignorant",
        "lunatic",
        "nutjob",
        "psycho",
        "whore",
        "slut",
        "skank",
        "fag",
        "faggot",
        "idiocy",
        "incompetent",
        "imbeciles",
        "dork",
        "nerd",
        "weirdo",
        "snowflake",
        "libtard",
        "deplorable",
        "deplorables",
        "traitor",
        "liar",
        "liars",
        "sucker",
        "suckers",
    ]
)
EN_OBSCENE_STEMS = re.compile(
    r"^(?:fuck|fck|fuk|motherf|shit|bullshit|crap|piss|cock|wtf|stfu|gtfo|damn|goddamn|bloody|"
    r"bollock|bugger|screw|sucks?$|sucked$|sucking$|jackass|jerkoff|wank|tits?$|boob|porn|"
    r"hell$|effing|frick)"
)

# --- complaint cues --------------------------------------------------------------------------
# A request to fix something (lemmas / lower-cased English words).
RU_REQUEST = frozenset(
    [
        "вернуть",
        "верните",
        "возврат",
        "разобраться",
        "разберитесь",
        "исправить",
        "исправьте",
        "заменить",
        "замените",
        "компенсировать",
        "компенсация",
        "компенсируйте",
        "перезвонить",
        "перезвоните",
        "ответить",
        "ответьте",
        "решить",
        "решите",
        "принять",
        "примите",
        "требовать",
        "требую",
        "претензия",
        "жалоба",
        "обращение",
        "помогите",
        "помочь",
        "помощь",
        "вернуть",
        "пересчитать",
        "пересчитайте",
        "отменить",
        "отмените",
        "починить",
        "почините",
    ]
)
EN_REQUEST = frozenset(
    [
        "refund",
        "refunds",
        "refunded",
        "reimburse",
        "reimbursement",
        "compensate",
        "compensation",
        "fix",
        "fixed",
        "replace",
        "replacement",
        "resolve",
        "resolved",
        "sort",
        "help",
        "assist",
        "escalate",
        "callback",
        "complaint",
        "complain",
        "complaints",
        "complained",
        "claim",
        "voucher",
        "credit",
        "cancel",
        "cancelled",
        "canceled",
        "rebook",
        "rebooked",
    ]
)
# Something went wrong with a product or a service.
RU_FAILURE = frozenset(
    [
        "опоздать",
        "опоздание",
        "задержать",
        "задержка",
        "задерживать",
        "сломаться",
        "сломать",
        "сломанный",
        "списать",
        "списание",
        "дважды",
        "испорченный",
        "испортиться",
        "просроченный",
        "просрочка",
        "недовес",
        "обсчитать",
        "обман",
        "обманывать",
        "потерять",
        "потерянный",
        "привезти",
        "доставка",
        "доставить",
        "курьер",
        "оператор",
        "поддержка",
        "чек",
        "заказ",
        "посылка",
        "холодный",
        "остыть",
        "сырой",
        "чёрствый",
        "черствый",
        "плесень",
        "волос",
        "таракан",
        "грязный",
        "ожидание",
        "ждать",
        "жду",
        "висеть",
        "игнорировать",
        "игнор",
        "отвечать",
        "отказать",
        "отказ",
        "хамить",
        "нахамить",
        "брак",
        "бракованный",
        "неисправный",
        "очередь",
        "отменить",
        "отмена",
        "перенести",
        "вернуть",
        "деньга",
        "сумма",
    ]
)
EN_FAILURE = frozenset(
    [
        "delay",
        "delayed",
        "delays",
        "late",
        "waiting",
        "waited",
        "wait",
        "hold",
        "lost",
        "luggage",
        "baggage",
        "broken",
        "broke",
        "stuck",
        "cancelled",
        "canceled",
        "cancellation",
        "missed",
        "missing",
        "never",
        "arrived",
        "overcharged",
        "charged",
        "charge",
        "double",
        "billed",
        "bill",
        "refused",
        "rude",
        "hung",
        "stranded",
        "damaged",
        "defective",
        "faulty",
        "expired",
        "stale",
        "cold",
        "raw",
        "mouldy",
        "moldy",
        "undercooked",
        "order",
        "delivery",
        "courier",
        "support",
        "service",
        "agent",
        "queue",
        "line",
        "tracking",
        "package",
        "parcel",
        "receipt",
    ]
)
# Praise (lemmas / words): a help for telling positive from neutral.
RU_PRAISE = frozenset(
    [
        "спасибо",
        "благодарить",
        "благодарность",
        "отличный",
        "прекрасный",
        "замечательный",
        "великолепный",
        "восхитительный",
        "вкусный",
        "вкусно",
        "супер",
        "класс",
        "классный",
        "лучший",
        "любимый",
        "обожать",
        "рекомендовать",
        "молодец",
        "умница",
        "приятно",
        "понравиться",
        "нравиться",
        "восторг",
        "шикарный",
        "уютный",
        "вежливый",
        "приветливый",
    ]
)
EN_PRAISE = frozenset(
    [
        "thanks",
        "thank",
        "love",
        "loved",
        "lovely",
        "great",
        "excellent",
        "amazing",
        "awesome",
        "wonderful",
        "fantastic",
        "best",
        "perfect",
        "delicious",
        "tasty",
        "recommend",
        "recommended",
        "friendly",
        "helpful",
        "nice",
        "beautiful",
        "brilliant",
        "superb",
        "kudos",
        "congrats",
        "congratulations",
        "appreciate",
        "appreciated",
        "happy",
        "enjoy",
        "enjoyed",
    ]
)

KINDS = ("insult", "obscene", "request", "failure", "praise")


def _ru_obscene(word: str) -> bool:
    return word not in RU_OBSCENE_EXCEPTIONS and bool(RU_OBSCENE.search(word))


def word_kinds(word: str, lemma: str, cyrillic: bool) -> tuple[str, ...]:
    """The lists ``word`` (lower case) with ``lemma`` belongs to, in the order of ``KINDS``."""
    kinds = []
    if cyrillic:
        if lemma in RU_INSULTS or word in RU_INSULTS:
            kinds.append("insult")
        if _ru_obscene(word) or _ru_obscene(lemma):
            kinds.append("obscene")
        if lemma in RU_REQUEST or word in RU_REQUEST:
            kinds.append("request")
        if lemma in RU_FAILURE:
            kinds.append("failure")
        if lemma in RU_PRAISE:
            kinds.append("praise")
    else:
        if word in EN_INSULTS or lemma in EN_INSULTS:
            kinds.append("insult")
        if EN_OBSCENE_STEMS.match(word):
            kinds.append("obscene")
        if word in EN_REQUEST or lemma in EN_REQUEST:
            kinds.append("request")
        if word in EN_FAILURE or lemma in EN_FAILURE:
            kinds.append("failure")
        if word in EN_PRAISE or lemma in EN_PRAISE:
            kinds.append("praise")
    return tuple(kinds)


# Phrases that ask to fix something, beyond single words (lower-cased text, ё -> е).
REQUEST_PHRASES = re.compile(
    r"(?:прошу (?:вас )?(?:разобраться|вернуть|решить|заменить|связаться|перезвонить|помочь)"
    r"|примите меры|верните (?:деньги|средства)|свяжитесь со мной|когда (?:вернете|решите|привезете)"
    r"|please (?:help|fix|refund|respond|reply|call|contact|look into|sort)|fix (?:this|it)"
    r"|i want (?:a|my) (?:refund|money back)|money back|call me back|dm me|get back to me"
    r"|look into (?:this|it)|any update|what(?:'s| is) going on with my)"
)
