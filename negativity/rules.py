"""Pure rules of the inbox (no database): risk score, SLA deadlines, routing-rule matching,
playbook variables, ingest row validation and the reasons' wording."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from smm_platform.formatting import format_int
from smm_platform.validation import bounded_datetime

CATEGORY_BASE = {"positive": 0, "neutral": 5, "natural": 35, "trolling": 25, "ordered": 50}
HIGH_RISK = 70


@dataclass
class RiskInput:
    category: str
    confidence: float
    followers: int | None = None
    reach: int | None = None
    likes: int | None = None
    replies: int | None = None
    alarming: list[str] = field(default_factory=list)
    in_incident: bool = False


def risk_score(data: RiskInput) -> tuple[int, list[dict]]:
    """Risk 0-100 and its reasons.

    category base (ordered 50, natural 35, trolling 25, neutral 5, positive 0) scaled by the
    classifier's confidence; audience: up to 20 points for log10(max(reach, followers)) up to a
    million; virality: up to 15 points for log10(likes + 2*replies) up to a thousand; alarming words
    (court, regulator, poisoning): +25 on negative mentions, +10 otherwise; part of an incident +10.
    """
    reasons: list[dict] = []
    base = CATEGORY_BASE.get(data.category, 0) * (0.6 + 0.4 * max(0.0, min(1.0, data.confidence)))
    score = base
    if base:
        reasons.append({"code": "category", "category": data.category, "points": round(base)})
    audience = max(data.reach or 0, data.followers or 0)
    if audience:
        points = min(20.0, 20.0 * math.log10(1 + audience) / 6.0)
        score += points
        if points >= 1:
            reasons.append({"code": "audience", "value": audience, "points": round(points)})
    engagement = (data.likes or 0) + 2 * (data.replies or 0)
    if engagement:
        points = min(15.0, 15.0 * math.log10(1 + engagement) / 3.0)
        score += points
        if points >= 1:
            reasons.append({"code": "virality", "value": engagement, "points": round(points)})
    if data.alarming:
        points = 25 if data.category in ("natural", "trolling", "ordered") else 10
        score += points
        reasons.append({"code": "alarming", "words": data.alarming[:5], "points": points})
    if data.in_incident:
        score += 10
        reasons.append({"code": "incident", "points": 10})
    return max(0, min(100, round(score))), reasons


def describe_reason(reason: dict) -> str:
    """One reason as a sentence in the active language."""
    from .enums import Category

    code = reason.get("code")
    if code == "category":
        label = dict(Category.choices).get(reason.get("category"), reason.get("category"))
        return _("Category: %(category)s (+%(points)s)") % {"category": label, "points": reason["points"]}
    if code == "audience":
        return _("Audience of %(value)s (+%(points)s)") % {**reason, "value": format_int(reason["value"])}
    if code == "virality":
        return _("Engagement %(value)s (+%(points)s)") % {**reason, "value": format_int(reason["value"])}
    if code == "alarming":
        return _("Alarming words: %(words)s (+%(points)s)") % {
            "words": ", ".join(reason["words"]),
            "points": reason["points"],
        }
    if code == "incident":
        return _("Part of a detected attack (+%(points)s)") % reason
    if code == "terms":
        return _("Words that decided the category: %(terms)s") % {"terms": ", ".join(reason["terms"])}
    if code == "markers":
        names = {
            "order_number": _("order number"),
            "date": _("date"),
            "time": _("time"),
            "amount": _("sum"),
            "address": _("address"),
        }
        return _("Specifics given: %(markers)s") % {
            "markers": ", ".join(names.get(m, m) for m in reason["markers"])
        }
    if code == "new_author":
        return _("New or empty author account")
    from .ml.evidence import describe

    text = describe(reason)
    if text is not None:
        return text
    if code == "corrected":
        return _("Category set by a person")
    if str(code).startswith("coordination"):
        return describe_coordination(reason)
    return str(reason)


def describe_coordination(reason: dict) -> str:
    """The evidence of coordination (or of a crisis) behind a mention, as a sentence."""
    code = reason.get("code")
    if code == "coordination_cluster":
        return (
            _(
                "Part of coordinated attack #%(incident)s: %(size)s near-identical posts by %(authors)s "
                "different authors (wording %(similarity)s%% alike)"
            )
            % reason
        )
    if code == "coordination_volume":
        return _("Part of burst #%(incident)s: %(size)s negative posts from new or empty accounts") % reason
    if code == "coordination_accounts":
        return _("%(share)s%% of the attack's authors are new or empty accounts") % reason
    if code == "coordination_own_account":
        return _("This author's account is new or empty")
    if code == "coordination_burst":
        return _("Burst: %(peak)s posts in its busiest hour against %(usual)s an hour usually") % reason
    if code == "coordination_sync":
        return _("Synchronised: %(share)s%% of the posts within %(minutes)s minutes") % reason
    if code == "coordination_phrases":
        return _("Repeated wording: %(phrases)s") % {
            "phrases": "; ".join(f"«{p}»" for p in reason["phrases"])
        }
    if code == "coordination_crisis":
        return (
            _(
                "Part of crisis #%(incident)s: %(authors)s customers complaining at once in their own words "
                "(%(established)s%% established accounts; %(peak)s posts in the busiest hour against %(usual)s "
                "usually): genuine negativity for support, not an attack"
            )
            % reason
        )
    return str(reason)


# --- SLA ---------------------------------------------------------------------------------------
DEFAULT_SLA_MINUTES = [
    # (category, from risk, minutes)
    ("ordered", 0, 60),
    ("ordered", 70, 30),
    ("natural", 0, 240),
    ("natural", 70, 60),
    ("trolling", 0, 480),
    ("trolling", 70, 120),
    ("neutral", 0, 1440),
    ("positive", 0, 2880),
]


def sla_deadline(
    *, category: str, risk: int, received_at: datetime, policies: list[tuple[str, int, int]]
) -> datetime | None:
    """The deadline of the policy of ``category`` with the highest ``min_risk`` <= ``risk``."""
    best = None
    for cat, min_risk, minutes in policies:
        if cat == category and min_risk <= risk and (best is None or min_risk > best[0]):
            best = (min_risk, minutes)
    return received_at + timedelta(minutes=best[1]) if best else None


# --- Routing -----------------------------------------------------------------------------------
@dataclass
class RoutedMention:
    source: str
    category: str
    topic: str
    risk: int
    text: str


def condition_holds(condition: dict, mention: RoutedMention) -> bool:
    """One condition ``{"field", "value"}``: source/category/topic equal, risk at least, keyword."""
    name, value = condition.get("field"), condition.get("value")
    if name in ("source", "category", "topic"):
        return str(getattr(mention, name)).lower() == str(value).lower()
    if name == "risk_at_least":
        try:
            return mention.risk >= int(value)
        except (TypeError, ValueError):
            return False
    if name == "keyword":
        words = [w.strip().lower() for w in str(value).split(",") if w.strip()]
        text = mention.text.lower()
        return any(w in text for w in words)
    return False


def rule_matches(conditions: list[dict], mention: RoutedMention) -> bool:
    """Every condition holds (a rule without conditions matches everything)."""
    return all(condition_holds(c, mention) for c in conditions)


def validate_rule(conditions: Any, actions: Any) -> dict[str, list[str]]:
    """Shape errors of a routing rule's conditions and actions."""
    from .enums import Category, Priority, RuleAction, RuleField, Topic

    errors: dict[str, list[str]] = {}
    if not isinstance(conditions, list) or not all(isinstance(c, dict) for c in conditions):
        errors["conditions"] = [_("Conditions must be a list of {field, value}.")]
    else:
        for c in conditions:
            if c.get("field") not in RuleField.values:
                errors.setdefault("conditions", []).append(
                    _("Unknown condition %(field)s.") % {"field": c.get("field")}
                )
            elif c["field"] == "category" and c.get("value") not in Category.values:
                errors.setdefault("conditions", []).append(
                    _("Unknown category %(value)s.") % {"value": c.get("value")}
                )
            elif c["field"] == "topic" and c.get("value") not in Topic.values:
                errors.setdefault("conditions", []).append(
                    _("Unknown topic %(value)s.") % {"value": c.get("value")}
                )
            elif c["field"] == "risk_at_least" and not str(c.get("value", "")).isdigit():
                errors.setdefault("conditions", []).append(_("Risk must be a number from 0 to 100."))
            elif not str(c.get("value", "")).strip():
                errors.setdefault("conditions", []).append(_("Every condition needs a value."))
    if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
        errors["actions"] = [_("Give at least one action.")]
    else:
        for a in actions:
            if a.get("action") not in RuleAction.values:
                errors.setdefault("actions", []).append(
                    _("Unknown action %(action)s.") % {"action": a.get("action")}
                )
            elif a["action"] == "priority" and a.get("value") not in Priority.values:
                errors.setdefault("actions", []).append(
                    _("Unknown priority %(value)s.") % {"value": a.get("value")}
                )
            elif a["action"] in ("assign", "tag") and not str(a.get("value", "")).strip():
                errors.setdefault("actions", []).append(_("This action needs a value."))
    return errors


