"""Writes of the family-network bundle. Keyword-only, organization first, one transaction
each; errors are Django ValidationError (field → message in the user's language), and a
refused write changes nothing. SMS go through campaigns.sms (queued on commit)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.branch_scope import branch_scope, in_scope
from campaigns.organization_setup import set_up_step
from campaigns.sms import rules as sms_rules
from campaigns.sms.inbound import reply_handler
from campaigns.sms.sending import sms_send, sms_send_many
from campaigns.tenancy import each_organization, tenant_context

from . import bundles_rules as rules
from .models import (
    IN_NETWORK,
    BundleMember,
    BundleSettings,
    BundleTier,
    Coupon,
    MemberStatus,
    Registration,
)

CONFIRM_PURPOSE = "bundle.confirm"
INITIATOR_PURPOSE = "bundle.initiator"  # news for the registration's initiator
# Coupon codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L): 50 bits.
COUPON_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
COUPON_LENGTH = 10


# -- tiers and settings --------------------------------------------------------------------


@set_up_step
def organization_set_up(*, organization):
    """What a new organization starts with: the seed's four tiers, the marketing
    department's channel (which makes the bundles) and the family-network settings."""
    from .channels_services import marketing_channel

    tiers_ensure_defaults(organization=organization)
    marketing_channel(organization)
    with tenant_context(organization):
        BundleSettings.objects.get_or_create(organization=organization)


def tiers_ensure_defaults(*, organization):
    """The seed's four tiers, for an organization that has none yet."""
    with tenant_context(organization):
        if BundleTier.objects.for_org(organization).exists():
            return
        for tier in rules.DEFAULT_TIERS:
            BundleTier.objects.create(
                organization=organization,
                price=tier.price,
                members=tier.members,
                coupons=tier.coupons,
                commission=tier.commission,
            )


def tier_save(*, organization, price, members, coupons, commission, tier=None):
    """Create or change a tier. Its price must be members × 5 × 6 (half a year prepaid)."""
    errors = {}
    if members is None or members < rules.MIN_MEMBERS:
        errors["members"] = _("A tier covers at least %(n)d members.") % {"n": rules.MIN_MEMBERS}
    elif price is not None and not rules.price_is_consistent(price, members):
        errors["price"] = _(
            "%(members)d members × 5 yuan × 6 months make %(expected)s yuan, not %(price)s."
        ) % {"members": members, "expected": rules.expected_price(members), "price": price}
    if errors:
        raise ValidationError(errors)
    with tenant_context(organization):
        tier = tier or BundleTier(organization=organization)
        tier.price, tier.members, tier.coupons, tier.commission = (
            price,
            members,
            coupons,
            commission,
        )
        tier.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                tier.save()
        except IntegrityError as exc:
            raise ValidationError({"members": _("A tier for this many members exists.")}) from exc
    return tier


def bundle_settings_of(organization):
    """The organization's settings; the defaults (unsaved) if it has no row."""
    with tenant_context(organization):
        row = BundleSettings.objects.for_org(organization).first()
    return row or BundleSettings(organization=organization)


def bundle_settings_save(*, organization, group_office_email, report_time):
    with tenant_context(organization):
        row = bundle_settings_of(organization)
        row.group_office_email = (group_office_email or "").strip()
        row.report_time = report_time
        row.full_clean(validate_constraints=False)
        row.save()
    return row


# -- registration --------------------------------------------------------------------------


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
        branch_error = _branch_error(organization, membership, branch)
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
        elif not errors.get("members"):
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
        from .channels_services import stock_use

        stock_use(organization=organization, registration=registration, actor=membership.user)
        _add_listed_members(organization, registration, listed)
        _make_coupons(organization, registration, tier.coupons)
    return registration


def propose_tier(organization, count):
    with tenant_context(organization):
        tiers = list(BundleTier.objects.for_org(organization).order_by("members"))
    return rules.smallest_covering_tier(tiers, count) if count else None


