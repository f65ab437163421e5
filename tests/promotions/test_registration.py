"""Registering a paper form: its checks (each bad input names the field and changes
nothing), the proposed tier, short numbers, late entries, eligibility with the SMS to the
initiator, confirmations sent, coupons made."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from campaigns.sms.models import SmsMessage
from campaigns.tenancy import tenant_context
from promotions.bundles import services as bundles_services
from promotions.models import BundleMember, Coupon, Registration

from .conftest import INITIATOR, Desk, member_list

pytestmark = pytest.mark.django_db


def _nothing_stored(desk):
    with tenant_context(desk.org):
        return (
            Registration.objects.for_org(desk.org).count(),
            BundleMember.objects.for_org(desk.org).count(),
            Coupon.objects.for_org(desk.org).count(),
            SmsMessage.objects.for_org(desk.org).count(),
        ) == (0, 0, 0, 0)


def _refused(desk, **kwargs):
    members = kwargs.pop("members", member_list(12))
    with pytest.raises(ValidationError) as excinfo:
        desk.register(members, **kwargs)
    assert _nothing_stored(desk)
    return excinfo.value.message_dict


def test_a_15_member_form_gets_the_600_tier_with_its_coupons_and_confirmations(desk):
    registration = desk.register(member_list(15))
    assert (registration.tier.price, registration.late) == (600, False)
    with tenant_context(desk.org):
        members = list(BundleMember.objects.for_org(desk.org).order_by("short_number"))
        assert [m.status for m in members] == ["awaiting"] * 15
        assert Coupon.objects.for_org(desk.org).filter(registration=registration).count() == 10
        sent = SmsMessage.objects.for_org(desk.org).filter(purpose="bundle.confirm")
        assert sorted(sent.values_list("phone", flat=True)) == [m.phone for m in members]
        assert all(m.awaiting_reply for m in sent)
        assert sent.get(ref_id=members[0].pk).body.startswith(
            f"Family network: {INITIATOR} has registered you with short number 661001"
        )
    gap = members[0].confirm_by - registration.created_at
    assert timedelta(hours=72) <= gap < timedelta(hours=72, seconds=5)


def test_coupon_codes_are_unguessable_and_distinct(desk):
    desk.register(member_list(50))
    with tenant_context(desk.org):
        codes = list(Coupon.objects.for_org(desk.org).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 20
    assert all(len(c) == 10 and c.isalnum() and c.isupper() for c in codes)


def test_9_members_are_too_few(desk):
    assert _refused(desk, members=member_list(9)) == {
        "members": ["At least 10 members are needed; 9 listed."]
    }


def test_51_members_are_too_many(desk):
    assert _refused(desk, members=member_list(51)) == {
        "members": ["At most 50 members fit in the largest tier; 51 listed."]
    }


def test_a_chosen_tier_too_small_names_the_one_that_fits(desk):
    assert _refused(desk, members=member_list(15), tier=desk.tier(10)) == {
        "tier": [
            "The 300 yuan tier covers 10 members; 15 are listed. The 600 yuan tier covers them."
        ]
    }


def test_malformed_and_duplicate_numbers_are_named_by_line(desk):
    members = member_list(12)
    members[2]["phone"] = "1380000"
    members[4]["phone"] = "12000000000"
    members[7]["phone"] = members[0]["phone"]
    assert _refused(desk, members=members) == {
        "members": [
            "Member 3: 1380000 is not an 11-digit mainland mobile number.",
            "Member 5: 12000000000 is not an 11-digit mainland mobile number.",
            "Member 8: 13800000000 is listed twice (also member 1).",
        ]
    }


def test_short_numbers_out_of_range_or_repeated(desk):
    members = member_list(12)
    members[0]["short_number"] = 661000
    members[1]["short_number"] = "abc"
    members[5]["short_number"] = members[4]["short_number"]
    assert _refused(desk, members=members) == {
        "members": [
            "Member 1: choose a short number from 661001 to 661999.",
            "Member 2: choose a short number from 661001 to 661999.",
            "Member 6: short number 661005 is already given to member 5.",
        ]
    }


def test_form_header_errors(desk, today):
    desk.register(member_list(10))
    errors = _refused_after_first(
        desk, form_number="F-001", initiator="123", signed_on=today + timedelta(days=1)
    )
    assert errors == {
        "form_number": ["Form F-001 is already entered."],
        "initiator_phone": ["Enter the initiator's 11-digit mainland mobile number."],
        "signed_on": ["The form cannot be signed after today."],
    }


def _refused_after_first(desk, **kwargs):
    with tenant_context(desk.org):
        before = (
            Registration.objects.count(),
            BundleMember.objects.count(),
            SmsMessage.objects.count(),
        )
    with pytest.raises(ValidationError) as excinfo:
        desk.register(member_list(10, start=100), **kwargs)
    with tenant_context(desk.org):
        assert before == (
            Registration.objects.count(),
            BundleMember.objects.count(),
            SmsMessage.objects.count(),
        )
    return excinfo.value.message_dict


def test_branch_staff_register_only_for_their_branch(desk):
    assert _refused(desk, branch=desk.other_branch) == {
        "branch": ["You can only register forms for 城区营业部."]
    }
    registration = desk.register(member_list(10), membership=desk.manager, branch=desk.other_branch)
    assert registration.branch == desk.other_branch


def test_a_branch_or_tier_of_another_organization_is_refused_with_the_core_message(desk):
    other = Desk()
    assert _refused(desk, membership=desk.manager, branch=other.branch) == {
        "branch": ["Choose one of this organization's entries."]
    }
    assert _refused(desk, membership=desk.manager, tier=other.tier(20)) == {
        "tier": ["Choose one of this organization's entries."]
    }
    assert _refused(desk, membership=desk.manager, branch=other.branch, tier=other.tier(20)) == {
        "branch": ["Choose one of this organization's entries."],
        "tier": ["Choose one of this organization's entries."],
    }


def test_changing_a_tier_of_another_organization_is_refused(desk):
    other = Desk()
    theirs = other.tier(20)
    with pytest.raises(ValidationError) as refused:
        bundles_services.tier_save(
            organization=desk.org,
            tier=theirs,
            price=theirs.price,
            members=20,
            coupons=theirs.coupons + 1,
            commission=theirs.commission,
        )
    assert refused.value.message_dict == {"tier": ["Choose one of this organization's entries."]}
    assert other.tier(20).coupons == theirs.coupons


def test_an_entry_after_the_signing_day_is_flagged_late(desk, today):
    registration = desk.register(member_list(10), signed_on=today - timedelta(days=2))
    assert registration.late is True


def test_premium_short_numbers_are_marked(desk):
    members = member_list(10)
    members[0]["short_number"], members[1]["short_number"] = 661888, 661234
    desk.register(members)
    with tenant_context(desk.org):
        premium = set(
            BundleMember.objects.filter(premium=True).values_list("short_number", flat=True)
        )
    assert premium == {661888, 661234}


def test_a_member_of_another_network_is_rejected_and_the_initiator_told(desk):
    desk.register(member_list(10))
    members = member_list(10, start=50)
    members[3]["phone"] = "13800000002"  # already awaiting in F-001
    second = desk.register(members, form_number="F-002", initiator="13911112222")
    with tenant_context(desk.org):
        rejected = BundleMember.objects.get(registration=second, phone="13800000002")
        assert (rejected.status, rejected.reason) == (
            "rejected",
            "Already in another family network.",
        )
        assert rejected.settled_at is not None
        told = SmsMessage.objects.filter(phone="13911112222")
        assert [m.body for m in told] == [
            "Family network F-002: 13800000002 is already in another family network and "
            "cannot join yours."
        ]
        assert (
            not SmsMessage.objects.filter(phone="13800000002", purpose="bundle.confirm")
            .exclude(
                ref_id__in=BundleMember.objects.filter(registration__form_number="F-001").values(
                    "pk"
                )
            )
            .exists()
        )
        assert BundleMember.objects.filter(registration=second, status="awaiting").count() == 9


def test_a_declined_or_expired_number_may_join_another_network(desk):
    desk.register(member_list(10))
    with tenant_context(desk.org):
        BundleMember.objects.filter(phone="13800000002").update(status="declined")
    members = member_list(10, start=50)
    members[0]["phone"] = "13800000002"
    second = desk.register(members, form_number="F-002")
    with tenant_context(desk.org):
        assert (
            BundleMember.objects.get(registration=second, phone="13800000002").status == "awaiting"
        )
