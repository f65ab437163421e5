"""Sessions: in the database, or (with a shared cache, as in production) read from the
cache and written through to the database. Either way, signing out ends the session for
every worker."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.roles import Role

SHARED_CACHE = "cached_db" in settings.SESSION_ENGINE


def _signed_in_pair(world):
    """Two clients holding the same session cookie, as two workers would see it."""
    first = Client()
    first.force_login(world.a.members[Role.MANAGER].user)
    second = Client()
    second.cookies = first.cookies
    return first, second


def test_signing_out_ends_the_session_everywhere(world):
    first, second = _signed_in_pair(world)
    assert second.get("/alpha/").status_code == 200
    first.post(reverse("logout"))
    response = second.get("/alpha/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_session_is_written_to_the_database(world):
    first, _second = _signed_in_pair(world)
    key = first.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()


@pytest.mark.cache
def test_with_a_shared_cache_a_page_reads_no_session_row(world):
    assert SHARED_CACHE, "CACHE_URL is set: sessions should be cached_db"
    first, _second = _signed_in_pair(world)
    first.get("/alpha/")
    with CaptureQueriesContext(connection) as queries:
        assert first.get("/alpha/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


@pytest.mark.cache
def test_with_a_shared_cache_a_session_missing_from_it_is_read_from_the_database(world):
    from django.core.cache import cache

    first, _second = _signed_in_pair(world)
    cache.clear()  # evicted (or Redis restarted): the database still holds it
    assert first.get("/alpha/").status_code == 200
