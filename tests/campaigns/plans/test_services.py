"""Writes of marketing plans (campaigns/plans/services.py) and their reads (selectors):
the five built-in templates with DOMAIN.md's numbers, copies and organization templates,
the anchor date, history, edit conflicts, section HTML, and bad input refused with the
field to fix and nothing changed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import models as db_models
from django.utils import translation

from campaigns.errors import EditConflict
from campaigns.plans import rules, selectors, services
from campaigns.plans.builtin import BUILTIN_TEMPLATES
from campaigns.plans.models import (
    BudgetLine,
    Export,
    Goal,
    Material,
    Plan,
    PlanEvent,
    PlanTemplate,
    Section,
    Stage,
    Task,
    WorkGroup,
)
from campaigns.plans.parts import PART_TYPES
from campaigns.plans.spec import shift_dates
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from tests.campaigns.plans.labels import LABELS
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

KEYS = ["franchise", "contest", "decoration_event", "telecom_day", "family_bundle"]
CLOSED = "This plan is closed; it can no longer be changed."
NOT_NULL = "This field cannot be null."
NOT_NEGATIVE = "Ensure this value is greater than or equal to 0."
STAGE_BACKWARDS = "A stage cannot end before it starts."
PLAN_BACKWARDS = "The plan cannot end before it starts."
NOT_BOTH = "Give either a due date or a number of days from the anchor date, not both."
OTHER_STAGE = "Choose a stage of this plan."
FIX_ERRORS_FIRST = "Fix the errors listed under Consistency checks before approving."
BEYOND_CALENDAR = "That moves the plan's dates beyond the calendar (year 1 to 9999)."
MODELS = [
    Plan,
    Goal,
    Stage,
    Section,
    WorkGroup,
    Task,
    BudgetLine,
    Material,
    PlanEvent,
    PlanTemplate,
    Export,
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def org(world):
    return world.a.org


@pytest.fixture
def manager(world):
    return world.a.members[Role.MANAGER].user


@pytest.fixture
def plan(world):
    return world.a.plan


# --- helpers --------------------------------------------------------------------------------


def in_org(org, fetch):
    with tenant_context(org):
        return fetch()


def state(*orgs):
    """Every plan row of the organizations, as stored."""
    result = {}
    for org in orgs:
        with tenant_context(org):
            for model in MODELS:
                result[(org.slug, model.__name__)] = list(
                    model.objects.for_org(org).order_by("pk").values()
                )
    return result


def create(org, actor, key, **fields):
    return services.plan_create(
        organization=org, actor=actor, title=fields.pop("title", key), template_key=key, **fields
    )


def fresh(plan):
    return in_org(
        plan.organization, lambda: Plan.objects.for_org(plan.organization).get(pk=plan.pk)
    )


def parts(plan):
    return in_org(plan.organization, lambda: selectors.all_parts(plan))


def findings(plan):
    return in_org(plan.organization, lambda: selectors.plan_findings(fresh(plan)))


def spec_of(plan):
    return in_org(plan.organization, lambda: selectors.plan_spec(fresh(plan)))


def events(plan):
    return in_org(
        plan.organization,
        lambda: [
            (e.actor.username if e.actor else None, e.action, e.part, e.part_id, e.label, e.changes)
            for e in selectors.plan_history(plan)
        ],
    )


def due_dates(plan):
    plan = fresh(plan)
    return [
        (t.title, t.offset_days, rules.task_due(t.due_date, t.offset_days, plan.anchor_date))
        for t in parts(plan)["tasks"]
    ]


def plan_part(plan, slug):
    """The plan's only part of that kind (the world plan has one of each)."""
    return in_org(plan.organization, lambda: selectors.parts_of(plan, slug).get())


def messages(exc_info):
    return exc_info.value.message_dict


def part_op(org, actor, plan, op, slug, item=None, **kwargs):
    common = {"organization": org, "actor": actor, "plan": plan}
    if op == "add":
        return services.part_add(**common, slug=slug, data=kwargs["data"])
    if op == "update":
        return services.part_update(
            **common,
            slug=slug,
            item=item,
            version=kwargs.get("version", item.version),
            data=kwargs["data"],
        )
    return services.part_delete(**common, slug=slug, item=item)


def move(org, actor, plan, *targets):
    current = plan
    for target in targets:
        current = services.plan_transition(
            organization=org, actor=actor, plan=current, target=target
        )
    return current


def d(text):
    return date.fromisoformat(text)


# --- the five built-in templates --------------------------------------------------------------


