"""REST API of accounts: tokens, workspaces, members, integration tokens, audit log."""

import pytest
from django.utils import timezone

from accounts.models import ApiToken, AuditLog, Invitation, Membership, Workspace
from accounts.services import hash_secret, integration_token_create
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_auth_token_with_right_password_returns_working_token(personas, api_client):
    response = api_client.post(
        "/api/v1/auth/token/", {"email": "OWNER@acme.test", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert ApiToken.objects.filter(user=personas.owner, key_hash=hash_secret(key)).exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/me/").json()["email"] == "owner@acme.test"


def test_auth_token_with_wrong_password_is_400_and_creates_nothing(personas, api_client):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"email": "owner@acme.test", "password": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Wrong email or password.", "code": "invalid", "errors": {}}
    assert not ApiToken.objects.exists()


def test_auth_token_missing_fields_lists_field_errors(api_client, db):
    response = api_client.post("/api/v1/auth/token/", {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "password"}


def test_workspaces_list_shows_only_callers_workspaces_with_role(personas, api_as):
    response = api_as(personas.viewer).get("/api/v1/workspaces/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["slug"] == "acme"
    assert body["results"][0]["role"] == "viewer"


def test_workspace_create_makes_caller_owner(personas, api_as):
    response = api_as(personas.viewer).post(
        "/api/v1/workspaces/", {"name": "Новый бренд", "slug": "new-brand"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["role"] == "owner"
    ws = Workspace.objects.get(slug="new-brand")
    assert Membership.objects.get(workspace=ws, user=personas.viewer).role == "owner"
    assert AuditLog.objects.filter(workspace=ws, action="workspace.created").count() == 1


def test_workspace_is_created_in_its_creators_language(personas, api_as):
    personas.viewer.language = "en"
    personas.viewer.save(update_fields=["language"])
    acme = api_as(personas.viewer).get("/api/v1/workspaces/acme/").json()
    assert acme["language"] == Workspace.objects.get(slug="acme").language
    created = api_as(personas.viewer).post(
        "/api/v1/workspaces/", {"name": "Brand", "slug": "brand-en", "language": "ru"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["language"] == "en"  # the creator's language; an owner changes it with PATCH
    assert Workspace.objects.get(slug="brand-en").language == "en"


def test_owner_renames_the_workspace_and_sets_its_content_language(personas, api_as):
    Workspace.objects.filter(slug="acme").update(language="ru")
    response = api_as(personas.owner).patch(
        "/api/v1/workspaces/acme/", {"name": "Acme Пекарня", "language": "en"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json() | {"created_at": None} == {
        "id": personas.workspace.pk, "name": "Acme Пекарня", "slug": "acme", "language": "en",
        "role": "owner", "created_at": None,
    }  # fmt: skip
    acme = Workspace.objects.get(slug="acme")
    assert (acme.name, acme.language) == ("Acme Пекарня", "en")
    entry = AuditLog.objects.get(workspace=acme, action="workspace.renamed")
    assert entry.changes == {"name": [personas.workspace.name, "Acme Пекарня"], "language": ["ru", "en"]}
    # The language alone; the slug is the workspace's address and stays.
    response = api_as(personas.owner).patch(
        "/api/v1/workspaces/acme/", {"language": "ru", "slug": "moved"}, format="json"
    )
    assert response.status_code == 200
    assert Workspace.objects.filter(slug="acme", name="Acme Пекарня", language="ru").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({"language": "de"}, "language"), ({"name": "  "}, "name"), ({"name": "x" * 121}, "name")],
)
def test_workspace_patch_with_bad_values_is_400_and_changes_nothing(personas, api_as, body, field):
    before = Workspace.objects.values("name", "language").get(slug="acme")
    response = api_as(personas.owner).patch("/api/v1/workspaces/acme/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Workspace.objects.values("name", "language").get(slug="acme") == before
    assert not AuditLog.objects.filter(action="workspace.renamed").exists()


def test_only_an_owner_changes_the_workspace(personas, api_as, api_client):
    before = Workspace.objects.values("name", "language").get(slug="acme")
    for member in (personas.manager, personas.marketer, personas.viewer):
        response = api_as(member).patch("/api/v1/workspaces/acme/", {"language": "en"}, format="json")
        assert response.status_code == 403, member
    assert api_as(personas.outsider).patch(
        "/api/v1/workspaces/acme/", {"language": "en"}, format="json"
    ).status_code == 404  # fmt: skip
    _token, key = integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["read", "campaigns:write"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.patch("/api/v1/workspaces/acme/", {"language": "en"}, format="json").status_code == 403
    assert Workspace.objects.values("name", "language").get(slug="acme") == before


@pytest.mark.parametrize("slug", ["acme", "admin", "Bad Slug!"])
def test_workspace_create_with_taken_reserved_or_bad_slug_is_400(personas, api_as, slug):
    before = Workspace.objects.count()
    response = api_as(personas.owner).post("/api/v1/workspaces/", {"name": "X", "slug": slug}, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]
    assert Workspace.objects.count() == before


def test_foreign_workspace_detail_is_404(personas, api_as):
    assert api_as(personas.outsider).get("/api/v1/workspaces/acme/").status_code == 404
    assert api_as(personas.outsider).get("/api/v1/workspaces/acme/members/").status_code == 404


def test_owner_adds_existing_user_as_member(personas, api_as):
    response = api_as(personas.owner).post(
        "/api/v1/workspaces/acme/members/", {"email": "outsider@other.test", "role": "viewer"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "active"
    assert Membership.objects.get(workspace=personas.workspace, user=personas.outsider).role == "viewer"


def test_owner_invites_unknown_email(personas, api_as, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(personas.owner).post(
            "/api/v1/workspaces/acme/members/",
            {"email": "New@Example.test", "role": "manager"},
            format="json",
        )
    assert response.status_code == 201
    assert response.json()["status"] == "invited"
    invitation = Invitation.objects.get(workspace=personas.workspace)
    assert (invitation.email, invitation.role) == ("new@example.test", "manager")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@example.test"]
    assert "/invitations/" in mailoutbox[0].body


def test_inviting_same_member_twice_is_409(personas, api_as):
    client = api_as(personas.owner)
    response = client.post(
        "/api/v1/workspaces/acme/members/", {"email": "viewer@acme.test", "role": "viewer"}, format="json"
    )
    assert response.status_code == 409


@pytest.mark.parametrize("role", ["manager", "marketer", "viewer"])
def test_non_owner_cannot_add_members(personas, api_as, role):
    response = api_as(personas.member(role)).post(
        "/api/v1/workspaces/acme/members/", {"email": "x@example.test", "role": "viewer"}, format="json"
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_owner_changes_role_and_audit_records_it(personas, api_as):
    membership = Membership.objects.get(workspace=personas.workspace, user=personas.viewer)
    response = api_as(personas.owner).patch(
        f"/api/v1/workspaces/acme/members/{membership.pk}/", {"role": "marketer"}, format="json"
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == "marketer"
    entry = AuditLog.objects.get(action="member.role_changed")
    assert entry.actor == personas.owner
    assert entry.changes == {"role": ["viewer", "marketer"]}


def test_last_owner_cannot_be_demoted_or_removed(personas, api_as):
    membership = Membership.objects.get(workspace=personas.workspace, user=personas.owner)
    client = api_as(personas.owner)
    assert (
        client.patch(
            f"/api/v1/workspaces/acme/members/{membership.pk}/", {"role": "viewer"}, format="json"
        ).status_code
        == 409
    )
    assert client.delete(f"/api/v1/workspaces/acme/members/{membership.pk}/").status_code == 409
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_invalid_role_is_400(personas, api_as):
    membership = Membership.objects.get(workspace=personas.workspace, user=personas.viewer)
    response = api_as(personas.owner).patch(
        f"/api/v1/workspaces/acme/members/{membership.pk}/", {"role": "god"}, format="json"
    )
    assert response.status_code == 400
    assert "role" in response.json()["errors"]


def test_owner_creates_integration_token_key_shown_once_and_stored_hashed(personas, api_as):
    client = api_as(personas.owner)
    response = client.post(
        "/api/v1/workspaces/acme/tokens/",
        {"name": "CRM", "scopes": ["conversions:write", "read"]},
        format="json",
    )
    assert response.status_code == 201
    key = response.json()["key"]
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.key_hash == hash_secret(key)
    assert token.scopes == ["conversions:write", "read"]
    listed = client.get("/api/v1/workspaces/acme/tokens/").json()["results"]
    assert all("key" not in row for row in listed)


def test_token_with_unknown_scope_is_400(personas, api_as):
    response = api_as(personas.owner).post(
        "/api/v1/workspaces/acme/tokens/", {"name": "X", "scopes": ["root"]}, format="json"
    )
    assert response.status_code == 400
    assert "scopes" in response.json()["errors"]
    assert not ApiToken.objects.filter(kind="integration").exists()


def test_revoked_integration_token_is_401(personas, api_as, api_client):
    token, key = integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["read"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/workspaces/acme/").status_code == 200
    assert api_as(personas.owner).delete(f"/api/v1/workspaces/acme/tokens/{token.pk}/").status_code == 204
    response = api_client.get("/api/v1/workspaces/acme/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_expired_integration_token_is_401(personas, api_client):
    token, key = integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["read"], actor=personas.owner
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/workspaces/acme/members/").status_code == 401


def test_integration_token_is_confined_to_its_workspace_and_scopes(personas, api_client):
    _token, key = integration_token_create(
        workspace=personas.workspace, name="CRM", scopes=["read"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/workspaces/acme/members/").status_code == 200
    assert api_client.get("/api/v1/workspaces/other/members/").status_code == 404
    # No admin rights through a token, whatever its scopes.
    assert api_client.get("/api/v1/workspaces/acme/tokens/").status_code == 403
    assert (
        api_client.post(
            "/api/v1/workspaces/acme/members/", {"email": "a@b.test", "role": "owner"}, format="json"
        ).status_code
        == 403
    )


def test_token_without_read_scope_cannot_read(personas, api_client):
    _token, key = integration_token_create(
        workspace=personas.workspace, name="Mentions", scopes=["mentions:write"], actor=personas.owner
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/workspaces/acme/members/").status_code == 403


def test_audit_log_readable_by_manager_not_by_marketer(personas, api_as):
    AuditLog.objects.create(workspace=personas.workspace, action="demo.thing", target_repr="x")
    assert api_as(personas.manager).get("/api/v1/workspaces/acme/audit-log/").json()["count"] == 1
    assert api_as(personas.marketer).get("/api/v1/workspaces/acme/audit-log/").status_code == 403


def test_list_pagination_respects_page_size_up_to_500(personas, api_as):
    AuditLog.objects.bulk_create([AuditLog(workspace=personas.workspace, action=f"a.{i}") for i in range(7)])
    body = api_as(personas.owner).get("/api/v1/workspaces/acme/audit-log/?page_size=3").json()
    assert (body["count"], len(body["results"])) == (7, 3)
    assert "page=2" in body["next"]
    body = api_as(personas.owner).get("/api/v1/workspaces/acme/audit-log/?page_size=500").json()
    assert len(body["results"]) == 7
    for bad in ("100000", "0", "abc", "2.5"):
        response = api_as(personas.owner).get(f"/api/v1/workspaces/acme/audit-log/?page_size={bad}")
        assert response.status_code == 400, bad
        assert response.json()["errors"]["page_size"][0]["code"] == "invalid"


def test_member_list_query_count_is_constant(personas, api_as, django_assert_num_queries):
    from accounts.tests.factories import MembershipFactory

    client = api_as(personas.owner)
    client.get("/api/v1/workspaces/acme/members/")  # warm up the token's last_used_at

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/workspaces/acme/members/").status_code == 200
        return len(ctx)

    few = count_queries()
    MembershipFactory.create_batch(30, workspace=personas.workspace)
    assert count_queries() == few


def test_malformed_json_is_400_json(personas, api_as):
    response = api_as(personas.owner).generic(
        "POST", "/api/v1/workspaces/", "{bad json", content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "errors"}


def test_api_answers_in_users_language_unless_accept_language(personas, api_as):
    personas.owner.language = "ru"
    personas.owner.save()
    client = api_as(personas.owner)
    assert client.get("/api/v1/workspaces/nope/").json()["detail"] != "Not found."
    assert client.get("/api/v1/workspaces/nope/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"] == "Not found."
