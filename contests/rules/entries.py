"""The rules of one policy entry, every field but the agent (whose scope the services
check): the policy number, the premium in yuan with at most two decimals, the issue date
inside the contest period, the card policy number. Shared by the entry page, the API and
the import, which runs them for every row of a file. Pure: no ORM, no I/O."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns import money


def entry_fields(
    period_start,
    period_end,
    *,
    number,
    premium,
    issued_on,
    product,
    card_number,
    premium_ceiling=None,
):
    """(clean values, field → message) by the entry rules of every field but the agent.
    The premium is read by the one money input (campaigns.money): more than zero, at most
    ``premium_ceiling`` (the organization's bound of a premium; default: the kind's)."""
    errors = {}
    number = (number or "").strip()
    if not number:
        errors["number"] = _("Enter the policy number.")
    try:
        premium = money.parse_amount(
            premium if premium is not None else "",
            kind=money.Kind.PREMIUM,
            positive=True,
            ceiling=premium_ceiling,
        )
    except ValidationError as exc:
        errors["premium"] = exc.messages[0]
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
