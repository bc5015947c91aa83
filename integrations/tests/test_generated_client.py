"""A CRM's view of the contract: a typed client is generated from the live ``/api/schema/`` with
``openapi-python-client`` (pinned in requirements-dev.txt), every generated module is imported,
and a CRM scenario runs through the client as generated (nothing patched): tokens, pagination by
page and by cursor, conversions, metrics, mentions, alignment, webhooks, incremental sync.

The client talks to the application in-process (``httpx.WSGITransport``), so no port is opened.
The generator's own config only maps the binary report and deck content types to bytes.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from campaigns.models import Conversion, MetricDaily
from campaigns.tests.factories import CampaignFactory, GoalFactory
from integrations.models import DeletedObject

pytestmark = pytest.mark.django_db
PACKAGE = "smm_client"
BINARY_TYPES = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "text/csv",
]


@contextmanager
def _one_transaction():
    """The WSGI handler must not close the test's connection (like Django's test client)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _generate(schema: bytes, where: Path) -> None:
    (where / "schema.json").write_bytes(schema)
    config = {
        "project_name_override": PACKAGE,
        "package_name_override": PACKAGE,
        "post_hooks": [],
        "content_type_overrides": dict.fromkeys(BINARY_TYPES, "application/octet-stream"),
    }
    (where / "config.json").write_text(json.dumps(config))
    generator = Path(sys.executable).with_name("openapi-python-client")
    done = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(where / "schema.json"),
            "--meta",
            "none",
            "--config",
            str(where / "config.json"),
            "--output-path",
            str(where / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout, done.stdout  # every operation made it into the client


@pytest.fixture
def client_package(tmp_path, client, monkeypatch):
    schema = client.get("/api/schema/?format=json").content
    _generate(schema, tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    package = importlib.import_module(PACKAGE)
    modules = [info.name for info in pkgutil.walk_packages(package.__path__, PACKAGE + ".")]
    for name in modules:
        importlib.import_module(name)  # every generated module imports
    assert len(modules) > 200
    return package


def _api(name: str):
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def _model(name: str):
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name)


def test_generated_client_runs_the_crm_scenario_unchanged(personas, client_package):
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application

    cache.clear()  # rate-limit counters of earlier tests (the fuzz signs in hundreds of times)
    ws = personas.workspace
    goal = GoalFactory(workspace=ws, kind="sales")
    campaigns = [CampaignFactory(workspace=ws, goal=goal, utm_campaign=f"utm-{i}") for i in range(5)]
    campaign = campaigns[0]
    day = campaign.starts_on + timedelta(days=1)
    with _one_transaction():
        app = get_wsgi_application()
        transport = httpx.WSGITransport(app=app)
        base = "http://testserver"
        anonymous = client_package.Client(base_url=base, httpx_args={"transport": transport})

        # 1. tokens: a user token from email + password, then an integration token for the CRM.
        token = _api("auth.auth_token_create").sync(
            client=anonymous,
            body=_model("TokenRequestRequest")(email=personas.owner.email, password=PASSWORD),
        )
        assert token.token
        owner = client_package.AuthenticatedClient(
            base_url=base, token=token.token, prefix="Token", httpx_args={"transport": transport}
        )
        scopes = _model("ScopesEnum")
        created = _api("workspaces.workspaces_tokens_create").sync(
            "acme",
            client=owner,
            body=_model("IntegrationTokenRequest")(
                name="amoCRM",
                scopes=[
                    scopes("read"),
                    scopes("conversions:write"),
                    scopes("metrics:write"),
                    scopes("mentions:write"),
                    scopes("webhooks:write"),
                ],
            ),
        )
        crm = client_package.AuthenticatedClient(
            base_url=base, token=created.key, prefix="Token", httpx_args={"transport": transport}
        )

        # 2. pagination: by page, then by cursor; both see every campaign once.
        listing = _api("workspaces.workspaces_campaigns_list")
        first = listing.sync_detailed("acme", client=crm, page=1, page_size=2)
        assert first.status_code == 200 and int(first.headers["X-RateLimit-Remaining"]) >= 0
        assert first.parsed.count == 5 and len(first.parsed.results) == 2 and first.parsed.next_
        by_page = [
            c.id for p in (1, 2, 3) for c in listing.sync("acme", client=crm, page=p, page_size=2).results
        ]
        by_cursor, cursor = [], ""
        while cursor is not None:
            page = listing.sync("acme", client=crm, cursor=cursor, page_size=2)
            by_cursor += [c.id for c in page.results]
            cursor = page.next_cursor
        assert sorted(by_page) == by_cursor == sorted(c.pk for c in campaigns)

        # 3. conversions in, idempotent by external_id and by Idempotency-Key.
        kind = _model("ConversionInKindEnum")
        rows = [
            _model("ConversionInRequest")(
                external_id="amo-5012",
                kind=kind("sale"),
                amount="2450.00",
                occurred_at=timezone.now(),
                utm_campaign="utm-0",
            ),
            _model("ConversionInRequest")(
                external_id="amo-5013",
                kind=kind("lead"),
                amount="0",
                occurred_at=timezone.now(),
                campaign=campaign.pk,
            ),
        ]
        convert = _api("workspaces.workspaces_conversions_create")
        answer = convert.sync_detailed("acme", client=crm, body=rows, idempotency_key="export-1")
        assert (answer.status_code, answer.parsed.created) == (200, 2)
        again = convert.sync_detailed("acme", client=crm, body=rows, idempotency_key="export-1")
        assert again.headers["Idempotent-Replayed"] == "true"
        assert Conversion.objects.filter(workspace=ws).count() == 2
        bad = convert.sync_detailed(
            "acme",
            client=crm,
            body=[
                _model("ConversionInRequest")(
                    external_id="x", kind=kind("sale"), amount="1.005", occurred_at=timezone.now()
                )
            ],
        )
        assert bad.status_code == 400 and bad.parsed.code == "invalid"
        assert bad.parsed.errors["rows"]["0"]["amount"][0]["code"] == "max_decimal_places"

        # 4. metrics in: a CRM that knows only leads and sales leaves the ad figures alone.
        metrics = _api("workspaces.workspaces_metrics_create")
        channel = _model("ChannelEnum")
        ads = _model("MetricRowInRequest")(
            campaign=campaign.pk, channel=channel("vk"), date=day, reach=5000, clicks=120
        )
        assert metrics.sync("acme", client=crm, body=[ads]).created == 1
        crm_row = _model("MetricRowInRequest")(
            campaign=campaign.pk, channel=channel("vk"), date=day, leads=7, sales=2
        )
        assert metrics.sync("acme", client=crm, body=[crm_row]).updated == 1
        stored = MetricDaily.objects.get(campaign=campaign, channel="vk", date=day)
        assert (stored.reach, stored.clicks, stored.leads, stored.sales) == (5000, 120, 7, 2)
        listed = _api("workspaces.workspaces_metrics_list").sync("acme", client=crm, campaign=campaign.pk)
        assert [m.leads for m in listed.results] == [7]

        # 5. mentions in, read back (typed models: blank outcome, no author age), corrected by the token.
        author = _model("AuthorInRequest")(handle="bob")
        mention = _model("MentionInRequest")(
            source="vk",
            external_id="vk-1",
            author=author,
            text="Хлеб черствый, верните деньги",
            published_at=timezone.now(),
        )
        ingested = _api("workspaces.workspaces_mentions_create").sync("acme", client=crm, body=[mention])
        assert ingested.created == 1
        inbox = _api("workspaces.workspaces_mentions_list").sync("acme", client=crm)
        assert inbox.count == 1
        detail = _api("workspaces.workspaces_mentions_retrieve").sync(
            "acme", ingested.created_ids[0], client=crm
        )
        assert detail.author.handle == "bob" and detail.author.created_at is None
        category = _model("CorrectionRequest").__annotations__  # the model exists with its fields
        assert "category" in category
        corrected = _api("workspaces.workspaces_mentions_correct_create").sync_detailed(
            "acme",
            detail.id,
            client=crm,
            body=_model("CorrectionRequest")(category=_model("MentionCategoryEnum")("natural")),
        )
        assert corrected.status_code == 200, corrected.content
        assert corrected.parsed.corrected is True

        # 6. alignment of the campaign with its goal.
        alignment = _api("workspaces.workspaces_campaigns_alignment_retrieve").sync(
            "acme", campaign.pk, client=crm
        )
        assert alignment.campaign == campaign.pk and alignment.verdict

        # 7. webhooks: subscribe, rotate the secret (both signatures during the overlap), log.
        events = _model("EventsEnum")
        hook = _api("workspaces.workspaces_webhooks_create").sync_detailed(
            "acme",
            client=crm,
            body=_model("WebhookSubscriptionRequest")(
                url="https://crm.example.com/smm", events=[events("mention.created")]
            ),
        )
        assert hook.status_code == 201
        assert hook.headers["Location"].endswith(f"/api/v1/workspaces/acme/webhooks/{hook.parsed.id}/")
        rotated = _api("workspaces.workspaces_webhooks_rotate_secret_create").sync(
            "acme", hook.parsed.id, client=crm
        )
        assert rotated.secret != hook.parsed.secret and rotated.previous_secret_expires_at is not None
        log = _api("workspaces.workspaces_webhooks_deliveries_list").sync("acme", hook.parsed.id, client=crm)
        assert log.count == 0

        # 8. incremental sync: changes since a time, deletions as tombstones.
        changes = _api("workspaces.workspaces_conversions_list")
        assert changes.sync("acme", client=crm, updated_since=timezone.now() - timedelta(hours=1)).count == 2
        assert (
            changes.sync("acme", client=crm, updated_since=timezone.now() + timedelta(seconds=5)).count == 0
        )
        DeletedObject.objects.create(workspace=ws, kind="campaign", object_id=999, deleted_at=timezone.now())
        deleted = _api("workspaces.workspaces_deleted_list").sync("acme", client=crm, cursor="")
        assert [(d.kind, d.object_id) for d in deleted.results] == [("campaign", 999)]

        # 9. errors are typed too: a stranger's workspace is a 404 with a code.
        missing = listing.sync_detailed("other", client=crm)
        assert missing.status_code == 404 and missing.parsed.code == "not_found"
