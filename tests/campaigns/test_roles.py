"""Each role sees and can do exactly what the matrix in campaigns/roles.py (and
docs/roles.md) says, on every organization route."""

from pathlib import Path

import pytest
from django.urls import resolve, reverse
from rest_framework.authtoken.models import Token

from campaigns.roles import MATRIX, Perm, Role, can, matrix_markdown
from tests.urlwalk import org_routes, url_kwargs

pytestmark = pytest.mark.django_db

ROUTES = org_routes()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def _permission_of(url):
    func = resolve(url).func
    cls = getattr(func, "cls", None)
    perm = getattr(cls, "required_permission", None) or getattr(func, "required_permission", None)
    assert perm is not None, f"{url} declares no permission"
    return perm


def test_docs_matrix_matches_code():
    assert matrix_markdown() in DOCS.read_text(encoding="utf-8")


def test_matrix_rows():
    assert MATRIX[Perm.MANAGE_MEMBERS] == {Role.ADMIN}
    assert MATRIX[Perm.VIEW_HOME] == set(Role)
    assert not can(None, Perm.VIEW_HOME)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("name", "kwarg_names", "api"), ROUTES)
def test_each_role_gets_exactly_what_the_matrix_allows(client, world, role, name, kwarg_names,
                                                       api):
    member = world.a.members[role]
    if api:
        token = Token.objects.create(user=member.user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    else:
        client.force_login(member.user)
    url = reverse(name, kwargs=url_kwargs(kwarg_names, world.a))
    allowed = can(role, _permission_of(url))
    status = client.get(url).status_code
    if status == 405:  # a POST-only action: performing it redirects back to its list
        assert client.post(url).status_code == (302 if allowed else 403)
    else:
        assert status == (200 if allowed else 403)


@pytest.mark.parametrize("role", list(Role))
def test_navigation_lists_only_permitted_pages(client, world, role):
    client.force_login(world.a.members[role].user)
    body = client.get("/alpha/").content.decode()
    for name, perm in [("members", Perm.MANAGE_MEMBERS), ("branches", Perm.MANAGE_STRUCTURE),
                       ("jobs", Perm.VIEW_JOBS)]:
        link = f'href="{reverse(name, kwargs={"org_slug": "alpha"})}"'
        assert (link in body) == can(role, perm), (role, name)