def test_contest_template(org, manager):
    plan = create(org, manager, "contest", title="城东营业部冲刺方案")
    plan = fresh(plan)
    assert (plan.kind, plan.title, plan.template_key, plan.status, plan.owner) == (
        "contest",
        "城东营业部冲刺方案",
        "contest",
        "draft",
        manager,
    )
    assert (plan.start_date, plan.end_date, plan.anchor_date) == (
        date(2005, 10, 10),
        date(2005, 10, 25),
        None,
    )
    p = parts(plan)
    assert [(g.metric, g.target_value, g.unit, g.due_date) for g in p["goals"]] == [
        ("个险期交新单保费", Decimal("500000"), "元", date(2005, 10, 25)),
    ]
    assert [(s.start_date, s.end_date, s.cumulative_target) for s in p["stages"]] == [
        (date(2005, 10, 10), date(2005, 10, 13), Decimal("125000")),
        (date(2005, 10, 14), date(2005, 10, 17), Decimal("250000")),
        (date(2005, 10, 18), date(2005, 10, 21), Decimal("375000")),
        (date(2005, 10, 22), date(2005, 10, 25), Decimal("500000")),
    ]
    groups = p["work-groups"]
    assert [g.group_kind for g in groups] == ["leadership"] + ["subgroup"] * 5
    assert all(g.leader.strip() and g.duties.strip() for g in groups)
    names = [g.name for g in groups[1:]]
    for fragment, name in zip(["追踪", "战报", "晨会", "技术", "后勤"], names, strict=True):
        assert fragment in name
    assert plan.extra == BUILTIN_TEMPLATES["contest"].spec["extra"]
    assert plan.extra["team_tiers"] == [
        {"threshold": "50000", "reward": "200"},
        {"threshold": "80000", "reward": "500"},
        {"threshold": "150000", "reward": "1000"},
    ]
    assert plan.extra["min_target"] == {"full_time": "5000", "part_time": "3000"}
    assert findings(plan) == []
    assert events(plan) == [(manager.username, "created", "", None, "contest", {})]


def test_telecom_day_template(org, manager):
    plan = fresh(create(org, manager, "telecom_day"))
    assert plan.anchor_date == date(2009, 5, 17)
    assert (plan.start_date, plan.end_date) == (date(2009, 5, 2), date(2009, 5, 31))
    resolved = {}
    for _title, offset, due in due_dates(plan):
        resolved.setdefault(offset, set()).add(due)
    assert {offset: resolved[offset] for offset in (-15, -10, -5, -3, -1)} == {
        -15: {date(2009, 5, 2)},
        -10: {date(2009, 5, 7)},
        -5: {date(2009, 5, 12)},
        -3: {date(2009, 5, 14)},
        -1: {date(2009, 5, 16)},
    }
    assert all(t.due_date is None for t in parts(plan)["tasks"])
    goals = {g.metric: (g.target_value, g.unit) for g in parts(plan)["goals"]}
    assert goals == {
        "活动当天到场人数": (Decimal("8000"), "人"),
        "潜在客户二次开发率": (Decimal("90"), "%"),
    }
    assert 1000 in [m.quantity for m in parts(plan)["materials"]]
    assert findings(plan) == []


def test_family_bundle_template(org, manager):
    plan = fresh(create(org, manager, "family_bundle"))
    assert plan.extra["tiers"] == [
        {"price": "300", "members": 10, "coupons": 5, "commission": "30"},
        {"price": "600", "members": 20, "coupons": 10, "commission": "50"},
        {"price": "900", "members": 30, "coupons": 15, "commission": "80"},
        {"price": "1500", "members": 50, "coupons": 20, "commission": "150"},
    ]
    for tier in plan.extra["tiers"]:
        assert Decimal(tier["price"]) == tier["members"] * 5 * 6


def test_franchise_template(org, manager):
    plan = fresh(create(org, manager, "franchise"))
    assert (plan.start_date, plan.end_date) == (date(2007, 9, 1), date(2009, 8, 31))
    p = parts(plan)
    assert [(s.start_date, s.end_date, s.cumulative_target) for s in p["stages"]] == [
        (date(2007, 9, 1), date(2007, 12, 31), Decimal("4")),
        (date(2008, 1, 1), date(2008, 7, 31), Decimal("12")),
        (date(2008, 8, 1), date(2009, 8, 31), Decimal("13")),
    ]
    goals = {g.metric: (g.target_value, g.unit) for g in p["goals"]}
    assert goals["渠道市场占有率"] == (Decimal("80"), "%")
    assert goals["进入全省地级市场数量（三年内全覆盖）"] == (Decimal("13"), "个")
    assert findings(plan) == []


def test_decoration_event_template_needs_an_anchor_date(org, manager):
    plan = fresh(create(org, manager, "decoration_event"))
    assert (plan.start_date, plan.end_date, plan.anchor_date) == (None, None, None)
    tasks = parts(plan)["tasks"]
    assert tasks and all(t.offset_days is not None and t.due_date is None for t in tasks)
    quantities = {m.item: m.quantity for m in parts(plan)["materials"]}
    assert quantities["金蛋（每个都有奖）"] == 30
    assert quantities["千元家电大礼包"] == 5
    found = findings(plan)
    assert [(f.level, f.part, f.part_id) for f in found] == [("error", "task", t.pk) for t in tasks]
    assert found[0].message == (
        f"Task “{tasks[0].title}” is due {tasks[0].offset_days} days "
        "from the anchor date, but the plan has no anchor date."
    )
    assert found[0].fix == (
        "Set the plan's anchor date (e.g. the event day), or give the task a date."
    )

    services.plan_update(
        organization=org,
        actor=manager,
        plan=plan,
        version=plan.version,
        data={"anchor_date": date(2026, 2, 14)},
    )
    assert findings(plan) == []


