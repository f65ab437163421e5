"""A contract total through the money input (docs/money.md): the six inputs of issue #16
through the signing page and the API, and an organization's raised bound."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.tenancy import tenant_context
from promotions.events.models import Signing
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


def _totals(desk):
    with tenant_context(desk.org):
        return list(Signing.objects.for_org(desk.org).values_list("contract_total", flat=True))


def _api_post(client, desk, body):
    token = api_token_for(desk.staff.user)
    return client.post(
        f"/api/v1/{desk.org.slug}/events/{desk.event.pk}/signings/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )


@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_contract_total_through_the_api(client, desk, raw, expected):
    guest = desk.guest("13912340001")
    response = _api_post(client, desk, {"guest": guest.pk, "contract_total": raw})
    if expected is None:
        assert response.status_code == 400
        assert list(response.json()) == ["contract_total"]
        assert _totals(desk) == []
    else:
        assert response.status_code == 201, response.content
        assert _totals(desk) == [expected]


@pytest.mark.parametrize(("raw", "expected"), SIX)
def test_contract_total_through_the_page(client, desk, raw, expected):
    guest = desk.guest("13912340001")
    client.force_login(desk.manager.user)
    response = client.post(
        reverse(
            "event_signing_new",
            kwargs={"org_slug": desk.org.slug, "event_id": desk.event.pk, "guest_id": guest.pk},
        ),
        {"contract_total": raw},
    )
    if expected is None:
        assert response.status_code == 400
        assert _totals(desk) == []
    else:
        assert response.status_code == 302
        assert _totals(desk) == [expected]


def test_a_raised_bound_lets_a_larger_contract_in(client, desk):
    guest = desk.guest("13912340001")
    body = {"guest": guest.pk, "contract_total": "12,000,000"}
    assert _api_post(client, desk, body).status_code == 400
    desk.org.amount_ceilings = {"contract": "50000000"}
    desk.org.save()
    assert _api_post(client, desk, body).status_code == 201
    assert _totals(desk) == [Decimal("12000000")]
