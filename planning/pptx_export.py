"""A proposal as a PPTX deck (python-pptx) to present to management."""

from __future__ import annotations

from io import BytesIO

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.util import Pt

from .models import Proposal


def _bullets(slide, title: str, lines: list[str]) -> None:
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.clear()
    for n, line in enumerate(lines):
        paragraph = body.paragraphs[0] if n == 0 else body.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(20)


def proposal_pptx(proposal: Proposal) -> bytes:
    """Title, problem and audience, idea, expected effect and budget, risks, status."""
    deck = Presentation()
    title_slide = deck.slides.add_slide(deck.slide_layouts[0])
    title_slide.shapes.title.text = proposal.title
    title_slide.placeholders[1].text = _("Concept proposal · version %(n)s · %(status)s") % {
        "n": proposal.current_version,
        "status": proposal.get_status_display(),
    }
    layout = deck.slide_layouts[1]
    audience = proposal.segment.name if proposal.segment_id else _("not specified")
    _bullets(
        deck.slides.add_slide(layout),
        _("Problem"),
        [proposal.problem, _("Audience: %(s)s") % {"s": audience}],
    )
    _bullets(
        deck.slides.add_slide(layout),
        _("Idea"),
        [line for line in proposal.idea.splitlines() if line.strip()] or [proposal.idea],
    )
    _bullets(
        deck.slides.add_slide(layout),
        _("Expected effect and budget"),
        [
            _("Business goal: %(goal)s (%(metric)s)")
            % {"goal": proposal.goal.name, "metric": proposal.goal.get_target_metric_display()},
            _("Expected effect: +%(value)s")
            % {"value": number_format(proposal.expected_effect, force_grouping=True)},
            *([proposal.expected_effect_note] if proposal.expected_effect_note else []),
            _("Budget: %(value)s") % {"value": number_format(proposal.budget, force_grouping=True)},
        ],
    )
    _bullets(
        deck.slides.add_slide(layout),
        _("Risks"),
        [line for line in proposal.risks.splitlines() if line.strip()] or [_("No risks named.")],
    )
    out = BytesIO()
    deck.save(out)
    return out.getvalue()