@pytest.mark.parametrize("key", KEYS)
def test_a_template_plan_holds_exactly_the_template(org, manager, key):
    template = BUILTIN_TEMPLATES[key].spec
    plan = create(org, manager, key, title="")
    assert fresh(plan).title == template["title"]
    stored = spec_of(plan)
    for name in ("start_date", "end_date", "anchor_date"):
        assert stored[name] == template.get(name)
    assert stored["extra"] == template.get("extra", {})
    for part in PART_TYPES.values():
        rows = template.get(part.spec_key, [])
        assert len(stored[part.spec_key]) == len(rows), part.slug
        for row, stored_row in zip(rows, stored[part.spec_key], strict=True):
            for name, value in row.items():
                field = part.model._meta.get_field(name)
                if isinstance(field, db_models.DecimalField) and value is not None:
                    assert Decimal(stored_row[name]) == Decimal(value), (part.slug, name)
                else:
                    assert stored_row[name] == value, (part.slug, name)


def test_start_date_moves_every_date_of_the_template(org, manager):
    plan = fresh(create(org, manager, "contest", start_date=date(2026, 3, 2)))
    offset = (date(2026, 3, 2) - date(2005, 10, 10)).days
    assert (plan.start_date, plan.end_date) == (date(2026, 3, 2), date(2026, 3, 17))
    p = parts(plan)
    assert [(s.start_date, s.end_date) for s in p["stages"]] == [
        (date(2026, 3, 2), date(2026, 3, 5)),
        (date(2026, 3, 6), date(2026, 3, 9)),
        (date(2026, 3, 10), date(2026, 3, 13)),
        (date(2026, 3, 14), date(2026, 3, 17)),
    ]
    assert [g.due_date for g in p["goals"]] == [date(2026, 3, 17)]
    assert [t.due_date for t in p["tasks"]] == [
        d(t["due_date"]) + timedelta(days=offset)
        for t in BUILTIN_TEMPLATES["contest"].spec["tasks"]
    ]
    assert findings(plan) == []


def test_start_date_moves_the_anchor_and_keeps_offsets(org, manager):
    plan = fresh(create(org, manager, "telecom_day", start_date=date(2026, 5, 2)))
    assert (plan.start_date, plan.anchor_date, plan.end_date) == (
        date(2026, 5, 2),
        date(2026, 5, 17),
        date(2026, 5, 31),
    )
    template = BUILTIN_TEMPLATES["telecom_day"].spec["tasks"]
    assert [(offset, due) for _t, offset, due in due_dates(plan)] == [
        (t["offset_days"], date(2026, 5, 17) + timedelta(days=t["offset_days"])) for t in template
    ]


def test_start_date_on_a_template_without_dates(org, manager):
    plan = fresh(create(org, manager, "decoration_event", start_date=date(2026, 2, 1)))
    assert (plan.start_date, plan.end_date, plan.anchor_date) == (date(2026, 2, 1), None, None)


def test_blank_plan_of_a_kind(org, manager):
    plan = services.plan_create(
        organization=org, actor=manager, title="空白方案", kind="telecom_day"
    )
    plan = fresh(plan)
    assert (plan.kind, plan.title, plan.template_key, plan.extra) == (
        "telecom_day",
        "空白方案",
        "",
        {},
    )
    assert all(items == [] for items in parts(plan).values())


# --- copies and organization templates --------------------------------------------------------


def _rich_telecom_plan(org, manager):
    """The Telecom Day template plus an absolute task, a budget ceiling and a budget line
    on the second stage."""
    plan = create(org, manager, "telecom_day", title="电信日")
    plan = services.plan_update(
        organization=org,
        actor=manager,
        plan=fresh(plan),
        version=1,
        data={"budget_total": Decimal("20000")},
    )
    stage = parts(plan)["stages"][1]
    services.part_add(
        organization=org,
        actor=manager,
        plan=plan,
        slug="tasks",
        data={"title": "租用舞台", "due_date": date(2009, 5, 10)},
    )
    services.part_add(
        organization=org,
        actor=manager,
        plan=plan,
        slug="budget-lines",
        data={"item": "舞台", "amount": Decimal("8000.50"), "stage": stage},
    )
    return fresh(plan)


@pytest.mark.parametrize("offset", [365, -30, 0])
def test_copy_moves_every_absolute_date_and_keeps_offsets(org, manager, offset):
    source = _rich_telecom_plan(org, manager)
    before = spec_of(source)
    copy = services.plan_copy(
        organization=org, actor=manager, plan=source, offset_days=offset, title="明年电信日"
    )
    copied = spec_of(copy)
    assert copied == {**shift_dates(before, offset), "title": "明年电信日"}
    assert copied["anchor_date"] == (date(2009, 5, 17) + timedelta(days=offset)).isoformat()
    assert [t["offset_days"] for t in copied["tasks"]] == [
        t["offset_days"] for t in before["tasks"]
    ]
    assert copied["budget_lines"][0]["stage"] == 1
    assert [due for _t, _o, due in due_dates(copy)] == [
        due + timedelta(days=offset) for _t, _o, due in due_dates(source)
    ]
    copy = fresh(copy)
    assert (copy.status, copy.owner, copy.template_key, copy.version) == (
        "draft",
        manager,
        "telecom_day",
        1,
    )
    assert spec_of(source) == before
    assert events(copy) == [
        (manager.username, "copied", "", None, "电信日", {"offset_days": [None, offset]})
    ]


