"""Password spraying is throttled per address; every refused sign-in answers 429 with
Retry-After: JSON for the API, a translated page for the sign-in page."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from campaigns.models import ApiToken
from campaigns.roles import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"
USERS = ["alpha_admin", "alpha_manager", "alpha_branch_staff"]


@pytest.fixture
def spray_limits(settings):
    # Per user: 5 (no single username reaches it below); per address: 10 in the window.
    settings.AXES_FAILURE_LIMIT = 5
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 10
    settings.SIGNIN_ADDRESS_WINDOW_SECONDS = 600
    settings.SIGNIN_ADDRESS_BLOCK_SECONDS = 900
    return settings


def _spray(client, url, tries, **extra):
    """One wrong password across three users, round robin, from the attacker's address."""
    answers = []
    for i in range(tries):
        response = client.post(
            url,
            {"username": USERS[i % 3], "password": "Spring2026!"},
            REMOTE_ADDR=ATTACKER,
            **extra,
        )
        answers.append(response.status_code)
    return answers


def test_spraying_the_token_endpoint_is_refused_after_the_limit(client, world, spray_limits):
    answers = _spray(client, reverse("api_token"), 12)
    # 10 counted failures (each user below axes' own limit: 4, 3, 3), then refused.
    assert answers == [400] * 10 + [429, 429]
    assert sorted(a.failures_since_start for a in AccessAttempt.objects.all()) == [3, 3, 4]
    # The right password of a fourth user from the same address is refused too, JSON.
    refused = client.post(
        reverse("api_token"),
        {"username": "alpha_franchisee", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        content_type="application/json",
    )
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert 890 <= int(refused["Retry-After"]) <= 900
    assert refused.json() == {"detail": "登录失败次数过多，请稍后再试。"}
    assert not ApiToken.objects.exists()
    # Another address is not affected: someone else signs in at once.
    ok = client.post(
        reverse("api_token"),
        {"username": "alpha_manager", "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ApiToken.objects.get().user.username == "alpha_manager"


def test_spraying_the_sign_in_page_is_refused_with_a_page(client, world, spray_limits):
    answers = _spray(client, reverse("login"), 12)
    assert answers == [200] * 10 + [429, 429]  # 200: the form again, "wrong password"
    refused = client.post(
        reverse("login"),
        {"username": "alpha_franchisee", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    assert 890 <= int(refused["Retry-After"]) <= 900
    body = refused.content.decode()
    assert "登录失败次数过多" in body  # the translated page, in the base layout
    assert "_auth_user_id" not in client.session
    ok = client.post(
        reverse("login"), {"username": "alpha_manager", "password": PASSWORD}, REMOTE_ADDR=OFFICE
    )
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(world.a.members[Role.MANAGER].user.pk)


def test_page_and_token_endpoint_share_one_count(client, world, spray_limits):
    spray_limits.SIGNIN_ADDRESS_FAILURE_LIMIT = 4
    assert _spray(client, reverse("login"), 2) == [200, 200]
    assert _spray(client, reverse("api_token"), 3) == [400, 400, 429]


def test_the_platform_admin_sign_in_is_refused_too(client, world, spray_limits):
    spray_limits.SIGNIN_ADDRESS_FAILURE_LIMIT = 3
    _spray(client, reverse("api_token"), 3)
    admin = world.a.members[Role.ADMIN].user
    admin.is_staff = admin.is_superuser = True
    admin.save()
    response = client.post(
        "/platform-admin/login/",
        {"username": "alpha_admin", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 200  # the admin's own "please enter correct ..." form
    assert "_auth_user_id" not in client.session


def test_the_block_ends_after_its_time(client, world, spray_limits):
    from django.core.cache import cache

    spray_limits.SIGNIN_ADDRESS_FAILURE_LIMIT = 3
    assert _spray(client, reverse("api_token"), 4)[-1] == 429
    cache.delete(f"signin:blocked:{ATTACKER}")  # what the cache's timeout does
    ok = client.post(
        reverse("api_token"),
        {"username": "alpha_franchisee", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert ok.status_code == 200


def test_axes_lockout_on_the_api_is_json_with_retry_after(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 1  # hour
    for _ in range(3):
        client.post(reverse("api_token"), {"username": "alpha_admin", "password": "bad"})
    response = client.post(
        reverse("api_token"),
        {"username": "alpha_admin", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "登录失败次数过多，请稍后再试。"}
    assert 3590 <= int(response["Retry-After"]) <= 3600
    assert not ApiToken.objects.exists()


def test_axes_lockout_on_the_page_is_a_translated_page(client, world, settings, in_english):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    for _ in range(3):
        client.post(reverse("login"), {"username": "alpha_admin", "password": "bad"})
    response = client.post(reverse("login"), {"username": "alpha_admin", "password": PASSWORD})
    assert response.status_code == 429
    assert 1790 <= int(response["Retry-After"]) <= 1800
    body = response.content.decode()
    assert "Signing in with this username from your network is paused" in body
    assert "Try again in about 30 minutes." in body


def test_a_cache_that_is_down_does_not_stop_sign_in(client, world, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    for name in ("get", "add", "incr", "set"):
        monkeypatch.setattr(cache, name, down)
    bad = client.post(reverse("api_token"), {"username": "alpha_admin", "password": "bad"})
    assert bad.status_code == 400
    ok = client.post(reverse("api_token"), {"username": "alpha_admin", "password": PASSWORD})
    assert ok.status_code == 200
