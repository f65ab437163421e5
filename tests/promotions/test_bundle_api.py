"""The bundle API: register (400 with field errors and nothing stored on bad input),
read a network with its members' status, members by status, activation, coupons."""

import pytest

from campaigns.tenancy import tenant_context
from promotions.models import BundleMember, BundleTier, Coupon, Registration, StockEntry
from tests.factories import api_token_for

from .conftest import INITIATOR, member_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, desk):
    token = api_token_for(desk.staff.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def _payload(desk, n=15, **extra):
    return {
        "form_number": "API-1",
        "branch": desk.branch.pk,
        "initiator_phone": INITIATOR,
        "signed_on": "2026-01-02",
        "members": member_list(n),
        **extra,
    }


def test_register_and_read_back_with_the_proposed_tier(api, desk):
    response = api.post(
        f"/api/v1/{desk.org.slug}/bundles/registrations/",
        _payload(desk),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["tier"]["price"], body["late"], len(body["members"]), len(body["coupons"])) == (
        "600.00",
        True,
        15,
        10,
    )
    assert body["members"][0] == {
        **body["members"][0],
        "phone": "138****0000",
        "short_number": 661001,
        "status": "awaiting",
    }
    again = api.get(f"/api/v1/{desk.org.slug}/bundles/registrations/{body['id']}/").json()
    assert again["members"] == body["members"]
    queue = api.get(f"/api/v1/{desk.org.slug}/bundles/members/", {"status": "awaiting"}).json()
    assert (queue["count"], len(queue["results"])) == (15, 15)


@pytest.mark.parametrize(
    "change,errors",
    [
        ({"members": member_list(9)}, {"members": ["At least 10 members are needed; 9 listed."]}),
        (
            {"members": member_list(51)},
            {"members": ["At most 50 members fit in the largest tier; 51 listed."]},
        ),
        ({"branch": 999999}, {"branch": ["Choose the branch or channel of this organization."]}),
        ({"tier": 999999}, {"tier": ["Choose a tier of this organization."]}),
        (
            {"initiator_phone": "1234"},
            {"initiator_phone": ["Enter the initiator's 11-digit mainland mobile number."]},
        ),
    ],
)
def test_bad_registrations_get_400_with_field_errors_and_store_nothing(api, desk, change, errors):
    response = api.post(
        f"/api/v1/{desk.org.slug}/bundles/registrations/",
        {**_payload(desk), **change},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (400, errors)
    with tenant_context(desk.org):
        assert not Registration.objects.exists() and not BundleMember.objects.exists()


def test_activation_and_redemption(api, desk):
    registration = desk.register(member_list(10))
    from campaigns.sms.inbound import sms_receive

    sms_receive(organization=desk.org, phone="13800000000", text="是")
    with tenant_context(desk.org):
        member = BundleMember.objects.get(phone="13800000000")
        code = Coupon.objects.filter(registration=registration).first().code
    url = f"/api/v1/{desk.org.slug}/bundles/members/{member.pk}/activation/"
    refused = api.post(url, {"activated": False, "reason": ""}, content_type="application/json")
    assert (refused.status_code, refused.json()) == (
        400,
        {"reason": ["Say why the activation failed."]},
    )
    done = api.post(url, {"activated": True}, content_type="application/json")
    assert done.json()["status"] == "activated"
    redeem = f"/api/v1/{desk.org.slug}/bundles/coupons/redeem/"
    joined = api.post(
        redeem, {"code": code, "phone": "13700000001"}, content_type="application/json"
    )
    assert (joined.status_code, joined.json()["short_number"]) == (201, 661011)
    used = api.post(redeem, {"code": code, "phone": "13700000002"}, content_type="application/json")
    assert used.status_code == 400 and list(used.json()) == ["code"]


def test_channel_ledger_and_statement(client, desk):
    from promotions.channels import services as money

    manager = api_token_for(desk.manager.user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {manager}"
    county = money.channel_save(
        organization=desk.org, name="东县分公司", kind="county", branch=desk.branch
    )
    money.stock_make(organization=desk.org, actor=None, tier=desk.tier(10), quantity=3)
    money.stock_draw(
        organization=desk.org, actor=None, channel=county, tier=desk.tier(10), quantity=2
    )
    base = f"/api/v1/{desk.org.slug}/bundles/channels/"
    channels = {c["name"]: c["stock"] for c in client.get(base).json()["results"]}
    assert channels == {
        "市场部": [{"tier_price": "300.00", "quantity": 1}],
        "东县分公司": [{"tier_price": "300.00", "quantity": 2}],
    }
    ledger = client.get(f"{base}{county.pk}/ledger/").json()["results"]
    assert [(e["kind"], e["quantity"], e["counterpart"]) for e in ledger] == [
        ("drawn", 2, "市场部")
    ]
    statement = client.get(f"{base}{county.pk}/statement/", {"month": "2026-01"}).json()
    assert statement == {"month": "2026-01", "lines": [], "total": "0.00", "pdf_status": None}
    bad = client.post(
        f"{base}{county.pk}/statement/", {"month": "soon"}, content_type="application/json"
    )
    assert (bad.status_code, bad.json()) == (400, {"month": ["Give the month as YYYY-MM."]})


# -- every list answers in pages (campaigns.pagination) -------------------------------------


def _pages(client, url, query=None):
    """Every page of a list at 2 a page: (count on page 1, the ids in order, page sizes)."""
    first = client.get(url, {**(query or {}), "page_size": 2}).json()
    pages = [first]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())
    ids = [row["id"] for page in pages for row in page["results"]]
    return first["count"], ids, [len(page["results"]) for page in pages]


def test_tiers_come_in_pages(api, desk):
    count, ids, sizes = _pages(api, f"/api/v1/{desk.org.slug}/bundles/tiers/")
    with tenant_context(desk.org):
        tiers = [t.pk for t in BundleTier.objects.for_org(desk.org).order_by("members")]
    assert (count, ids, sizes) == (4, tiers, [2, 2])


def test_registrations_come_in_pages_newest_first(api, desk):
    made = [desk.register(member_list(10, start=10 * i), form_number=f"P-{i}").pk for i in range(3)]
    count, ids, sizes = _pages(api, f"/api/v1/{desk.org.slug}/bundles/registrations/")
    assert (count, ids, sizes) == (3, made[::-1], [2, 1])


def test_members_come_in_pages_and_the_filters_still_apply(api, desk):
    desk.register(member_list(11))
    url = f"/api/v1/{desk.org.slug}/bundles/members/"
    count, ids, sizes = _pages(api, url, {"status": "awaiting"})
    assert (count, len(set(ids)), sizes) == (11, 11, [2, 2, 2, 2, 2, 1])
    one = api.get(url, {"phone": "13800000003", "page_size": 2}).json()
    assert (one["count"], [m["short_number"] for m in one["results"]]) == (1, [661004])
    assert api.get(url, {"status": "declined"}).json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_channels_and_a_ledger_come_in_pages(client, desk):
    from promotions.channels import services as money

    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token_for(desk.manager.user)}"
    county = money.channel_save(
        organization=desk.org, name="东县分公司", kind="county", branch=desk.branch
    )
    money.channel_save(organization=desk.org, name="西县分公司", kind="county")
    for _i in range(3):
        money.stock_make(organization=desk.org, actor=None, tier=desk.tier(10), quantity=2)
        money.stock_draw(
            organization=desk.org, actor=None, channel=county, tier=desk.tier(10), quantity=1
        )
    base = f"/api/v1/{desk.org.slug}/bundles/channels/"
    count, ids, sizes = _pages(client, base)
    assert (count, len(set(ids)), sizes) == (3, 3, [2, 1])
    count, ids, sizes = _pages(client, f"{base}{county.pk}/ledger/")
    with tenant_context(desk.org):
        drawn = list(
            StockEntry.objects.for_org(desk.org)
            .filter(channel=county)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
        )
    assert (count, ids, sizes) == (3, drawn, [2, 1])
