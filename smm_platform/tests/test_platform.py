"""Platform-wide behaviour: health, error format, deploy checks, translations."""

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_healthz_reports_database_redis_and_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"] == {"ok": True, "configured": True, "ms": body["checks"]["redis"]["ms"]}
    assert "worker" in body["checks"]
    assert body["status"] in ("ok", "degraded")


@pytest.mark.django_db
def test_healthz_reports_unreachable_redis_as_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


@pytest.mark.django_db
def test_api_unknown_path_and_unauthenticated_use_json_error_format(client):
    response = client.get("/api/v1/workspaces/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code", "errors"}
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_openapi_schema_and_offline_swagger_ui(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/workspaces/{workspace_slug}/members/" in schema.json()["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "smm_platform.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-very-long-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "smm.example.com",
        "DATABASE_URL": settings.DATABASES["default"].get("NAME") and f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_when_debug_off():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "smm_platform.settings", "DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_bad_boolean_environment_value_fails_loudly():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "smm_platform.settings", "DEBUG": "maybe"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def _catalogues():
    skip = {".venv", "node_modules"}
    return [p for p in ROOT.glob("**/locale/ru/LC_MESSAGES/django.po") if not skip & set(p.parts)]


def test_every_russian_catalogue_is_fully_translated():
    catalogues = _catalogues()
    assert len(catalogues) >= 2
    problems = []
    for path in catalogues:
        po = polib.pofile(str(path))
        problems += [f"{path.relative_to(ROOT)}: untranslated {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [
            f"{path.relative_to(ROOT)}: fuzzy {e.msgid!r}" for e in po.fuzzy_entries() if not e.obsolete
        ]
    assert not problems, "\n".join(problems)


RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)


def test_every_russian_catalogue_has_three_plural_forms():
    """Russian has three plural forms (1 голос, 2 голоса, 5 голосов); a catalogue that declares
    another number, or an entry that gives fewer, falls back to English for some counts."""
    problems = []
    for path in _catalogues():
        po = polib.pofile(str(path))
        where = path.relative_to(ROOT)
        if po.metadata.get("Plural-Forms", "").strip() != RUSSIAN_PLURALS:
            problems.append(f"{where}: Plural-Forms is {po.metadata.get('Plural-Forms')!r}")
        for entry in po:
            if entry.msgid_plural and not entry.obsolete:
                forms = [entry.msgstr_plural.get(i, "") for i in range(3)]
                if not all(forms) or len(entry.msgstr_plural) != 3:
                    problems.append(f"{where}: {entry.msgid!r} has {entry.msgstr_plural}")
    assert not problems, "\n".join(problems)
