"""The pure rules of the sales contest (contests/rules/): the seed's reward scenarios
(DOMAIN.md §2), the rules read from the contest template, minimum targets, progress
against the seed's checkpoints, and properties of the reward engine. No database."""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from campaigns.plans.builtin import BUILTIN_TEMPLATES
from contests.rules import awards as engine
from contests.rules import pace, rewards
from contests.rules.awards import EARNED, PENDING_DEPARTMENT_GOAL, PolicyFact
from contests.rules.pace import Checkpoint
from contests.rules.rewards import DEFAULT_RULES, IndividualTier, RewardRules, TeamTier

D = Decimal
GOAL = D("500000")
START, END = date(2005, 10, 10), date(2005, 10, 25)


def d(month_day):
    """'10-18' → 2005-10-18 (the contest's year)."""
    month, day = month_day.split("-")
    return date(2005, int(month), int(day))


def policy(id, premium, issued="10-10", calendar=True):  # noqa: A002 - mirrors PolicyFact.id
    return PolicyFact(id, f"P{id:04d}", D(premium), d(issued), calendar)


def seed_agent():
    """4 policies totalling 45,000, each of which got a desk calendar."""
    return [
        policy(1, "8000", "10-10"),
        policy(2, "12000", "10-12"),
        policy(3, "10000", "10-15"),
        policy(4, "15000", "10-20"),
    ]


def by_rule(awards):
    return {a.rule: a for a in awards}


def awards(policies, department_total, rule_set=DEFAULT_RULES):
    with translation.override("en"):
        return engine.agent_awards(policies, rule_set, D(department_total))


# --- the rules themselves ---------------------------------------------------------------


def test_default_rules_are_the_seeds():
    assert DEFAULT_RULES.department_goal == D("500000")
    assert DEFAULT_RULES.team_tiers == (
        TeamTier(D("50000"), D("200")),
        TeamTier(D("80000"), D("500")),
        TeamTier(D("150000"), D("1000")),
    )
    tiers = DEFAULT_RULES.individual_tiers
    assert [t.item for t in tiers] == [1, 2, 3, 4, 5]
    assert [t.threshold for t in tiers] == [None, D("3000"), D("5000"), D("20000"), D("40000")]
    assert [t.per_policy for t in tiers] == [True, False, False, False, False]
    assert [t.stacks for t in tiers] == [True, True, True, False, False]
    assert [t.requires_department_goal for t in tiers] == [False, False, False, True, True]
    assert [t.prize for t in tiers] == [
        "台历一份",
        "玲珑碗一套",
        "盒装皮带一套或玲珑碗两套（任选）",
        "300元餐券",
        "海南旅游",
    ]
    assert DEFAULT_RULES.min_target_full_time == D("5000")
    assert DEFAULT_RULES.min_target_part_time == D("3000")


def test_contest_template_extra_gives_the_default_rules():
    extra = BUILTIN_TEMPLATES["contest"].spec["extra"]
    assert rewards.rules_from_extra(extra) == DEFAULT_RULES


@pytest.mark.parametrize("extra", [None, {}])
def test_empty_extra_falls_back_to_the_defaults(extra):
    assert rewards.rules_from_extra(extra) == DEFAULT_RULES


def test_missing_pieces_fall_back_one_by_one():
    parsed = rewards.rules_from_extra(
        {
            "department_goal": "600000",
            "team_tiers": [
                {"threshold": 90000, "reward": "800"},
                {"threshold": "60,000", "reward": 300},
            ],
            "min_target": {"part_time": "2000"},
        }
    )
    assert parsed.department_goal == D("600000")
    # sorted by threshold; ints and grouped strings accepted
    assert parsed.team_tiers == (TeamTier(D("60000"), D("300")), TeamTier(D("90000"), D("800")))
    assert parsed.individual_tiers == DEFAULT_RULES.individual_tiers
    assert parsed.min_target_full_time == D("5000")
    assert parsed.min_target_part_time == D("2000")


