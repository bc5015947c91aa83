"""The starter corpus: labelled mentions in Russian and English, generated from original templates
and vocabulary written for this project (no copied text).

``generate(seed, per_class)`` returns deterministic records ``{"text", "label", "topic",
"language", "author_age_days", "author_followers", "author_mentions", "author_negative"}``.
Each category has its own way of speaking:

* positive: thanks and praise, often with a detail;
* neutral: questions, news, plain facts;
* natural: a customer with a real problem: specifics (order numbers, dates, sums, addresses),
  a request to fix it; ordinary accounts with a history;
* trolling: mockery and insults without arguments, laughter, caps; accounts with a history of
  negativity;
* ordered: templated calls to boycott, unverifiable alarming claims (poisoning, court,
  regulator), praise of a competitor; new accounts with few followers and no history.

Topics (delivery, quality, price, support, staff, other) cut across the categories.
"""

from __future__ import annotations

import random

CATEGORIES = ["positive", "neutral", "natural", "trolling", "ordered"]
TOPICS = ["delivery", "quality", "price", "support", "staff", "other"]

RU_BRANDS = [
    "Колосок",
    "«Колосок»",
    "пекарня Колосок",
    "Хлебный двор",
    "Булочная на углу",
    "Пышка",
    "Сдобный дом",
]
EN_BRANDS = ["Kolosok", "Kolosok Bakery", "Golden Crust", "Bread Corner", "Sunny Bun", "Crumb & Co"]
RU_COMPETITORS = ["Бублик", "Хлебница", "Каравай", "Пекарь и сын", "Тесто"]
EN_COMPETITORS = ["Daily Loaf", "Oven Fresh", "Baker's Son", "Dough House", "Rye Street"]

RU_PRODUCTS = [
    "круассан",
    "багет",
    "бородинский хлеб",
    "торт «Наполеон»",
    "эклер",
    "пирожок с капустой",
    "слойку с вишней",
    "чиабатту",
    "синнабон",
    "медовик",
    "пирог с курицей",
    "булочку с маком",
    "сметанник",
    "ватрушку",
    "хачапури",
    "кекс",
    "пиццу",
    "самсу",
    "батон",
    "песочное печенье",
]
EN_PRODUCTS = [
    "croissant",
    "baguette",
    "rye loaf",
    "cheesecake",
    "eclair",
    "cinnamon roll",
    "sourdough",
    "apple pie",
    "chicken pie",
    "poppy seed bun",
    "honey cake",
    "muffin",
    "focaccia",
    "brownie",
    "birthday cake",
    "bagel",
    "scone",
    "ciabatta",
]
RU_STREETS = ["Ленина", "Мира", "Гагарина", "Садовой", "Пушкина", "Советской", "Лесной", "Кирова", "Чехова"]
EN_STREETS = [
    "Main Street",
    "Oak Avenue",
    "Park Road",
    "King Street",
    "Mill Lane",
    "High Street",
    "Elm Street",
]
RU_MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
RU_NAMES = ["Анна", "Ирина", "Сергей", "Олег", "Мария", "Елена", "Павел", "Наталья", "Артём", "Ксения"]
EN_NAMES = ["Anna", "Kate", "John", "Mike", "Sarah", "Tom", "Emily", "David", "Laura", "Chris"]

