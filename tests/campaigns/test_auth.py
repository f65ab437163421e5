"""Sign-in, throttling, tokens and bad input: clear errors, never a 500."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from campaigns import modules
from campaigns.models import ApiToken
from campaigns.roles import Role
from tests.factories import PASSWORD, api_token_for

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(world):
    user = world.a.members[Role.ADMIN].user
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_login_lands_in_own_organization(client, world):
    response = client.post(
        reverse("login"), {"username": "alpha_manager", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/alpha/"
    assert response.status_code == 200
    assert "Alpha Co" in response.content.decode()


def test_wrong_password_shows_clear_message_and_is_counted(client, world):
    response = client.post(reverse("login"), {"username": "alpha_manager", "password": "nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "请输入一个正确的" in body  # Django's own zh-hans message for a failed login
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username="alpha_manager")
    assert attempt.failures_since_start == 1


def test_throttle_locks_username_and_ip_after_limit(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alpha_manager", "password": "nope"})
    response = client.post(reverse("login"), {"username": "alpha_manager", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another username from the same address is not locked.
    ok = client.post(reverse("login"), {"username": "alpha_admin", "password": PASSWORD})
    assert ok.status_code == 302


def test_logout_is_a_post(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_root_shows_chooser_for_several_orgs(client, world):
    from tests.factories import MembershipFactory

    user = world.a.members[Role.MANAGER].user
    MembershipFactory(organization=world.b.org, user=user, role=Role.MANAGER)
    client.force_login(user)
    body = client.get("/").content.decode()
    assert "/alpha/" in body and "/bravo/" in body
    page = client.get("/alpha/").content.decode()
    assert "/bravo/" in page  # the switcher on every page


def test_user_without_organization_is_told_so(client, db):
    user = get_user_model().objects.create_user("lonely", password=PASSWORD)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert response.status_code == 200
    assert "You do not belong to any organization yet" in response.content.decode()


def test_token_for_good_credentials(client, world):
    response = client.post(
        reverse("api_token"),
        {"username": "alpha_admin", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    token = ApiToken.objects.get(user__username="alpha_admin")
    assert body == {
        "token": body["token"],
        "id": token.pk,
        "name": "",
        "expiry": body["expiry"],
    }
    # Only a digest is stored; the key works as `Authorization: Token <key>`.
    assert body["token"] not in (token.digest, token.token_key)
    me = client.get("/api/v1/alpha/me/", HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert me.status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "username"), ({"username": "alpha_admin"}, "password"), ({"password": "x"}, "username")],
)
def test_token_missing_fields_are_field_errors(client, world, payload, field):
    response = client.post(reverse("api_token"), payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_token_wrong_password_is_400_and_counted(client, world):
    response = client.post(
        reverse("api_token"),
        {"username": "alpha_admin", "password": "bad"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not ApiToken.objects.exists()
    assert AccessAttempt.objects.get(username="alpha_admin").failures_since_start == 1


def test_token_throttled_after_limit(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("api_token"), {"username": "alpha_admin", "password": "bad"})
    response = client.post(reverse("api_token"), {"username": "alpha_admin", "password": PASSWORD})
    assert response.status_code == 429
    assert not ApiToken.objects.exists()


def test_token_endpoint_rejects_malformed_json(client, db):
    response = client.post(reverse("api_token"), "{not json", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("header", ["Token", "Token not-a-real-key", "Token a b", "Bearer x"])
def test_malformed_tokens_are_401(client, world, header):
    response = client.get("/api/v1/alpha/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_me_returns_user_org_and_role(client, world):
    member = world.a.members[Role.BRANCH_STAFF]
    token = api_token_for(member.user)
    response = client.get("/api/v1/alpha/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json() == {
        "user": {
            "id": member.user.pk,
            "username": "alpha_branch_staff",
            "name": "alpha branch_staff",
        },
        "organization": {
            "slug": "alpha",
            "name": "Alpha Co",
            "time_zone": "Asia/Shanghai",
            "default_language": "zh-hans",
            "modules": [m.key for m in modules.all_modules()],  # no choice: every module
        },
        "role": "branch_staff",
        "branch": None,
        "team": "alpha team",
    }


def test_unknown_org_page_is_404_for_signed_in_user(client, world):
    client.force_login(world.a.members[Role.ADMIN].user)
    client.cookies["django_language"] = "en"
    response = client.get("/no-such-org/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()


def test_error_pages_keep_the_organization_switcher(client, world):
    from tests.factories import MembershipFactory

    user = world.a.members[Role.MANAGER].user
    MembershipFactory(organization=world.b.org, user=user, role=Role.MANAGER)
    client.force_login(user)
    body = client.get("/no-such-org/").content.decode()
    assert 'href="/alpha/"' in body and 'href="/bravo/"' in body