def test_individual_tiers_are_read_with_defaults_for_flags():
    parsed = rewards.rules_from_extra(
        {
            "individual_tiers": [
                {"item": "2", "threshold": 10000.5, "prize": " 奖杯 "},
                {"level": 1, "threshold": None, "per_policy": True, "prize": "台历"},
                {
                    "item": 3,
                    "threshold": "30000",
                    "prize": "购物卡",
                    "value": "500",
                    "stacks": False,
                    "requires_department_goal": True,
                    "transferable": True,
                },
            ]
        }
    )
    assert parsed.individual_tiers == (
        IndividualTier(
            1, None, "台历", stacks=True, requires_department_goal=False, per_policy=True
        ),
        IndividualTier(2, D("10000.5"), "奖杯", stacks=True, requires_department_goal=False),
        IndividualTier(3, D("30000"), "500元购物卡", stacks=False, requires_department_goal=True),
    )
    assert all(isinstance(t.threshold, Decimal) for t in parsed.individual_tiers[1:])


def test_an_explicitly_empty_tier_list_means_no_such_rewards():
    parsed = rewards.rules_from_extra({"team_tiers": [], "individual_tiers": []})
    assert parsed.team_tiers == ()
    assert parsed.individual_tiers == ()
    assert engine.team_award(D("1000000"), parsed) is None
    assert engine.agent_awards([policy(1, "50000")], parsed, GOAL) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("goal", "must be a mapping"),
        ({"department_goal": "0"}, "department_goal must be more than zero"),
        ({"department_goal": "lots"}, "department_goal: “lots” is not an amount"),
        ({"team_tiers": {"threshold": "1"}}, "“team_tiers” must be a list"),
        ({"team_tiers": ["50000"]}, r"team_tiers\[0\] must be a mapping"),
        ({"team_tiers": [{"threshold": "50000"}]}, r"team_tiers\[0\] has no reward"),
        (
            {"team_tiers": [{"threshold": "abc", "reward": "1"}]},
            r"team_tiers\[0\].threshold: “abc” is not an amount",
        ),
        ({"team_tiers": [{"threshold": "NaN", "reward": "1"}]}, "is not an amount"),
        ({"team_tiers": [{"threshold": True, "reward": "1"}]}, "is not an amount"),
        ({"team_tiers": [{"threshold": float("inf"), "reward": "1"}]}, "is not an amount"),
        (
            {"team_tiers": [{"threshold": "50000", "reward": "-200"}]},
            r"team_tiers\[0\].reward cannot be negative",
        ),
        ({"team_tiers": [{"threshold": "-1", "reward": "200"}]}, "must be more than zero"),
        (
            {
                "team_tiers": [
                    {"threshold": "50000", "reward": "200"},
                    {"threshold": "50000.00", "reward": "500"},
                ]
            },
            "same threshold 50,000",
        ),
        ({"individual_tiers": "all"}, "“individual_tiers” must be a list"),
        (
            {"individual_tiers": [{"threshold": "3000", "prize": "碗"}]},
            r"individual_tiers\[0\].item: the item number",
        ),
        (
            {"individual_tiers": [{"item": 0, "threshold": "3000", "prize": "碗"}]},
            "the item number must be a whole number from 1",
        ),
        (
            {"individual_tiers": [{"item": 2, "threshold": "3000", "prize": ""}]},
            r"individual_tiers\[0\] has no prize",
        ),
        (
            {"individual_tiers": [{"item": 2, "prize": "碗"}]},
            r"individual_tiers\[0\] has no threshold",
        ),
        (
            {
                "individual_tiers": [
                    {"item": 1, "threshold": "1", "per_policy": True, "prize": "台历"}
                ]
            },
            "per policy, so it takes no threshold",
        ),
        (
            {
                "individual_tiers": [
                    {"item": 2, "threshold": "3000", "prize": "碗", "stacks": "yes"}
                ]
            },
            r"individual_tiers\[0\].stacks must be true or false",
        ),
        (
            {
                "individual_tiers": [
                    {"item": 2, "threshold": "3000", "prize": "碗"},
                    {"level": 2, "threshold": "5000", "prize": "皮带"},
                ]
            },
            "same item number 2",
        ),
        (
            {
                "individual_tiers": [
                    {"item": 1, "per_policy": True, "prize": "台历"},
                    {"item": 2, "per_policy": True, "prize": "笔"},
                ]
            },
            "Only one individual tier can be given per policy",
        ),
        (
            {"individual_tiers": [{"item": 2, "threshold": "3000", "prize": "碗", "value": "x"}]},
            r"individual_tiers\[0\].value: “x” is not an amount",
        ),
        ({"min_target": "5000"}, "“min_target” must be a mapping"),
        ({"min_target": {"full_time": "-5"}}, "min_target.full_time cannot be negative"),
    ],
)
def test_bad_extra_is_refused_with_a_clear_message(extra, message):
    with translation.override("en"), pytest.raises(ValueError, match=message):
        rewards.rules_from_extra(extra)