# --- Russian fragments per topic ---------------------------------------------------------------
RU_NATURAL = {
    "delivery": [
        "заказ №{order} привезли на {hours} часа позже обещанного, всё остыло",
        "курьер опоздал на {minutes} минут, а {product} приехал помятым",
        "в заказе №{order} не хватало {product}, хотя оплатили {amount} ₽",
        "привезли чужой заказ, мой №{order} так и не доехал до {street}",
        "доставка {date} сорвалась, никто не предупредил, ждали до {time}",
        "заказывала {product} к {time}, курьер приехал в {time2} и сказал что пробки",
    ],
    "quality": [
        "купила {product} {date} на {street}, внутри сырое тесто",
        "в {product} попался волос, чек на {amount} ₽ сохранила",
        "{product} был чёрствый уже утром, хотя продавали как свежий",
        "крем в торте кислый, покупали {date} на день рождения, заказ №{order}",
        "у {product} плесень с нижней стороны, брали вчера в {time} на {street}",
        "после вашего {product} у ребёнка заболел живот, покупали {date} на {street}, чек есть",
    ],
    "price": [
        "за месяц {product} подорожал с {amount} до {amount2} ₽, а размер стал меньше",
        "в чеке пробили {amount} ₽, а на ценнике было {amount2} ₽, магазин на {street}",
        "списали {amount} ₽ дважды за заказ №{order}, верните разницу",
        "скидка по карте не применилась {date}, переплатила {amount} ₽",
    ],
    "support": [
        "третий день жду ответ в чате по заказу №{order}, никто не отвечает",
        "обещали вернуть {amount} ₽ до {date}, денег до сих пор нет",
        "звонила на горячую линию {date} в {time}, висела {minutes} минут и сбросили",
        "написала жалобу {date}, ответили шаблоном и закрыли обращение №{order}",
    ],
    "staff": [
        "кассир на {street} нагрубила, когда я попросила пакет, было это {date} около {time}",
        "продавец брал {product} руками без перчаток, точка на {street}",
        "охранник в пекарне на {street} хамил покупателям {date}",
        "сотрудница {date} в {time} отказалась принять карту и накричала",
    ],
    "other": [
        "приложение вылетает при оплате заказа №{order}, попробовала {n} раза",
        "на сайте указано что точка на {street} работает до 22, а {date} в {time} уже закрыто",
        "бонусы за заказ №{order} так и не начислились",
        "в зале на {street} грязные столы и нет салфеток, были {date}",
    ],
}
RU_NATURAL_OPEN = [
    "Здравствуйте.",
    "Добрый день!",
    "Колосок, обратите внимание:",
    "Неприятная ситуация.",
    "",
    "",
    "Пишу уже второй раз.",
    "Всегда покупала у вас, но",
]
RU_NATURAL_CLOSE = [
    "Прошу разобраться.",
    "Верните деньги или замените.",
    "Очень расстроена.",
    "Надеюсь на ответ.",
    "Жду звонка, телефон в личке.",
    "Раньше такого не было.",
    "Примите меры пожалуйста.",
    "",
    "Обидно, потому что люблю вашу выпечку.",
    "Подскажите, куда написать?",
]

# Complaints without specifics: real customers are not always precise.
RU_NATURAL_VAGUE = [
    "{product} сегодня какой-то невкусный, расстроилась",
    "доставка опять опоздала, сколько можно",
    "цены растут каждый месяц, уже дорого брать у вас",
    "в поддержке никто не отвечает, неприятно",
    "продавщица была не в настроении и грубила",
    "раньше {product} был вкуснее, что случилось?",
    "очередь огромная, а касса одна",
    "почему {product} стал таким маленьким?",
]
EN_NATURAL_VAGUE = [
    "the {product} tasted off today, disappointed",
    "delivery late again, how many times",
    "prices go up every month, getting too expensive",
    "nobody answers in support, not nice",
    "the cashier was in a bad mood and rude",
    "the {product} used to be better, what happened?",
    "huge queue and only one till open",
    "why did the {product} get so small?",
]

VAGUE_TOPICS = ["quality", "delivery", "price", "support", "staff", "quality", "other", "price"]

RU_POSITIVE = {
    "delivery": [
        "курьер привёз {product} на {minutes} минут раньше, всё горячее",
        "доставка как всегда быстрая, {product} доехал целым",
        "спасибо курьеру {name}, донёс заказ до двери в ливень",
    ],
    "quality": [
        "{product} просто огонь, свежий и хрустящий",
        "лучший {product} в городе, беру каждое утро",
        "{product} у вас нежнейший, дети в восторге",
        "попробовали новый {product}, очень вкусно",
    ],
    "price": [
        "по акции взяли {product} за {amount} ₽, выгодно",
        "цены честные, за {amount} ₽ целый пакет выпечки",
        "утренняя скидка на {product} радует",
    ],
    "support": [
        "поддержка быстро решила вопрос с заказом, спасибо",
        "в чате ответили за пять минут и всё заменили",
        "оператор {name} очень вежливо помогла",
    ],
    "staff": [
        "продавец {name} на {street} всегда улыбается",
        "девушки на кассе очень приветливые",
        "бариста посоветовал {product}, не ошибся",
    ],
    "other": [
        "уютное место на {street}, хорошо посидеть с кофе",
        "классное новое приложение, удобно копить бонусы",
        "отличная пекарня рядом с домом",
    ],
}
RU_POSITIVE_OPEN = ["", "", "Колосок, спасибо!", "Хочу похвалить.", "Ура!", "Обожаю вас.", "Рекомендую всем."]
RU_POSITIVE_CLOSE = [
    "",
    "Спасибо!",
    "Так держать!",
    "❤️",
    "Теперь только к вам.",
    "Рекомендую!",
    "Вы лучшие 👍",
]

