"""A request the database dropped answers 503 with Retry-After and a sentence (JSON under
/api/, a page elsewhere); any other failure keeps the plain 500 page. The handler is the
project's (`handler500` of config/urls.py); the failing views are this module's. The
real fault, PostgreSQL restarting under a request, is tests/faults/test_database_restart.py."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import include, path

import config.urls


def _database_gone(request):
    raise OperationalError("terminating connection due to administrator command")


def _connection_closed(request):
    raise InterfaceError("connection already closed")


def _bug(request):
    raise ValueError("a bug")


urlpatterns = [
    path("api/v1/fault/database/", _database_gone),
    path("fault/database/", _database_gone),
    path("fault/closed/", _connection_closed),
    path("fault/bug/", _bug),
    path("", include(config.urls)),
]
handler500 = config.urls.handler500

MESSAGE = (
    "The database could not be reached (it may be restarting), so this request was not "
    "completed. Try again in a minute."
)
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


@pytest.fixture
def browser(settings):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_api_answers_503_json_with_retry_after(browser):
    response = browser.get("/api/v1/fault/database/")
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert response.json() == {"detail": MESSAGE, "code": "database_unavailable"}


@pytest.mark.parametrize("url", ["/fault/database/", "/fault/closed/"])
def test_a_page_answers_503_as_a_page(browser, url):
    response = browser.get(url)
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert MESSAGE in text and "Traceback" not in text and "<script" not in text


def test_any_other_failure_keeps_the_plain_500_page(browser):
    response = browser.get("/fault/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()