# --- the seed's reward scenarios --------------------------------------------------------


def test_seed_agent_when_the_department_reaches_its_goal():
    result = by_rule(awards(seed_agent(), "500000"))
    assert set(result) == {"individual.1", "individual.2", "individual.3", "individual.5"}
    assert result["individual.1"].quantity == 4
    assert result["individual.1"].label == "台历一份"
    assert result["individual.2"].label == "玲珑碗一套"
    assert result["individual.3"].label == "盒装皮带一套或玲珑碗两套（任选）"
    assert result["individual.5"].label == "海南旅游"
    assert all(a.status == EARNED for a in result.values())
    assert all(a.quantity == 1 for rule, a in result.items() if rule != "individual.1")
    assert all(a.policies == ("P0001", "P0002", "P0003", "P0004") for a in result.values())
    assert [a.item for a in awards(seed_agent(), "500000")] == [1, 2, 3, 5]


def test_seed_agent_when_the_department_ends_at_480000():
    result = by_rule(awards(seed_agent(), "480000"))
    assert set(result) == {"individual.1", "individual.2", "individual.3", "individual.5"}
    for rule in ("individual.1", "individual.2", "individual.3"):
        assert result[rule].status == EARNED
    assert result["individual.5"].status == PENDING_DEPARTMENT_GOAL
    assert "individual.4" not in result


def test_the_department_goal_is_reached_at_exactly_500000():
    assert by_rule(awards(seed_agent(), "500000"))["individual.5"].status == EARNED
    assert (
        by_rule(awards(seed_agent(), "499999.99"))["individual.5"].status == PENDING_DEPARTMENT_GOAL
    )


def test_awards_explain_rule_and_policies():
    result = by_rule(awards(seed_agent(), "480000"))
    assert result["individual.5"].explanation == (
        "Total premium 45,000 ≥ 40,000: 海南旅游 (item 5), from policies P0001, P0002, P0003, "
        "P0004. Items 4, 5 do not stack: only the highest reached is given. Granted only once "
        "the department reaches its goal of 500,000; it stands at 480,000."
    )
    assert result["individual.2"].explanation == (
        "Total premium 45,000 ≥ 3,000: 玲珑碗一套 (item 2), from policies P0001, P0002, P0003, "
        "P0004."
    )
    assert result["individual.1"].explanation == (
        "台历一份 × 4 (item 1): one per policy while stock lasts, first issued first served; "
        "from policies P0001, P0002, P0003, P0004."
    )


@pytest.mark.parametrize(
    ("premiums", "expected"),
    [
        ([], []),
        (["2999.99"], []),
        (["3000"], [2]),
        (["2000", "2999.99"], [2]),
        (["4999.99"], [2]),
        (["5000"], [2, 3]),
        (["19999.99"], [2, 3]),
        (["20000"], [2, 3, 4]),
        (["15000", "10000"], [2, 3, 4]),
        (["39999.99"], [2, 3, 4]),
        (["40000"], [2, 3, 5]),
        (["100000"], [2, 3, 5]),
    ],
)
def test_threshold_items_by_total(premiums, expected):
    agent = [policy(i, p, calendar=False) for i, p in enumerate(premiums, 1)]
    assert [a.item for a in awards(agent, GOAL)] == expected


def test_calendars_only_for_policies_that_got_one_from_the_stock():
    agent = [
        policy(1, "1000", "10-10", True),
        policy(2, "1000", "10-11", False),
        policy(3, "1500", "10-12", True),
    ]
    result = by_rule(awards(agent, "0"))
    assert result["individual.1"].quantity == 2
    assert result["individual.1"].policies == ("P0001", "P0003")
    assert result["individual.2"].policies == ("P0001", "P0002", "P0003")
    assert result["individual.1"].status == EARNED  # calendars never wait for the department


def test_no_calendar_award_when_no_policy_got_one():
    assert "individual.1" not in by_rule(awards([policy(1, "6000", calendar=False)], GOAL))