RU_NEUTRAL = {
    "delivery": [
        "а вы доставляете на {street}?",
        "сколько стоит доставка до {street}?",
        "до какого часа работает доставка?",
        "можно заказать {product} к {time}?",
    ],
    "quality": [
        "{product} с какой начинкой сегодня?",
        "в {product} есть орехи?",
        "есть ли у вас хлеб без глютена?",
        "из какой муки печёте {product}?",
    ],
    "price": [
        "сколько стоит {product}?",
        "будет ли скидка на {product} в выходные?",
        "какая цена у торта на заказ?",
        "принимаете ли вы карты?",
    ],
    "support": [
        "как связаться с поддержкой?",
        "куда написать по поводу заказа?",
        "как вернуть бонусы на карту?",
        "есть ли у вас горячая линия?",
    ],
    "staff": [
        "у вас есть вакансии пекаря?",
        "требуются ли продавцы на {street}?",
        "кто у вас отвечает за кейтеринг?",
    ],
    "other": [
        "{brand} открыл новую точку на {street}",
        "во сколько открывается пекарня на {street}?",
        "в эти выходные {brand} проводит мастер-класс",
        "зашла в {brand} на {street} за хлебом",
        "{brand} теперь есть в приложении доставки",
    ],
}

RU_TROLL = [
    "{brand} опять клоуны 🤡 кто вообще ест эту резину",
    "ахахах {product} из опилок и картона, позорище",
    "админ {brand}, проснись, ты обосрался лол",
    "тупые пекари, руки из одного места",
    "ну и помойка этот ваш {brand} 😂😂😂",
    "КОЛОСОК ДНО!!! ахаха",
    "лохи платят {amount} за воздух, а вы и рады",
    "удалите аккаунт {brand}, не позорьтесь",
    "ваш {product} даже собака не стала есть хахах",
    "очередные недопекари-идиоты, ничего нового",
    "{brand} для нищебродов, ну что тут скажешь 🤣",
    "хлеб у вас как ваши мозги: чёрствый лол",
    "кто работает в {brand}, вы дебилы? риторический вопрос",
    "пффф, опять эти убогие со своими акциями",
    "отпишусь, а то тошнит от вашего лица бренда 🤮",
    "{brand} лучше закройтесь, всем будет легче ахах",
]
RU_TROLL_TAIL = ["", "лол", "ахахах", "🤡🤡", "))))", "кек", "ору", "😂", "!!!", "позорище"]

RU_ORDERED = [
    "Не покупайте в {brand}! {claim} Обходите стороной!",
    "Внимание всем! {claim} {call}",
    "{claim} {call} Лучше берите в {competitor}.",
    "Люди, будьте осторожны с {brand}. {claim} {call}",
    "Никогда больше не пойду в {brand}. {claim} В {competitor} такого не бывает.",
    "{brand} травит людей! {claim} {call}",
    "Ужасная пекарня {brand}. {claim} {call}",
    "Срочно! {claim} Репост, пусть все знают!",
]
RU_CLAIMS = {
    "quality": [
        "Отравилась после их выпечки, вся семья в больнице.",
        "У них в цеху тараканы, сама видела.",
        "Пекут из просроченной муки.",
        "После {product} всю ночь рвало, будем подавать в суд.",
        "Пишем жалобу в Роспотребнадзор, это отравление.",
    ],
    "delivery": [
        "Доставка привозит испорченные продукты всем подряд.",
        "Курьеры воруют заказы, это система.",
    ],
    "price": ["Обманывают на ценах всех покупателей.", "Это мошенники, списывают деньги с карт."],
    "support": ["Поддержка кидает людей, деньги не возвращают никому."],
    "staff": ["Персонал без медкнижек, антисанитария полная.", "Продавцы хамят всем, это их политика."],
    "other": ["Их закрывают за нарушения, скоро суд.", "Прокуратура уже проверяет эту контору."],
}
RU_CALLS = [
    "Не покупайте там!",
    "Расскажите всем!",
    "Поделитесь с друзьями!",
    "Обходите стороной!",
    "Бойкот!",
    "Не рискуйте здоровьем детей!",
    "Распространите!",
]

