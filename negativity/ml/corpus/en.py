"""The starter corpus's English words: slot values and the fragments of each category."""

# --- slot values: brands, competitors, products, streets, months, names ---
EN_BRANDS = ["Kolosok", "Kolosok Bakery", "Golden Crust", "Bread Corner", "Sunny Bun", "Crumb & Co"]

EN_COMPETITORS = ["Daily Loaf", "Oven Fresh", "Baker's Son", "Dough House", "Rye Street"]

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

EN_STREETS = [
    "Main Street",
    "Oak Avenue",
    "Park Road",
    "King Street",
    "Mill Lane",
    "High Street",
    "Elm Street",
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

EN_NAMES = ["Anna", "Kate", "John", "Mike", "Sarah", "Tom", "Emily", "David", "Laura", "Chris"]

# --- fragments per category (and per topic where a dict) ---
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

# Complaints without specifics: real customers are not always precise.
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