def test_copy_of_a_running_plan_is_a_draft(org, manager):
    source = move(org, manager, fresh(create(org, manager, "contest")), "approved", "running")
    copy = services.plan_copy(
        organization=org, actor=manager, plan=source, offset_days=7, title="再来一次"
    )
    assert fresh(copy).status == "draft"
    assert fresh(source).status == "running"


def test_save_as_template_then_create_reproduces_the_parts(org, manager):
    source = _rich_telecom_plan(org, manager)
    services.part_add(
        organization=org,
        actor=manager,
        plan=source,
        slug="sections",
        data={"title": "补充说明", "body_html": "<p>本地<strong>特色</strong></p>"},
    )
    template = services.plan_save_as_template(
        organization=org, actor=manager, plan=source, name="我们的电信日"
    )
    assert (template.key, template.name, template.kind, template.created_by) == (
        "custom-1",
        "我们的电信日",
        "telecom_day",
        manager,
    )
    made = services.plan_create(
        organization=org, actor=manager, title="按我们的模板", template_key="custom-1"
    )
    assert fresh(made).template_key == "custom-1"
    made_spec, source_spec = spec_of(made), spec_of(source)
    assert made_spec.pop("title") == "按我们的模板"
    source_spec.pop("title")
    assert made_spec == source_spec
    assert events(source)[0] == (manager.username, "templated", "", None, "我们的电信日", {})

    second = services.plan_save_as_template(
        organization=org, actor=manager, plan=made, name="第二个"
    )
    assert second.key == "custom-2"
    listed = in_org(org, lambda: selectors.templates_available(org))
    assert [t["key"] for t in listed] == [*KEYS, "custom-1", "custom-2"]
    assert [t["builtin"] for t in listed] == [True] * 5 + [False] * 2


def test_save_as_template_needs_a_name(org, manager, world, plan):
    before = state(org)
    with pytest.raises(ValidationError) as exc:
        services.plan_save_as_template(organization=org, actor=manager, plan=plan, name="  ")
    assert messages(exc) == {"name": ["Give the template a name."]}
    assert state(org) == before


def test_an_organization_template_is_not_another_organizations(world, org, manager, plan):
    services.plan_save_as_template(organization=org, actor=manager, plan=plan, name="alpha")
    other = world.b.org
    before = state(other)
    with pytest.raises(ValidationError) as exc:
        services.plan_create(
            organization=other,
            actor=world.b.members[Role.MANAGER].user,
            title="x",
            template_key="custom-1",
        )
    assert messages(exc) == {"template": ["Unknown template “custom-1”."]}
    assert state(other) == before
    assert [t["key"] for t in in_org(other, lambda: selectors.templates_available(other))] == KEYS


# --- the anchor date --------------------------------------------------------------------------


def test_moving_the_anchor_moves_every_relative_task(org, manager):
    plan = _rich_telecom_plan(org, manager)
    before = due_dates(plan)
    services.plan_update(
        organization=org,
        actor=manager,
        plan=plan,
        version=plan.version,
        data={"anchor_date": date(2009, 6, 1)},
    )
    after = due_dates(plan)
    assert [title for title, _o, _d in after] == [title for title, _o, _d in before]
    for (title, offset, old), (_t, _o, new) in zip(before, after, strict=True):
        if offset is None:
            assert new == old == date(2009, 5, 10), title
        else:
            assert new == old + timedelta(days=15) == date(2009, 6, 1) + timedelta(days=offset)
    assert events(plan)[0] == (
        manager.username,
        "updated",
        "",
        None,
        "电信日",
        {"anchor_date": ["2009-05-17", "2009-06-01"]},
    )


# --- history ----------------------------------------------------------------------------------


def test_part_add_is_recorded(org, manager, plan):
    goal = services.part_add(
        organization=org,
        actor=manager,
        plan=plan,
        slug="goals",
        data={
            "metric": "签单件数",
            "target_value": Decimal("120"),
            "unit": "件",
            "due_date": date(2026, 1, 31),
        },
    )
    assert events(plan) == [
        (
            manager.username,
            "added",
            "goals",
            goal.pk,
            "签单件数",
            {
                "metric": [None, "签单件数"],
                "target_value": [None, "120"],
                "unit": [None, "件"],
                "due_date": [None, "2026-01-31"],
            },
        )
    ]
    assert in_org(org, lambda: Goal.objects.for_org(org).get(pk=goal.pk).position) == 1


def test_part_update_records_only_what_changed(org, manager, plan):
    stage = plan_part(plan, "stages")
    updated = services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="stages",
        item=stage,
        version=1,
        data={
            "name": "alpha stage",
            "end_date": date(2026, 1, 12),
            "cumulative_target": Decimal("100.00"),
        },
    )
    assert updated.version == 2
    assert events(plan) == [
        (
            manager.username,
            "updated",
            "stages",
            stage.pk,
            "alpha stage",
            {"end_date": ["2026-01-10", "2026-01-12"]},
        )
    ]


