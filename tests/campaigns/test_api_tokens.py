"""API tokens: per device, hashed, expire after a period without use, end with the
password and with a membership; each person sees and revokes only their own."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.api_tokens import api_tokens_of
from campaigns.models import ApiToken, Membership
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.factories import PASSWORD, api_token_for

pytestmark = pytest.mark.django_db

ME = "/api/v1/alpha/me/"


def _auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _sign_in(client, username, name=None):
    payload = {"username": username, "password": PASSWORD}
    if name is not None:
        payload["name"] = name
    response = client.post(reverse("api_token"), payload, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def test_each_sign_in_is_a_token_of_its_own_device(client, world):
    phone = _sign_in(client, "alpha_manager", name="店长手机")
    laptop = _sign_in(client, "alpha_manager")  # no name: the User-Agent stands in
    assert phone["token"] != laptop["token"]
    assert phone["name"] == "店长手机"
    tokens = ApiToken.objects.filter(user__username="alpha_manager").order_by("id")
    assert [t.name for t in tokens] == ["店长手机", ""]
    assert client.get(ME, **_auth(phone["token"])).status_code == 200
    assert client.get(ME, **_auth(laptop["token"])).status_code == 200


def test_token_name_defaults_to_the_user_agent(client, world):
    response = client.post(
        reverse("api_token"),
        {"username": "alpha_manager", "password": PASSWORD},
        content_type="application/json",
        HTTP_USER_AGENT="campaigns-sync/2.1",
    )
    assert response.json()["name"] == "campaigns-sync/2.1"


def test_a_token_expires_after_the_idle_period(client, world, settings):
    key = api_token_for(world.a.members[Role.MANAGER].user)
    token = ApiToken.objects.get()
    expected = timezone.now() + timedelta(days=settings.API_TOKEN_IDLE_DAYS)
    assert abs((token.expiry - expected).total_seconds()) < 5
    token.expiry = timezone.now() - timedelta(seconds=1)  # 30 days went by unused
    token.save()
    response = client.get(ME, **_auth(key))
    assert response.status_code == 401
    assert not ApiToken.objects.exists()  # knox deletes it when it is shown


def test_each_use_pushes_the_expiry_on_and_records_the_last_use(client, world):
    key = api_token_for(world.a.members[Role.MANAGER].user)
    token = ApiToken.objects.get()
    assert token.last_used is None
    token.expiry = timezone.now() + timedelta(days=1)  # 29 days since the last use
    token.save()
    before = timezone.now()
    assert client.get(ME, **_auth(key)).status_code == 200
    token.refresh_from_db()
    assert token.last_used >= before
    assert token.expiry >= before + timedelta(days=30) - timedelta(seconds=5)
    # Within a minute the next use writes nothing (knox's MIN_REFRESH_INTERVAL).
    used = token.last_used
    assert client.get(ME, **_auth(key)).status_code == 200
    token.refresh_from_db()
    assert token.last_used == used


def test_a_password_change_ends_every_token(client, world):
    user = world.a.members[Role.MANAGER].user
    keys = [api_token_for(user), api_token_for(user)]
    other = api_token_for(world.a.members[Role.ADMIN].user)
    user.set_password("a-new-and-better-passphrase")
    user.save()
    assert [client.get(ME, **_auth(k)).status_code for k in keys] == [401, 401]
    assert not ApiToken.objects.filter(user=user).exists()
    assert api_tokens_of(user) == []
    assert client.get(ME, **_auth(other)).status_code == 200  # someone else's stays
    # A token issued under the new password works.
    fresh = api_token_for(user)
    assert client.get(ME, **_auth(fresh)).status_code == 200


def test_a_token_lives_through_a_secret_key_rotation_with_fallback(client, world, settings):
    key = api_token_for(world.a.members[Role.MANAGER].user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789"
    assert client.get(ME, **_auth(key)).status_code == 200


def test_a_deactivated_user_cannot_use_a_token(client, world):
    user = world.a.members[Role.MANAGER].user
    key = api_token_for(user)
    user.is_active = False
    user.save()
    assert client.get(ME, **_auth(key)).status_code == 401


def test_removing_a_membership_ends_the_persons_tokens(client, world):
    admin = world.a.members[Role.ADMIN]
    leaving = world.a.members[Role.MANAGER]
    keys = [api_token_for(leaving.user), api_token_for(leaving.user)]
    stays = api_token_for(world.a.members[Role.BRANCH_STAFF].user)
    client.force_login(admin.user)
    response = client.post(reverse("member_remove", args=["alpha", leaving.pk]))
    assert response.status_code == 302
    with tenant_context(world.a.org):
        assert not Membership.objects.filter(pk=leaving.pk).exists()
    client.logout()
    assert [client.get(ME, **_auth(k)).status_code for k in keys] == [401, 401]
    assert not ApiToken.objects.filter(user=leaving.user).exists()
    assert client.get(ME, **_auth(stays)).status_code == 200


def test_a_refused_removal_keeps_the_tokens(world):
    admin = world.a.members[Role.ADMIN]
    api_token_for(admin.user)
    with pytest.raises(Exception):  # noqa: B017 (the last admin cannot leave)
        services.member_remove(organization=world.a.org, membership=admin)
    assert ApiToken.objects.filter(user=admin.user).count() == 1


def test_tokens_per_person_are_capped_least_recently_used_first(world, settings):
    settings.API_TOKENS_PER_USER = 3
    user = world.a.members[Role.MANAGER].user
    for i in range(3):
        api_token_for(user, name=f"device {i}")
    ApiToken.objects.filter(name="device 0").update(last_used=timezone.now())
    api_token_for(user, name="device 3")
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == [
        "device 0",
        "device 2",
        "device 3",
    ]


# -- the list and revocation: API ---------------------------------------------------


def test_api_lists_only_my_tokens_and_never_their_keys(client, world):
    mine = api_token_for(world.a.members[Role.MANAGER].user, name="phone")
    api_token_for(world.a.members[Role.MANAGER].user, name="laptop")
    api_token_for(world.a.members[Role.ADMIN].user, name="someone else's")
    api_token_for(world.b.members[Role.MANAGER].user, name="bravo's")
    response = client.get(reverse("api_tokens"), **_auth(mine))
    assert response.status_code == 200
    body = response.json()
    assert [(t["name"], t["current"]) for t in body] == [("laptop", False), ("phone", True)]
    assert set(body[0]) == {"id", "name", "created", "last_used", "expiry", "current"}
    assert mine not in response.content.decode()


def test_api_revokes_my_token(client, world):
    user = world.a.members[Role.MANAGER].user
    mine = api_token_for(user, name="phone")
    lost = api_token_for(user, name="lost tablet")
    lost_id = ApiToken.objects.get(name="lost tablet").pk
    response = client.delete(reverse("api_token_detail", args=[lost_id]), **_auth(mine))
    assert response.status_code == 204
    assert client.get(ME, **_auth(lost)).status_code == 401
    assert client.get(ME, **_auth(mine)).status_code == 200
    # Revoking the token of the request itself is signing out.
    mine_id = ApiToken.objects.get(name="phone").pk
    assert (
        client.delete(reverse("api_token_detail", args=[mine_id]), **_auth(mine)).status_code == 204
    )
    assert client.get(ME, **_auth(mine)).status_code == 401


@pytest.mark.parametrize("owner", ["same_org", "other_org"])
def test_api_cannot_see_or_revoke_another_persons_token(client, world, owner):
    me = api_token_for(world.a.members[Role.ADMIN].user)
    other_user = (
        world.a.members[Role.MANAGER].user
        if owner == "same_org"
        else world.b.members[Role.ADMIN].user
    )
    theirs = api_token_for(other_user, name="theirs")
    their_id = ApiToken.objects.get(name="theirs").pk
    response = client.delete(reverse("api_token_detail", args=[their_id]), **_auth(me))
    assert response.status_code == 404
    missing = client.delete(reverse("api_token_detail", args=[their_id + 1000]), **_auth(me))
    assert missing.status_code == 404 and missing.json() == response.json()
    assert ApiToken.objects.filter(pk=their_id).exists()
    assert client.get(reverse("api_tokens"), **_auth(theirs)).json()[0]["id"] == their_id
    listed = client.get(reverse("api_tokens"), **_auth(me)).json()
    assert their_id not in [t["id"] for t in listed]


def test_token_endpoints_need_a_signed_in_user(client, world):
    assert client.get(reverse("api_tokens")).status_code == 401
    assert client.delete(reverse("api_token_detail", args=[1])).status_code == 401


# -- the list and revocation: the page ----------------------------------------------


def test_page_lists_my_tokens(client, world, in_english):
    user = world.a.members[Role.MANAGER].user
    key = api_token_for(user, name="店长手机")
    api_token_for(world.a.members[Role.ADMIN].user, name="admin laptop")
    client.force_login(user)
    response = client.get(reverse("account_tokens"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "店长手机" in body and "Not yet" in body
    assert "admin laptop" not in body
    assert key not in body
    # The account menu links to it from every page.
    assert reverse("account_tokens") in client.get("/alpha/").content.decode()


def test_page_revokes_my_token(client, world):
    user = world.a.members[Role.MANAGER].user
    key = api_token_for(user, name="lost tablet")
    token_id = ApiToken.objects.get().pk
    client.force_login(user)
    response = client.post(reverse("account_token_revoke", args=[token_id]))
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    client.logout()
    assert client.get(ME, **_auth(key)).status_code == 401


@pytest.mark.parametrize("owner", ["same_org", "other_org"])
def test_page_cannot_revoke_another_persons_token(client, world, owner):
    other_user = (
        world.a.members[Role.MANAGER].user
        if owner == "same_org"
        else world.b.members[Role.ADMIN].user
    )
    key = api_token_for(other_user, name="theirs")
    token_id = ApiToken.objects.get().pk
    client.force_login(world.a.members[Role.ADMIN].user)
    assert client.post(reverse("account_token_revoke", args=[token_id])).status_code == 404
    assert client.get(reverse("account_token_revoke", args=[token_id])).status_code == 405
    assert ApiToken.objects.filter(pk=token_id).exists()
    assert "theirs" not in client.get(reverse("account_tokens")).content.decode()
    client.logout()
    assert (
        client.get(ME if owner == "same_org" else "/api/v1/bravo/me/", **_auth(key)).status_code
        == 200
    )


def test_page_needs_sign_in(client, world):
    response = client.get(reverse("account_tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_schema_describes_token_auth_and_the_token_endpoints(client, world):
    client.force_login(world.a.members[Role.ADMIN].user)
    schema = client.get("/api/schema/?format=json").json()
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    assert "/api/v1/auth/tokens/" in schema["paths"]
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]


def test_expired_tokens_are_purged_by_the_hourly_job(client, world, settings):
    from campaigns import tasks

    user = world.a.members[Role.MANAGER].user
    live_key, stale_key = api_token_for(user, "live"), api_token_for(user, "stale")
    ApiToken.objects.filter(name="stale").update(expiry=timezone.now() - timedelta(seconds=1))
    assert settings.CELERY_BEAT_SCHEDULE["purge-expired-tokens"]["task"] == (
        tasks.purge_expired_tokens.name
    )
    assert tasks.purge_expired_tokens() == 1
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["live"]
    assert client.get(ME, **_auth(live_key)).status_code == 200
    assert client.get(ME, **_auth(stale_key)).status_code == 401


def test_a_request_reads_its_own_token_only(client, world, django_assert_max_num_queries):
    """knox would read every other token of the user on each request to delete the
    expired ones; that is the hourly job's work, not a query on every API call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world.a.members[Role.MANAGER].user
    key = api_token_for(user)
    for n in range(3):
        api_token_for(user, f"other {n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ME, **_auth(key)).status_code == 200
    token_reads = [
        q for q in queries.captured_queries if q["sql"].startswith('SELECT "campaigns_apitoken"')
    ]
    assert len(token_reads) == 1, token_reads
