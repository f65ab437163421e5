"""The built-in plan templates: pure checks of their specs (no database)."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import nh3
import pytest
from django.core.exceptions import FieldDoesNotExist

from campaigns.plans import models
from campaigns.plans.builtin import BUILTIN_TEMPLATES, BuiltinTemplate
from campaigns.plans.spec import shift_dates

KEYS = ["franchise", "contest", "decoration_event", "telecom_day", "family_bundle"]
ALLOWED_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
DATE_KEYS = {"start_date", "end_date", "anchor_date", "due_date"}
DECIMAL_KEYS = {
    "target_value",
    "cumulative_target",
    "amount",
    "budget_total",
    "threshold",
    "reward",
    "value",
    "price",
    "commission",
    "full_time",
    "part_time",
}
PART_MODELS = {
    "goals": models.Goal,
    "stages": models.Stage,
    "sections": models.Section,
    "work_groups": models.WorkGroup,
    "tasks": models.Task,
    "budget_lines": models.BudgetLine,
    "materials": models.Material,
}

SPECS = [pytest.param(t.spec, id=key) for key, t in BUILTIN_TEMPLATES.items()]


def _walk(value, key=None):
    """Yield (key, value) for every scalar in a nested spec."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)
    else:
        yield key, value


def _d(value):
    return date.fromisoformat(value)


# --- the registry -----------------------------------------------------------


def test_the_five_keys_in_order():
    assert list(BUILTIN_TEMPLATES) == KEYS
    assert set(KEYS) == set(models.PlanKind.values)


def test_templates_are_keyed_and_named():
    for key, template in BUILTIN_TEMPLATES.items():
        assert isinstance(template, BuiltinTemplate)
        assert template.key == key
        assert template.spec["kind"] == key
        assert str(template.name).strip()
        assert str(template.description).strip()
        assert len(key) <= models.PlanTemplate._meta.get_field("key").max_length
        assert len(str(template.name)) <= models.PlanTemplate._meta.get_field("name").max_length


# --- shape and serialisation ------------------------------------------------


@pytest.mark.parametrize("spec", SPECS)
def test_spec_survives_json_round_trip(spec):
    assert json.loads(json.dumps(spec, ensure_ascii=False)) == spec


@pytest.mark.parametrize("spec", SPECS)
def test_every_date_parses(spec):
    for key, value in _walk(spec):
        if key in DATE_KEYS and value is not None:
            assert isinstance(value, str)
            assert _d(value).isoformat() == value


@pytest.mark.parametrize("spec", SPECS)
def test_every_decimal_is_a_plain_decimal_string(spec):
    for key, value in _walk(spec):
        if key in DECIMAL_KEYS and value is not None:
            assert isinstance(value, str), (key, value)
            number = Decimal(value)
            assert number.is_finite() and number >= 0
            assert number.as_tuple().exponent >= -2
            assert "," not in value


@pytest.mark.parametrize("spec", SPECS)
def test_no_string_exceeds_its_model_field(spec):
    plan_fields = {"kind", "title"}
    for name in plan_fields:
        limit = models.Plan._meta.get_field(name).max_length
        assert len(spec[name]) <= limit, name
    for part, model in PART_MODELS.items():
        for row in spec.get(part, []):
            for name, value in row.items():
                if not isinstance(value, str):
                    continue
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                if field.max_length:
                    assert len(value) <= field.max_length, (part, name, value)


@pytest.mark.parametrize("spec", SPECS)
def test_choice_values_are_the_models(spec):
    for group in spec.get("work_groups", []):
        assert group["group_kind"] in models.WorkGroup.Kind.values
    for task in spec.get("tasks", []):
        assert task.get("status", "todo") in models.TaskStatus.values
    for material in spec.get("materials", []):
        assert material.get("status", "needed") in models.Material.Status.values
        assert material.get("quantity") is None or material["quantity"] > 0


@pytest.mark.parametrize("spec", SPECS)
def test_sections_are_substantive_and_safe(spec):
    sections = spec["sections"]
    assert 3 <= len(sections) <= 8
    for section in sections:
        body = section["body_html"]
        assert section["title"].strip()
        assert len(body) > 80, section["title"]
        assert "<script" not in body.lower()
        assert not re.search(r"<[^>]*\son\w*\s*=", body, re.IGNORECASE)
        assert not re.search(r"<[a-z]+\s", body), "no attributes at all"
        assert set(re.findall(r"</?([a-zA-Z0-9]+)", body)) <= ALLOWED_TAGS
        assert nh3.clean(body, tags=ALLOWED_TAGS, attributes={}) == body