def test_part_update_of_a_budget_line_records_the_stage_by_name(org, manager, plan):
    line = plan_part(plan, "budget-lines")
    services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="budget-lines",
        item=line,
        version=1,
        data={"stage": None, "amount": Decimal("999")},
    )
    assert events(plan)[0] == (
        manager.username,
        "updated",
        "budget-lines",
        line.pk,
        "alpha line",
        {"amount": ["1000", "999"], "stage": ["alpha stage", None]},
    )


def test_part_delete_is_recorded(org, manager, plan):
    material = plan_part(plan, "materials")
    material_id = material.pk
    services.part_delete(
        organization=org, actor=manager, plan=plan, slug="materials", item=material
    )
    assert (
        in_org(org, lambda: Material.objects.for_org(org).filter(pk=material_id).exists()) is False
    )
    assert events(plan) == [
        (
            manager.username,
            "deleted",
            "materials",
            material_id,
            "alpha material",
            {
                "item": ["alpha material", None],
                "quantity": [None, None],
                "assignee": ["", None],
                "status": ["needed", None],
            },
        )
    ]


def test_section_move_is_recorded(org, manager, plan):
    first = plan_part(plan, "sections")
    second = services.part_add(
        organization=org,
        actor=manager,
        plan=plan,
        slug="sections",
        data={"title": "第二节", "body_html": "<p>二</p>"},
    )
    services.section_move(organization=org, actor=manager, plan=plan, section=second, direction=-1)
    assert [s.pk for s in parts(plan)["sections"]] == [second.pk, first.pk]
    assert events(plan)[0] == (
        manager.username,
        "moved",
        "sections",
        second.pk,
        "第二节",
        {"position": [2, 1]},
    )
    services.section_move(organization=org, actor=manager, plan=plan, section=second, direction=1)
    assert [s.pk for s in parts(plan)["sections"]] == [first.pk, second.pk]
    assert events(plan)[0][5] == {"position": [1, 2]}


def test_section_move_past_the_ends_changes_nothing(org, manager, plan):
    section = plan_part(plan, "sections")
    before = state(org)
    for direction in (-1, 1):
        services.section_move(
            organization=org, actor=manager, plan=plan, section=section, direction=direction
        )
    assert state(org) == before


def test_transition_is_recorded(org, manager, plan):
    approved = services.plan_transition(
        organization=org, actor=manager, plan=plan, target="approved"
    )
    assert (approved.status, approved.version) == ("approved", 2)
    assert events(plan) == [
        # The first approved plan of its kind is put in force (the world's contest plan was
        # not), after its status changed.
        (manager.username, "in_force", "", None, "", {}),
        (manager.username, "status", "", None, "", {"status": ["draft", "approved"]}),
    ]
    move(org, manager, approved, "running", "closed")
    assert [e[5]["status"] for e in events(plan) if e[1] == "status"] == [
        ["running", "closed"],
        ["approved", "running"],
        ["draft", "approved"],
    ]


def test_plan_update_records_each_changed_field(org, manager, plan):
    services.plan_update(
        organization=org,
        actor=manager,
        plan=plan,
        version=1,
        data={
            "title": "新标题",
            "end_date": date(2026, 2, 28),
            "start_date": date(2026, 1, 1),
            "budget_total": Decimal("5000.00"),
        },
    )
    assert events(plan) == [
        (
            manager.username,
            "updated",
            "",
            None,
            "新标题",
            {
                "title": ["alpha plan", "新标题"],
                "end_date": ["2026-01-31", "2026-02-28"],
                "budget_total": [None, "5000"],
            },
        )
    ]


def test_saving_the_same_values_records_nothing(org, manager, plan):
    goal = plan_part(plan, "goals")
    services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="goals",
        item=goal,
        version=1,
        data={"metric": "alpha goal", "target_value": Decimal("500000")},
    )
    services.plan_update(
        organization=org,
        actor=manager,
        plan=plan,
        version=1,
        data={"title": "alpha plan", "anchor_date": date(2026, 1, 20)},
    )
    assert events(plan) == []


def test_history_is_newest_first_and_of_this_plan_only(world, org, manager, plan):
    other = create(org, manager, "contest")
    services.part_add(
        organization=org,
        actor=manager,
        plan=plan,
        slug="materials",
        data={"item": "横幅", "quantity": 2},
    )
    services.plan_transition(organization=org, actor=manager, plan=plan, target="approved")
    assert [e[1] for e in events(plan)] == ["in_force", "status", "added"]
    assert [e[1] for e in events(other)] == ["created"]
    assert events(world.b.plan) == []


# --- edit conflicts ---------------------------------------------------------------------------


def test_second_editor_of_a_section_gets_a_conflict(world, org, manager, plan):
    other = MembershipFactory(
        organization=org, role=Role.MANAGER, user__username="alpha_manager_2"
    ).user
    first_view = plan_part(plan, "sections")
    second_view = plan_part(plan, "sections")
    assert first_view.version == second_view.version == 1
    saved = services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="sections",
        item=first_view,
        version=1,
        data={"title": "甲改的标题", "body_html": "<p>甲</p>"},
    )
    assert saved.version == 2
    before = state(org)
    with pytest.raises(EditConflict) as exc:
        services.part_update(
            organization=org,
            actor=other,
            plan=plan,
            slug="sections",
            item=second_view,
            version=1,
            data={"title": "乙改的标题", "body_html": "<p>乙</p>"},
        )
    assert exc.value.part == "sections"
    assert exc.value.current == {"title": "甲改的标题", "body_html": "<p>甲</p>"}
    assert exc.value.attempted == {"title": "乙改的标题", "body_html": "<p>乙</p>"}
    assert state(org) == before
    stored = plan_part(plan, "sections")
    assert (stored.title, stored.body_html, stored.version) == ("甲改的标题", "<p>甲</p>", 2)
    assert [e[1] for e in events(plan)] == ["updated"]


