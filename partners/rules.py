"""Pure rules of the partners area: pipeline moves, the "work again?" verdict, the rating a
finished deal earns, and topic terms (lemmas) for matching. No database here."""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from campaigns import figures
from smm_platform.formatting import format_decimal

from .enums import Stage, Verdict

# Where a partner may go from each stage (moving back one step is allowed to fix mistakes).
TRANSITIONS: dict[str, set[str]] = {
    Stage.PROSPECT: {Stage.CONTACTED, Stage.DECLINED},
    Stage.CONTACTED: {Stage.PROSPECT, Stage.NEGOTIATING, Stage.DECLINED},
    Stage.NEGOTIATING: {Stage.CONTACTED, Stage.AGREED, Stage.DECLINED},
    Stage.AGREED: {Stage.NEGOTIATING, Stage.ACTIVE, Stage.DECLINED},
    Stage.ACTIVE: {Stage.AGREED, Stage.COMPLETED, Stage.DECLINED},
    Stage.COMPLETED: {Stage.CONTACTED, Stage.NEGOTIATING},
    Stage.DECLINED: {Stage.PROSPECT, Stage.CONTACTED},
}
NEEDS_DEAL = {Stage.AGREED, Stage.ACTIVE, Stage.COMPLETED}
STAGE_ORDER = [s.value for s in Stage]


@dataclass(frozen=True)
class MoveCheck:
    allowed: bool
    message: str = ""


def check_stage_move(*, current: str, target: str, has_deal: bool) -> MoveCheck:
    """May a partner move from ``current`` to ``target``? Agreed and later need a deal."""
    if target not in STAGE_ORDER:
        return MoveCheck(False, _("Unknown stage."))
    if current == target:
        return MoveCheck(True)
    if target not in TRANSITIONS.get(current, set()):
        return MoveCheck(
            False,
            _("A partner cannot move from “%(current)s” to “%(target)s”.")
            % {"current": Stage(current).label, "target": Stage(target).label},
        )
    if target in NEEDS_DEAL and not has_deal:
        return MoveCheck(
            False,
            _("Close a deal with the partner before moving it to “%(target)s”.")
            % {"target": Stage(target).label},
        )
    return MoveCheck(True)


def auto_stage_after_step(*, current: str, is_offer: bool) -> str:
    """Logging a negotiation step moves an early-stage partner forward (never backward)."""
    if current in (Stage.PROSPECT, Stage.DECLINED):
        return Stage.NEGOTIATING if is_offer else Stage.CONTACTED
    if current == Stage.CONTACTED and is_offer:
        return Stage.NEGOTIATING
    return current


@dataclass(frozen=True)
class DealResults:
    price: Decimal
    reach: int
    clicks: int
    conversions: int
    revenue: Decimal
    deliverables: int
    delivered: int

    @property
    def cpa(self) -> Decimal | None:
        return (self.price / self.conversions).quantize(Decimal("0.01")) if self.conversions else None

    @property
    def has_data(self) -> bool:
        """Something was published or something came of it; before that ROI means nothing."""
        return bool(self.delivered or self.conversions or self.revenue)

    @property
    def roi(self) -> Decimal | None:
        """(revenue - price) / price in percent (the ROMI formula of ``campaigns.figures``); None
        when the price is zero or before anything is published or attributed."""
        if not self.price or not self.has_data:
            return None
        return figures.romi(self.revenue, self.price)

    @property
    def cpm(self) -> Decimal | None:
        return (self.price / self.reach * 1000).quantize(Decimal("0.01")) if self.reach else None


