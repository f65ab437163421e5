"""The pure rules of marketing plans (campaigns/plans/rules.py): Chinese section numbers,
the status lifecycle, task due dates and the consistency checks, example by example, plus
properties over generated plans. No database."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import product

import pytest
from django.utils import translation
from hypothesis import assume, given
from hypothesis import strategies as st

from campaigns.plans import rules
from campaigns.plans.rules import Finding, GroupFact, PlanFacts, StageFact, TaskFact
from tests.campaigns.plans.labels import LABELS

STATUSES = ["draft", "approved", "running", "closed"]
ALLOWED = [
    ("draft", "approved"),
    ("approved", "running"),
    ("approved", "draft"),
    ("running", "closed"),
]
FIX_ERRORS_FIRST = "Fix the errors listed under Consistency checks before approving."

START, END = date(2005, 10, 10), date(2005, 10, 25)


def check(facts):
    with translation.override("en"):
        return rules.check_plan(facts)


def stage(id, name, start, end, target=None):  # noqa: A002 - mirrors StageFact.id
    return StageFact(id, name, start, end, None if target is None else Decimal(target))


def d(month_day):
    """'10-18' → 2005-10-18 (the contest's year)."""
    month, day = month_day.split("-")
    return date(2005, int(month), int(day))


def contest(stages, **fields):
    return PlanFacts(
        start=fields.pop("start", START),
        end=fields.pop("end", END),
        anchor=fields.pop("anchor", None),
        budget_total=fields.pop("budget_total", None),
        stages=stages,
        **fields,
    )


def contest_stages(fourth_start="10-22"):
    return [
        stage(1, "第一阶段", d("10-10"), d("10-13"), "125000"),
        stage(2, "第二阶段", d("10-14"), d("10-17"), "250000"),
        stage(3, "第三阶段", d("10-18"), d("10-21"), "375000"),
        stage(4, "第四阶段", d(fourth_start), d("10-25"), "500000"),
    ]


# --- Chinese section numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "numeral"),
    [
        (1, "一"),
        (2, "二"),
        (3, "三"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (30, "三十"),
        (45, "四十五"),
        (90, "九十"),
        (99, "九十九"),
    ],
)
def test_chinese_numeral(n, numeral):
    assert rules.chinese_numeral(n) == numeral


@pytest.mark.parametrize(("n", "text"), [(100, "100"), (101, "101"), (1234, "1234")])
def test_chinese_numeral_from_100_is_plain_digits(n, text):
    assert rules.chinese_numeral(n) == text


@pytest.mark.parametrize("n", [0, -1, -10])
def test_chinese_numeral_starts_at_one(n):
    with pytest.raises(ValueError, match="section numbers start at 1"):
        rules.chinese_numeral(n)


def test_chinese_numerals_1_to_99_are_distinct_and_chinese():
    numerals = [rules.chinese_numeral(n) for n in range(1, 100)]
    assert len(set(numerals)) == 99
    assert all(set(numeral) <= set("一二三四五六七八九十") for numeral in numerals)
    assert "零" not in "".join(numerals)
    assert all(1 <= len(numeral) <= 3 for numeral in numerals)


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numeral_reads_back(n):
    numeral = rules.chinese_numeral(n)
    values = {c: i for i, c in enumerate(rules.DIGITS)}
    if "十" in numeral:
        tens, _sep, ones = numeral.partition("十")
        value = (values[tens] if tens else 1) * 10 + (values[ones] if ones else 0)
    else:
        value = values[numeral]
    assert value == n


# --- the status lifecycle -------------------------------------------------------------------


def test_transitions_table():
    assert rules.TRANSITIONS == {
        "draft": ("approved",),
        "approved": ("running", "draft"),
        "running": ("closed",),
        "closed": (),
    }


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_allowed_transitions(current, target):
    assert rules.transition_error(current, target, False) is None


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "running"),
        ("draft", "closed"),
        ("draft", "draft"),
        ("approved", "closed"),
        ("approved", "approved"),
        ("running", "approved"),
        ("running", "draft"),
        ("closed", "draft"),
        ("closed", "approved"),
        ("closed", "running"),
        ("closed", "closed"),
        ("draft", "archived"),
        ("archived", "draft"),
    ],
)
def test_refused_transitions(current, target):
    with translation.override("en"):
        for blocking in (False, True):
            assert rules.transition_error(current, target, blocking) == (
                f"A plan in status “{LABELS[current]}” cannot move to “{LABELS[target]}”."
            )