def test_a_conflict_names_only_the_fields_the_editor_sent(org, manager, plan):
    goal = plan_part(plan, "goals")
    services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="goals",
        item=goal,
        version=1,
        data={"target_value": Decimal("600000")},
    )
    with pytest.raises(EditConflict) as exc:
        services.part_update(
            organization=org,
            actor=manager,
            plan=plan,
            slug="goals",
            item=goal,
            version=1,
            data={"target_value": Decimal("550000.00")},
        )
    assert (exc.value.current, exc.value.attempted) == (
        {"target_value": "600000"},
        {"target_value": "550000"},
    )


def test_second_editor_of_the_plan_gets_a_conflict(world, org, manager, plan):
    first_view, second_view = fresh(plan), fresh(plan)
    saved = services.plan_update(
        organization=org,
        actor=manager,
        plan=first_view,
        version=1,
        data={"title": "甲的方案", "anchor_date": date(2026, 1, 25)},
    )
    assert saved.version == 2
    before = state(org)
    with pytest.raises(EditConflict) as exc:
        services.plan_update(
            organization=org,
            actor=manager,
            plan=second_view,
            version=1,
            data={"title": "乙的方案", "anchor_date": date(2026, 1, 10)},
        )
    assert exc.value.part == "plan"
    assert exc.value.current == {"title": "甲的方案", "anchor_date": "2026-01-25"}
    assert exc.value.attempted == {"title": "乙的方案", "anchor_date": "2026-01-10"}
    assert state(org) == before
    stored = fresh(plan)
    assert (stored.title, stored.anchor_date, stored.version) == ("甲的方案", date(2026, 1, 25), 2)


def test_a_status_change_makes_an_open_header_edit_stale(org, manager, plan):
    loaded = fresh(plan)
    services.plan_transition(organization=org, actor=manager, plan=plan, target="approved")
    with pytest.raises(EditConflict):
        services.plan_update(
            organization=org,
            actor=manager,
            plan=loaded,
            version=loaded.version,
            data={"title": "x"},
        )
    assert fresh(plan).title == "alpha plan"


# --- section HTML -----------------------------------------------------------------------------

DIRTY = '<p onclick="x()">ok</p><script>alert(1)</script><img src=x onerror=y>'


def test_section_html_is_sanitised_on_add_and_update(org, manager, plan):
    section = services.part_add(
        organization=org,
        actor=manager,
        plan=plan,
        slug="sections",
        data={"title": "危险", "body_html": DIRTY},
    )
    assert (
        in_org(org, lambda: Section.objects.for_org(org).get(pk=section.pk).body_html)
        == "<p>ok</p>"
    )
    services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="sections",
        item=section,
        version=1,
        data={
            "body_html": "<p>keep <strong>this</strong></p>"
            + DIRTY
            + '<a href="javascript:y()">link</a><style>p{}</style>'
        },
    )
    stored = in_org(org, lambda: Section.objects.for_org(org).get(pk=section.pk).body_html)
    assert stored == "<p>keep <strong>this</strong></p><p>ok</p>link"


def test_section_html_from_an_organization_template_is_sanitised(org, manager, plan):
    spec = {**spec_of(plan), "sections": [{"title": "模板", "body_html": DIRTY}]}
    in_org(
        org,
        lambda: PlanTemplate.objects.create(
            organization=org, key="custom-9", name="脏模板", kind="contest", spec=spec
        ),
    )
    made = services.plan_create(organization=org, actor=manager, title="t", template_key="custom-9")
    assert [s.body_html for s in parts(made)["sections"]] == ["<p>ok</p>"]


# --- bad input: refused with the field to fix, nothing changed -------------------------------


def refused(orgs, call):
    """Run `call`, expect a ValidationError and no change to any row; its message_dict."""
    before = state(*orgs)
    with pytest.raises(ValidationError) as exc:
        call()
    assert state(*orgs) == before
    return exc.value.message_dict if hasattr(exc.value, "error_dict") else exc.value.messages


def test_plan_ending_before_it_starts(org, manager, plan):
    assert refused(
        [org],
        lambda: services.plan_update(
            organization=org,
            actor=manager,
            plan=plan,
            version=1,
            data={"end_date": date(2025, 12, 31)},
        ),
    ) == {"end_date": [PLAN_BACKWARDS]}


def test_negative_budget_ceiling(org, manager, plan):
    assert refused(
        [org],
        lambda: services.plan_update(
            organization=org,
            actor=manager,
            plan=plan,
            version=1,
            data={"budget_total": Decimal("-1")},
        ),
    ) == {"budget_total": [NOT_NEGATIVE]}


