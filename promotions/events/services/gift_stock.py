"""Telecom Day's gifts as stock (docs/events.md "Telecom Day"): every gift the event gives
is ordered (T−10), received (in stock by T−3), issued one by one against a guest and a
reason, and returned. Issuing is a conditional update (in hand > 0), so two desks never
hand out the last gift twice and nobody issues past zero."""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.tenancy import check_same_organization, tenant_context

from ..models import GiftItem, GiftMovement, PrizePool

Kind = GiftMovement.Kind


def gift_save(*, organization, event, name, kind=GiftItem.Kind.OTHER, prize=None, item=None):
    """Add a gift (or rename it, change its kind or the wheel prize it stands for)."""
    check_same_organization(organization, event=event, prize=prize, item=item)
    with tenant_context(organization):
        if item is None:
            item = GiftItem(organization=organization, event=event)
        else:
            item = GiftItem.objects.for_org(organization).select_for_update().get(pk=item.pk)
        item.name, item.kind, item.prize = (name or "").strip(), kind, prize
        item.full_clean(exclude=["event"], validate_constraints=False)
        others = GiftItem.objects.for_org(organization).filter(event=event).exclude(pk=item.pk)
        if others.filter(name=item.name).exists():
            raise ValidationError({"name": _("This event has a gift with this name.")})
        if kind == GiftItem.Kind.BIRTHDAY and others.filter(kind=kind).exists():
            raise ValidationError({"kind": _("This event already has its birthday gift.")})
        if prize is not None:
            pool_event = (
                PrizePool.objects.for_org(organization)
                .filter(pk=prize.pool_id)
                .values_list("event_id", flat=True)
                .first()
            )
            if pool_event != event.pk:
                raise ValidationError({"prize": _("Choose a prize of this event's wheel.")})
            if others.filter(prize=prize).exists():
                raise ValidationError({"prize": _("Another gift stands for this prize.")})
        item.save()
    return item


def _locked(organization, item):
    return GiftItem.objects.for_org(organization).select_for_update().get(pk=item.pk)


def _move(organization, item, kind, actor, quantity=1, **fields):
    return GiftMovement.objects.create(
        organization=organization, item=item, kind=kind, quantity=quantity, by=actor, **fields
    )


def _check_quantity(quantity):
    if not isinstance(quantity, int) or quantity < 1 or quantity > 1_000_000:
        raise ValidationError({"quantity": _("Give a whole number from 1 to 1,000,000.")})


def gift_order(*, organization, item, quantity, ordered_on=None, note="", actor=None):
    """Record an order of `quantity` (T−10 in the seed): it counts toward what is expected."""
    check_same_organization(organization, item=item)
    _check_quantity(quantity)
    with tenant_context(organization):
        locked = _locked(organization, item)
        locked.ordered += quantity
        locked.ordered_on = ordered_on or locked.ordered_on or timezone.localdate()
        locked.save(update_fields=["ordered", "ordered_on"])
        _move(organization, locked, Kind.ORDERED, actor, quantity, note=(note or "").strip())
    return locked


def gift_receive(*, organization, item, quantity, note="", actor=None):
    """Record a delivery: the gifts are in stock."""
    check_same_organization(organization, item=item)
    _check_quantity(quantity)
    with tenant_context(organization):
        locked = _locked(organization, item)
        locked.received += quantity
        locked.save(update_fields=["received"])
        _move(organization, locked, Kind.RECEIVED, actor, quantity, note=(note or "").strip())
    return locked


def gift_issue(*, organization, item, guest, reason, note="", actor=None):
    """Hand one gift to a guest for a reason. Refused when none is in hand; the counter is
    raised by a conditional update, which holds the row until the transaction ends."""
    check_same_organization(organization, item=item, guest=guest)
    if reason not in GiftMovement.Reason.values:
        raise ValidationError({"reason": _("Choose why the gift is given.")})
    # A birthday gift is issued against the ID card (its masked form in the note): the
    # customer need not be a registered guest. Every other gift names its guest.
    if guest is None and reason != GiftMovement.Reason.BIRTHDAY:
        raise ValidationError({"guest": _("Choose the guest who receives the gift.")})
    with tenant_context(organization):
        if guest is not None and guest.event_id != item.event_id:
            raise ValidationError({"guest": _("Choose a guest of this event.")})
        took = (
            GiftItem.objects.for_org(organization)
            .filter(pk=item.pk, issued__lt=F("received") + F("returned"))
            .update(issued=F("issued") + 1)
        )
        if not took:
            raise ValidationError(
                _("“%(gift)s” is out of stock: none is left to give.") % {"gift": item.name}
            )
        movement = _move(
            organization,
            item,
            Kind.ISSUED,
            actor,
            guest=guest,
            reason=reason,
            note=(note or "").strip(),
        )
    return movement


def gift_return(*, organization, issue, note="", actor=None):
    """A guest gives an issued gift back (a wrong hand-out): it is in hand again. Once per
    issue (a one-to-one link and a lock on the gift)."""
    check_same_organization(organization, issue=issue)
    with tenant_context(organization):
        locked = _locked(organization, issue.item)
        issue = GiftMovement.objects.for_org(organization).get(pk=issue.pk)
        if issue.kind != Kind.ISSUED:
            raise ValidationError(_("Only an issued gift can be returned."))
        if GiftMovement.objects.for_org(organization).filter(returns=issue).exists():
            raise ValidationError(_("This gift was already returned."))
        locked.returned += 1
        locked.save(update_fields=["returned"])
        movement = _move(
            organization,
            locked,
            Kind.RETURNED,
            actor,
            guest_id=issue.guest_id,
            reason=issue.reason,
            returns=issue,
            note=(note or "").strip(),
        )
    return movement


def gift_for_prize(organization, prize):
    """The gift that stands for a wheel prize, if any."""
    if prize is None:
        return None
    with tenant_context(organization):
        return GiftItem.objects.for_org(organization).filter(prize=prize).first()
