"""51 cards: sold before and at the event; the gift on the event day, once. (The card's
deduction on a contract is taken by the signing: services.signings.)"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import Card
from .signings import at_event


def card_sell(*, organization, event, number, buyer, price=None, actor=None):
    check_same_organization(organization, event=event, buyer=buyer)
    if buyer.event_id != event.pk:
        raise ValidationError({"buyer": _("Choose a guest of this event.")})
    price = event.card_price if price is None else price
    money.check_amounts(organization.amount_ceilings, {"price": (money.Kind.PRICE, price)})
    if price is None:
        raise ValidationError({"price": _("Set the 51 card's price in the event's offers first.")})
    with tenant_context(organization):
        card = Card(
            organization=organization,
            event=event,
            number=(number or "").strip(),
            buyer=buyer,
            price=price,
            sold_by=actor,
        )
        card.full_clean(exclude=["event", "buyer"], validate_constraints=False)
        try:
            with transaction.atomic():
                card.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"number": _("Card %(n)s is already sold.") % {"n": card.number}}
            ) from exc
    return card


def card_gift_collect(*, organization, card):
    """The holder collects the gift on the event day, once (a conditional update: two
    desks cannot both hand it out)."""
    check_same_organization(organization, card=card)
    with tenant_context(organization):
        card = Card.objects.for_org(organization).select_related("event").get(pk=card.pk)
        today = timezone.localdate(timezone=organization.zoneinfo)
        if not at_event(card.event, today):
            raise ValidationError(_("The card's gift is handed out on the event day only."))
        taken = (
            Card.objects.for_org(organization)
            .filter(pk=card.pk, gift_collected_at__isnull=True)
            .update(gift_collected_at=timezone.now())
        )
        card.refresh_from_db()
        if not taken:
            raise ValidationError(
                _("The gift of card %(n)s was collected at %(at)s.")
                % {
                    "n": card.number,
                    "at": timezone.localtime(
                        card.gift_collected_at, organization.zoneinfo
                    ).strftime("%Y-%m-%d %H:%M"),
                }
            )
    return card