def test_policies_are_listed_first_issued_first():
    agent = [policy(9, "100", "10-20"), policy(3, "100", "10-11"), policy(5, "100", "10-11")]
    assert by_rule(awards(agent, GOAL))["individual.1"].policies == ("P0003", "P0005", "P0009")


# --- team rewards -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "reward"),
    [
        ("0", None),
        ("49999.99", None),
        ("50000", "200"),
        ("79999.99", "200"),
        ("80000", "500"),
        ("149999.99", "500"),
        ("150000", "1000"),
        ("160000", "1000"),
        ("9999999", "1000"),
    ],
)
def test_team_award_highest_tier_only(total, reward):
    with translation.override("en"):
        award = engine.team_award(D(total), DEFAULT_RULES)
    if reward is None:
        assert award is None
    else:
        assert award.amount == D(reward)
        assert (award.rule, award.item, award.quantity, award.status) == ("team", None, 1, EARNED)


def test_team_at_160000_gets_1000_only():
    with translation.override("en"):
        award = engine.team_award(D("160000"), DEFAULT_RULES)
    assert award.amount == D("1000")
    assert award.label == "Team fund 1,000"
    assert award.explanation == (
        "Team total 160,000 ≥ 150,000: team fund 1,000 (highest tier reached only)."
    )


# --- next tier, minimum target ------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "item", "shortfall"),
    [
        ("0", 2, "3000"),
        ("2500", 2, "500"),
        ("2999.99", 2, "0.01"),
        ("3000", 3, "2000"),
        ("5000", 4, "15000"),
        ("20000", 5, "20000"),
        ("39999.99", 5, "0.01"),
    ],
)
def test_next_tier(total, item, shortfall):
    tier, missing = engine.next_tier(D(total), DEFAULT_RULES)
    assert (tier.item, missing) == (item, D(shortfall))


@pytest.mark.parametrize("total", ["40000", "45000"])
def test_no_next_tier_at_the_top(total):
    assert engine.next_tier(D(total), DEFAULT_RULES) is None


def test_next_tier_from_2500_is_the_bowl_set():
    tier, missing = engine.next_tier(D("2500"), DEFAULT_RULES)
    assert tier.prize == "玲珑碗一套"
    assert missing == D("500")


@pytest.mark.parametrize(
    ("total", "full_time", "shortfall"),
    [
        ("0", True, "5000"),
        ("4000", True, "1000"),
        ("4999.99", True, "0.01"),
        ("5000", True, None),
        ("0", False, "3000"),
        ("2999.99", False, "0.01"),
        ("3000", False, None),
        ("4000", False, None),
    ],
)
def test_below_minimum(total, full_time, shortfall):
    expected = None if shortfall is None else D(shortfall)
    assert engine.below_minimum(D(total), full_time, DEFAULT_RULES) == expected


def test_minimum_target():
    assert engine.minimum_target(True, DEFAULT_RULES) == D("5000")
    assert engine.minimum_target(False, DEFAULT_RULES) == D("3000")


# --- calendars while stock lasts ----------------------------------------------------------


def test_no_stock_no_calendars():
    assert engine.calendars_to_allocate([(1, d("10-10")), (2, d("10-11"))], 0) == []


def test_less_stock_than_policies_first_issued_first_served():
    issued = [(7, d("10-14")), (3, d("10-12")), (9, d("10-10")), (4, d("10-13"))]
    assert engine.calendars_to_allocate(issued, 2) == [9, 3]


def test_more_stock_than_policies_gives_each_one():
    issued = [(1, d("10-11")), (2, d("10-10"))]
    assert engine.calendars_to_allocate(issued, 10) == [2, 1]


def test_same_day_ties_go_by_id():
    issued = [(12, d("10-11")), (5, d("10-11")), (8, d("10-11")), (1, d("10-12"))]
    assert engine.calendars_to_allocate(issued, 2) == [5, 8]


def test_negative_stock_is_refused():
    with translation.override("en"), pytest.raises(ValueError, match="cannot be negative"):
        engine.calendars_to_allocate([(1, d("10-10"))], -1)


# --- progress on the seed's calendar ------------------------------------------------------