def work_again_verdict(r: DealResults, *, max_cpa: Decimal | None = None) -> tuple[str, list[str]]:
    """ "Work again?": yes when the deal paid back (ROI >= 0) or met the acceptable cost per
    acquisition and the partner delivered; no when it lost most of the money or missed work."""
    reasons: list[str] = []
    if not r.has_data or r.deliverables == 0 or (r.reach == 0 and r.clicks == 0 and r.conversions == 0):
        return Verdict.INSUFFICIENT_DATA, [_("No published deliverables or results yet.")]
    delivered_share = r.delivered / r.deliverables
    if delivered_share < 1:
        reasons.append(
            _("%(done)s of %(total)s deliverables were published.")
            % {"done": r.delivered, "total": r.deliverables}
        )
    roi = r.roi
    if roi is not None:
        reasons.append(_("ROI %(roi)s%% against the price.") % {"roi": format_decimal(roi, 1)})
    cpa = r.cpa
    if cpa is not None and max_cpa:
        reasons.append(
            _("Cost per acquisition %(cpa)s against the acceptable %(max)s.")
            % {"cpa": format_decimal(cpa, 2), "max": format_decimal(max_cpa, 2)}
        )
    if r.conversions == 0:
        reasons.append(_("No conversions were attributed to the deal."))
    good_money = (roi is not None and roi >= 0) or (cpa is not None and max_cpa and cpa <= max_cpa)
    bad_money = r.conversions == 0 or (roi is not None and roi < -50)
    if good_money and delivered_share >= 0.8:
        return Verdict.YES, reasons
    if bad_money or delivered_share < 0.5:
        return Verdict.NO, reasons
    return Verdict.MAYBE, reasons


def rating_from_results(r: DealResults) -> Decimal | None:
    """A 1..5 rating a finished deal earns: payback and keeping promises."""
    if r.deliverables == 0:
        return None
    roi = r.roi if r.roi is not None else Decimal("0")
    money = Decimal("1") + min(max((roi + 100) / 50, Decimal("0")), Decimal("4"))  # -100% -> 1, +100% -> 5
    promise = Decimal(r.delivered) / Decimal(r.deliverables)
    return (money * (Decimal("0.6") + Decimal("0.4") * promise)).quantize(Decimal("0.1"))


def blend_rating(old: Decimal | None, count: int, new: Decimal) -> Decimal:
    """Average the new rating into the old one, weighting every rated deal equally."""
    if old is None or count <= 0:
        return new
    return ((old * count + new) / (count + 1)).quantize(Decimal("0.1"))


_WORD = re.compile(r"[\w-]+", re.UNICODE)
STOP_WORDS = {
    "и",
    "в",
    "во",
    "на",
    "с",
    "со",
    "для",
    "по",
    "о",
    "об",
    "из",
    "к",
    "у",
    "за",
    "от",
    "не",
    "что",
    "как",
    "the",
    "and",
    "of",
    "for",
    "in",
    "on",
    "to",
    "a",
    "an",
    "with",
    "или",
    "это",
    "они",
    "их",
    "мы",
    "вы",
}


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    word = word.lower().replace("ё", "е")
    if re.fullmatch(r"[а-я-]+", word):
        return _morph().parse(word)[0].normal_form.replace("ё", "е")
    return word


def terms(text: str) -> list[str]:
    """Distinct lemmas of the meaningful words of ``text`` (Russian words are normalised)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text or ""):
        if len(word) < 3 or word.lower() in STOP_WORDS or word.isdigit():
            continue
        seen[lemma(word)] = None
    return list(seen)


def topic_terms(topics: list[str]) -> list[str]:
    return terms(" ".join(str(t) for t in topics))


# --- the partner's feature vector (what the shortlist reads) ---------------------------------------

TOPIC_SLOTS = 12


def term_code(term: str) -> int:
    """A stable positive 31-bit code of a topic term (CRC32), so topics compare as numbers."""
    return (zlib.crc32(term.encode()) & 0x7FFFFFFF) or 1


def feature_vector(
    *, topic_terms: list[str], platform_audience: dict[str, int], platforms: list[str]
) -> bytes:
    """Audience per platform (in ``platforms`` order) then ``TOPIC_SLOTS`` topic codes (0-padded),
    packed as big-endian float64 (the byte order of PostgreSQL's ``float8send``).

    Stored on the partner at write time so the shortlist reads one fixed-width binary row per
    partner and numpy maps the concatenated rows without parsing anything per partner. Terms
    beyond ``TOPIC_SLOTS`` are not matched (partners rarely have more)."""
    audiences = [float(platform_audience.get(p, 0) or 0) for p in platforms]
    codes = [float(term_code(t)) for t in topic_terms[:TOPIC_SLOTS]]
    codes += [0.0] * (TOPIC_SLOTS - len(codes))
    values = audiences + codes
    return struct.pack(f">{len(values)}d", *values)
