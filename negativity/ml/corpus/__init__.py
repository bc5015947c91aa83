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

The package: ``ru`` and ``en`` hold each language's words, ``generator`` makes the records.
"""

from .generator import CATEGORIES, TOPICS, generate

__all__ = ["CATEGORIES", "TOPICS", "generate"]
