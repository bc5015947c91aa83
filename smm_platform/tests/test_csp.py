"""A Content-Security-Policy without inline scripts: every page says so, and no template (nor any
page as rendered) carries an inline script, an inline event handler or an inline style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "vendor", "staticfiles"}
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)


def _inline_scripts(html: str) -> list[str]:
    """Opening tags of scripts that would execute inline (no src, not a JSON data block)."""
    return [
        tag
        for tag in SCRIPT.findall(html)
        if "src=" not in tag and "application/json" not in tag and "application/ld+json" not in tag
    ]


def _templates() -> list[Path]:
    return [p for p in ROOT.glob("**/templates/**/*.html") if not SKIP & set(p.parts)]


def test_templates_have_no_inline_script_handler_or_style():
    problems = []
    for path in _templates():
        text = path.read_text()
        if _inline_scripts(text):
            problems.append(f"{path.relative_to(ROOT)}: inline <script>")
        if HANDLER.search(text):
            problems.append(f"{path.relative_to(ROOT)}: inline event handler")
        if STYLE_ATTR.search(text) or "<style" in text:
            problems.append(f"{path.relative_to(ROOT)}: inline style")
    assert len(_templates()) > 30
    assert not problems, "\n".join(problems)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/w/acme/",
        "/w/acme/plan/",
        "/w/acme/campaigns/",
        "/w/acme/inbox/",
        "/w/acme/partners/",
        "/accounts/profile/",
        "/api/docs/",
    ],
)
def test_pages_carry_a_strict_policy_and_no_inline_script(personas, path):
    web = Client()
    web.force_login(personas.owner)
    response = web.get(path, follow=True)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    assert not _inline_scripts(html), _inline_scripts(html)
    assert not HANDLER.search(html)


def test_sign_in_page_has_the_policy_too():
    response = Client().get("/accounts/login/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