def test_blank_title(org, manager, plan):
    assert refused(
        [org],
        lambda: services.plan_update(
            organization=org,
            actor=manager,
            plan=plan,
            version=1,
            data={"title": ""},
        ),
    ) == {"title": ["This field cannot be blank."]}


@pytest.mark.parametrize("op", ["add", "update"])
def test_stage_ending_before_it_starts(org, manager, plan, op):
    stage = plan_part(plan, "stages")
    assert refused(
        [org],
        lambda: part_op(
            org,
            manager,
            plan,
            op,
            "stages",
            item=stage,
            data={"name": "倒挂", "start_date": date(2026, 1, 20), "end_date": date(2026, 1, 19)},
        ),
    ) == {"end_date": [STAGE_BACKWARDS]}


def test_stage_with_no_dates(org, manager, plan):
    assert refused(
        [org],
        lambda: services.part_add(
            organization=org,
            actor=manager,
            plan=plan,
            slug="stages",
            data={"name": "无日期"},
        ),
    ) == {"start_date": [NOT_NULL], "end_date": [NOT_NULL]}


def test_stage_losing_its_dates(org, manager, plan):
    stage = plan_part(plan, "stages")
    assert refused(
        [org],
        lambda: services.part_update(
            organization=org,
            actor=manager,
            plan=plan,
            slug="stages",
            item=stage,
            version=1,
            data={"start_date": None},
        ),
    ) == {"start_date": [NOT_NULL]}


@pytest.mark.parametrize("op", ["add", "update"])
def test_negative_budget_amount(org, manager, plan, op):
    line = plan_part(plan, "budget-lines")
    assert refused(
        [org],
        lambda: part_op(
            org,
            manager,
            plan,
            op,
            "budget-lines",
            item=line,
            data={"item": "负数", "amount": Decimal("-0.01")},
        ),
    ) == {"amount": [NOT_NEGATIVE]}


def test_negative_stage_target(org, manager, plan):
    stage = plan_part(plan, "stages")
    assert refused(
        [org],
        lambda: services.part_update(
            organization=org,
            actor=manager,
            plan=plan,
            slug="stages",
            item=stage,
            version=1,
            data={"cumulative_target": Decimal("-5")},
        ),
    ) == {"cumulative_target": [NOT_NEGATIVE]}


@pytest.mark.parametrize("key", ["nope", "custom-1", "CONTEST", " contest"])
def test_unknown_template(org, manager, key):
    assert refused([org], lambda: create(org, manager, key)) == {
        "template": [f"Unknown template “{key}”."]
    }


def test_neither_kind_nor_template(org, manager):
    assert refused(
        [org],
        lambda: services.plan_create(
            organization=org,
            actor=manager,
            title="x",
            kind="no-such-kind",
        ),
    ) == {"kind": ["Choose a kind of plan or a template."]}


@pytest.mark.parametrize("op", ["add", "update"])
def test_budget_line_on_another_plans_stage(org, manager, plan, op):
    other = create(org, manager, "contest")
    foreign_stage = parts(other)["stages"][0]
    line = plan_part(plan, "budget-lines")
    assert refused(
        [org],
        lambda: part_op(
            org,
            manager,
            plan,
            op,
            "budget-lines",
            item=line,
            data={"item": "串台", "amount": Decimal("1"), "stage": foreign_stage},
        ),
    ) == {"stage": [OTHER_STAGE]}


def test_budget_line_on_another_organizations_stage(world, org, manager, plan):
    assert refused(
        [org, world.b.org],
        lambda: services.part_add(
            organization=org,
            actor=manager,
            plan=plan,
            slug="budget-lines",
            data={"item": "串台", "amount": Decimal("1"), "stage": world.b.parts["stages"]},
        ),
    ) == {"stage": [OTHER_STAGE]}


@pytest.mark.parametrize("op", ["add", "update"])
def test_task_with_both_a_date_and_an_offset(org, manager, plan, op):
    task = plan_part(plan, "tasks")
    assert refused(
        [org],
        lambda: part_op(
            org,
            manager,
            plan,
            op,
            "tasks",
            item=task,
            data={"title": "两者都有", "due_date": date(2026, 1, 5), "offset_days": -3},
        ),
    ) == {"offset_days": [NOT_BOTH]}


def test_start_date_beyond_the_calendar(org, manager):
    assert refused(
        [org], lambda: create(org, manager, "contest", start_date=date(9999, 12, 25))
    ) == {"start_date": [BEYOND_CALENDAR]}


def test_copy_beyond_the_calendar(org, manager, plan):
    services.plan_update(
        organization=org, actor=manager, plan=plan, version=1, data={"end_date": date(9999, 12, 1)}
    )
    assert refused(
        [org],
        lambda: services.plan_copy(
            organization=org,
            actor=manager,
            plan=fresh(plan),
            offset_days=31,
            title="太远",
        ),
    ) == {"offset_days": [BEYOND_CALENDAR]}


def test_copy_needs_a_title(org, manager, plan):
    assert refused(
        [org],
        lambda: services.plan_copy(
            organization=org,
            actor=manager,
            plan=plan,
            offset_days=1,
            title="",
        ),
    ) == {"title": ["This field cannot be blank."]}


# --- closed plans and the lifecycle -----------------------------------------------------------