# --- English fragments --------------------------------------------------------------------------
EN_NATURAL = {
    "delivery": [
        "order #{order} arrived {hours} hours late and everything was cold",
        "the courier was {minutes} minutes late and the {product} got squashed",
        "order #{order} was missing the {product}, we paid ${amount}",
        "we got someone else's order, mine (#{order}) never reached {street}",
        "delivery on {date_en} was cancelled without a word, we waited until {time}",
    ],
    "quality": [
        "bought a {product} on {date_en} at {street}, raw dough inside",
        "found a hair in my {product}, I still have the ${amount} receipt",
        "the {product} was stale in the morning though sold as fresh",
        "the cream in the cake tasted sour, order #{order} for a birthday on {date_en}",
        "mould under the {product} I bought yesterday at {time} on {street}",
        "my kid had a stomach ache after your {product} from {street} on {date_en}, I kept the receipt",
    ],
    "price": [
        "the {product} went from ${amount} to ${amount2} in a month and got smaller",
        "charged ${amount} at the till but the tag said ${amount2}, {street} store",
        "you charged me twice for order #{order}, please refund ${amount}",
        "my loyalty discount did not apply on {date_en}, overpaid ${amount}",
    ],
    "support": [
        "third day waiting for a chat reply about order #{order}",
        "you promised a ${amount} refund by {date_en}, still nothing",
        "called the hotline on {date_en} at {time}, on hold {minutes} minutes then cut off",
        "complaint #{order} was closed with a canned answer",
    ],
    "staff": [
        "the cashier at {street} was rude when I asked for a bag on {date_en} around {time}",
        "the clerk handled the {product} with bare hands, {street} store",
        "a staff member refused my card at {time} on {date_en} and raised her voice",
    ],
    "other": [
        "the app crashes when I pay for order #{order}, tried {n} times",
        "the website says {street} is open till 10pm but it was closed at {time} on {date_en}",
        "points for order #{order} never showed up",
        "tables at the {street} cafe were dirty on {date_en}",
    ],
}
EN_NATURAL_OPEN = [
    "Hi,",
    "Hello.",
    "",
    "",
    "Not happy today.",
    "Second time writing.",
    "Love your bakery, but",
]
EN_NATURAL_CLOSE = [
    "Please sort it out.",
    "I'd like a refund or a replacement.",
    "Really disappointed.",
    "Waiting for your reply.",
    "",
    "Please fix this.",
    "Who should I contact?",
]

EN_POSITIVE = {
    "delivery": [
        "the courier brought the {product} {minutes} minutes early and still warm",
        "fast delivery as always, the {product} arrived perfect",
        "thanks to {name} for carrying our order up in the rain",
    ],
    "quality": [
        "the {product} is amazing, fresh and crispy",
        "best {product} in town, I grab one every morning",
        "your {product} is so soft, the kids loved it",
        "tried the new {product}, delicious",
    ],
    "price": [
        "got a {product} for ${amount} on the deal, great value",
        "fair prices, a full bag of pastries for ${amount}",
        "the morning discount on {product} is lovely",
    ],
    "support": [
        "support fixed my order issue quickly, thank you",
        "chat replied in five minutes and replaced everything",
        "{name} from support was so kind",
    ],
    "staff": [
        "{name} at {street} always smiles",
        "the cashiers are so friendly",
        "the barista recommended the {product}, spot on",
    ],
    "other": [
        "cosy place on {street} for a coffee",
        "love the new app, easy to collect points",
        "great bakery next to my home",
    ],
}
EN_POSITIVE_OPEN = ["", "", "Thank you!", "Shout out to {brand}!", "Wow.", "Highly recommend."]
EN_POSITIVE_CLOSE = ["", "Thanks!", "Keep it up!", "❤️", "My new favourite.", "Recommended!", "👍"]