def test_every_pair_is_allowed_exactly_when_listed():
    for current, target in product(STATUSES, STATUSES):
        error = rules.transition_error(current, target, False)
        assert (error is None) == ((current, target) in ALLOWED), (current, target)


def test_approval_is_blocked_by_errors():
    with translation.override("en"):
        assert rules.transition_error("draft", "approved", True) == FIX_ERRORS_FIRST


@pytest.mark.parametrize(("current", "target"), [p for p in ALLOWED if p[1] != "approved"])
def test_errors_block_only_approval(current, target):
    assert rules.transition_error(current, target, True) is None


# --- task due dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_date", "offset", "anchor", "expected"),
    [
        (date(2009, 5, 10), None, None, date(2009, 5, 10)),
        (date(2009, 5, 10), None, date(2009, 5, 17), date(2009, 5, 10)),
        (None, -15, date(2009, 5, 17), date(2009, 5, 2)),
        (None, -1, date(2009, 5, 17), date(2009, 5, 16)),
        (None, 0, date(2009, 5, 17), date(2009, 5, 17)),
        (None, 14, date(2009, 5, 17), date(2009, 5, 31)),
        (None, -20, date(2009, 3, 1), date(2009, 2, 9)),
        (None, -15, None, None),
        (None, None, date(2009, 5, 17), None),
        (None, None, None, None),
    ],
)
def test_task_due(due_date, offset, anchor, expected):
    assert rules.task_due(due_date, offset, anchor) == expected


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=-3650, max_value=3650),
)
def test_relative_due_date_is_anchor_plus_offset(anchor, offset):
    assert (rules.task_due(None, offset, anchor) - anchor).days == offset


@pytest.mark.parametrize("offset", [1, 100_000, 2_147_483_647])
def test_task_due_past_the_calendar_is_unknown_not_a_crash(offset):
    assert rules.task_due(None, offset, date(9999, 12, 31)) is None
    assert rules.task_due(None, -offset, date(1, 1, 1)) is None


# --- consistency checks: stages -------------------------------------------------------------


def test_the_template_contest_stages_give_no_findings():
    assert check(contest(contest_stages())) == []


def test_the_seed_contest_stage_4_overlaps_stage_3():
    """The source plan writes stage 4 as 10-18..10-25, on top of stage 3 (10-18..10-21)."""
    assert check(contest(contest_stages(fourth_start="10-18"))) == [
        Finding(
            "error",
            "stage",
            4,
            "Stage “第四阶段” (2005-10-18 – 2005-10-25) overlaps stage “第三阶段” "
            "(2005-10-18 – 2005-10-21).",
            "Start “第四阶段” the day after “第三阶段” ends (2005-10-22).",
        ),
    ]


def test_overlap_is_found_whatever_the_plan_order():
    stages = contest_stages(fourth_start="10-18")
    findings = check(contest([stages[3], stages[1], stages[0], stages[2]]))
    overlaps = [f for f in findings if "overlaps" in f.message]
    assert [(f.part_id, f.fix) for f in overlaps] == [
        (4, "Start “第四阶段” the day after “第三阶段” ends (2005-10-22).")
    ]


