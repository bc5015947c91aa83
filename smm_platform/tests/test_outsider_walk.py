"""Walk EVERY URL pattern of the dashboard and the API as a stranger to the victim workspace.

The URL list comes from the resolver, so a new endpoint is walked automatically. For each pattern
the walk fills the URL kwargs (``workspace_slug`` -> the victim's slug; ``pk`` -> an object of the
view's model made inside the victim workspace by a factory from ``<app>/tests/walk.py``) and sends
GET, POST, PUT, PATCH and DELETE:

* as an anonymous visitor: the dashboard redirects to sign-in, the API answers 401;
* as a member of another workspace: every workspace URL answers 404;
* never a 5xx, never the victim's data in a body, and the victim's rows are unchanged at the end.

Public URLs (sign-in, health, documentation, links with their own secret) are listed in the apps'
``walk.py`` with the reason; they are walked too (no 5xx, no victim data). A pattern the walk does
not know how to fill makes the test fail until it is taught.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from accounts.services import user_token_create
from accounts.tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

CANARY = "VictimCanary-7f3a"
METHODS = ["get", "post", "put", "patch", "delete"]
SKIPPED_PREFIXES = {
    "admin/": "Django admin: staff only, covered by test_admin_requires_staff",
    "static/": "static files",
}
WALK_APPS = [
    app.name for app in apps.get_app_configs() if not app.name.startswith(("django.", "rest_framework"))
]


@dataclass
class Route:
    route: str
    name: str
    callback: object
    keys: list[str]


def _walk_resolver(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[Route]:
    routes: list[Route] = []
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            routes += _walk_resolver(entry, prefix + pattern, ns)
        elif isinstance(entry, URLPattern):
            full = prefix + pattern
            keys = list(entry.pattern.regex.groupindex) if hasattr(entry.pattern, "regex") else []
            full_keys = list(resolver.pattern.regex.groupindex) + keys
            routes.append(
                Route(full, f"{namespace}{entry.name}" if entry.name else "", entry.callback, full_keys)
            )
    return routes


def all_routes() -> list[Route]:
    routes = _walk_resolver(get_resolver())
    # Recompute kwargs from the full route text (nested includes carry their own groups).
    for r in routes:
        r.keys = sorted(set(_route_keys(r.route)))
    return [r for r in routes if not any(r.route.startswith(p) for p in SKIPPED_PREFIXES)]


def _route_keys(route: str) -> list[str]:
    import re

    keys = re.findall(r"<(?:\w+:)?(\w+)>", route)
    keys += re.findall(r"\(\?P<(\w+)>", route)
    return keys


def _collect(attribute: str) -> dict:
    merged: dict = {}
    for app in WALK_APPS:
        try:
            module = import_module(f"{app}.tests.walk")
        except ModuleNotFoundError:
            continue
        merged.update(getattr(module, attribute, {}))
    return merged


def _view_model(callback):
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is None:
        return None
    model = getattr(cls, "model", None)
    if model is None:
        queryset = getattr(cls, "queryset", None)
        model = getattr(queryset, "model", None)
    return model


def _path(route: str, values: dict[str, str]) -> str:
    import re

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\", "")
    return "/" + path


def _victim_snapshot(victim) -> dict:
    snapshot = {}
    for model in apps.get_models():
        field_names = {f.name for f in model._meta.get_fields()}
        if "workspace" in field_names and model._meta.get_field("workspace").is_relation:
            rows = model._default_manager.filter(workspace=victim).order_by("pk")
            snapshot[model._meta.label] = [
                json.dumps(model_to_dict(r), default=str, sort_keys=True) for r in rows
            ]
    return snapshot


@pytest.fixture
def world(db):
    victim = WorkspaceFactory(name=CANARY, slug="victim")
    victim_owner = UserFactory(email="owner@victim.test", full_name=CANARY)
    MembershipFactory(workspace=victim, user=victim_owner, role="owner")
    stranger_ws = WorkspaceFactory(name="Stranger Co", slug="stranger")
    stranger = UserFactory(email="stranger@stranger.test")
    MembershipFactory(workspace=stranger_ws, user=stranger, role="owner")
    return victim, stranger


def _fill(route: Route, victim, factories, public) -> dict[str, str] | str:
    """URL kwargs for ``route``, or an explanation of why the walk cannot fill them."""
    values: dict[str, str] = dict(public.get(route.name, {}).get("kwargs", {}))
    for key in route.keys:
        if key in values:
            continue
        if key == "workspace_slug":
            values[key] = victim.slug
        elif key in ("pk", "id"):
            model = _view_model(route.callback)
            if model is None:
                return f"{route.route}: cannot tell the model of {key!r}; give the view a model or queryset"
            if model not in factories:
                return f"{route.route}: no walk factory for {model.__name__}; add it to <app>/tests/walk.py"
            values[key] = factories[model](victim).pk
        elif key == "format":
            values[key] = "json"
        else:
            return (
                f"{route.route}: the walk does not know how to fill {key!r}; teach it in <app>/tests/walk.py"
            )
    return values


def test_walk_covers_every_url_pattern_as_outsider_and_anonymous(world):
    victim, stranger = world
    factories = _collect("FACTORIES")
    public = _collect("PUBLIC")
    routes = all_routes()
    assert len(routes) > 20, "the resolver walk found suspiciously few URLs"

    _token, key = user_token_create(user=stranger, name="walk")
    api_stranger = APIClient()
    api_stranger.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    web_stranger = Client()
    web_stranger.force_login(stranger)
    anonymous = Client()

    untaught: list[str] = []
    failures: list[str] = []
    planned = []
    for route in routes:
        values = _fill(route, victim, factories, public)
        if isinstance(values, str):
            untaught.append(values)
            continue
        planned.append((route, _path(route.route, values)))
    assert not untaught, "The walk cannot exercise these URLs:\n" + "\n".join(untaught)

    before = _victim_snapshot(victim)
    for route, path in planned:
        web_stranger.force_login(stranger)  # a walked sign-out URL must not end the walk's session
        is_api = path.startswith("/api/")
        is_public = route.name in public
        scoped = "workspace_slug" in route.keys
        for method in METHODS:
            for who, client in (
                ("anonymous", anonymous),
                ("stranger", api_stranger if is_api else web_stranger),
            ):
                kwargs = (
                    {"format": "json"} if is_api and method != "get" and isinstance(client, APIClient) else {}
                )
                response = getattr(client, method)(path, {} if method != "get" else None, **kwargs)
                status = response.status_code
                body = (
                    response.content.decode(errors="replace")
                    if not getattr(response, "streaming", False)
                    else ""
                )
                label = f"{who} {method.upper()} {path} ({route.name or route.route})"
                if status >= 500:
                    failures.append(f"{label}: {status}")
                    continue
                if CANARY in body:
                    failures.append(f"{label}: the body shows the victim's data")
                if is_public:
                    continue
                if who == "anonymous":
                    ok = status in (401, 403) if is_api else status in (302, 401, 403, 404, 405)
                    if (
                        status == 302
                        and settings.LOGIN_URL
                        and "/accounts/login/" not in response.get("Location", "")
                    ):
                        ok = False
                    if not ok:
                        failures.append(f"{label}: anonymous got {status}")
                elif scoped and status not in (404, 405):
                    # 405 answers the method, the same for every slug: it tells nothing.
                    failures.append(f"{label}: expected 404 for a stranger, got {status}")
    after = _victim_snapshot(victim)
    assert not failures, "\n".join(failures)
    assert before == after, "the walk changed the victim workspace's rows"


def test_walk_knows_every_public_url_it_lists(world):
    """A stale entry in a ``walk.py`` PUBLIC table (URL renamed or removed) fails loudly."""
    names = {r.name for r in all_routes()}
    stale = sorted(set(_collect("PUBLIC")) - names)
    assert not stale, f"PUBLIC lists URLs that no longer exist: {stale}"


def test_admin_requires_staff(world, client):
    _victim, stranger = world
    client.force_login(stranger)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
