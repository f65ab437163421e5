"""Each role sees and can do exactly what the matrix in campaigns/roles.py (and
docs/roles.md) says, on every organization route."""

from pathlib import Path

import pytest
from django.urls import resolve, reverse

from campaigns.roles import MATRIX, Perm, Role, can, matrix_markdown
from tests.factories import api_token_for
from tests.urlwalk import org_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = org_routes()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def _permission_of(url, method="GET"):
    func = resolve(url).func
    cls = getattr(func, "cls", None)
    perm = cls.permission_for(method) if cls else getattr(func, "required_permission", None)
    assert perm is not None, f"{url} declares no permission"
    return perm


def test_docs_matrix_matches_code():
    assert matrix_markdown() in DOCS.read_text(encoding="utf-8")


def test_matrix_rows():
    assert MATRIX[Perm.MANAGE_MEMBERS] == {Role.ADMIN}
    assert MATRIX[Perm.VIEW_HOME] == set(Role)
    assert not can(None, Perm.VIEW_HOME)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_each_role_gets_exactly_what_the_matrix_allows(client, world, role, route):
    member = world.a.members[role]
    if route.api:
        token = api_token_for(member.user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    else:
        client.force_login(member.user)
    url = url_for(route, world.a)
    status = client.get(url).status_code
    if status == 405:  # a POST-only action: performing it is allowed or refused with 403
        posted = client.post(url).status_code
        if can(role, _permission_of(url, "POST")):
            assert posted not in (403, 404) and posted < 500
        else:
            assert posted == 403
    else:
        assert status == (200 if can(role, _permission_of(url)) else 403)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("route", [r for r in ROUTES if r.api], ids=str)
def test_api_writes_follow_the_matrix(client, world, role, route):
    token = api_token_for(world.a.members[role].user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    url = url_for(route, world.a)
    cls = resolve(url).func.cls
    for method in ("post", "patch", "delete"):
        if method not in cls.http_method_names or not hasattr(cls, method):
            continue
        status = getattr(client, method)(url, {}, content_type="application/json").status_code
        if can(role, cls.permission_for(method.upper())):
            assert status not in (403, 404) and status < 500, (method, status)
        else:
            assert status == 403, (method, status)


@pytest.mark.parametrize("role", list(Role))
def test_navigation_lists_only_permitted_pages(client, world, role):
    client.force_login(world.a.members[role].user)
    body = client.get("/alpha/").content.decode()
    for name, perm in [
        ("members", Perm.MANAGE_MEMBERS),
        ("branches", Perm.MANAGE_STRUCTURE),
        ("jobs", Perm.VIEW_JOBS),
    ]:
        link = f'href="{reverse(name, kwargs={"org_slug": "alpha"})}"'
        assert (link in body) == can(role, perm), (role, name)