def _branch_error(organization, membership, branch):
    if branch is None or branch.organization_id != organization.pk:
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
    if chosen not in tiers:
        return None, _("Choose a tier of this organization.")
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
            _tell_initiator(
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
    _ask_to_confirm(organization, registration, to_confirm)


def _ask_to_confirm(organization, registration, members):
    """One confirmation SMS per member, sent together (one fan-out task per batch)."""
    with translation.override(organization.default_language):
        bodies = [
            _(
                "Family network: %(initiator)s has registered you with short number "
                "%(short)s (5 yuan a month for 300 minutes, the year paid). Reply 是 to "
                "join or 否 to decline within 3 days."
            )
            % {"initiator": registration.initiator_phone, "short": m.short_number}
            for m in members
        ]
    sms_send_many(
        organization=organization,
        messages=[
            {
                "to": m.phone,
                "body": body,
                "purpose": CONFIRM_PURPOSE,
                "ref_id": m.pk,
                "awaiting_reply": True,
                "branch": registration.branch,
            }
            for m, body in zip(members, bodies, strict=True)
        ],
    )


def _tell_initiator(organization, registration, template, **values):
    """`template` is an untranslated message (gettext_noop), translated here into the
    organization's language: the SMS goes to a customer, not to the person at the desk."""
    with translation.override(organization.default_language):
        body = _(template) % {"form": registration.form_number, **values}
    sms_send(
        organization=organization,
        to=registration.initiator_phone,
        body=body,
        purpose=INITIATOR_PURPOSE,
        ref_id=registration.pk,
        branch=registration.branch,
    )


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


# -- confirmation by SMS -------------------------------------------------------------------


@reply_handler(CONFIRM_PURPOSE)
def _confirmation_reply(message, reply):
    """是 confirms (the member joins the branch's activation queue), 否 declines (the
    initiator is told). Runs inside the gateway's transaction."""
    organization = message.organization
    now = timezone.now()
    member = (
        BundleMember.objects.for_org(organization)
        .select_for_update()
        .select_related("registration")
        .filter(pk=message.ref_id)
        .first()
    )
    if member is None or member.status != MemberStatus.AWAITING:
        return _("This member was already answered for; nothing changed.")
    if member.confirm_by and member.confirm_by < now:
        return _("The 3 days to confirm had passed; nothing changed.")
    member.answered_at = now
    if reply == sms_rules.Reply.YES:
        member.status = MemberStatus.CONFIRMED
        member.save(update_fields=["status", "answered_at", "updated_at"])
        return _("Confirmed: %(short)s joins the activation queue.") % {
            "short": member.short_number
        }
    member.status, member.settled_at = MemberStatus.DECLINED, now
    member.reason = _("Declined by SMS.")
    member.save(update_fields=["status", "answered_at", "settled_at", "reason", "updated_at"])
    _tell_initiator(
        organization,
        member.registration,
        gettext_noop("Family network %(form)s: %(phone)s declined to join."),
        phone=member.phone,
    )
    return _("Declined.")


def members_expire(now=None):
    """Members still unanswered after 72 hours expire, and each initiator gets one SMS
    naming them (Celery beat runs this every few minutes). Returns how many expired."""
    from campaigns.sms.models import SmsMessage

    now = now or timezone.now()
    expired = 0
    for organization in each_organization():
        due = list(
            BundleMember.objects.for_org(organization)
            .filter(status=MemberStatus.AWAITING, confirm_by__lt=now)
            .select_related("registration")
        )
        by_registration = {}
        for member in due:
            if (
                BundleMember.objects.for_org(organization)
                .filter(pk=member.pk, status=MemberStatus.AWAITING)
                .update(
                    status=MemberStatus.EXPIRED,
                    settled_at=now,
                    updated_at=now,
                    reason=_("No answer within 3 days."),
                )
            ):
                by_registration.setdefault(member.registration, []).append(member.phone)
                expired += 1
        SmsMessage.objects.for_org(organization).filter(
            purpose=CONFIRM_PURPOSE, awaiting_reply=True, ref_id__in=[m.pk for m in due]
        ).update(awaiting_reply=False)
        for registration, phones in by_registration.items():
            _tell_initiator(
                organization,
                registration,
                gettext_noop(
                    "Family network %(form)s: no answer within 3 days from %(phones)s; they were "
                    "not added."
                ),
                phones=", ".join(phones),
            )
    return expired


# -- activation queue ----------------------------------------------------------------------


def member_activate(*, organization, membership, member):
    _settle_confirmed(organization, membership, member, MemberStatus.ACTIVATED)


def member_activation_fail(*, organization, membership, member, reason):
    reason = (reason or "").replace("\x00", "").strip()  # NUL: not storable, never meant
    if not reason:
        raise ValidationError({"reason": _("Say why the activation failed.")})
    _settle_confirmed(organization, membership, member, MemberStatus.FAILED, reason=reason[:200])


def _settle_confirmed(organization, membership, member, status, reason=""):
    now = timezone.now()
    fields = {"status": status, "handled_by": membership.user, "updated_at": now}
    if status == MemberStatus.ACTIVATED:
        fields["activated_at"] = now
    else:
        fields.update(settled_at=now, reason=reason)
    with tenant_context(organization):
        members = BundleMember.objects.for_org(organization).filter(pk=member.pk)
        if not in_scope(members, membership, field="registration__branch").exists():
            raise ValidationError(_("This member belongs to another branch's queue."))
        if not members.filter(status=MemberStatus.CONFIRMED).update(**fields):
            raise ValidationError(_("This member is no longer waiting for activation."))
