"""Dashboard pages of accounts: sign-in/up, throttling, workspaces, members, tokens, audit log."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ApiToken, AuditLog, Invitation, Membership, User
from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_email_redirects_to_first_workspace(personas, client):
    response = client.post("/accounts/login/", {"username": "Owner@Acme.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == "/w/acme/"


def test_login_is_locked_after_five_failures(personas, client):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "owner@acme.test", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "owner@acme.test", "password": PASSWORD})
    assert response.status_code == 429
    assert "locked-out" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"email": "not-an-email", "password": "S0me-long-pass", "password_confirm": "S0me-long-pass"},
            "email",
        ),
        ({"email": "a@b.test", "password": "123", "password_confirm": "123"}, "password"),
        (
            {"email": "a@b.test", "password": "S0me-long-pass", "password_confirm": "other"},
            "password_confirm",
        ),
    ],
)
def test_signup_rejects_bad_input_and_creates_nothing(personas, client, data, field):
    before = User.objects.count()
    response = client.post("/accounts/signup/", {**data, "language": "en"})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == before


def test_password_reset_sends_email_with_working_link(personas, client):
    client.post("/accounts/password/reset/", {"email": "owner@acme.test"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Brand-new-pass-9", "new_password2": "Brand-new-pass-9"}
    )
    assert response.status_code == 302
    personas.owner.refresh_from_db()
    assert personas.owner.check_password("Brand-new-pass-9")


def test_language_switch_is_remembered_on_user(personas, client):
    client.force_login(personas.viewer)
    response = client.post("/language/", {"language": "ru", "next": "/w/acme/"})
    assert response.status_code == 302
    assert response.url == "/w/acme/"
    personas.viewer.refresh_from_db()
    assert personas.viewer.language == "ru"
    assert "Сводка" in client.get("/w/acme/").content.decode()


def test_language_switch_refuses_external_next(client, db):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_every_section_shows_its_empty_state(personas, client):
    client.force_login(personas.viewer)
    for name in [
        "campaigns:index",
        "planning:calendar",
        "planning:ideas",
        "partners:index",
        "negativity:inbox",
        "reports:index",
    ]:
        response = client.get(reverse(name, kwargs={"workspace_slug": "acme"}))
        assert response.status_code == 200, name


def test_owner_invites_from_members_page(personas, client):
    client.force_login(personas.owner)
    response = client.post("/w/acme/members/", {"email": "fresh@example.test", "role": "viewer"})
    assert response.status_code == 302
    assert Invitation.objects.filter(
        workspace=personas.workspace, email="fresh@example.test", role="viewer"
    ).exists()


def test_marketer_cannot_invite_from_members_page(personas, client):
    client.force_login(personas.marketer)
    assert client.get("/w/acme/members/").status_code == 200
    assert client.post("/w/acme/members/", {"email": "x@example.test", "role": "owner"}).status_code == 403
    assert not Invitation.objects.exists()


def test_invite_with_bad_email_shows_error_and_writes_nothing(personas, client):
    client.force_login(personas.owner)
    response = client.post("/w/acme/members/", {"email": "nope", "role": "viewer"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_owner_changes_role_and_cannot_demote_last_owner(personas, client):
    client.force_login(personas.owner)
    viewer = Membership.objects.get(user=personas.viewer)
    client.post(f"/w/acme/members/{viewer.pk}/role/", {"role": "manager"})
    viewer.refresh_from_db()
    assert viewer.role == "manager"
    owner = Membership.objects.get(user=personas.owner, workspace=personas.workspace)
    response = client.post(f"/w/acme/members/{owner.pk}/role/", {"role": "viewer"}, follow=True)
    owner.refresh_from_db()
    assert owner.role == "owner"
    assert "at least one owner" in response.content.decode()


def test_token_page_is_owner_only_and_shows_key_once(personas, client):
    client.force_login(personas.manager)
    assert client.get("/w/acme/tokens/").status_code == 403
    client.force_login(personas.owner)
    response = client.post("/w/acme/tokens/", {"name": "CRM", "scopes": ["read"]}, follow=True)
    key = response.context["new_key"]
    assert key.startswith("smm_")
    assert ApiToken.objects.get(name="CRM").prefix == key[:10]
    assert "new_key" not in client.get("/w/acme/tokens/").context


def test_audit_log_page_filters_and_hides_from_viewer(personas, client):
    AuditLog.objects.create(workspace=personas.workspace, action="member.added", target_repr="A")
    AuditLog.objects.create(workspace=personas.workspace, action="token.created", target_repr="B")
    AuditLog.objects.create(workspace=personas.other_workspace, action="token.created", target_repr="FOREIGN")
    client.force_login(personas.viewer)
    assert client.get("/w/acme/audit/").status_code == 403
    client.force_login(personas.manager)
    response = client.get("/w/acme/audit/?action=token")
    assert [e.target_repr for e in response.context["entries"]] == ["B"]


def test_audit_log_page_query_count_is_constant(personas, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.owner)
    AuditLog.objects.create(workspace=personas.workspace, action="a", actor=personas.owner)
    with CaptureQueriesContext(connection) as one:
        client.get("/w/acme/audit/")
    AuditLog.objects.bulk_create(
        [AuditLog(workspace=personas.workspace, action=f"a{i}", actor=personas.manager) for i in range(60)]
    )
    with CaptureQueriesContext(connection) as many:
        client.get("/w/acme/audit/")
    assert len(one) == len(many)


def test_invitation_link_joins_signed_in_user_with_matching_email(personas, client):
    from accounts.services import hash_secret

    Invitation.objects.create(
        workspace=personas.other_workspace,
        email="viewer@acme.test",
        role="manager",
        token_hash=hash_secret("tok-123"),
        expires_at="2099-01-01T00:00Z",
    )
    client.force_login(personas.viewer)
    assert client.get("/invitations/tok-123/").status_code == 200
    response = client.post("/invitations/tok-123/")
    assert response.url == "/w/other/"
    assert Membership.objects.get(user=personas.viewer, workspace=personas.other_workspace).role == "manager"


def test_invitation_for_other_email_is_refused(personas, client):
    from accounts.services import hash_secret

    Invitation.objects.create(
        workspace=personas.other_workspace,
        email="someone@else.test",
        role="manager",
        token_hash=hash_secret("tok-9"),
        expires_at="2099-01-01T00:00Z",
    )
    client.force_login(personas.viewer)
    client.post("/invitations/tok-9/")
    assert not Membership.objects.filter(user=personas.viewer, workspace=personas.other_workspace).exists()


def test_untrusted_workspace_name_is_escaped(personas, client):
    personas.workspace.name = "<script>alert(1)</script>"
    personas.workspace.save()
    client.force_login(personas.owner)
    body = client.get("/w/acme/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_workspace_forms_offer_a_dash_not_djangos_placeholder(personas, client):
    """Every select of a workspace form reads "—" for nothing chosen: Django's "---------" is not
    translated and stood in a dozen Russian forms (report, plan item, playbook, campaign...)."""
    from django import forms

    from accounts.views_base import WorkspaceFormMixin
    from campaigns.models import Campaign

    class Form(WorkspaceFormMixin, forms.ModelForm):
        pick = forms.ModelChoiceField(queryset=Campaign.objects.all(), required=False)

        class Meta:
            model = Campaign
            fields = ["objective"]

    form = Form(workspace=personas.workspace)
    assert form.fields["pick"].empty_label == "—"
    assert ("", "—") in form.fields["objective"].choices
    assert "---------" not in str(form)
    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)
    ws = personas.workspace.slug
    for url in (f"/w/{ws}/inbox/playbooks/", f"/w/{ws}/plan/items/new/", f"/w/{ws}/campaigns/new/"):
        body = client.get(url).content.decode()
        assert not re.search(r"<option[^>]*>---------</option>", body), url
        assert re.search(r'<option value=""[^>]*>—</option>', body), url
