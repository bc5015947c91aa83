"""Playbooks every workspace starts with (editable afterwards), in Russian and English."""

PLAYBOOKS = [
    {
        "category": "natural",
        "language": "ru",
        "name": "Естественный негатив: признать и решить",
        "steps": "Признать проблему публично и поблагодарить за сигнал\nПеревести разговор в личные сообщения, запросить номер заказа и телефон\nУстранить причину (возврат, замена, разбор с точкой)\nВернуться в публичную ветку и рассказать, что исправлено",
        "body": "{author}, здравствуйте! Спасибо, что написали, и простите за неприятный опыт. Мы уже разбираемся с заказом {order_number}. Напишите, пожалуйста, нам в личные сообщения телефон для связи — вернём деньги или заменим заказ и расскажем, что изменили. {manager}, {brand}",
    },
    {
        "category": "natural",
        "language": "en",
        "name": "Natural negativity: acknowledge and fix",
        "steps": "Acknowledge the problem publicly and thank the author\nMove to a private channel, ask for the order number and a phone\nFix the cause (refund, replacement, review with the store)\nFollow up in public with what was fixed",
        "body": "Hi {author}, thank you for telling us and sorry for the trouble. We are already looking into order {order_number}. Please send us a private message with a phone number so we can refund or replace it and tell you what we changed. {manager}, {brand}",
    },
    {
        "category": "trolling",
        "language": "ru",
        "name": "Троллинг: не кормить",
        "steps": "Не вступать в спор и не отвечать на оскорбления\nДать один спокойный ответ с фактами или промолчать\nПри оскорблениях скрыть комментарий по опубликованным правилам сообщества\nНе удалять критику с аргументами",
        "body": "{author}, мы открыты к критике по делу. Если у вас был конкретный заказ или визит, напишите детали — разберёмся. Правила нашего сообщества: ссылка в шапке профиля. {brand}",
    },
    {
        "category": "trolling",
        "language": "en",
        "name": "Trolling: do not feed",
        "steps": "Do not argue or answer insults\nGive one calm factual answer or stay silent\nHide insulting comments under the published community rules\nNever delete criticism that has arguments",
        "body": "{author}, we welcome criticism with specifics. If you had a particular order or visit, share the details and we will look into it. Our community rules are linked in the profile. {brand}",
    },
    {
        "category": "ordered",
        "language": "ru",
        "name": "Заказная атака: факты и эскалация",
        "steps": "Собрать доказательства: ссылки, скриншоты, даты публикаций, аккаунты авторов\nПожаловаться площадке на скоординированную активность\nОпубликовать факты (результаты проверок, сертификаты) одним официальным постом\nОповестить руководство и юристов",
        "body": "Мы видим серию одинаковых публикаций от новых аккаунтов. Все наши пекарни регулярно проходят проверки, результаты опубликованы на сайте. Если вы действительно покупали у нас, напишите номер заказа {order_number} в личные сообщения — мы проверим каждый случай. {brand}",
    },
    {
        "category": "ordered",
        "language": "en",
        "name": "Ordered attack: facts and escalation",
        "steps": "Gather evidence: links, screenshots, publication times, author accounts\nReport the coordinated activity to the platform\nPublish the facts (inspection results, certificates) in one official post\nAlert management and legal",
        "body": "We are seeing a series of identical posts from new accounts. All our bakeries pass regular inspections and the results are on our website. If you really bought from us, send the order number {order_number} in a private message and we will check every case. {brand}",
    },
]
