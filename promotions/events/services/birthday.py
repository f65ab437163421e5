"""Telecom Day's birthday gift (DOMAIN.md §4): customers born on the event's month and day
get a gift on showing their ID card, one gift per ID per event.

The number is validated (rules.resident_id: check digit, birth date, region) and never
stored: the row keeps an HMAC-SHA256 of it under settings.RESIDENT_ID_HMAC_KEY (for the
uniqueness, a unique constraint on (organization, event, hash)) and the masked form
110105********1234. A repeat answers with when and at which desk the gift was given, not
whose ID it is. Twenty desks typing one ID at once give one gift: the losers of the
unique constraint read the winner's row."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.tenancy import check_same_organization, tenant_context

from ..models import BirthdayGift, GiftItem, GiftMovement
from ..rules import resident_id as rules
from .gift_stock import gift_issue


def _messages():
    return {
        "old_card": _(
            "This is a 15-digit number from a first-generation ID card, no longer valid since "
            "1 January 2013: ask for the 18-digit number of the current card."
        ),
        "length": _("A resident ID number has 18 characters (17 digits and a digit or X)."),
        "format": _("A resident ID number is 17 digits followed by a digit or X."),
        "check_digit": _(
            "The check digit (the last character) does not match: the number is mistyped."
        ),
        "date": _("The birth date in this number (characters 7–14) is not a real date."),
        "region": _("The region code (the first 6 digits) is not a region of China."),
    }


def parse(id_number):
    """The validated ID or a ValidationError on `id_number` in the user's language."""
    try:
        return rules.parse(id_number)
    except rules.Invalid as exc:
        raise ValidationError({"id_number": _messages()[exc.reason]}) from exc


def _used_message(organization, gift):
    at = timezone.localtime(gift.given_at, organization.zoneinfo).strftime("%Y-%m-%d %H:%M")
    if gift.desk:
        return _(
            "This ID card already received its birthday gift at this event: on %(at)s at "
            "desk “%(desk)s”."
        ) % {"at": at, "desk": gift.desk}
    return _("This ID card already received its birthday gift at this event: on %(at)s.") % {
        "at": at
    }


def birthday_check(*, organization, event, id_number):
    """Check an ID without giving anything: (ok, masked, message). Not eligible or already
    used raise ValidationError; nothing is written."""
    check_same_organization(organization, event=event)
    rid = parse(id_number)
    if not rules.born_on(rid, event.date):
        raise ValidationError(
            {
                "id_number": _(
                    "Not born on %(day)s: the birthday gift is for customers born on the "
                    "event's day (any year)."
                )
                % {"day": event.date.strftime("%m-%d")}
            }
        )
    digest = rules.keyed_hash(rid, settings.RESIDENT_ID_HMAC_KEY)
    with tenant_context(organization):
        used = (
            BirthdayGift.objects.for_org(organization).filter(event=event, id_hash=digest).first()
        )
    if used is not None:
        raise ValidationError({"id_number": _used_message(organization, used)})
    return rules.masked(rid)


def birthday_give(*, organization, event, id_number, guest=None, desk="", actor=None):
    """Give the birthday gift to the holder of this ID: validated, born on the event's
    month and day, the first time at this event, and one gift from the birthday gift's
    stock — all or nothing."""
    check_same_organization(organization, event=event, guest=guest)
    rid = parse(id_number)
    birthday_check(organization=organization, event=event, id_number=rid.number)
    digest = rules.keyed_hash(rid, settings.RESIDENT_ID_HMAC_KEY)
    desk = (desk or "").strip()
    with tenant_context(organization):
        if guest is not None and guest.event_id != event.pk:
            raise ValidationError({"guest": _("Choose a guest of this event.")})
        item = (
            GiftItem.objects.for_org(organization)
            .filter(event=event, kind=GiftItem.Kind.BIRTHDAY)
            .first()
        )
        if item is None:
            raise ValidationError(
                _("This event has no birthday gift in its gift stock: a manager adds it first.")
            )
        gift = BirthdayGift(
            organization=organization,
            event=event,
            id_hash=digest,
            id_masked=rules.masked(rid),
            guest=guest,
            desk=desk,
            given_by=actor,
        )
        gift.full_clean(exclude=["event", "guest"], validate_constraints=False)
        try:
            with transaction.atomic():
                gift.save()
        except IntegrityError:
            winner = BirthdayGift.objects.for_org(organization).get(event=event, id_hash=digest)
            raise ValidationError({"id_number": _used_message(organization, winner)}) from None
        gift.movement = gift_issue(
            organization=organization,
            item=item,
            guest=guest,
            reason=GiftMovement.Reason.BIRTHDAY,
            note=rules.masked(rid),
            actor=actor,
        )
        gift.save(update_fields=["movement"])
    return gift
