"""Entering a paper form: every check reported at once, nothing stored when one fails;
numbers already in another network are rejected (the initiator is told), the others are
asked to confirm by SMS, and the bundle's coupons are made."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.branch_scope import branch_scope
from campaigns.sms import rules as sms_rules
from campaigns.tenancy import check_same_organization, tenant_context

from ...channels.services import stock_use
from ...models import IN_NETWORK, BundleMember, BundleTier, Coupon, MemberStatus, Registration
from .. import rules
from .sms import confirmation_ask, initiator_tell

# Coupon codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L): 50 bits.
COUPON_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
COUPON_LENGTH = 10


def bundle_register(
    *, organization, membership, form_number, branch, initiator_phone, signed_on, members, tier=None
):
    """Enter a paper form. `members` is a list of {"phone", "short_number"} as typed.
    Numbers already in another network are rejected (the initiator gets an SMS naming
    each); every other member gets the confirmation SMS and has 72 hours to answer."""
    with tenant_context(organization):
        tiers = list(BundleTier.objects.for_org(organization).order_by("members"))
        today = timezone.localdate()
        errors = {}
        form_number = (form_number or "").strip()
        if not form_number:
            errors["form_number"] = _("Enter the number printed on the paper form.")
        elif Registration.objects.for_org(organization).filter(form_number=form_number).exists():
            errors["form_number"] = _("Form %(number)s is already entered.") % {
                "number": form_number
            }
        for field, row in (("branch", branch), ("tier", tier)):
            try:
                check_same_organization(organization, **{field: row})
            except ValidationError as exc:
                errors.update(exc.message_dict)
        branch_error = "branch" not in errors and _branch_error(membership, branch)
        if branch_error:
            errors["branch"] = branch_error
        initiator = sms_rules.normalize_phone(initiator_phone)
        if not sms_rules.is_mainland_mobile(initiator):
            errors["initiator_phone"] = _("Enter the initiator's 11-digit mainland mobile number.")
        if signed_on is None:
            errors["signed_on"] = _("Enter the day the form was signed.")
        elif signed_on > today:
            errors["signed_on"] = _("The form cannot be signed after today.")
        listed, member_errors = _checked_members(members, tiers)
        if member_errors:
            errors["members"] = member_errors
        elif not errors.get("members") and "tier" not in errors:
            tier, tier_error = _tier_for(tiers, tier, len(listed))
            if tier_error:
                errors["tier"] = tier_error
        if errors:
            raise ValidationError(errors)
        registration = Registration(
            organization=organization,
            form_number=form_number,
            tier=tier,
            branch=branch,
            initiator_phone=initiator,
            signed_on=signed_on,
            entered_on=today,
            late=rules.is_late(signed_on, today),
            entered_by=membership.user,
        )
        registration.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            raise ValidationError(
                {
                    "form_number": _("Form %(number)s was just entered by someone else.")
                    % {"number": form_number}
                }
            ) from exc
        stock_use(organization=organization, registration=registration, actor=membership.user)
        _add_listed_members(organization, registration, listed)
        _make_coupons(organization, registration, tier.coupons)
    return registration


def _branch_error(membership, branch):
    """Whether this person may register forms for `branch` (one of the organization's)."""
    if branch is None:
        return _("Choose the branch or channel of this organization.")
    scope = branch_scope(membership)
    if scope is False:
        return _("You are not assigned to a branch; ask the admin.")
    if scope is not None and scope.pk != branch.pk:
        return _("You can only register forms for %(branch)s.") % {"branch": scope.name}
    return None


def _checked_members(members, tiers):
    """(listed [(phone, short number)], errors) for the typed member list."""
    errors, listed = [], []
    phones, shorts = {}, {}
    for line, entry in enumerate(members or [], start=1):
        raw_phone = str(entry.get("phone", "") or "")
        phone = sms_rules.normalize_phone(raw_phone)
        short = entry.get("short_number")
        if not sms_rules.is_mainland_mobile(phone):
            errors.append(
                _("Member %(line)d: %(phone)s is not an 11-digit mainland mobile number.")
                % {"line": line, "phone": raw_phone.strip() or "—"}
            )
        elif phone in phones:
            errors.append(
                _("Member %(line)d: %(phone)s is listed twice (also member %(first)d).")
                % {"line": line, "phone": phone, "first": phones[phone]}
            )
        else:
            phones[phone] = line
        try:
            short = int(str(short).strip())
        except (TypeError, ValueError):
            short = None
        if short is None or not rules.short_number_in_range(short):
            errors.append(
                _("Member %(line)d: choose a short number from %(min)d to %(max)d.")
                % {"line": line, "min": rules.SHORT_NUMBER_MIN, "max": rules.SHORT_NUMBER_MAX}
            )
        elif short in shorts:
            errors.append(
                _("Member %(line)d: short number %(short)d is already given to member %(first)d.")
                % {"line": line, "short": short, "first": shorts[short]}
            )
        else:
            shorts[short] = line
        listed.append((phone, short))
    count = len(listed)
    largest = max((t.members for t in tiers), default=0)
    if count < rules.MIN_MEMBERS:
        errors.insert(
            0,
            _("At least %(min)d members are needed; %(n)d listed.")
            % {"min": rules.MIN_MEMBERS, "n": count},
        )
    elif count > largest:
        errors.insert(
            0,
            _("At most %(max)d members fit in the largest tier; %(n)d listed.")
            % {"max": largest, "n": count},
        )
    return listed, errors


def _tier_for(tiers, chosen, count):
    proposed = rules.smallest_covering_tier(tiers, count)
    if chosen is None:
        return proposed, None
    if chosen.members < count:
        return None, _(
            "The %(price)s yuan tier covers %(covers)d members; %(n)d are listed. "
            "The %(proposed)s yuan tier covers them."
        ) % {
            "price": rules.yuan(chosen.price),
            "covers": chosen.members,
            "n": count,
            "proposed": rules.yuan(proposed.price),
        }
    return chosen, None


def _add_listed_members(organization, registration, listed):
    now = timezone.now()
    in_other = set(
        BundleMember.objects.for_org(organization)
        .filter(phone__in=[p for p, _s in listed], status__in=IN_NETWORK)
        .values_list("phone", flat=True)
    )
    to_confirm = []
    for phone, short in listed:
        member = BundleMember(
            organization=organization,
            registration=registration,
            phone=phone,
            short_number=short,
            premium=rules.is_premium_short_number(short),
            confirm_by=now + rules.CONFIRMATION_WINDOW,
        )
        if phone not in in_other:
            member.status = MemberStatus.AWAITING
            try:
                with transaction.atomic():  # the same number registered elsewhere just now
                    member.save()
            except IntegrityError:
                in_other.add(phone)
        if phone in in_other:
            member.pk = None
            member.status, member.confirm_by, member.settled_at = (MemberStatus.REJECTED, None, now)
            member.reason = _("Already in another family network.")
            member.save()
            initiator_tell(
                organization,
                registration,
                gettext_noop(
                    "Family network %(form)s: %(phone)s is already in another family network "
                    "and cannot join yours."
                ),
                phone=phone,
            )
        else:
            to_confirm.append(member)
    confirmation_ask(organization, registration, to_confirm)


def _make_coupons(organization, registration, count):
    made = 0
    while made < count:
        code = "".join(secrets.choice(COUPON_ALPHABET) for _i in range(COUPON_LENGTH))
        try:
            with transaction.atomic():
                Coupon.objects.create(
                    organization=organization, registration=registration, code=code
                )
        except IntegrityError:  # 1 in 2^50: draw again
            continue
        made += 1