@pytest.mark.parametrize("spec", SPECS)
def test_every_work_group_has_a_leader(spec):
    groups = spec["work_groups"]
    assert groups
    assert sum(g["group_kind"] == "leadership" for g in groups) == 1
    for group in groups:
        assert group["name"].strip()
        assert group["leader"].strip(), group["name"]
        assert group["duties"].strip(), group["name"]


@pytest.mark.parametrize("spec", SPECS)
def test_stages_ordered_and_not_overlapping(spec):
    stages = spec.get("stages", [])
    for stage in stages:
        assert _d(stage["start_date"]) <= _d(stage["end_date"]), stage["name"]
        if spec.get("start_date"):
            assert _d(spec["start_date"]) <= _d(stage["start_date"])
            assert _d(stage["end_date"]) <= _d(spec["end_date"])
    for before, after in zip(stages, stages[1:], strict=False):
        assert _d(before["end_date"]) < _d(after["start_date"]), after["name"]
    targets = [Decimal(s["cumulative_target"]) for s in stages if s["cumulative_target"]]
    assert targets == sorted(targets)


@pytest.mark.parametrize("spec", SPECS)
def test_tasks_are_absolute_or_relative_and_fall_in_the_plan(spec):
    start = _d(spec["start_date"]) if spec.get("start_date") else None
    end = _d(spec["end_date"]) if spec.get("end_date") else None
    anchor = _d(spec["anchor_date"]) if spec.get("anchor_date") else None
    assert spec["tasks"]
    for task in spec["tasks"]:
        due, offset = task.get("due_date"), task.get("offset_days")
        assert (due is None) != (offset is None), task["title"]
        if offset is not None and anchor is not None:
            due = (anchor + timedelta(days=offset)).isoformat()
        if due is not None and start is not None:
            assert start <= _d(due) <= end, task["title"]


@pytest.mark.parametrize("spec", SPECS)
def test_plan_dates_in_order(spec):
    if spec.get("start_date") and spec.get("end_date"):
        assert _d(spec["start_date"]) <= _d(spec["end_date"])
    if spec.get("anchor_date"):
        assert _d(spec["start_date"]) <= _d(spec["anchor_date"]) <= _d(spec["end_date"])


@pytest.mark.parametrize("spec", SPECS)
def test_shifting_keeps_the_spec_consistent(spec):
    shifted = shift_dates(spec, 365)
    assert json.loads(json.dumps(shifted)) == shifted
    assert [t.get("offset_days") for t in shifted["tasks"]] == [
        t.get("offset_days") for t in spec["tasks"]
    ]
    if spec.get("start_date"):
        assert _d(shifted["start_date"]) - _d(spec["start_date"]) == timedelta(days=365)


# --- the numbers of DOMAIN.md ----------------------------------------------


def _spec(key):
    return BUILTIN_TEMPLATES[key].spec


def _goal(spec, fragment):
    matches = [g for g in spec["goals"] if fragment in g["metric"]]
    assert len(matches) == 1, fragment
    return matches[0]


