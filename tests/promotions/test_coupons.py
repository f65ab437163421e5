"""Coupons: a friend joins the initiator's network at a store, the year's fee waived;
each code redeems once; wrong, used and other organizations' codes are refused clearly
and change nothing. Later joiners take a free short number."""

import pytest
from django.core.exceptions import ValidationError

from campaigns.tenancy import tenant_context
from promotions.bundles import services
from promotions.models import BundleMember, Coupon

from .conftest import Desk, member_list

pytestmark = pytest.mark.django_db


def _redeem(desk, code, phone="13700000001", short_number=None):
    return services.coupon_redeem(
        organization=desk.org,
        membership=desk.staff,
        code=code,
        phone=phone,
        short_number=short_number,
    )


def _first_code(desk, registration):
    with tenant_context(desk.org):
        return Coupon.objects.filter(registration=registration).order_by("pk").first().code


def _state(desk):
    with tenant_context(desk.org):
        return (
            BundleMember.objects.count(),
            Coupon.objects.filter(redeemed_at__isnull=False).count(),
        )


def test_a_coupon_joins_the_initiators_network_with_the_fee_waived(desk):
    registration = desk.register(member_list(10))
    code = _first_code(desk, registration)
    member = _redeem(desk, f" {code[:4].lower()}-{code[4:]} ")
    assert (member.registration_id, member.status, member.fee_waived, member.short_number) == (
        registration.pk,
        "confirmed",
        True,
        661011,
    )
    with tenant_context(desk.org):
        coupon = Coupon.objects.get(code=code)
        assert (coupon.member_id, coupon.redeemed_by_id) == (member.pk, desk.staff.user_id)


@pytest.mark.parametrize("case", ["wrong", "used", "other org"])
def test_bad_codes_are_refused_and_change_nothing(desk, case):
    registration = desk.register(member_list(10))
    code = _first_code(desk, registration)
    expected = {"code": ["No coupon has this code. Check it again."]}
    if case == "used":
        _redeem(desk, code)
        from django.utils import timezone

        expected = {"code": [f"This coupon was already used on {timezone.localdate()}."]}
    elif case == "other org":
        other = Desk()
        code = _first_code(other, other.register(member_list(10)))
    else:
        code = "ZZZZZZZZZZ"
    before = _state(desk)
    with pytest.raises(ValidationError) as excinfo:
        _redeem(desk, code, phone="13700000002")
    assert excinfo.value.message_dict == expected
    assert _state(desk) == before


def test_when_the_member_cannot_join_the_coupon_stays_unused(desk):
    registration = desk.register(member_list(10))
    code = _first_code(desk, registration)
    before = _state(desk)
    with pytest.raises(ValidationError) as excinfo:
        _redeem(desk, code, phone="13800000003")  # already in this network
    assert excinfo.value.message_dict == {"phone": ["13800000003 is already in a family network."]}
    with pytest.raises(ValidationError) as excinfo:
        _redeem(desk, code, short_number=661001)
    assert excinfo.value.message_dict == {
        "short_number": ["Short number 661001 is taken in this network."]
    }
    with pytest.raises(ValidationError) as excinfo:
        _redeem(desk, code, short_number=662000)
    assert excinfo.value.message_dict == {
        "short_number": ["Choose a short number from 661001 to 661999."]
    }
    assert _state(desk) == before


def test_a_later_joiner_pays_the_standard_tariff_and_takes_a_free_short_number(desk):
    registration = desk.register(member_list(10))
    member = services.member_join(
        organization=desk.org, registration=registration, phone="13700000009"
    )
    assert (member.fee_waived, member.short_number, member.status) == (False, 661011, "confirmed")


def test_joining_another_organizations_network_is_refused(desk):
    other = Desk()
    theirs = other.register(member_list(10))
    with tenant_context(other.org):
        before = list(BundleMember.objects.for_org(other.org).values_list("pk", "status"))
    state = _state(desk)
    with pytest.raises(ValidationError) as refused:
        services.member_join(organization=desk.org, registration=theirs, phone="13700000009")
    assert refused.value.message_dict == {
        "registration": ["Choose one of this organization's entries."]
    }
    assert _state(desk) == state
    with tenant_context(other.org):
        assert list(BundleMember.objects.for_org(other.org).values_list("pk", "status")) == before
        assert not BundleMember.objects.filter(phone="13700000009").exists()


def test_the_redeem_page(client, desk):
    registration = desk.register(member_list(10))
    code = _first_code(desk, registration)
    client.force_login(desk.staff.user)
    url = f"/{desk.org.slug}/bundles/coupons/redeem/"
    bad = client.post(url, {"code": "NOPE", "phone": "13700000001"})
    assert bad.status_code == 400
    assert "No coupon has this code. Check it again." in bad.content.decode()
    good = client.post(
        url, {"code": code, "phone": "13700000001", "short_number": "661888"}, follow=True
    )
    assert (
        "137****0001 joins network F-001 with short number 661888, the year&#x27;s fee waived"
    ) in good.content.decode()


def test_the_join_page_for_later_joiners(client, desk):
    desk.register(member_list(10))
    client.force_login(desk.staff.user)
    url = f"/{desk.org.slug}/bundles/join/"
    before = _state(desk)
    missing = client.post(url, {"form_number": "NOPE", "phone": "13700000001"})
    assert missing.status_code == 400
    assert "No network has this form number." in missing.content.decode()
    taken = client.post(
        url, {"form_number": "F-001", "phone": "13700000001", "short_number": "661001"}
    )
    assert "Short number 661001 is taken in this network." in taken.content.decode()
    assert _state(desk) == before
    good = client.post(url, {"form_number": "F-001", "phone": "13700000001"}, follow=True)
    assert (
        "137****0001 joins network F-001 with short number 661011 at the standard tariff"
    ) in good.content.decode()
    with tenant_context(desk.org):
        assert BundleMember.objects.get(phone="13700000001").fee_waived is False


def test_branch_staff_add_joiners_to_their_own_branch_only(client, desk):
    desk.register(
        member_list(10, start=50),
        form_number="F-EAST",
        membership=desk.manager,
        branch=desk.other_branch,
    )
    client.force_login(desk.staff.user)
    client.cookies["django_language"] = "en"
    before = _state(desk)
    response = client.post(
        f"/{desk.org.slug}/bundles/join/", {"form_number": "F-EAST", "phone": "13700000001"}
    )
    assert response.status_code == 400
    assert "No network has this form number." in response.content.decode()
    assert _state(desk) == before
