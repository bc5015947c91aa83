"""Error pages: 403 and 404 in the base layout (navigation, the reader's language, a way back),
500 styled from static files alone."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def _signed_in(user, language="ru") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def test_a_forbidden_page_is_the_styled_403_with_a_way_back(personas):
    response = _signed_in(personas.viewer).get("/w/acme/plan/proposals/new/")  # editors only
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
    page = response.content.decode()
    assert 'data-testid="error-page"' in page and "bootstrap.min.css" in page
    assert "Нет доступа" in page and 'lang="ru"' in page
    assert 'href="/w/acme/"' in page  # back to the workspace the page belongs to
    assert 'data-testid="workspace-switcher"' in page  # the signed-in navigation is there


def test_a_forbidden_post_is_the_styled_403_in_english(personas):
    response = _signed_in(personas.marketer, "en").post("/w/acme/plan/sharing/feed/rotate/")
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert "Access denied" in response.content.decode()


def test_not_found_is_the_styled_404(personas):
    response = _signed_in(personas.marketer).get("/w/acme/plan/items/999999/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    page = response.content.decode()
    assert "Страница не найдена" in page and 'href="/"' in page


def test_not_found_for_a_visitor_offers_sign_in(db):
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="error-page"' in page and 'href="/accounts/login/"' in page


def test_server_error_page_is_styled_without_a_request_context():
    request = RequestFactory().get("/")
    with translation.override("ru"):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "bootstrap.min.css" in page and "Что-то пошло не так" in page and 'href="/"' in page