def test_stages_touching_by_one_day_overlap():
    findings = check(
        contest([stage(1, "A", d("10-10"), d("10-15")), stage(2, "B", d("10-15"), d("10-20"))])
    )
    assert findings == [
        Finding(
            "error",
            "stage",
            2,
            "Stage “B” (2005-10-15 – 2005-10-20) overlaps stage “A” (2005-10-10 – 2005-10-15).",
            "Start “B” the day after “A” ends (2005-10-16).",
        )
    ]


def test_adjacent_stages_do_not_overlap():
    assert (
        check(
            contest(
                [
                    stage(1, "A", d("10-10"), d("10-15")),
                    stage(2, "B", d("10-16"), d("10-16")),
                    stage(3, "C", d("10-17"), d("10-25")),
                ]
            )
        )
        == []
    )


def test_a_long_stage_overlaps_every_stage_inside_it():
    findings = check(
        contest(
            [
                stage(1, "A", d("10-10"), d("10-25")),
                stage(2, "B", d("10-12"), d("10-13")),
                stage(3, "C", d("10-16"), d("10-18")),
            ]
        )
    )
    assert [(f.level, f.part_id, f.fix) for f in findings] == [
        ("error", 2, "Start “B” the day after “A” ends (2005-10-26)."),
        ("error", 3, "Start “C” the day after “A” ends (2005-10-26)."),
    ]


def test_overlap_at_the_end_of_the_calendar_does_not_crash():
    findings = check(
        PlanFacts(
            start=None,
            end=None,
            anchor=None,
            budget_total=None,
            stages=[
                stage(1, "A", date(9999, 12, 1), date.max),
                stage(2, "B", date(9999, 12, 30), date.max),
            ],
        )
    )
    assert [(f.part_id, f.fix) for f in findings] == [
        (2, "Start “B” the day after “A” ends (9999-12-31).")
    ]


def test_stage_ending_before_it_starts():
    assert check(contest([stage(7, "倒挂阶段", d("10-20"), d("10-12"))])) == [
        Finding(
            "error",
            "stage",
            7,
            "Stage “倒挂阶段” ends before it starts.",
            "Set its end date on or after its start date.",
        )
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("10-09", "10-12"),  # starts the day before the plan
        ("10-20", "10-26"),  # ends the day after the plan
        ("10-01", "10-31"),  # both
        ("11-01", "11-05"),  # wholly after
    ],
)
def test_stage_outside_the_plan_dates(start, end):
    assert check(contest([stage(5, "S", d(start), d(end))])) == [
        Finding(
            "error",
            "stage",
            5,
            f"Stage “S” (2005-{start} – 2005-{end}) lies outside the plan's dates.",
            "Move the stage inside the plan's dates, or widen the plan's dates.",
        )
    ]


def test_stage_on_the_plan_edges_is_inside():
    assert check(contest([stage(5, "S", START, END)])) == []


def test_plan_without_dates_has_no_outside_stages():
    facts = PlanFacts(
        start=None,
        end=None,
        anchor=None,
        budget_total=None,
        stages=[stage(1, "S", date(1999, 1, 1), date(2030, 1, 1))],
    )
    assert check(facts) == []


def test_plan_with_only_a_start_checks_the_start():
    facts = PlanFacts(
        start=START,
        end=None,
        anchor=None,
        budget_total=None,
        stages=[
            stage(1, "early", d("10-01"), d("10-05")),
            stage(2, "late", d("12-01"), date(2006, 5, 1)),
        ],
    )
    assert [f.part_id for f in check(facts)] == [1]


def test_decreasing_cumulative_target():
    stages = contest_stages()
    stages[2] = stage(3, "第三阶段", d("10-18"), d("10-21"), "200000")
    assert check(contest(stages)) == [
        Finding(
            "error",
            "stage",
            3,
            "Cumulative target of “第三阶段” (200,000) is lower than that of “第二阶段” (250,000).",
            "Cumulative targets count everything so far: each stage's target must be at least "
            "the previous one's.",
        )
    ]