def test_franchise_numbers():
    spec = _spec("franchise")
    assert (spec["start_date"], spec["end_date"]) == ("2007-09-01", "2009-08-31")
    assert [(s["start_date"], s["end_date"], s["cumulative_target"]) for s in spec["stages"]] == [
        ("2007-09-01", "2007-12-31", "4"),
        ("2008-01-01", "2008-07-31", "12"),
        ("2008-08-01", "2009-08-31", "13"),
    ]
    assert "4–5" in spec["stages"][0]["name"]
    assert "8–10" in spec["stages"][1]["name"]
    share = _goal(spec, "市场占有率")
    assert (Decimal(share["target_value"]), share["unit"]) == (Decimal("80"), "%")
    markets = _goal(spec, "地级市场")
    assert (Decimal(markets["target_value"]), markets["unit"]) == (Decimal("13"), "个")
    brand = _goal(spec, "第一品牌")
    assert brand["target_value"] in (None, "1")
    products = _goal(spec, "新产品")
    assert Decimal(products["target_value"]) == Decimal("3")

    text = "".join(s["body_html"] for s in spec["sections"])
    assert "12个月内最多调价一次" in text
    assert "费率 × 加盟商当月营业额" in text
    assert "区域市场保证金" in text
    assert "只授权一家加盟商" in text
    hospital = next(s for s in spec["sections"] if "13项" in s["title"])
    assert hospital["body_html"].count("<li>") == 13

    stages = spec["stages"]

    def phase_of(task):
        due = _d(task["due_date"])
        return next(
            i for i, s in enumerate(stages) if _d(s["start_date"]) <= due <= _d(s["end_date"])
        )

    roadshows = [t for t in spec["tasks"] if "公司行" in t["title"]]
    briefings = [t for t in spec["tasks"] if "加盟说明会" in t["title"]]
    assert len(roadshows) == 3 and len(briefings) == 3
    # Roadshows: phase 1 or early phase 2; briefings: late phase 2 or phase 3.
    assert all(phase_of(t) in (0, 1) for t in roadshows)
    assert all(_d(t["due_date"]) <= date(2008, 4, 30) for t in roadshows)
    assert all(phase_of(t) in (1, 2) for t in briefings)
    assert all(_d(t["due_date"]) >= date(2008, 5, 1) for t in briefings)
    assert max(_d(t["due_date"]) for t in roadshows) < min(_d(t["due_date"]) for t in briefings)


def test_contest_numbers():
    spec = _spec("contest")
    assert (spec["start_date"], spec["end_date"]) == ("2005-10-10", "2005-10-25")
    assert spec["goals"] == [
        {
            "metric": "个险期交新单保费",
            "target_value": "500000",
            "unit": "元",
            "due_date": "2005-10-25",
        },
    ]
    assert [(s["start_date"], s["end_date"], s["cumulative_target"]) for s in spec["stages"]] == [
        ("2005-10-10", "2005-10-13", "125000"),
        ("2005-10-14", "2005-10-17", "250000"),
        ("2005-10-18", "2005-10-21", "375000"),
        ("2005-10-22", "2005-10-25", "500000"),
    ]
    groups = spec["work_groups"]
    assert [g["group_kind"] for g in groups] == ["leadership"] + ["subgroup"] * 5
    leadership = groups[0]
    assert leadership["leader"] and leadership["deputy"] and leadership["members"]
    names = "".join(g["name"] for g in groups[1:])
    for fragment in ("追踪", "战报", "晨会", "技术", "后勤"):
        assert fragment in names

    extra = spec["extra"]
    assert extra["team_tiers"] == [
        {"threshold": "50000", "reward": "200"},
        {"threshold": "80000", "reward": "500"},
        {"threshold": "150000", "reward": "1000"},
    ]
    assert extra["min_target"] == {"full_time": "5000", "part_time": "3000"}
    tiers = extra["individual_tiers"]
    assert [t["threshold"] for t in tiers] == [None, "3000", "5000", "20000", "40000"]
    assert [t["stacks"] for t in tiers] == [True, True, True, False, False]
    assert [t["requires_department_goal"] for t in tiers] == [False] * 3 + [True] * 2
    assert [t["transferable"] for t in tiers] == [False] * 3 + [True] * 2
    assert tiers[0]["per_policy"] and tiers[0]["while_stock_lasts"]
    assert tiers[3]["value"] == "300"

    evaluations = sorted(t["due_date"] for t in spec["tasks"] if "考核" in t["title"])
    assert evaluations == ["2005-10-13", "2005-10-17", "2005-10-21", "2005-10-25"]
    titles = "".join(t["title"] for t in spec["tasks"])
    assert "战报" in titles and "鸿禧" in titles and "鸿鑫" in titles

    text = "".join(s["body_html"] for s in spec["sections"])
    for fragment in ("CBPS", "卡式保单", "追踪登记表", "每4天", "清理代码", "6个"):
        assert fragment in text


