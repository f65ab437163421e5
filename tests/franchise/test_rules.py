"""The franchise's pure rules: royalties to the fen, statement lines, exclusivity of
periods, the 12-month price rule, ranks and phase progress."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from franchise import rules

D = Decimal


@pytest.mark.parametrize(
    ("rate", "revenue", "expected"),
    [
        ("5", "128000", "6400.00"),
        ("5", "128000.50", "6400.03"),  # 6400.025 → half-up to 6400.03
        ("3.5", "10000.10", "350.00"),  # 350.0035 → 350.00
        ("2.5", "0.20", "0.01"),  # 0.005 → 0.01 (half-up, not banker's 0.00)
        ("2.5", "0.18", "0.00"),  # 0.0045 → 0.00
        ("0", "99999", "0.00"),
        ("100", "1234.56", "1234.56"),
        ("5", "-2000", "-100.00"),  # a correction's negative difference is a credit
        ("5", "-0.10", "-0.01"),  # -0.005 rounds half away from zero
    ],
)
def test_royalty_is_rate_times_revenue_rounded_half_up_to_the_fen(rate, revenue, expected):
    assert rules.royalty(D(rate), D(revenue)) == D(expected)


@given(
    rate=st.decimals(min_value=0, max_value=100, places=2),
    revenue=st.decimals(min_value=0, max_value=10**9, places=2),
)
def test_royalty_is_within_half_a_fen_of_the_exact_product(rate, revenue):
    exact = revenue * rate / 100
    result = rules.royalty(rate, revenue)
    assert result == result.quantize(D("0.01"))
    assert abs(result - exact) <= D("0.005")
    assert D(0) <= result <= revenue


def test_statement_lines_show_the_royalty_and_each_adjustment():
    with translation.override("en"):
        lines = rules.statement_lines(
            month=date(2008, 3, 1),
            revenue=D("150000"),
            rate=D("5"),
            corrections=[
                rules.Correction(date(2008, 1, 1), D("120000"), D("126000.50"), "late invoices")
            ],
        )
    assert [(line.kind, line.amount) for line in lines] == [
        ("royalty", D("7500.00")),
        ("adjustment", D("300.03")),
    ]
    assert lines[0].calculation == "150,000.00 × 5% = 7,500.00"
    assert lines[1].calculation == "6,000.50 × 5% = 300.03"
    assert lines[1].note == (
        "Correction of 2008-01: revenue 120,000.00 → 126,000.50 (late invoices)"
    )
    assert rules.statement_total(lines) == D("7800.03")


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((date(2008, 1, 1), date(2008, 6, 30)), (date(2008, 7, 1), None), False),  # adjacent
        ((date(2008, 1, 1), date(2008, 6, 30)), (date(2008, 6, 30), None), True),  # one day
        ((date(2008, 1, 1), None), (date(2030, 1, 1), date(2030, 2, 1)), True),  # open-ended
        ((date(2008, 3, 1), date(2008, 3, 31)), (date(2008, 1, 1), date(2008, 12, 31)), True),
        ((date(2009, 1, 1), None), (date(2008, 1, 1), date(2008, 12, 31)), False),
    ],
)
def test_periods_overlap_with_inclusive_ends(a, b, overlap):
    assert rules.periods_overlap(*a, *b) is overlap
    assert rules.periods_overlap(*b, *a) is overlap


days_around = st.integers(min_value=0, max_value=40)


@given(
    a_start=days_around,
    a_len=st.none() | days_around,
    b_start=days_around,
    b_len=st.none() | days_around,
)
def test_periods_overlap_exactly_when_they_share_a_day(a_start, a_len, b_start, b_len):
    base = date(2008, 1, 1)
    horizon = 100  # open-ended periods run past every day looked at

    def days(start, length):
        last = start + length if length is not None else horizon
        return set(range(start, last + 1))

    shared = bool(days(a_start, a_len) & days(b_start, b_len))

    def end(start, length):
        return None if length is None else base + timedelta(days=start + length)

    assert (
        rules.periods_overlap(
            base + timedelta(days=a_start),
            end(a_start, a_len),
            base + timedelta(days=b_start),
            end(b_start, b_len),
        )
        is shared
    )


@pytest.mark.parametrize(("days", "allowed"), [(364, False), (365, True), (366, True)])
def test_a_price_changes_at_most_once_in_12_months(days, allowed):
    last = date(2008, 3, 1)  # the next 12 months have 365 days (no 29 February)
    with translation.override("en"):
        refusal = rules.price_change_refusal(last, last + timedelta(days=days))
    if allowed:
        assert refusal is None
    else:
        assert refusal == (
            "The price changed on 2008-03-01; it may change at most once in "
            "any 12 months. The next change is allowed from 2009-03-01."
        )


def test_price_rule_edges():
    assert rules.next_price_change_allowed(date(2008, 2, 29)) == date(2009, 3, 1)
    assert rules.price_change_refusal(None, date(2008, 1, 1)) is None  # launch price
    with translation.override("en"):
        assert "before it" in rules.price_change_refusal(date(2008, 5, 1), date(2008, 4, 1))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "Enter an amount in yuan, e.g. 3000 or 3,000.50."),
        ("", "Enter an amount in yuan, e.g. 3000 or 3,000.50."),
        ("NaN", "Enter an amount in yuan, e.g. 3000 or 3,000.50."),
        ("-1", "An amount cannot be negative."),
        ("1.005", "Enter at most two decimals (fen)."),
        (
            "1e30",
            "Write the amount in plain digits; scientific notation such as 1e10 is not accepted.",
        ),
        (
            "100000000.01",
            (
                "More than 100,000,000 yuan is not a plausible month's revenue; check the "
                "zeros. If your organization really has such amounts, an admin can raise the "
                "limit on the amount limits page."
            ),
        ),
    ],
)
def test_bad_money_is_refused_with_a_message(raw, message):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        rules.parse_money(raw, kind="revenue")
    assert excinfo.value.messages == [message]


def test_money_accepts_grouping_and_a_raised_bound():
    assert rules.parse_money("128,000.50", kind="revenue") == D("128000.50")
    assert rules.parse_money("200,000,000", kind="revenue", ceiling=D("1e9")) == D("200000000")


def test_months():
    assert rules.parse_month("2008-03") == date(2008, 3, 1)
    assert rules.month_within(date(2008, 3, 1), date(2008, 3, 31), None)
    assert not rules.month_within(date(2008, 3, 1), date(2008, 4, 1), None)
    assert rules.add_months(date(2008, 1, 31), 1) == date(2008, 2, 29)
    assert rules.add_months(date(2008, 1, 1), -11) == date(2007, 2, 1)
    with pytest.raises(ValueError):
        rules.parse_month("March")


def test_rank_shares_ties():
    totals = {1: D("500"), 2: D("900"), 3: D("500"), 4: D("0")}
    assert [rules.rank_of(totals, k) for k in (2, 1, 3, 4)] == [(1, 4), (2, 4), (2, 4), (4, 4)]


def test_phase_progress_counts_markets_established_by_each_phase_end():
    phases = [
        rules.Phase(1, "P1", date(2007, 9, 1), date(2007, 12, 31), D("4")),
        rules.Phase(2, "P2", date(2008, 1, 1), date(2008, 7, 31), D("12")),
    ]
    territories = [(1, date(2007, 11, 1)), (1, date(2008, 2, 1)), (2, date(2008, 3, 1)), (2, None)]
    p1, p2 = rules.phase_progress(phases, territories)
    assert (p1.planned, p1.reached, p1.planned_reached, p1.target, p1.met) == (2, 1, 1, 4, False)
    assert (p2.planned, p2.reached, p2.planned_reached, p2.target) == (2, 3, 1, 12)


def test_new_products_per_year_against_3_to_5():
    counts = rules.new_product_counts([date(2008, 1, 1)] * 2 + [date(2009, 5, 1)] * 5)
    assert counts == {2008: 2, 2009: 5}
    assert [rules.new_products_verdict(n) for n in (2, 3, 4, 5)] == ["below", "met", "met", "aim"]


def test_the_phase_holding_a_day():
    p1 = rules.Phase(1, "P1", date(2007, 9, 1), date(2007, 12, 31), D("4"))
    p2 = rules.Phase(2, "P2", date(2008, 1, 1), date(2008, 7, 31), D("12"))
    holding = [
        rules.phase_holding([p1, p2], day)
        for day in (
            date(2007, 8, 31),
            date(2007, 9, 1),
            date(2007, 12, 31),
            date(2008, 1, 1),
            date(2008, 8, 1),
        )
    ]
    assert holding == [None, p1, p1, p2, None]


def test_questions_close_when_a_statement_is_locked():
    assert [rules.questions_open(s) for s in ("issued", "locked")] == [True, False]


def _terms(**changes):
    values = {
        "model": "B",
        "start_date": date(2008, 1, 1),
        "end_date": None,
        "franchise_fee": "200000",
        "deposit": "0",
        "allotment_share": "30",
        "royalty_rate": "5",
    }
    return rules.agreement_terms(**{**values, **changes})


def test_agreement_terms_are_checked_as_a_whole():
    terms = _terms()
    assert (terms["franchise_fee"], terms["royalty_rate"]) == (D("200000.00"), D("5"))
    with pytest.raises(ValidationError) as refused:
        _terms(model="C", end_date=date(2007, 12, 31), royalty_rate="101", allotment_share="5.555")
    assert set(refused.value.message_dict) == {
        "model",
        "end_date",
        "royalty_rate",
        "allotment_share",
    }
    with pytest.raises(ValidationError) as model_a:
        _terms(model="A", royalty_rate="5")
    assert list(model_a.value.message_dict) == ["royalty_rate"]
    with pytest.raises(ValidationError) as model_b:
        _terms(royalty_rate="0")
    assert list(model_b.value.message_dict) == ["royalty_rate"]


_PHASES = [
    rules.Phase(1, "P1", date(2007, 9, 1), date(2007, 12, 31), D("4")),
    rules.Phase(2, "P2", date(2008, 1, 1), date(2008, 7, 31), D("12")),
    rules.Phase(3, "P3", date(2008, 8, 1), date(2009, 8, 31), None),
]


@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),
            st.none() | st.dates(min_value=date(2007, 6, 1), max_value=date(2010, 1, 1)),
        ),
        max_size=60,
    )
)
def test_phase_progress_agrees_with_counting_each_phase_directly(territories):
    got = rules.phase_progress(_PHASES, territories)
    for phase, progress in zip(_PHASES, got, strict=True):
        established = [(planned, on) for planned, on in territories if on and on <= phase.end]
        assert progress.planned == sum(1 for planned, _on in territories if planned == phase.number)
        assert progress.reached == len(established)
        assert progress.planned_reached == sum(1 for p, _on in established if p == phase.number)
        assert progress.met == (
            None if phase.cumulative_target is None else len(established) >= phase.cumulative_target
        )