def test_equal_cumulative_targets_are_fine():
    assert (
        check(
            contest(
                [
                    stage(1, "A", d("10-10"), d("10-15"), "100"),
                    stage(2, "B", d("10-16"), d("10-25"), "100"),
                ]
            )
        )
        == []
    )


def test_stages_without_a_target_are_skipped_when_comparing():
    findings = check(
        contest(
            [
                stage(1, "A", d("10-10"), d("10-12"), "1000.50"),
                stage(2, "B", d("10-13"), d("10-15")),
                stage(3, "C", d("10-16"), d("10-25"), "999"),
            ]
        )
    )
    assert [(f.part_id, f.message) for f in findings] == [
        (3, "Cumulative target of “C” (999) is lower than that of “A” (1,000.50).")
    ]


# --- consistency checks: tasks --------------------------------------------------------------


def test_task_due_after_the_plan_ends_is_a_warning():
    facts = contest([], tasks=[TaskFact(8, "总结表彰", date(2005, 10, 28), None)])
    assert check(facts) == [
        Finding(
            "warning",
            "task",
            8,
            "Task “总结表彰” is due 2005-10-28, after the plan ends (2005-10-25).",
            "Bring the task forward, or extend the plan's end date.",
        )
    ]


def test_relative_task_resolving_after_the_plan_ends_is_a_warning():
    facts = contest([], anchor=d("10-20"), tasks=[TaskFact(9, "回访", None, 7)])
    assert check(facts) == [
        Finding(
            "warning",
            "task",
            9,
            "Task “回访” is due 2005-10-27, after the plan ends (2005-10-25).",
            "Bring the task forward, or extend the plan's end date.",
        )
    ]


def test_tasks_due_on_or_before_the_end_are_fine():
    facts = contest(
        [],
        anchor=d("10-20"),
        tasks=[
            TaskFact(1, "a", END, None),
            TaskFact(2, "b", None, 5),
            TaskFact(3, "c", None, -15),
            TaskFact(4, "no date yet", None, None),
        ],
    )
    assert check(facts) == []


def test_plan_without_end_has_no_late_tasks():
    facts = PlanFacts(
        start=None,
        end=None,
        anchor=None,
        budget_total=None,
        tasks=[TaskFact(1, "a", date(2099, 1, 1), None)],
    )
    assert check(facts) == []


def test_relative_task_without_anchor_is_an_error():
    facts = contest([], tasks=[TaskFact(3, "办理审批", None, -15), TaskFact(4, "固定", END, None)])
    assert check(facts) == [
        Finding(
            "error",
            "task",
            3,
            "Task “办理审批” is due -15 days from the anchor date, "
            "but the plan has no anchor date.",
            "Set the plan's anchor date (e.g. the event day), or give the task a date.",
        )
    ]


def test_relative_task_without_anchor_is_not_also_late():
    facts = PlanFacts(
        start=None,
        end=date(2000, 1, 1),
        anchor=None,
        budget_total=None,
        tasks=[TaskFact(3, "t", None, 30)],
    )
    assert [f.level for f in check(facts)] == ["error"]


def test_relative_task_far_past_the_calendar_does_not_crash():
    facts = PlanFacts(
        start=None,
        end=date(9999, 12, 1),
        anchor=date(9999, 12, 31),
        budget_total=None,
        tasks=[TaskFact(3, "t", None, 100_000)],
    )
    assert check(facts) == []


# --- consistency checks: budget and groups --------------------------------------------------


def test_budget_over_the_ceiling_names_the_amount_over():
    facts = contest(
        [], budget_total=Decimal("10000"), budget_amounts=[Decimal("6000"), Decimal("5000.50")]
    )
    assert check(facts) == [
        Finding(
            "error",
            "budget",
            None,
            "Budget lines add up to 11,000.50, more than the ceiling of 10,000.",
            "Cut 1,000.50 from the lines, or raise the ceiling.",
        )
    ]


