"""The one money input: how a typed amount of yuan is read, and which amounts are plausible.

Every form, serializer and import that takes an amount reads it here (docs/money.md):
plain digits with at most two decimals; thousand separators (``1,000.5``) and full-width
characters (``１０００``) are normalised; scientific notation (``1e10``), ``NaN`` and
``Infinity`` are refused. A lower bound (zero, or above zero where zero makes no sense)
and an upper bound per KIND of amount, which no real value reaches; an organization may
raise its own bounds (``Organization.amount_ceilings``, on the amount limits page).

Pure: no ORM, no I/O. The form field and the API field are in ``campaigns.money.inputs``.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CENT = Decimal("0.01")
# What the database columns hold (max_digits=14, decimal_places=2): no bound, default or
# raised by an organization, goes above it.
COLUMN_LIMIT = Decimal("999999999999.99")


class Kind(StrEnum):
    PREMIUM = "premium"
    CONTRACT = "contract"
    REVENUE = "revenue"
    BUDGET = "budget"
    FEE = "fee"
    DEPOSIT = "deposit"
    PRICE = "price"
    REWARD = "reward"
    TARGET = "target"


@dataclass(frozen=True)
class Bound:
    label: str  # lazy: read in the user's language
    ceiling: Decimal  # the largest amount accepted unless the organization raises it
    reason: str  # why this bound (not shown to users; docs/money.md repeats it)


# The seed's scale (DOMAIN.md): a contest goal of 500,000 for a whole department, agent
# tiers of 3,000–40,000, decoration contracts in the tens of thousands, bundle tiers of
# 300–1,500, gifts of about 1,000. Each bound is a hundred times or more above the largest
# real value of its kind, so no real entry meets it, while a slip of the keyboard (three
# extra zeros, 1e10) does.
BOUNDS = {
    Kind.PREMIUM: Bound(
        gettext_lazy("premium of one policy"),
        Decimal("1000000"),
        "one individual periodic policy; the seed's top agent tier is a 40,000 total",
    ),
    Kind.CONTRACT: Bound(
        gettext_lazy("contract amount"),
        Decimal("10000000"),
        "a home decoration contract or vendor order: tens of thousands, rarely a million",
    ),
    Kind.REVENUE: Bound(
        gettext_lazy("month's revenue"),
        Decimal("100000000"),
        "one franchisee's month in one prefecture market: a hundred million is beyond it",
    ),
    Kind.BUDGET: Bound(
        gettext_lazy("budget amount"),
        Decimal("100000000"),
        "a plan's budget or one of its lines; the seed's plans spend thousands to millions",
    ),
    Kind.FEE: Bound(
        gettext_lazy("fee"),
        Decimal("10000000"),
        "a franchise fee for one territory",
    ),
    Kind.DEPOSIT: Bound(
        gettext_lazy("deposit"),
        Decimal("10000000"),
        "a regional market deposit, a vendor's participation deposit",
    ),
    Kind.PRICE: Bound(
        gettext_lazy("price"),
        Decimal("1000000"),
        "a product, a bundle tier (300–1,500), a 51 card",
    ),
    Kind.REWARD: Bound(
        gettext_lazy("reward or prize value"),
        Decimal("1000000"),
        "team funds of 200–1,000, prizes and gifts of about 1,000, commissions of 30–150",
    ),
    Kind.TARGET: Bound(
        gettext_lazy("target"),
        Decimal("1000000000"),
        "a goal, checkpoint or tier threshold: the seed's largest is a 500,000 goal",
    ),
}

_PLAIN = re.compile(r"(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?")
_SPACES = re.compile(r"\s+")


def normalised_text(raw) -> str:
    """The typed text with full-width characters made plain (NFKC: １０００ → 1000,
    ，→ ,  ．→ .) and spaces removed."""
    text = unicodedata.normalize("NFKC", str(raw))
    return _SPACES.sub("", text)


def ceiling_for(kind, overrides=None) -> Decimal:
    """The kind's upper bound, or the organization's own (``overrides``: kind → text)."""
    raised = (overrides or {}).get(str(kind))
    if raised not in (None, ""):
        return min(Decimal(str(raised)), COLUMN_LIMIT)
    return BOUNDS[Kind(kind)].ceiling


def parse_amount(raw, *, kind=None, positive=False, ceiling=None) -> Decimal:
    """A yuan amount from what a person typed (or a cell of an imported file).

    Raises ValidationError (one message, in the user's language) when it is not plain
    digits, has more than two decimals, is negative (or zero with ``positive``), or lies
    above the bound: ``ceiling`` if given, else the kind's default, else the column's.
    """
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        if not raw.is_finite():
            raise _not_an_amount()
        value = raw
    elif isinstance(raw, str):
        value = _from_text(raw)
    elif isinstance(raw, float):  # a spreadsheet's or JSON's number: its shortest text
        value = _from_text(repr(raw))
    else:  # None, True, a list from JSON...
        raise _not_an_amount()
    return check_amount(value, kind=kind, positive=positive, ceiling=ceiling)


def check_amount(value: Decimal, *, kind=None, positive=False, ceiling=None) -> Decimal:
    """The bounds alone, for an amount already read as a Decimal. Returns it as given
    (3500 stays 3500, 3500.50 stays 3500.50: the history shows what was typed)."""
    if value < 0:
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    if positive and value == 0:
        raise ValidationError(_("The amount must be more than zero."), code="zero")
    if ceiling is None:
        ceiling = ceiling_for(kind) if kind is not None else COLUMN_LIMIT
    if value > ceiling:
        raise ValidationError(_above_message(kind, ceiling), code="above_ceiling")
    if value != value.quantize(CENT):  # after the bound: quantizing 1e30 overflows
        raise ValidationError(_("Enter at most two decimals (fen)."), code="decimals")
    return value


def check_amounts(overrides, values):
    """Bounds of several fields at once: ``values`` is field → (kind, value or None).
    Raises one ValidationError with a message per field that is out of bounds."""
    errors = {}
    for field, (kind, value) in values.items():
        if value is None:
            continue
        try:
            parse_amount(value, kind=kind, ceiling=ceiling_for(kind, overrides))
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)


def money_text(value) -> str:
    """1234567.5 → "1,234,567.50"; 1000000 → "1,000,000"."""
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _from_text(raw) -> Decimal:
    if len(raw) > 100:  # no amount is written this long; spare the regular expressions
        raise _not_an_amount()
    text = normalised_text(raw)
    for sign in ("¥", "元"):
        text = text.replace(sign, "")
    negative = text.startswith("-")
    text = text.removeprefix("-").removeprefix("+")
    match = _PLAIN.fullmatch(text)
    if match is None:
        if re.fullmatch(r"[\d.,]*\d[eE][+-]?\d+", text):
            raise ValidationError(
                _(
                    "Write the amount in plain digits; scientific notation such as 1e10 "
                    "is not accepted."
                ),
                code="scientific",
            )
        if re.fullmatch(r"[\d,]+(\.\d+)?", text):
            raise ValidationError(
                _("Put a thousand separator after every three digits, e.g. 1,000,000."),
                code="separators",
            )
        raise _not_an_amount()
    whole = match["whole"].replace(",", "")
    fraction = match["fraction"] or ""
    if len(fraction.rstrip("0")) > 2:  # 3000.000 is 3000.00: Excel writes zeros
        raise ValidationError(_("Enter at most two decimals (fen)."), code="decimals")
    value = Decimal(f"{whole}.{fraction[:2]}" if fraction else whole)  # as typed: 3500 stays 3500
    return -value if negative else value


def _not_an_amount():
    return ValidationError(_("Enter an amount in yuan, e.g. 3000 or 3,000.50."), code="invalid")


def _above_message(kind, ceiling):
    if kind is None:
        return _("Enter an amount of at most %(ceiling)s yuan.") % {"ceiling": money_text(ceiling)}
    return _(
        "More than %(ceiling)s yuan is not a plausible %(kind)s; check the zeros. If your "
        "organization really has such amounts, an admin can raise the limit on the "
        "amount limits page."
    ) % {"kind": BOUNDS[Kind(kind)].label, "ceiling": money_text(ceiling)}
