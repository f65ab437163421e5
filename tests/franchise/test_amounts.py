"""A month's revenue through the money input (docs/money.md): the six inputs of issue #16
through the territory page and the API, and an organization's raised bound."""

from decimal import Decimal

import pytest

from campaigns.tenancy import tenant_context
from franchise.models import RevenueReport
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

SIX = [
    ("1e10", None),
    ("１０００", Decimal("1000")),
    ("1,000.5", Decimal("1000.50")),
    ("-5", None),
    ("10000000000", None),
    ("1.234", None),
]


def _revenues(scene):
    with tenant_context(scene.org):
        return sorted(RevenueReport.objects.for_org(scene.org).values_list("month", "revenue"))


@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_revenue_through_the_api(client, scene, raw, expected):
    token = api_token_for(scene.chen.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    before = _revenues(scene)
    response = client.post(
        "/api/v1/xiang/franchise/revenue/",
        {"territory": scene.t["长沙"].pk, "month": "2008-03", "revenue": raw},
        content_type="application/json",
    )
    if expected is None:
        assert response.status_code == 400
        assert list(response.json()) == ["revenue"]
        assert _revenues(scene) == before
    else:
        assert response.status_code == 201
        assert Decimal(response.json()["revenue"]) == expected


@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_revenue_through_the_page(client, scene, raw, expected):
    client.force_login(scene.chen.user)
    before = _revenues(scene)
    response = client.post(
        f"/xiang/franchise/territories/{scene.t['长沙'].pk}/revenue/",
        {"month": "2008-03", "revenue": raw},
    )
    if expected is None:
        assert response.status_code == 400
        assert _revenues(scene) == before
    else:
        assert response.status_code in (200, 302)
        assert [r for _m, r in _revenues(scene)] == [expected]


def test_a_raised_bound_lets_a_larger_revenue_in(client, scene):
    token = api_token_for(scene.chen.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    body = {"territory": scene.t["长沙"].pk, "month": "2008-03", "revenue": "150,000,000"}
    path = "/api/v1/xiang/franchise/revenue/"
    assert client.post(path, body, content_type="application/json").status_code == 400
    scene.org.amount_ceilings = {"revenue": "500000000"}
    scene.org.save()
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["revenue"] == "150000000.00"
