"""Coordinated-attack and crisis detection over plain data (no database).

* ``normalise``: texts reduced to what an attack cannot vary cheaply (links, mentions, emoji,
  case, punctuation, look-alike letters, transliteration, endings and typos taken away);
* ``clusters``: near-duplicate clusters (an exact prefix-filtered similarity join) linked
  transitively through their cores;
* ``judge``: which cluster or volume wave is an attack (ordered), a burst, or a crisis of genuine
  complaints (natural), with the evidence.
"""

from .clusters import cohesion, near_duplicate_clusters, shared_phrases
from .judge import (
    ATTACK,
    BURST,
    CRISIS,
    Assessment,
    Baseline,
    Item,
    assess,
    coordinated_clusters,
    is_established,
    is_new_or_empty,
    looks_coordinated,
    volume_waves,
)
from .normalise import features, jaccard, tokens

__all__ = [
    "ATTACK",
    "BURST",
    "CRISIS",
    "Assessment",
    "Baseline",
    "Item",
    "assess",
    "cohesion",
    "coordinated_clusters",
    "features",
    "is_established",
    "is_new_or_empty",
    "jaccard",
    "looks_coordinated",
    "near_duplicate_clusters",
    "shared_phrases",
    "tokens",
    "volume_waves",
]