# --- Playbook variables ------------------------------------------------------------------------
VARIABLE_RE = re.compile(r"\{(\w+)\}")


def render_template(body: str, variables: dict[str, str]) -> str:
    """Replace ``{name}`` with its value; unknown variables stay visible so a person fills them."""
    return VARIABLE_RE.sub(lambda m: str(variables.get(m.group(1), m.group(0))), body)


# --- Ingest rows -------------------------------------------------------------------------------
def parse_datetime_value(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return bounded_datetime(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is None:
                return None
            parsed = datetime(day.year, day.month, day.day)
    except ValueError:  # well-formed but impossible (month 13, 31 February)
        return None
    # Out of range (a year 0 or 10000 in UTC) is as good as unreadable.
    return bounded_datetime(parsed)


def _count(value: Any, name: str, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(float(value)) if isinstance(value, str | float) else int(value)
    except (TypeError, ValueError):
        errors.setdefault(name, []).append(_("Must be a whole number."))
        return None
    if number < 0 or number > 2_000_000_000:
        errors.setdefault(name, []).append(_("Must be between 0 and 2000000000."))
        return None
    return number


_HTTP_URL = re.compile(r"^https?://")


def clean_row(row: Any, *, max_text: int) -> tuple[dict | None, dict[str, list[str]]]:
    """One incoming mention (API, webhook, file) -> a clean dict, or field errors."""
    errors: dict[str, list[str]] = {}
    if not isinstance(row, dict):
        return None, {"non_field_errors": [_("Each mention must be an object.")]}
    source = str(row.get("source") or "").strip().lower()
    external_id = str(row.get("external_id") or "").strip()
    text = row.get("text")
    if not source:
        errors.setdefault("source", []).append(_("This field is required."))
    elif len(source) > 40:
        errors.setdefault("source", []).append(_("At most 40 characters."))
    if not external_id:
        errors.setdefault("external_id", []).append(_("This field is required."))
    elif len(external_id) > 200:
        errors.setdefault("external_id", []).append(_("At most 200 characters."))
    if not isinstance(text, str) or not text.strip():
        errors.setdefault("text", []).append(_("This field is required."))
    elif len(text) > max_text:
        errors.setdefault("text", []).append(_("At most %(n)s characters.") % {"n": max_text})
    published_at = parse_datetime_value(row.get("published_at"))
    if published_at is None:
        errors.setdefault("published_at", []).append(_("A date and time (ISO 8601) is required."))
    url = str(row.get("url") or "").strip()
    if url and (len(url) > 1000 or not _HTTP_URL.match(url)):
        errors.setdefault("url", []).append(_("Enter a valid http(s) URL."))
    author = row.get("author") or {}
    if isinstance(author, str):
        author = {"handle": author}
    if not isinstance(author, dict):
        errors.setdefault("author", []).append(_("The author must be an object with a handle."))
        author = {}
    handle = str(author.get("handle") or "").strip()
    if not handle:
        errors.setdefault("author", []).append(_("The author's handle is required."))
    elif len(handle) > 150:
        errors.setdefault("author", []).append(_("At most 150 characters."))
    author_created = None
    if author.get("created_at") not in (None, ""):
        author_created = parse_datetime_value(author.get("created_at"))
        if author_created is None:
            errors.setdefault("author", []).append(_("The account's creation date is not a date."))
    followers = _count(author.get("followers"), "author", errors)
    for name, value in (
        ("source", source),
        ("external_id", external_id),
        ("text", text if isinstance(text, str) else ""),
        ("url", url),
        ("author", handle + str(author.get("name") or "")),
    ):
        if "\x00" in value:  # PostgreSQL stores no NUL character in text
            errors.setdefault(name, []).append(_("Contains a NUL character."))
    counts = {name: _count(row.get(name), name, errors) for name in ("reach", "likes", "replies")}
    campaign = row.get("campaign")
    if campaign not in (None, ""):
        try:
            campaign = int(campaign)
        except (TypeError, ValueError):
            errors.setdefault("campaign", []).append(_("Must be a campaign id."))
            campaign = None
    else:
        campaign = None
    if errors:
        return None, errors
    return {
        "source": source,
        "external_id": external_id,
        "url": url,
        "text": text.strip(),
        "published_at": published_at,
        "author_handle": handle,
        "author_name": str(author.get("name") or "")[:150],
        "author_created_at": author_created,
        "author_followers": followers,
        "campaign": campaign,
        **counts,
    }, {}
