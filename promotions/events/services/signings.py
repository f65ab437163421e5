"""Signing a contract at the event, correcting or voiding it; the offers it earns (the
discount, the 51 card, the group voucher, first-N places) follow every change.

Signings of one event are serialized by a lock on the event row: the group voucher of a
community depends on who else signed, and first-N places go in the order the signings
are recorded. Each place itself is taken by a conditional update of its offer's counter,
in the same transaction as the signing.
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.errors import EditConflict
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import Card, Draw, Event, Place, Quota, Signing, SigningChange
from ..rules import offers


def at_event(event, day):
    return event.date <= day <= event.last_day


def _today(organization):
    return timezone.localdate(timezone=organization.zoneinfo)


def _checked_total(organization, total):
    """The contract total by the one money input: more than zero, at most the
    organization's bound of a contract (campaigns.money)."""
    try:
        return money.parse_amount(
            "" if total is None else total,
            kind=money.Kind.CONTRACT,
            positive=True,
            ceiling=money.ceiling_for(money.Kind.CONTRACT, organization.amount_ceilings),
        )
    except ValidationError as exc:
        raise ValidationError({"contract_total": exc.messages}) from None


def _card_for(organization, event, guest, number, day, signing=None):
    """The 51 card `number` for this guest's signing on `day`, locked; or a ValidationError."""
    number = (number or "").strip()
    if not number:
        return None
    cards = Card.objects.for_org(organization).select_for_update()
    card = cards.filter(event=event, number=number).first()
    if card is None:
        if Card.objects.for_org(organization).filter(number=number).exists():
            raise ValidationError(
                {"card": _("Card %(n)s belongs to another event.") % {"n": number}}
            )
        raise ValidationError({"card": _("There is no 51 card %(n)s.") % {"n": number}})
    if card.buyer_id != guest.pk:
        raise ValidationError(
            {"card": _("Card %(n)s was bought by another customer.") % {"n": number}}
        )
    if not at_event(event, day):
        raise ValidationError(
            {
                "card": _(
                    "A 51 card counts only on a contract signed at the event (%(day)s); "
                    "this one is signed on %(signed)s."
                )
                % {"day": event.date, "signed": day}
            }
        )
    used = Signing.objects.for_org(organization).filter(card=card, voided_at__isnull=True)
    if signing is not None:
        used = used.exclude(pk=signing.pk)
    if used.exists():
        raise ValidationError(
            {"card": _("Card %(n)s is already used on a contract.") % {"n": number}}
        )
    return card


def _compute(signing, event, voucher):
    """Set the signing's amounts: the event's discount and the card's deduction apply at
    the event only (a card is refused on a later day before it gets here)."""
    signing.discount_zhe = event.discount_zhe if at_event(event, signing.signed_on) else 10
    amounts = offers.signing_amounts(
        contract_total=signing.contract_total,
        discount_zhe=signing.discount_zhe,
        card_deduction=event.card_deduction if signing.card_id else 0,
        group_voucher=voucher,
    )
    signing.card_deduction = amounts.card_deduction
    signing.group_voucher = amounts.group_voucher
    signing.amount_due = amounts.amount_due
    signing.steps = list(amounts.steps)


def _snapshot(signing):
    return {
        "contract_total": str(signing.contract_total),
        "designer": signing.designer,
        "card": signing.card.number if signing.card_id else "",
        "group_voucher": str(signing.group_voucher),
        "amount_due": str(signing.amount_due),
        "voided": signing.voided_at is not None,
    }


def _lock_event(organization, event):
    return Event.objects.for_org(organization).select_for_update().get(pk=event.pk)


def signing_record(
    *,
    organization,
    event,
    guest,
    contract_total,
    designer="",
    card_number="",
    signed_on=None,
    actor=None,
):
    """Record a guest's contract. At the event it gets the signing discount, the 51 card
    (the buyer's, unused), the group voucher when enough of the community sign, and a
    place in each first-N offer earned by signing while places last."""
    check_same_organization(organization, event=event, guest=guest)
    if guest.event_id != event.pk:
        raise ValidationError({"guest": _("Choose a guest of this event.")})
    contract_total = _checked_total(organization, contract_total)
    with tenant_context(organization):
        event = _lock_event(organization, event)
        day = signed_on or _today(organization)
        if day < event.date:
            raise ValidationError(
                {"signed_on": _("A signing of this event cannot be before its day.")}
            )
        if day > _today(organization):
            raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
        earlier = (
            Signing.objects.for_org(organization)
            .filter(event=event, guest=guest, voided_at__isnull=True)
            .first()
        )
        if earlier is not None:
            raise ValidationError(
                {
                    "guest": _(
                        "This customer already signed (on %(day)s); correct that signing instead."
                    )
                    % {"day": earlier.signed_on}
                }
            )
        card = _card_for(organization, event, guest, card_number, day)
        signing = Signing(
            organization=organization,
            event=event,
            guest=guest,
            designer=(designer or "").strip(),
            contract_total=offers.money(contract_total),
            signed_on=day,
            card=card,
            signed_by=actor,
        )
        _compute(signing, event, 0)
        signing.full_clean(exclude=["event", "guest", "card", "steps"], validate_constraints=False)
        signing.save()
        SigningChange.objects.create(
            organization=organization,
            signing=signing,
            action="signed",
            after=_snapshot(signing),
            by=actor,
        )
        if at_event(event, day):
            for quota in Quota.objects.for_org(organization).filter(
                event=event, trigger=Quota.Trigger.SIGNING
            ):
                place_take(
                    organization=organization,
                    quota=quota,
                    guest=guest,
                    signing=signing,
                    actor=actor,
                )
        _regroup(organization, event, guest.community, actor)
        signing.refresh_from_db()
    return signing