CHECKPOINTS = [
    Checkpoint("第一阶段", d("10-10"), d("10-13"), D("125000")),
    Checkpoint("第二阶段", d("10-14"), d("10-17"), D("250000")),
    Checkpoint("第三阶段", d("10-18"), d("10-21"), D("375000")),
    Checkpoint("第四阶段", d("10-22"), d("10-25"), D("500000")),
]


def seed_progress(today, total, checkpoints=CHECKPOINTS):
    with translation.override("en"):
        return pace.progress(checkpoints, GOAL, START, END, d(today), D(total))


def test_progress_on_10_15_with_180000():
    p = seed_progress("10-15", "180000")
    assert p.current.name == "第二阶段"
    assert p.checkpoint_target == D("250000.00")
    # 125,000 + (250,000 − 125,000) × 2 of 4 days
    assert p.expected_today == D("187500.00")
    assert p.ahead is False
    assert p.shortfall_to_checkpoint == D("70000.00")
    assert p.days_left_in_checkpoint == 3  # 15, 16, 17
    assert p.required_daily_to_checkpoint == D("23333.33")  # 70,000 / 3
    assert p.days_left_in_period == 11  # 15 … 25
    assert p.shortfall_to_goal == D("320000.00")
    assert p.required_daily_to_goal == D("29090.91")  # 320,000 / 11 = 29,090.909…
    assert p.pace_per_day == D("30000.00")  # 180,000 / 6 days (10 … 15)
    assert p.projection == D("480000.00")  # 30,000 × 16


def test_progress_on_the_first_day():
    p = seed_progress("10-10", "40000")
    assert p.current.name == "第一阶段"
    assert p.expected_today == D("31250.00")  # 125,000 × 1/4
    assert p.ahead is True
    assert p.shortfall_to_checkpoint == D("85000.00")
    assert p.days_left_in_checkpoint == 4
    assert p.required_daily_to_checkpoint == D("21250.00")
    assert p.days_left_in_period == 16
    assert p.required_daily_to_goal == D("28750.00")  # 460,000 / 16
    assert p.pace_per_day == D("40000.00")
    assert p.projection == D("640000.00")


def test_progress_on_a_checkpoint_day_exactly_on_target():
    p = seed_progress("10-13", "125000")
    assert p.current.name == "第一阶段"
    assert p.expected_today == D("125000.00")
    assert p.ahead is True
    assert p.shortfall_to_checkpoint == D("0.00")
    assert p.days_left_in_checkpoint == 1
    assert p.required_daily_to_checkpoint == D("0.00")
    assert p.days_left_in_period == 13
    assert p.required_daily_to_goal == D("28846.15")  # 375,000 / 13 = 28,846.153…
    assert p.pace_per_day == D("31250.00")
    assert p.projection == D("500000.00")


def test_progress_rounds_half_up_and_projects_from_the_unrounded_pace():
    p = seed_progress("10-17", "100000.04")
    assert p.current.name == "第二阶段"
    assert p.ahead is False
    assert p.required_daily_to_checkpoint == D("149999.96")
    assert p.required_daily_to_goal == D("44444.44")  # 399,999.96 / 9
    assert p.pace_per_day == D("12500.01")  # 12,500.005 half-up (half-even gives .00)
    assert p.projection == D("200000.08")  # 12,500.005 × 16, not 12,500.01 × 16


def test_progress_before_the_period():
    p = seed_progress("10-01", "0")
    assert p.current.name == "第一阶段"
    assert p.expected_today == D("0.00")
    assert p.ahead is True
    assert p.days_left_in_checkpoint == 4
    assert p.required_daily_to_checkpoint == D("31250.00")
    assert p.days_left_in_period == 16
    assert p.required_daily_to_goal == D("31250.00")
    assert p.pace_per_day == D("0.00")
    assert p.projection == D("0.00")


def test_progress_after_the_period():
    p = seed_progress("10-28", "480000")
    assert p.current.name == "第四阶段"
    assert p.expected_today == D("500000.00")
    assert p.ahead is False
    assert p.shortfall_to_checkpoint == D("20000.00")
    assert p.days_left_in_checkpoint == 0
    assert p.required_daily_to_checkpoint is None
    assert p.days_left_in_period == 0
    assert p.required_daily_to_goal is None
    assert p.pace_per_day == D("30000.00")  # 480,000 over all 16 days
    assert p.projection == D("480000.00")


