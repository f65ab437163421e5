"""Joining an existing network at a store: with a coupon (the year's fee waived, each code
once) or without (the standard tariff); both take a free short number. Writes follow the
services' rules (keyword-only, organization first, one transaction, ValidationError)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.sms import rules as sms_rules
from campaigns.tenancy import check_same_organization, tenant_context

from ...models import IN_NETWORK, BundleMember, Coupon, MemberStatus
from .. import rules


def coupon_redeem(*, organization, membership, code, phone, short_number=None):
    """A friend joins the initiator's network at a store with a coupon: the year's fee
    waived. The coupon is taken by one conditional update (one winner under concurrent
    attempts); if the member cannot be added, the coupon stays unused."""
    code = "".join((code or "").upper().split()).replace("-", "")
    now = timezone.now()
    with tenant_context(organization):
        coupons = Coupon.objects.for_org(organization).filter(code=code)
        coupon = coupons.select_related("registration", "registration__branch").first()
        if coupon is None:  # also a code of another organization
            raise ValidationError({"code": _("No coupon has this code. Check it again.")})
        if coupon.redeemed_at is not None:
            raise ValidationError(
                {
                    "code": _("This coupon was already used on %(day)s.")
                    % {"day": timezone.localdate(coupon.redeemed_at).isoformat()}
                }
            )
        registration = coupon.registration  # any store may redeem it (各营业厅)
        if not coupons.filter(redeemed_at__isnull=True).update(
            redeemed_at=now, redeemed_by=membership.user
        ):
            raise ValidationError({"code": _("This coupon was just used by someone else.")})
        member = member_join(
            organization=organization,
            registration=registration,
            phone=phone,
            short_number=short_number,
            fee_waived=True,
        )
        coupons.update(member=member)
    return member


def member_join(*, organization, registration, phone, short_number=None, fee_waived=False):
    """Add someone to an existing network at a store: present in person, so confirmed at
    once (the activation queue takes it). No short number given: the lowest free one. A
    short number is one member's: of simultaneous picks of one number exactly one wins
    (the partial unique index decides; the loser gets a clear message)."""
    check_same_organization(organization, registration=registration)
    phone_clean = sms_rules.normalize_phone(phone)
    if not sms_rules.is_mainland_mobile(phone_clean):
        raise ValidationError({"phone": _("Enter an 11-digit mainland mobile number.")})
    with tenant_context(organization):
        members = BundleMember.objects.for_org(organization)
        if members.filter(phone=phone_clean, status__in=IN_NETWORK).exists():
            raise ValidationError(
                {"phone": _("%(phone)s is already in a family network.") % {"phone": phone_clean}}
            )
        taken = set(
            members.filter(registration=registration, status__in=IN_NETWORK).values_list(
                "short_number", flat=True
            )
        )
        if short_number in (None, ""):
            short_number = next(
                (
                    n
                    for n in range(rules.SHORT_NUMBER_MIN, rules.SHORT_NUMBER_MAX + 1)
                    if n not in taken
                ),
                None,
            )
            if short_number is None:
                raise ValidationError({"short_number": _("No short number is free.")})
        try:
            short_number = int(short_number)
        except (TypeError, ValueError):
            short_number = 0
        if not rules.short_number_in_range(short_number):
            raise ValidationError(
                {
                    "short_number": _("Choose a short number from %(min)d to %(max)d.")
                    % {"min": rules.SHORT_NUMBER_MIN, "max": rules.SHORT_NUMBER_MAX}
                }
            )
        if short_number in taken:
            raise ValidationError(
                {
                    "short_number": _("Short number %(short)d is taken in this network.")
                    % {"short": short_number}
                }
            )
        member = BundleMember(
            organization=organization,
            registration=registration,
            phone=phone_clean,
            short_number=short_number,
            premium=rules.is_premium_short_number(short_number),
            status=MemberStatus.CONFIRMED,
            fee_waived=fee_waived,
            answered_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError as exc:
            if members.filter(phone=phone_clean, status__in=IN_NETWORK).exists():
                raise ValidationError(
                    {
                        "phone": _("%(phone)s was just added to a family network.")
                        % {"phone": phone_clean}
                    }
                ) from exc
            raise ValidationError(
                {
                    "short_number": _("Short number %(short)d was just taken in this network.")
                    % {"short": short_number}
                }
            ) from exc
    return member