def test_budget_exactly_at_the_ceiling_is_fine():
    facts = contest(
        [], budget_total=Decimal("10000"), budget_amounts=[Decimal("6000"), Decimal("4000.00")]
    )
    assert check(facts) == []


def test_budget_without_a_ceiling_is_never_over():
    facts = contest([], budget_amounts=[Decimal("99999999")])
    assert check(facts) == []


def test_zero_ceiling():
    facts = contest([], budget_total=Decimal("0"), budget_amounts=[Decimal("0.01")])
    assert [(f.message, f.fix) for f in check(facts)] == [
        (
            "Budget lines add up to 0.01, more than the ceiling of 0.",
            "Cut 0.01 from the lines, or raise the ceiling.",
        )
    ]


@pytest.mark.parametrize("leader", ["", "   ", "\n"])
def test_work_group_without_a_leader_is_a_warning(leader):
    facts = contest(
        [], groups=[GroupFact(1, "领导小组", "经理"), GroupFact(2, "后勤保障组", leader)]
    )
    assert check(facts) == [
        Finding(
            "warning",
            "work_group",
            2,
            "Work group “后勤保障组” has no leader.",
            "Name the person who leads it.",
        )
    ]


# --- all together ---------------------------------------------------------------------------


def test_errors_come_before_warnings():
    facts = contest(
        contest_stages(fourth_start="10-18"),
        budget_total=Decimal("100"),
        budget_amounts=[Decimal("150")],
        tasks=[TaskFact(11, "late", date(2005, 11, 1), None), TaskFact(12, "rel", None, -3)],
        groups=[GroupFact(21, "无人组", "")],
    )
    findings = check(facts)
    assert [(f.level, f.part, f.part_id) for f in findings] == [
        ("error", "stage", 4),
        ("error", "task", 12),
        ("error", "budget", None),
        ("warning", "task", 11),
        ("warning", "work_group", 21),
    ]
    assert rules.has_errors(findings)


def test_warnings_alone_do_not_count_as_errors():
    facts = contest([], groups=[GroupFact(1, "g", "")])
    findings = check(facts)
    assert [f.level for f in findings] == ["warning"]
    assert not rules.has_errors(findings)
    assert not rules.has_errors([])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12500"), "12,500"),
        (Decimal("12500.00"), "12,500"),
        (Decimal("12500.5"), "12,500.50"),
        (Decimal("0"), "0"),
        (Decimal("999.99"), "999.99"),
        (500000, "500,000"),
        ("1234567.8", "1,234,567.80"),
    ],
)
def test_figure(value, text):
    assert rules.figure(value) == text


# --- properties -----------------------------------------------------------------------------


@st.composite
def consecutive_stages(draw, min_size=0):
    """A plan with stages as consecutive, non-overlapping date ranges (at least one day
    apart), non-decreasing cumulative targets (some left out), all inside the plan."""
    plan_start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)))
    count = draw(st.integers(min_value=min_size, max_value=8))
    lengths = draw(st.lists(st.integers(0, 40), min_size=count, max_size=count))
    gaps = draw(st.lists(st.integers(0, 10), min_size=count, max_size=count))
    targets = sorted(draw(st.lists(st.integers(0, 10**9), min_size=count, max_size=count)))
    keep = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    stages, day = [], plan_start + timedelta(days=draw(st.integers(0, 5)))
    for i in range(count):
        start = day + timedelta(days=gaps[i])
        end = start + timedelta(days=lengths[i])
        stages.append(stage(i + 1, f"S{i + 1}", start, end, targets[i] if keep[i] else None))
        day = end + timedelta(days=1)
    plan_end = day + timedelta(days=draw(st.integers(0, 5)))
    return PlanFacts(start=plan_start, end=plan_end, anchor=None, budget_total=None, stages=stages)


@given(consecutive_stages())
def test_consecutive_stages_give_no_findings(facts):
    assert check(facts) == []