def test_progress_finds_the_checkpoint_whatever_the_order():
    p = seed_progress("10-19", "300000", checkpoints=list(reversed(CHECKPOINTS)))
    assert p.current.name == "第三阶段"
    assert p.expected_today == D("312500.00")  # 250,000 + 125,000 × 2/4


def test_progress_without_checkpoints_uses_the_whole_period():
    p = seed_progress("10-17", "250000", checkpoints=[])
    assert (p.current.start, p.current.end) == (START, END)
    assert p.checkpoint_target == D("500000.00")
    assert p.expected_today == D("250000.00")  # 500,000 × 8/16
    assert p.ahead is True


def test_progress_refuses_a_reversed_period():
    with translation.override("en"), pytest.raises(ValueError, match="ends"):
        pace.progress(CHECKPOINTS, GOAL, END, START, d("10-15"), D("0"))


# --- properties ---------------------------------------------------------------------------


money = st.decimals(min_value=D("0.01"), max_value=D("80000"), places=2)
dates = st.dates(min_value=START, max_value=END)


@st.composite
def agents(draw, min_size=0):
    n = draw(st.integers(min_value=min_size, max_value=8))
    return [
        PolicyFact(i, f"P{i}", draw(money), draw(dates), draw(st.booleans()))
        for i in range(1, n + 1)
    ]


@st.composite
def reward_rules(draw):
    """The seed's rules, or generated ones with any mix of stacking and exclusive tiers."""
    if draw(st.booleans()):
        return DEFAULT_RULES
    n = draw(st.integers(min_value=0, max_value=6))
    thresholds = draw(
        st.lists(
            st.decimals(min_value=1, max_value=90000, places=0), min_size=n, max_size=n, unique=True
        )
    )
    tiers = [IndividualTier(1, None, "calendar", True, draw(st.booleans()), per_policy=True)]
    tiers += [
        IndividualTier(i, t, f"prize {i}", draw(st.booleans()), draw(st.booleans()))
        for i, t in enumerate(thresholds, 2)
    ]
    return RewardRules(D(draw(st.integers(1, 1000000))), (), tuple(tiers), D("5000"), D("3000"))


def exclusive_items(rule_set):
    return {t.item for t in rule_set.individual_tiers if not t.stacks and not t.per_policy}


def threshold_of(rule_set, item):
    return next(t.threshold for t in rule_set.individual_tiers if t.item == item)


@given(reward_rules(), agents(), st.data())
def test_awards_never_decrease_when_premium_is_added(rule_set, agent, data):
    more = list(agent)
    if agent and data.draw(st.booleans()):  # raise one policy's premium
        i = data.draw(st.integers(0, len(agent) - 1))
        p = agent[i]
        more[i] = PolicyFact(p.id, p.number, p.premium + data.draw(money), p.issued_on, p.calendar)
    else:  # or add a policy
        more.append(
            PolicyFact(99, "P99", data.draw(money), data.draw(dates), data.draw(st.booleans()))
        )
    department = data.draw(st.decimals(min_value=0, max_value=1000000, places=2))
    department_later = department + data.draw(st.decimals(min_value=0, max_value=500000, places=2))
    before = awards(agent, department, rule_set)
    after = awards(more, department_later, rule_set)
    exclusive = exclusive_items(rule_set)
    after_by_rule = by_rule(after)

    # stacking awards stay, with at least the same quantity, and never fall back to pending
    for award in before:
        if award.item in exclusive:
            continue
        assert award.rule in after_by_rule
        later = after_by_rule[award.rule]
        assert later.quantity >= award.quantity
        assert not (award.status == EARNED and later.status != EARNED)
    # the exclusive award can only move up
    best_before = [a for a in before if a.item in exclusive]
    best_after = [a for a in after if a.item in exclusive]
    if best_before:
        assert best_after
        assert threshold_of(rule_set, best_after[0].item) >= threshold_of(
            rule_set, best_before[0].item
        )
        if best_before[0].status == EARNED:
            assert best_after[0].status == EARNED
    # and in total, nothing is lost
    assert sum(a.quantity for a in after) >= sum(a.quantity for a in before)
    assert len(after) >= len(before)
    before_counts = Counter(
        (a.rule, a.quantity) for a in before if a.item not in exclusive and a.item != 1
    )
    after_counts = Counter(
        (a.rule, a.quantity) for a in after if a.item not in exclusive and a.item != 1
    )
    assert not before_counts - after_counts


