"""Every page and API route under an organization, walked for every role:
a member of A gets 404 for B's URLs and for B's objects under A's URL, and B's canary
never appears in anything A is shown."""

import pytest

from campaigns.roles import Role
from tests.factories import api_token_for
from tests.urlwalk import org_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = org_routes()


def test_the_walk_finds_pages_and_api():
    names = {route.name for route in ROUTES}
    assert {
        "org_home",
        "members",
        "branch_edit",
        "api_me",
        "plan_detail",
        "part_edit",
        "api_plans",
        "api_goals_item",
        "api_export_download",
    } <= names


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


def _client_for(client, membership, api):
    if api:
        token = api_token_for(membership.user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    else:
        client.force_login(membership.user)
    return client


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_member_of_a_gets_404_for_b(client, world, role, route):
    _client_for(client, world.a.members[role], route.api)
    url = url_for(route, world.b)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
        assert world.CANARY not in _body(response)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", [r for r in ROUTES if r.kwarg_names], ids=str)
def test_b_objects_under_a_url_are_404(client, world, role, route):
    """B's ids under A's URL answer 404 — unless the role or the method is refused
    whatever the id (403/405 for A's own object too), which reveals nothing."""
    _client_for(client, world.a.members[role], route.api)
    foreign = url_for(route, world.b, slug=world.a.org.slug)
    for method in ("get", "post"):
        response = getattr(client, method)(foreign)
        assert world.CANARY not in _body(response)
        if response.status_code == 404:
            continue
        own = getattr(client, method)(url_for(route, world.a)).status_code
        assert own in (403, 405) and response.status_code == own, (method, foreign)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_b_canary_never_in_a_responses(client, world, role, route):
    _client_for(client, world.a.members[role], route.api)
    response = client.get(url_for(route, world.a))
    assert response.status_code in (200, 403, 405)
    assert world.CANARY not in _body(response)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_unknown_org_is_404_like_a_foreign_one(client, world, route):
    _client_for(client, world.a.members[Role.ADMIN], route.api)
    assert client.get(url_for(route, world.a, slug="no-such-org")).status_code == 404


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_cannot_tell_orgs_apart(client, world, route):
    existing = client.get(url_for(route, world.b))
    missing = client.get(url_for(route, world.b, slug="nope"))
    assert existing.status_code == missing.status_code == (401 if route.api else 302)
    assert existing.content == missing.content.replace(b"/nope/", b"/bravo/")
    assert existing.get("Content-Language") == missing.get("Content-Language")