@given(consecutive_stages(min_size=2), st.data())
def test_pulling_a_stage_back_into_the_previous_one_gives_exactly_one_overlap(facts, data):
    stages = list(facts.stages)
    i = data.draw(st.integers(1, len(stages) - 1))
    before, moved = stages[i - 1], stages[i]
    new_start = data.draw(st.dates(min_value=before.start, max_value=before.end))
    stages[i] = StageFact(moved.id, moved.name, new_start, moved.end, moved.cumulative_target)
    findings = check(
        PlanFacts(start=facts.start, end=facts.end, anchor=None, budget_total=None, stages=stages)
    )
    assert findings == [
        Finding(
            "error",
            "stage",
            moved.id,
            f"Stage “{moved.name}” ({new_start} – {moved.end}) overlaps stage “{before.name}” "
            f"({before.start} – {before.end}).",
            f"Start “{moved.name}” the day after “{before.name}” ends "
            f"({before.end + timedelta(days=1)}).",
        )
    ]


@given(consecutive_stages(min_size=2), st.data())
def test_lowering_one_target_gives_exactly_one_target_error(facts, data):
    stages = [s for s in facts.stages if s.cumulative_target is not None]
    if len(stages) < 2:
        stages = [
            StageFact(s.id, s.name, s.start, s.end, Decimal(i)) for i, s in enumerate(facts.stages)
        ]
    i = data.draw(st.integers(1, len(stages) - 1))
    previous = stages[i - 1].cumulative_target
    assume(previous > 0)
    lowered = data.draw(st.integers(0, int(previous) - 1))
    s = stages[i]
    stages[i] = StageFact(s.id, s.name, s.start, s.end, Decimal(lowered))
    findings = check(
        PlanFacts(start=facts.start, end=facts.end, anchor=None, budget_total=None, stages=stages)
    )
    assert [(f.level, f.part_id) for f in findings] == [("error", s.id)]
    assert f"“{s.name}” ({rules.figure(lowered)})" in findings[0].message


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
amounts = st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def any_plan(draw):
    def maybe(strategy):
        return draw(st.one_of(st.none(), strategy))

    stages = [
        stage(i, f"S{i}", draw(dates), draw(dates), maybe(st.integers(0, 10**6)))
        for i in range(draw(st.integers(0, 5)))
    ]
    tasks = []
    for i in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            tasks.append(TaskFact(100 + i, f"T{i}", maybe(dates), None))
        else:
            tasks.append(TaskFact(100 + i, f"T{i}", None, maybe(st.integers(-400, 400))))
    groups = [
        GroupFact(200 + i, f"G{i}", draw(st.sampled_from(["", " ", "甲"])))
        for i in range(draw(st.integers(0, 3)))
    ]
    return PlanFacts(
        start=maybe(dates),
        end=maybe(dates),
        anchor=maybe(dates),
        budget_total=maybe(amounts),
        stages=stages,
        tasks=tasks,
        budget_amounts=draw(st.lists(amounts, max_size=4)),
        groups=groups,
    )


@given(any_plan())
def test_findings_are_well_formed_and_errors_first(facts):
    findings = check(facts)
    levels = [f.level for f in findings]
    assert levels == sorted(levels, key=lambda level: level != "error")
    assert set(levels) <= {"error", "warning"}
    ids = {
        "stage": {s.id for s in facts.stages},
        "task": {t.id for t in facts.tasks},
        "work_group": {g.id for g in facts.groups},
        "budget": {None},
    }
    for f in findings:
        assert f.part_id in ids[f.part]
        assert f.message and f.fix
    assert rules.has_errors(findings) == ("error" in levels)
    budget = [f for f in findings if f.part == "budget"]
    over = facts.budget_total is not None and sum(facts.budget_amounts) > facts.budget_total
    assert len(budget) == (1 if over else 0)
    leaderless = [g.id for g in facts.groups if not g.leader.strip()]
    assert [f.part_id for f in findings if f.part == "work_group"] == leaderless