EN_NEUTRAL = {
    "delivery": [
        "do you deliver to {street}?",
        "how much is delivery to {street}?",
        "until what time do you deliver?",
        "can I order a {product} for {time}?",
    ],
    "quality": [
        "what filling is the {product} today?",
        "does the {product} contain nuts?",
        "do you have gluten-free bread?",
        "what flour do you use for the {product}?",
    ],
    "price": [
        "how much is the {product}?",
        "any weekend discount on the {product}?",
        "what's the price of a custom cake?",
        "do you take cards?",
    ],
    "support": [
        "how do I contact support?",
        "where do I write about an order?",
        "how do I get points back on my card?",
        "do you have a hotline?",
    ],
    "staff": ["are you hiring bakers?", "any cashier jobs at {street}?", "who handles catering orders?"],
    "other": [
        "{brand} opened a new store on {street}",
        "what time does the {street} store open?",
        "{brand} is running a baking class this weekend",
        "stopped by {brand} on {street} for bread",
        "{brand} is now on the delivery app",
    ],
}

EN_TROLL = [
    "{brand} clowns again 🤡 who even eats that rubber",
    "lmao {product} made of sawdust and cardboard, pathetic",
    "wake up {brand} admin, you're a joke lol",
    "stupid bakers with two left hands",
    "what a dump {brand} is 😂😂😂",
    "{brand} SUCKS!!! haha",
    "losers paying ${amount} for air",
    "delete your account {brand}, stop embarrassing yourselves",
    "even a dog wouldn't eat your {product} hahaha",
    "another bunch of idiot wannabe bakers, nothing new",
    "{brand} for broke people, what else is there to say 🤣",
    "your bread is like your brains: stale lol",
    "are the people at {brand} morons? rhetorical question",
    "ugh these pathetic losers and their promos again",
    "unfollowing, your brand voice makes me sick 🤮",
    "{brand} just close already, everyone will be happier lol",
]
EN_TROLL_TAIL = ["", "lol", "lmao", "🤡🤡", "haha", "kek", "rofl", "😂", "!!!", "pathetic"]

EN_ORDERED = [
    "Don't buy from {brand}! {claim} Avoid at all costs!",
    "Warning everyone! {claim} {call}",
    "{claim} {call} Go to {competitor} instead.",
    "People, be careful with {brand}. {claim} {call}",
    "Never going to {brand} again. {claim} This never happens at {competitor}.",
    "{brand} is poisoning people! {claim} {call}",
    "Terrible bakery {brand}. {claim} {call}",
    "Urgent! {claim} Repost so everyone knows!",
]
EN_CLAIMS = {
    "quality": [
        "Got food poisoning from their pastries, the whole family is in hospital.",
        "They have cockroaches in the kitchen, I saw it myself.",
        "They bake with expired flour.",
        "Sick all night after the {product}, we are filing a lawsuit.",
        "Reporting them to the food safety regulator, this is poisoning.",
    ],
    "delivery": ["Their delivery brings spoiled food to everyone.", "Couriers steal orders, it's a system."],
    "price": ["They cheat every customer on prices.", "Scammers, they take money from cards."],
    "support": ["Support scams people, nobody ever gets a refund."],
    "staff": [
        "Staff have no health certificates, filthy place.",
        "Rude staff to everyone, it's their policy.",
    ],
    "other": [
        "They are being shut down for violations, court is coming.",
        "The regulator is already investigating them.",
    ],
}
EN_CALLS = [
    "Don't buy there!",
    "Tell everyone!",
    "Share with friends!",
    "Avoid at all costs!",
    "Boycott!",
    "Don't risk your kids' health!",
    "Spread the word!",
]

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
