"""The event-day rules, without a database: the offers' arithmetic, 折, draws and their
verification, follow-up splits (examples and hypothesis)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promotions.events.rules import draws, followups, offers

D = Decimal
DAY = datetime.date(2027, 2, 20)


# --- the amount due ------------------------------------------------------------------------


def test_discount_then_card_then_voucher_with_each_step():
    a = offers.signing_amounts(
        contract_total=D("86000"), discount_zhe=D("9.5"), card_deduction=1000, group_voucher=500
    )
    assert a.discounted == D("81700.00")
    assert a.amount_due == D("80200.00")
    assert [s["code"] for s in a.steps] == ["total", "discount", "card", "voucher", "due"]
    assert [s["amount"] for s in a.steps] == [
        "86000.00",
        "-4300.00",
        "-1000.00",
        "-500.00",
        "80200.00",
    ]


def test_no_discount_no_card_no_voucher_is_the_total():
    a = offers.signing_amounts(contract_total=D("50000"), discount_zhe=D("10"))
    assert a.amount_due == D("50000.00")
    assert [s["code"] for s in a.steps] == ["total", "due"]


def test_discount_rounds_once_to_the_fen_half_up():
    # 33333.33 × 0.95 = 31666.6635 → 31666.66; 10000.01 × 0.88 = 8800.0088 → 8800.01
    assert offers.signing_amounts(
        contract_total=D("33333.33"), discount_zhe=D("9.5")
    ).amount_due == D("31666.66")
    assert offers.signing_amounts(
        contract_total=D("10000.01"), discount_zhe=D("8.8")
    ).amount_due == D("8800.01")
    # exactly half a fen goes up: 0.05 × 0.95 = 0.0475 → 0.05
    assert offers.signing_amounts(contract_total=D("0.05"), discount_zhe=D("9.5")).amount_due == D(
        "0.05"
    )


def test_deductions_never_take_the_amount_below_zero():
    a = offers.signing_amounts(
        contract_total=D("800"), discount_zhe=D("10"), card_deduction=1000, group_voucher=500
    )
    assert (a.card_deduction, a.group_voucher, a.amount_due) == (D("800.00"), D("0.00"), D("0.00"))


@given(
    total=st.decimals(min_value=D("0.01"), max_value=D("9999999.99"), places=2),
    zhe=st.decimals(min_value=D("1"), max_value=D("10"), places=2),
    card=st.sampled_from([0, 1000]),
    voucher=st.sampled_from([0, 200, 500]),
)
def test_amounts_add_up(total, zhe, card, voucher):
    a = offers.signing_amounts(
        contract_total=total, discount_zhe=zhe, card_deduction=card, group_voucher=voucher
    )
    assert a.amount_due >= 0
    assert sum(D(s["amount"]) for s in a.steps[:-1]) == a.amount_due == D(a.steps[-1]["amount"])
    assert a.discounted <= total


# --- 折 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zhe"),
    [
        ("9.5折", D("9.5")),
        ("9.5", D("9.5")),
        ("95折", D("9.5")),
        ("5%", D("9.5")),
        ("12% off", D("8.8")),
        ("８．８折", D("8.8")),
        ("10", D("10")),
        ("0.5", None),
        ("11", None),
        ("abc", None),
        ("9.555", None),
    ],
)
def test_parse_zhe(text, zhe):
    assert offers.parse_zhe(text) == zhe


def test_zhe_shown_both_ways():
    assert offers.zhe_label(D("9.50")) == "9.5折" and offers.percent_off(D("9.50")) == D("5")
    assert offers.zhe_label(D("8.8")) == "8.8折" and offers.percent_off(D("8.8")) == D("12")
    assert offers.zhe_label(D("10")) == ""


# --- the group voucher ---------------------------------------------------------------------


def group(signings, *, min_size=2, same_day=True):
    return offers.group_voucher_holders(signings, min_size=min_size, same_day=same_day)


def test_group_of_one_gets_nothing_two_and_three_all_get_it():
    assert group([(1, "阳光花园", DAY)]) == set()
    assert group([(1, "阳光花园", DAY), (2, "阳光 花园", DAY)]) == {1, 2}
    assert group([(1, "阳光花园", DAY), (2, "阳光花园", DAY), (3, "阳光花园", DAY)]) == {1, 2, 3}
    assert group([(1, "阳光花园", DAY), (2, "阳光花园", DAY)], min_size=3) == set()


def test_same_community_on_a_different_day_counts_only_for_the_same_event_setting():
    two_days = [(1, "阳光花园", DAY), (2, "阳光花园", DAY + datetime.timedelta(days=1))]
    assert group(two_days, same_day=True) == set()
    assert group(two_days, same_day=False) == {1, 2}


def test_other_communities_and_blank_ones_are_no_group():
    assert group([(1, "阳光花园", DAY), (2, "翠湖苑", DAY), (3, "", DAY), (4, " ", DAY)]) == set()


# --- draws ---------------------------------------------------------------------------------

SEED = "00" * 31 + "01"


def stock(*rows):
    return [draws.PrizeStock(pid, left, weight) for pid, left, weight in rows]


def test_draw_is_fixed_by_seed_and_number_and_lands_in_stock_only():
    prizes = stock((1, 5, 1), (2, 0, 100), (3, 5, 2))
    outcomes = [draws.draw(SEED, 7, 9, k, prizes) for k in range(1, 200)]
    assert outcomes == [draws.draw(SEED, 7, 9, k, prizes) for k in range(1, 200)]
    assert set(outcomes) == {1, 3}  # prize 2 is out of stock
    assert outcomes != [draws.draw("ff" * 32, 7, 9, k, prizes) for k in range(1, 200)]


def test_a_pool_with_nothing_left_is_sold_out():
    with pytest.raises(draws.SoldOut):
        draws.draw(SEED, 1, 1, 1, stock((1, 0, 1)))


def test_no_prize_weight_lets_a_draw_win_nothing():
    outcomes = {
        draws.draw(SEED, 1, 1, k, stock((1, 1000, 1)), no_prize_weight=3) for k in range(1, 100)
    }
    assert outcomes == {1, None}


def replay_log(seed, prizes, n, no_prize=0):
    left = {p.prize_id: p.left for p in prizes}
    log = []
    for k in range(1, n + 1):
        outcome = draws.draw(
            seed,
            1,
            2,
            k,
            [draws.PrizeStock(p.prize_id, left[p.prize_id], p.weight) for p in prizes],
            no_prize,
        )
        if outcome is not None:
            left[outcome] -= 1
        log.append((k, outcome))
    return log


def test_verify_confirms_an_honest_log_and_names_the_first_altered_draw():
    prizes = stock((10, 30, 1), (11, 15, 2), (12, 5, 5))
    seed = draws.new_seed()
    log = replay_log(seed, prizes, 50)
    args = {
        "seed_hex": seed,
        "published_sha256": draws.seed_sha256(seed),
        "event_id": 1,
        "pool_id": 2,
        "prizes": prizes,
        "no_prize_weight": 0,
    }
    assert draws.verify(log=log, **args).ok
    assert draws.verify(log=log, **args).count == 50
    k, prize = log[20]
    altered = log[:20] + [(k, 10 if prize != 10 else 11)] + log[21:]
    result = draws.verify(log=altered, **args)
    assert not result.ok and result.first_bad == 21 and result.expected == prize
    gap = log[:5] + log[6:]
    assert draws.verify(log=gap, **args).first_bad == 6
    wrong_hash = draws.verify(log=log, **{**args, "published_sha256": "0" * 64})
    assert not wrong_hash.ok and not wrong_hash.seed_matches


# --- follow-up splits ----------------------------------------------------------------------


def test_split_keeps_inviters_and_stays_even():
    guests = [(1, "a"), (2, "a"), (3, "a"), (4, "b"), (5, None), (6, None)]
    result = followups.split(guests, ["a", "b", "c"])
    counts = {e: list(result.values()).count(e) for e in "abc"}
    assert counts == {"a": 2, "b": 2, "c": 2}
    assert [g for g, e in result.items() if e == "a"] == [1, 2]
    assert result[4] == "b"


def test_split_needs_employees():
    with pytest.raises(ValueError):
        followups.split([(1, None)], [])


guest_lists = st.lists(
    st.tuples(st.integers(0, 10_000), st.sampled_from([None, 1, 2, 3, 4, 99])),
    unique_by=lambda g: g[0],
    max_size=80,
)
teams = st.lists(st.integers(1, 6), min_size=1, max_size=6, unique=True)


@given(guests=guest_lists, employees=teams)
def test_split_invariants(guests, employees):
    result = followups.split(guests, employees)
    assert set(result) == {g for g, _ in guests} and set(result.values()) <= set(employees)
    counts = [list(result.values()).count(e) for e in employees]
    assert max(counts) - min(counts) <= 1  # even within one
    for (
        guest,
        inviter,
    ) in guests:  # a guest leaves its inviter only when the inviter is full of its own
        if inviter in employees and result[guest] != inviter:
            mine = [g for g, e in result.items() if e == inviter]
            assert all(dict(guests)[g] == inviter for g in mine)


@given(
    guests=guest_lists, employees=st.lists(st.integers(1, 6), min_size=2, max_size=6, unique=True)
)
def test_resplit_moves_only_the_leavers_guests_and_keeps_the_lists_level(guests, employees):
    first = followups.split(guests, employees)
    leaver, rest = employees[0], employees[1:]
    loads = {e: list(first.values()).count(e) for e in rest}
    moving = [(g, i) for g, i in guests if first[g] == leaver]
    moved = followups.split(moving, rest, loads)
    after = {**first, **moved}
    assert {g for g in after if after[g] != first[g]} == {g for g, _ in moving}
    assert leaver not in after.values()
    counts = [list(after.values()).count(e) for e in rest]
    assert max(counts) - min(counts) <= 1
