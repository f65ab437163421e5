"""The rules of one policy entry, every field but the agent (whose scope the services
check): the policy number, the premium in yuan with at most two decimals, the issue date
inside the contest period, the card policy number. Shared by the entry page, the API and
the import, which runs them for every row of a file. Pure: no ORM, no I/O."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

_CENT = Decimal("0.01")


_PREMIUM_LIMIT = Decimal("1e12")


def entry_fields(period_start, period_end, *, number, premium, issued_on, product, card_number):
    """(clean values, field → message) by the entry rules of every field but the agent."""
    errors = {}
    number = (number or "").strip()
    if not number:
        errors["number"] = _("Enter the policy number.")
    try:
        premium = Decimal(str(premium).replace(",", "").strip())
        if not premium.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["premium"] = _("Enter the premium as a number, e.g. 3000 or 3000.50.")
    else:
        if premium <= 0:
            errors["premium"] = _("The premium must be more than zero.")
        # The limit first: quantizing a number of 30 digits or more fails.
        elif premium >= _PREMIUM_LIMIT or premium != premium.quantize(_CENT):
            errors["premium"] = _("Enter the premium in yuan with at most two decimals.")
    if issued_on is None:
        errors["issued_on"] = _("Enter the issue date.")
    elif not period_start <= issued_on <= period_end:
        errors["issued_on"] = _(
            "Only policies issued during the contest (%(start)s – %(end)s) count."
        ) % {"start": period_start, "end": period_end}
    card_number = (card_number or "").strip()
    if not card_number:
        errors["card_number"] = _("Each periodic policy needs its attached card policy number.")
    return {
        "number": number,
        "premium": premium,
        "issued_on": issued_on,
        "product": (product or "").strip(),
        "card_number": card_number,
    }, errors
