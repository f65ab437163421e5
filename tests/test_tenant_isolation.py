"""Every page and API route under an organization, walked for every role:
a member of A gets 404 for B's URLs and for B's objects under A's URL, and B's canary
never appears in anything A is shown."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from campaigns.roles import Role
from tests.urlwalk import org_routes, url_kwargs

pytestmark = pytest.mark.django_db

ROUTES = org_routes()


def test_the_walk_finds_pages_and_api():
    names = {name for name, _kwargs, _api in ROUTES}
    assert {"org_home", "members", "branch_edit", "api_me"} <= names


def _client_for(client, membership, api):
    if api:
        token, _ = Token.objects.get_or_create(user=membership.user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    else:
        client.force_login(membership.user)
    return client


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("name", "kwarg_names", "api"), ROUTES)
def test_member_of_a_gets_404_for_b(client, world, role, name, kwarg_names, api):
    _client_for(client, world.a.members[role], api)
    url = reverse(name, kwargs=url_kwargs(kwarg_names, world.b))
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
        assert world.CANARY not in response.content.decode()


@pytest.mark.parametrize(("name", "kwarg_names", "api"), [r for r in ROUTES if r[1]])
def test_b_objects_under_a_url_are_404(client, world, name, kwarg_names, api):
    _client_for(client, world.a.members[Role.ADMIN], api)
    kwargs = url_kwargs(kwarg_names, world.b, slug=world.a.org.slug)
    url = reverse(name, kwargs=kwargs)
    # A POST-only route answers GET with 405 whatever the id: that reveals nothing.
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("name", "kwarg_names", "api"), ROUTES)
def test_b_canary_never_in_a_responses(client, world, role, name, kwarg_names, api):
    _client_for(client, world.a.members[role], api)
    response = client.get(reverse(name, kwargs=url_kwargs(kwarg_names, world.a)))
    assert response.status_code in (200, 403, 405)
    assert world.CANARY not in response.content.decode()


@pytest.mark.parametrize(("name", "kwarg_names", "api"), ROUTES)
def test_unknown_org_is_404_like_a_foreign_one(client, world, name, kwarg_names, api):
    _client_for(client, world.a.members[Role.ADMIN], api)
    kwargs = url_kwargs(kwarg_names, world.a, slug="no-such-org")
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwarg_names", "api"), ROUTES)
def test_anonymous_cannot_tell_orgs_apart(client, world, name, kwarg_names, api):
    existing = client.get(reverse(name, kwargs=url_kwargs(kwarg_names, world.b)))
    missing = client.get(reverse(name, kwargs=url_kwargs(kwarg_names, world.b, slug="nope")))
    assert existing.status_code == missing.status_code == (401 if api else 302)