def place_take(*, organization, quota, guest, signing=None, actor=None):
    """Take the next place of a first-N offer, or None when all are given. The counter is
    raised by a conditional update (taken < size), which also locks the offer's row until
    the transaction ends; the number is the lowest one not held (equal to the counter
    unless voids gave places back)."""
    with tenant_context(organization):
        took = (
            Quota.objects.for_org(organization)
            .filter(pk=quota.pk, taken__lt=F("size"))
            .update(taken=F("taken") + 1)
        )
        if not took:
            return None
        size = Quota.objects.for_org(organization).values_list("size", flat=True).get(pk=quota.pk)
        held = set(
            Place.objects.for_org(organization)
            .filter(quota=quota, voided_at__isnull=True)
            .values_list("number", flat=True)
        )
        number = next(n for n in range(1, size + 1) if n not in held)
        return Place.objects.create(
            organization=organization,
            quota=quota,
            number=number,
            guest=guest,
            signing=signing,
            given_by=actor,
        )


def _regroup(organization, event, community, actor):
    """Recompute the group voucher of the signings of `community` (the rules say who is
    in a group) and the amount due of each signing whose voucher changed."""
    live, holders = _group_of(organization, event, community)
    for signing in live:
        voucher = event.group_voucher_value if signing.pk in holders else 0
        before = _snapshot(signing)
        _compute(signing, event, voucher)
        if _snapshot(signing) == before:
            continue
        signing.version += 1
        signing.save()
        SigningChange.objects.create(
            organization=organization,
            signing=signing,
            action="regrouped",
            before=before,
            after=_snapshot(signing),
            by=actor,
        )


def _group_of(organization, event, community):
    """The live signings at the event from `community`, and those of them the group
    voucher goes to."""
    key = offers.community_key(community)
    if not key:
        return [], set()
    live = [
        s
        for s in Signing.objects.for_org(organization)
        .filter(event=event, voided_at__isnull=True, signed_on__range=(event.date, event.last_day))
        .select_related("guest", "card")
        if offers.community_key(s.guest.community) == key
    ]
    holders = offers.group_voucher_holders(
        [(s.pk, s.guest.community, s.signed_on) for s in live],
        min_size=event.group_min_size,
        same_day=event.group_scope == Event.GroupScope.SAME_DAY,
    )
    return live, holders


def signing_correct(
    *, organization, signing, version, contract_total, designer=None, card_number=None, actor=None
):
    """Correct a signing's total, designer or 51 card (`card_number` "" removes the card;
    None keeps it). `version` is the one the user saw: a signing changed meanwhile is an
    EditConflict."""
    check_same_organization(organization, signing=signing)
    contract_total = _checked_total(organization, contract_total)
    with tenant_context(organization):
        event = _lock_event(organization, signing.event)
        current = (
            Signing.objects.for_org(organization).select_related("guest", "card").get(pk=signing.pk)
        )
        if current.voided_at is not None:
            raise ValidationError(_("This signing is voided; record a new one."))
        if current.version != version:
            raise EditConflict(
                part="signing",
                current=_snapshot(current),
                attempted={"contract_total": str(contract_total)},
            )
        before = _snapshot(current)
        if card_number is not None:
            current.card = _card_for(
                organization, event, current.guest, card_number, current.signed_on, current
            )
        if designer is not None:
            current.designer = designer.strip()
        current.contract_total = offers.money(contract_total)
        _live, holders = _group_of(organization, event, current.guest.community)
        _compute(current, event, event.group_voucher_value if current.pk in holders else 0)
        current.version += 1
        current.full_clean(exclude=["event", "guest", "card", "steps"], validate_constraints=False)
        current.save()
        SigningChange.objects.create(
            organization=organization,
            signing=current,
            action="corrected",
            before=before,
            after=_snapshot(current),
            by=actor,
        )
    return current


def signing_void(*, organization, signing, reason, actor=None):
    """Void a signing: its card is free again, its group may lose the voucher (the others'
    amounts follow), and its first-N places go back only where the offer says so (by
    default they stay used: the egg was smashed, the gift pack handed over)."""
    check_same_organization(organization, signing=signing)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("Say why the signing is voided.")})
    with tenant_context(organization):
        event = _lock_event(organization, signing.event)
        current = (
            Signing.objects.for_org(organization).select_related("guest", "card").get(pk=signing.pk)
        )
        if current.voided_at is not None:
            raise ValidationError(_("This signing is already voided."))
        before = _snapshot(current)
        current.voided_at, current.void_reason, current.card = timezone.now(), reason[:200], None
        current.version += 1
        current.save()
        SigningChange.objects.create(
            organization=organization,
            signing=current,
            action="voided",
            before=before,
            after=_snapshot(current),
            by=actor,
        )
        for place in Place.objects.for_org(organization).filter(
            signing=current, voided_at__isnull=True, quota__returns_on_void=True
        ):
            _place_give_back(organization, place)
        _regroup(organization, event, current.guest.community, actor)
    return current


def _place_give_back(organization, place):
    if Draw.objects.for_org(organization).filter(place=place).exists():
        return  # the prize is drawn: the place is spent
    Place.objects.for_org(organization).filter(pk=place.pk).update(voided_at=timezone.now())
    Quota.objects.for_org(organization).filter(pk=place.quota_id).update(taken=F("taken") - 1)