@given(reward_rules(), agents(), st.decimals(min_value=0, max_value=1000000, places=2))
def test_never_two_exclusive_items_to_one_agent(rule_set, agent, department):
    result = awards(agent, department, rule_set)
    assert sum(1 for a in result if a.item in exclusive_items(rule_set)) <= 1
    if rule_set is DEFAULT_RULES:
        assert not {"individual.4", "individual.5"} <= set(by_rule(result))
    assert len(result) == len(by_rule(result))  # one award per rule


@given(agents(), st.decimals(min_value=0, max_value=1000000, places=2))
def test_exclusive_item_is_the_highest_reached(agent, department):
    total = sum((p.premium for p in agent), D("0"))
    items = {a.item for a in awards(agent, department)}
    if total >= D("40000"):
        assert 5 in items and 4 not in items
    elif total >= D("20000"):
        assert 4 in items and 5 not in items
    else:
        assert not items & {4, 5}


@st.composite
def issued_policies(draw):
    ids = draw(st.lists(st.integers(1, 10000), unique=True, max_size=40))
    return [(i, draw(dates)) for i in ids]


@given(issued_policies(), st.integers(0, 50))
def test_calendar_allocation_never_exceeds_stock(issued, stock):
    allocated = engine.calendars_to_allocate(issued, stock)
    assert len(allocated) <= stock
    assert len(allocated) <= len(issued)
    assert len(allocated) == min(stock, len(issued))
    assert len(set(allocated)) == len(allocated)
    issued_on = dict(issued)
    assert set(allocated) <= set(issued_on)
    # first issued, first served: nobody left out was issued before someone served
    left_out = set(issued_on) - set(allocated)
    for served in allocated:
        for other in left_out:
            assert (issued_on[served], served) < (issued_on[other], other)


@given(issued_policies(), st.integers(0, 50), st.integers(1, 5))
def test_calendar_awards_across_agents_never_exceed_stock(issued, stock, agent_count):
    allocated = set(engine.calendars_to_allocate(issued, stock))
    agents_policies = [[] for _ in range(agent_count)]
    for policy_id, issued_on in issued:
        agents_policies[policy_id % agent_count].append(
            PolicyFact(policy_id, f"P{policy_id}", D("1000"), issued_on, policy_id in allocated)
        )
    calendars = sum(
        a.quantity
        for agent in agents_policies
        for a in awards(agent, GOAL)
        if a.rule == "individual.1"
    )
    assert calendars == len(allocated) <= stock


@given(
    st.decimals(min_value=0, max_value=500000, places=2),
    st.decimals(min_value=0, max_value=500000, places=2),
)
def test_team_award_is_monotone_in_total(total, extra):
    def reward(amount):
        award = engine.team_award(amount, DEFAULT_RULES)
        return D("0") if award is None else award.amount

    with translation.override("en"):
        assert reward(total + extra) >= reward(total)


@given(st.decimals(min_value=0, max_value=100000, places=2))
def test_next_tier_is_the_closest_threshold_above(total):
    found = engine.next_tier(total, DEFAULT_RULES)
    thresholds = [t.threshold for t in DEFAULT_RULES.individual_tiers if t.threshold]
    if found is None:
        assert total >= max(thresholds)
    else:
        tier, missing = found
        assert missing > 0
        assert total + missing == tier.threshold
        assert not [t for t in thresholds if total < t < tier.threshold]


@given(dates, st.decimals(min_value=0, max_value=1000000, places=2))
def test_progress_amounts_are_consistent(today, total):
    p = seed_progress(f"{today.month}-{today.day}", total)
    assert p.current.start <= today <= p.current.end
    assert p.shortfall_to_checkpoint >= 0
    assert p.ahead == (total >= p.expected_today)
    assert 1 <= p.days_left_in_checkpoint <= 4
    assert p.days_left_in_period == (END - today).days + 1
    assert all(
        value == value.quantize(D("0.01"))
        for value in (
            p.checkpoint_target,
            p.expected_today,
            p.shortfall_to_checkpoint,
            p.required_daily_to_checkpoint,
            p.shortfall_to_goal,
            p.required_daily_to_goal,
            p.pace_per_day,
            p.projection,
        )
    )
