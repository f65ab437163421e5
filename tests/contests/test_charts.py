"""The contest's charts answer the question (issue 16, item 7): the progress chart always
shows the goal line and every checkpoint with its label and date, a legend and today's
marker, with the value axis reaching the goal from the first day; the team chart shows
every fund tier with its label along its line and a legend."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from contests import charts
from contests.rules.pace import Checkpoint

START, END = date(2005, 10, 10), date(2005, 10, 25)
CHECKPOINTS = [
    Checkpoint("第一阶段:开门红", START, date(2005, 10, 13), Decimal("125000")),
    Checkpoint("第二阶段:过半", date(2005, 10, 14), date(2005, 10, 17), Decimal("250000")),
    Checkpoint("第三阶段:咬紧目标", date(2005, 10, 18), date(2005, 10, 21), Decimal("375000")),
    Checkpoint("第四阶段:全力冲刺", date(2005, 10, 22), END, Decimal("500000")),
]
CONTEST = SimpleNamespace(period_start=START, period_end=END, goal=Decimal("500000"))
DAILY = {date(2005, 10, 10): Decimal("20000"), date(2005, 10, 11): Decimal("12000")}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _series(option, name):
    return next(s for s in option["series"] if s["name"] == name)


def test_the_axis_reaches_the_goal_while_the_total_is_far_below():
    option = charts.progress_chart(CONTEST, CHECKPOINTS, DAILY, date(2005, 10, 11))
    assert _series(option, "Cumulative premium")["data"][:3] == [20000.0, 32000.0, None]
    assert option["yAxis"]["min"] == 0
    assert option["yAxis"]["max"] >= 500000  # not the current 32,000
    goal = _series(option, "Goal")["markLine"]["data"]
    assert goal == [
        {
            "yAxis": 500000.0,
            "label": {
                "formatter": "Goal 500,000",
                "position": "insideStartTop",
                "color": "#b45309",
            },
        }
    ]


def test_every_checkpoint_has_its_label_date_and_target():
    option = charts.progress_chart(CONTEST, CHECKPOINTS, DAILY, date(2005, 10, 11))
    points = _series(option, "Checkpoints")["data"]
    assert [(p["name"], p["value"]) for p in points] == [
        ("第一阶段:开门红", ["10-13", 125000.0]),
        ("第二阶段:过半", ["10-17", 250000.0]),
        ("第三阶段:咬紧目标", ["10-21", 375000.0]),
        ("第四阶段:全力冲刺", ["10-25", 500000.0]),
    ]
    assert option["xAxis"]["data"][0] == "10-10"  # short day labels, one per day
    assert [p["label"]["formatter"] for p in points] == [
        "第一阶段:开门红\n10-13 · 125,000",
        "第二阶段:过半\n10-17 · 250,000",
        "第三阶段:咬紧目标\n10-21 · 375,000",
        "第四阶段:全力冲刺\n10-25 · 500,000",
    ]
    assert all(p["label"]["show"] for p in points)
    # In the period's second half the label goes to the left of its point.
    assert [p["label"]["position"] for p in points] == ["right", "right", "left", "left"]


def test_a_legend_names_the_line_the_checkpoints_the_goal_and_today():
    option = charts.progress_chart(CONTEST, CHECKPOINTS, DAILY, date(2005, 10, 11))
    assert "legend" in option
    assert [s["name"] for s in option["series"]] == [
        "Cumulative premium",
        "Checkpoints",
        "Goal",
        "Today",
    ]


@pytest.mark.parametrize(
    ("today", "at", "label"),
    [
        (date(2005, 10, 11), "10-11", "Today 10-11"),
        (date(2005, 10, 1), "10-10", "Today 10-01 (before the start)"),
        (date(2026, 12, 3), "10-25", "Today 12-03 (after the end)"),
    ],
)
def test_today_is_marked_and_says_so_when_outside_the_period(today, at, label):
    option = charts.progress_chart(CONTEST, CHECKPOINTS, DAILY, today)
    line = _series(option, "Today")["markLine"]
    # From 0 to the top of the value axis, on the day.
    assert line["data"] == [[{"coord": [at, 0]}, {"coord": [at, option["yAxis"]["max"]]}]]
    assert line["label"]["formatter"] == label
    assert at in option["xAxis"]["data"]


@dataclass
class Tier:
    threshold: Decimal
    reward: Decimal


def test_the_team_chart_shows_every_tier_along_its_line_with_a_legend():
    rules = SimpleNamespace(
        team_tiers=[
            Tier(Decimal("50000"), Decimal("200")),
            Tier(Decimal("80000"), Decimal("500")),
            Tier(Decimal("150000"), Decimal("1000")),
        ]
    )
    teams = [
        {"team": SimpleNamespace(name="一组"), "total": Decimal("62000")},
        {"team": SimpleNamespace(name="二组"), "total": Decimal("12000")},
    ]
    option = charts.team_chart(teams, rules)
    assert "legend" in option
    assert [s["name"] for s in option["series"]] == ["Team total", "Team fund tier"]
    marks = _series(option, "Team fund tier")["markLine"]["data"]
    assert [(m["xAxis"], m["label"]["formatter"]) for m in marks] == [
        (50000.0, "50,000 → 200"),
        (80000.0, "80,000 → 500"),
        (150000.0, "150,000 → 1,000"),
    ]
    # along the line, from its top end: clear of the value axis labels at the bottom
    assert {m["label"]["position"] for m in marks} == {"insideStartTop"}
    assert option["xAxis"]["max"] >= 150000