@pytest.fixture
def closed_plan(org, manager, plan):
    return move(org, manager, plan, "approved", "running", "closed")


@pytest.mark.parametrize("slug", list(PART_TYPES))
def test_a_closed_plan_refuses_every_part_change(org, manager, closed_plan, world, slug):
    item = world.a.parts[slug]
    data = {"title": "x", "name": "x", "item": "x", "metric": "x"}
    data = {k: v for k, v in data.items() if k in PART_TYPES[slug].fields}
    for op in ("add", "update", "delete"):
        assert refused(
            [org], lambda op=op: part_op(org, manager, closed_plan, op, slug, item=item, data=data)
        ) == [CLOSED]


def test_a_closed_plan_refuses_moves_and_header_edits(org, manager, closed_plan, world):
    section = world.a.parts["sections"]
    assert refused(
        [org],
        lambda: services.section_move(
            organization=org,
            actor=manager,
            plan=closed_plan,
            section=section,
            direction=1,
        ),
    ) == [CLOSED]
    assert refused(
        [org],
        lambda: services.plan_update(
            organization=org,
            actor=manager,
            plan=closed_plan,
            version=closed_plan.version,
            data={"title": "重开", "anchor_date": date(2026, 1, 1)},
        ),
    ) == [CLOSED]


@pytest.mark.parametrize("target", ["draft", "approved", "running", "closed"])
def test_a_closed_plan_stays_closed(org, manager, closed_plan, target):
    assert refused(
        [org],
        lambda: services.plan_transition(
            organization=org,
            actor=manager,
            plan=closed_plan,
            target=target,
        ),
    ) == {"status": [f"A plan in status “Closed” cannot move to “{LABELS[target]}”."]}


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ((), "running"),
        ((), "closed"),
        ((), "draft"),
        (("approved",), "closed"),
        (("approved", "running"), "approved"),
        (("approved", "running"), "draft"),
        ((), "archived"),
    ],
)
def test_transitions_the_state_does_not_allow(org, manager, plan, path, target):
    current = move(org, manager, plan, *path)
    assert refused(
        [org],
        lambda: services.plan_transition(
            organization=org,
            actor=manager,
            plan=current,
            target=target,
        ),
    ) == {
        "status": [
            f"A plan in status “{LABELS[current.status]}” cannot move to “{LABELS[target]}”."
        ]
    }


def test_approved_plan_may_go_back_to_draft(org, manager, plan):
    assert move(org, manager, plan, "approved", "draft").status == "draft"


def test_approving_a_plan_with_errors_is_refused(org, manager, plan):
    services.part_add(
        organization=org,
        actor=manager,
        plan=plan,
        slug="stages",
        data={"name": "重叠", "start_date": date(2026, 1, 5), "end_date": date(2026, 1, 15)},
    )
    services.part_add(
        organization=org, actor=manager, plan=plan, slug="goals", data={"metric": "只有警告不拦"}
    )
    assert refused(
        [org],
        lambda: services.plan_transition(
            organization=org,
            actor=manager,
            plan=plan,
            target="approved",
        ),
    ) == {"status": [FIX_ERRORS_FIRST]}
    assert fresh(plan).status == "draft"


def test_warnings_do_not_block_approval(org, manager, plan):
    group = plan_part(plan, "work-groups")
    services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="work-groups",
        item=group,
        version=1,
        data={"leader": ""},
    )
    assert [f.level for f in findings(plan)] == ["warning"]
    assert (
        services.plan_transition(
            organization=org, actor=manager, plan=plan, target="approved"
        ).status
        == "approved"
    )


def test_the_seed_contest_blocks_approval_until_fixed(org, manager):
    plan = create(org, manager, "contest")
    fourth = parts(plan)["stages"][3]
    services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="stages",
        item=fourth,
        version=1,
        data={"start_date": date(2005, 10, 18)},
    )
    found = findings(plan)
    assert [(f.level, f.part, f.part_id, f.fix) for f in found] == [
        (
            "error",
            "stage",
            fourth.pk,
            "Start “第四阶段：全力冲刺，达成全部目标” the day after "
            "“第三阶段：咬紧目标，完成四分之三” ends (2005-10-22).",
        ),
    ]
    with pytest.raises(ValidationError):
        services.plan_transition(organization=org, actor=manager, plan=plan, target="approved")
    services.part_update(
        organization=org,
        actor=manager,
        plan=plan,
        slug="stages",
        item=fourth,
        version=2,
        data={"start_date": date(2005, 10, 22)},
    )
    assert (
        services.plan_transition(
            organization=org, actor=manager, plan=plan, target="approved"
        ).status
        == "approved"
    )


# --- exports ----------------------------------------------------------------------------------


def test_export_request_queues_a_job_and_records_it(org, manager, plan):
    export = services.export_request(organization=org, actor=manager, plan=plan)
    export = in_org(
        org, lambda: Export.objects.for_org(org).select_related("job").get(pk=export.pk)
    )
    assert (export.plan_id, export.job.kind, export.job.status, export.job.payload) == (
        plan.pk,
        "plan.pdf",
        "queued",
        {"plan_id": plan.pk},
    )
    assert events(plan) == [(manager.username, "exported", "", None, f"#{export.pk}", {})]
