"""The bundle's pure rules: the seed's tiers and their price check, tier choice, premium
short numbers, late entries, the report window."""

from datetime import date, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promotions.bundles import rules


def test_the_seed_tiers():
    assert [(t.price, t.members, t.coupons, t.commission) for t in rules.DEFAULT_TIERS] == [
        (Decimal("300"), 10, 5, Decimal("30")),
        (Decimal("600"), 20, 10, Decimal("50")),
        (Decimal("900"), 30, 15, Decimal("80")),
        (Decimal("1500"), 50, 20, Decimal("150")),
    ]


@pytest.mark.parametrize("tier", rules.DEFAULT_TIERS, ids=lambda t: str(t.price))
def test_each_seed_tier_costs_members_times_5_times_6(tier):
    assert rules.expected_price(tier.members) == tier.price
    assert rules.price_is_consistent(tier.price, tier.members)


def test_an_inconsistent_price_is_caught():
    assert not rules.price_is_consistent(Decimal("500"), 20)


@pytest.mark.parametrize(
    "count,price",
    [
        (10, "300"),
        (11, "600"),
        (15, "600"),
        (20, "600"),
        (21, "900"),
        (30, "900"),
        (31, "1500"),
        (50, "1500"),
    ],
)
def test_smallest_covering_tier(count, price):
    assert rules.smallest_covering_tier(rules.DEFAULT_TIERS, count).price == Decimal(price)


def test_no_tier_covers_51():
    assert rules.smallest_covering_tier(rules.DEFAULT_TIERS, 51) is None


@given(st.integers(min_value=1, max_value=50))
def test_the_proposed_tier_covers_and_no_cheaper_one_does(count):
    tier = rules.smallest_covering_tier(rules.DEFAULT_TIERS, count)
    assert tier.members >= count
    assert all(t.members < count for t in rules.DEFAULT_TIERS if t.price < tier.price)


@pytest.mark.parametrize(
    "number", [661888, 661666, 661999, 661111, 661234, 661123, 661789, 661987, 661321, 661555]
)
def test_premium_short_numbers(number):
    assert rules.is_premium_short_number(number)


@pytest.mark.parametrize("number", [661001, 661002, 661135, 661889, 661246, 661990, 661100])
def test_ordinary_short_numbers(number):
    assert not rules.is_premium_short_number(number)


@pytest.mark.parametrize(
    "number,ok", [(661000, False), (661001, True), (661999, True), (662000, False), (1, False)]
)
def test_short_number_range(number, ok):
    assert rules.short_number_in_range(number) is ok


def test_late_means_entered_after_the_day_it_was_signed():
    assert not rules.is_late(date(2026, 3, 1), date(2026, 3, 1))
    assert rules.is_late(date(2026, 3, 1), date(2026, 3, 2))


def test_the_report_window_is_the_24_hours_up_to_the_report_time():
    zone = ZoneInfo("Asia/Shanghai")
    start, end = rules.report_window(date(2026, 3, 2), time(16, 0), zone)
    assert (start.isoformat(), end.isoformat()) == (
        "2026-03-01T16:00:00+08:00",
        "2026-03-02T16:00:00+08:00",
    )