def test_decoration_event_numbers():
    spec = _spec("decoration_event")
    assert spec["start_date"] is None and spec["end_date"] is None
    assert spec["anchor_date"] is None
    assert all(t["offset_days"] is not None for t in spec["tasks"])
    assert all(t.get("due_date") is None for t in spec["tasks"])
    assert {-20, -14, -10, -7, -3} <= {t["offset_days"] for t in spec["tasks"]}
    quantities = {m["item"]: m["quantity"] for m in spec["materials"]}
    assert any("金蛋" in item and q == 30 for item, q in quantities.items())
    assert any("大礼包" in item and q == 5 for item, q in quantities.items())
    text = "".join(s["body_html"] for s in spec["sections"])
    for fragment in (
        "力天装饰",
        "新春装修享特权 疯狂豪礼限时抢",
        "15分钟",
        "10分钟",
        "5分钟",
        "100元",
        "1000元",
        "前30名",
        "前5名",
        "X%",
        "参展保证金",
        "客户资料表",
    ):
        assert fragment in text, fragment
    for channel in ("DM", "短信", "外展点", "扫楼", "拱门", "电梯", "报纸", "网络"):
        assert channel in text, channel


def test_telecom_day_numbers():
    spec = _spec("telecom_day")
    assert spec["anchor_date"] == "2009-05-17"
    attendees = _goal(spec, "到场人数")
    assert (Decimal(attendees["target_value"]), attendees["unit"]) == (Decimal("8000"), "人")
    rate = _goal(spec, "二次开发率")
    assert (Decimal(rate["target_value"]), rate["unit"]) == (Decimal("90"), "%")

    offsets = [t["offset_days"] for t in spec["tasks"]]
    remaining = list(offsets)
    for required in [-15, -10, -10, -5, -3, -1]:
        assert required in remaining, required
        remaining.remove(required)
    assert any(o > 0 for o in offsets)
    assert all(t.get("due_date") is None for t in spec["tasks"])

    by_offset = {}
    for task in spec["tasks"]:
        by_offset.setdefault(task["offset_days"], []).append(task["title"])
    assert any("审批" in t for t in by_offset[-15])
    assert any("动员" in t for t in by_offset[-10])
    assert any("礼品" in t for t in by_offset[-10])
    assert any("排行" in t for t in by_offset[-5])
    assert any("礼品" in t for t in by_offset[-3])
    assert any("应急预案" in t for t in by_offset[-1])

    quantities = {m["item"]: m["quantity"] for m in spec["materials"]}
    assert 1000 in quantities.values()
    for item in ("请柬", "自行车", "象棋", "挂历", "宣传单", "横幅", "海报", "杂志"):
        assert any(item in name for name in quantities), item

    text = "".join(s["body_html"] for s in spec["sections"])
    for fragment in (
        "兆康广场",
        "电信日回报客户大酬宾",
        "8000",
        "50—100",
        "5月17日出生",
        "每张身份证限领一份",
        "幸运转盘",
        "固话+手机+宽带",
        "分配到每一名员工",
        "90%",
    ):
        assert fragment in text, fragment


def test_family_bundle_numbers():
    spec = _spec("family_bundle")
    tiers = spec["extra"]["tiers"]
    assert tiers == [
        {"price": "300", "members": 10, "coupons": 5, "commission": "30"},
        {"price": "600", "members": 20, "coupons": 10, "commission": "50"},
        {"price": "900", "members": 30, "coupons": 15, "commission": "80"},
        {"price": "1500", "members": 50, "coupons": 20, "commission": "150"},
    ]
    for tier in tiers:
        assert Decimal(tier["price"]) == tier["members"] * 5 * 6

    table = next(s for s in spec["sections"] if "档位" in s["title"])["body_html"]
    for tier in tiers:
        row = (
            f"<tr><td>{tier['price']}</td><td>{tier['members']}</td>"
            f"<td>{tier['coupons']}</td><td>{tier['commission']}</td></tr>"
        )
        assert row in table

    text = "".join(s["body_html"] for s in spec["sections"])
    for fragment in (
        "至少10名",
        "661001—661999",
        "661888",
        "661666",
        "661999",
        "3天内",
        "16:00",
        "只能使用一次",
        "一次性买断",
        "当天",
        "300分钟",
    ):
        assert fragment in text, fragment
    penalties = next(s for s in spec["sections"] if "处罚" in s["title"])["body_html"]
    assert penalties.count("<td>50</td>") == 3
    assert "<td>100</td>" in penalties
    assert "另扣50" in penalties
