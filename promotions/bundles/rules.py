"""Pure rules of the family-network bundle (DOMAIN.md §5, 第8篇): tiers, the price
check, short numbers, late entries, the report window. No ORM, no I/O."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

MIN_MEMBERS = 10
MONTHLY_FEE = Decimal("5")  # the 5 yuan / 300 minutes network tariff
PREPAID_MONTHS = 6  # half a year paid, the second half free
SHORT_NUMBER_MIN, SHORT_NUMBER_MAX = 661001, 661999
CONFIRMATION_WINDOW = timedelta(hours=72)
DEFAULT_REPORT_TIME = time(16, 0)


@dataclass(frozen=True)
class Tier:
    price: Decimal
    members: int
    coupons: int
    commission: Decimal


DEFAULT_TIERS = (
    Tier(Decimal("300"), 10, 5, Decimal("30")),
    Tier(Decimal("600"), 20, 10, Decimal("50")),
    Tier(Decimal("900"), 30, 15, Decimal("80")),
    Tier(Decimal("1500"), 50, 20, Decimal("150")),
)


def expected_price(members):
    """members × 5 yuan × 6 months: what a tier covering `members` must cost."""
    return Decimal(members) * MONTHLY_FEE * PREPAID_MONTHS


def price_is_consistent(price, members):
    return Decimal(price) == expected_price(members)


def smallest_covering_tier(tiers, count):
    """The cheapest tier that covers `count` members, or None when none does."""
    covering = [t for t in tiers if t.members >= count]
    return min(covering, key=lambda t: (t.members, t.price)) if covering else None


def short_number_in_range(number):
    return SHORT_NUMBER_MIN <= number <= SHORT_NUMBER_MAX


def is_premium_short_number(number):
    """Premium (优质连号): the last three digits repeat (661888, 661666, 661999) or run
    up or down by one (661234, 661123, 661987, 661321)."""
    a, b, c = (int(d) for d in str(number)[-3:])
    return (a == b == c) or (b - a == c - b and abs(b - a) == 1)


def is_late(signed_on, entered_on):
    """The form must be entered the day it is signed; a later day is flagged late."""
    return entered_on > signed_on


def report_window(day, report_time, zone):
    """The daily report of `day` covers the 24 hours that end at its report time (org
    time zone), so consecutive reports neither overlap nor leave a gap."""
    end = datetime.combine(day, report_time, tzinfo=zone)
    return end - timedelta(days=1), end


def yuan(amount):
    """300, 300.5 → "300", "300.50": whole yuan without decimals, else two."""
    amount = Decimal(amount)
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
