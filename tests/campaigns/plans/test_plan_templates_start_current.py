"""Templates start valid and current: a plan from a template asks for the date the
template needs (the event day, the contest's or the rollout's start), proposes one in the
future, and moves every date of the template by it; a fresh plan from every built-in
template has no error findings and every date ahead of today."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from campaigns.plans import rules, selectors
from campaigns.plans.builtin import BUILTIN_TEMPLATES
from campaigns.plans.models import Plan
from campaigns.plans.spec import LEAD_MARGIN_DAYS, date_needed, default_day, moved_to
from campaigns.roles import Role
from campaigns.tenancy import tenant_context

pytestmark = pytest.mark.django_db

KEYS = ["franchise", "contest", "decoration_event", "telecom_day", "family_bundle"]
# What each built-in template asks for, and the field it sets.
NEEDS = {
    "franchise": ("start_date", "Rollout start"),
    "contest": ("start_date", "Contest start"),
    "decoration_event": ("anchor_date", "Event day"),
    "telecom_day": ("anchor_date", "Event day"),
    "family_bundle": ("anchor_date", "Launch day"),
}


@pytest.fixture
def manager_client(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    client.cookies["django_language"] = "en"
    return client


def _today(org):
    return timezone.localdate(timezone=org.zoneinfo)


def _every_date(plan):
    """Every date of the plan and its parts, relative tasks' computed due dates included."""
    parts = selectors.all_parts(plan)
    dates = [plan.start_date, plan.end_date, plan.anchor_date]
    dates += [d for s in parts["stages"] for d in (s.start_date, s.end_date)]
    dates += [g.due_date for g in parts["goals"]]
    dates += [rules.task_due(t.due_date, t.offset_days, plan.anchor_date) for t in parts["tasks"]]
    return [d for d in dates if d is not None], parts


def _errors(plan, parts):
    return [f for f in selectors.plan_findings(plan, parts) if f.level == "error"]


def _fresh(org, plan_id):
    with tenant_context(org):
        plan = Plan.objects.for_org(org).get(pk=plan_id)
        dates, parts = _every_date(plan)
        return plan, dates, _errors(plan, parts)


@pytest.mark.parametrize("key", KEYS)
def test_the_page_asks_for_the_date_and_a_fresh_plan_is_valid_and_ahead(manager_client, world, key):
    org = world.a.org
    first = manager_client.post(
        "/alpha/plans/new/", {"title": f"新方案 {key}", "source": f"template:{key}"}
    )
    assert first.status_code == 200
    body = first.content.decode()
    field, label = NEEDS[key]
    assert f'<label for="id_template_date">{label}</label>' in body
    proposed = re.search(r'name="template_date" value="([0-9-]+)"', body).group(1)
    assert date.fromisoformat(proposed) > _today(org)
    assert f'value="template:{key}"' in body  # the source goes on as a hidden field
    with tenant_context(org):
        assert not Plan.objects.for_org(org).filter(title=f"新方案 {key}").exists()

    second = manager_client.post(
        "/alpha/plans/new/",
        {"title": f"新方案 {key}", "source": f"template:{key}", "template_date": proposed},
    )
    assert second.status_code == 302
    plan_id = int(second["Location"].rstrip("/").rsplit("/", 1)[1])
    plan, dates, errors = _fresh(org, plan_id)
    assert errors == []
    assert dates and min(dates) > _today(org)
    assert getattr(plan, field) == date.fromisoformat(proposed)
    page = manager_client.get(second["Location"]).content.decode()
    assert 'data-testid="no-findings"' in page


@pytest.mark.parametrize("key", KEYS)
def test_the_api_without_a_date_makes_a_valid_plan_ahead(manager_client, world, key):
    response = manager_client.post(
        "/api/v1/alpha/plans/", {"template": key, "title": key}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    plan, dates, errors = _fresh(world.a.org, response.json()["id"])
    assert errors == []
    assert dates and min(dates) > _today(world.a.org)
    listed = {t["key"]: t for t in manager_client.get("/api/v1/alpha/templates/").json()}
    field, label = NEEDS[key]
    assert listed[key]["date_label"] == label
    assert getattr(plan, field).isoformat() == listed[key]["date_default"]


def test_a_chosen_date_moves_every_date_of_the_template(manager_client, world):
    response = manager_client.post(
        "/alpha/plans/new/",
        {"title": "三月竞赛", "source": "template:contest", "template_date": "2027-03-01"},
    )
    assert response.status_code == 302
    with tenant_context(world.a.org):
        plan = Plan.objects.for_org(world.a.org).get(title="三月竞赛")
        stages = [
            (s.start_date.isoformat(), s.end_date.isoformat())
            for s in selectors.parts_of(plan, "stages")
        ]
    # The seed's 2005-10-10 … 10-25, moved to start on 2027-03-01 (16 days, four stages).
    assert (plan.start_date, plan.end_date) == (date(2027, 3, 1), date(2027, 3, 16))
    assert stages == [
        ("2027-03-01", "2027-03-04"),
        ("2027-03-05", "2027-03-08"),
        ("2027-03-09", "2027-03-12"),
        ("2027-03-13", "2027-03-16"),
    ]


def test_an_event_template_takes_the_event_day_as_its_anchor(manager_client, world):
    response = manager_client.post(
        "/api/v1/alpha/plans/",
        {"template": "telecom_day", "title": "电信日", "template_date": "2027-05-17"},
        content_type="application/json",
    )
    body = response.json()
    # The seed: 2009-05-02 … 05-31 around the event day 05-17, moved by whole years' days.
    assert (body["start_date"], body["anchor_date"], body["end_date"]) == (
        "2027-05-02",
        "2027-05-17",
        "2027-05-31",
    )


def test_the_second_step_refuses_a_missing_or_wrong_date_and_keeps_the_page(manager_client, world):
    before = _count(world.a.org)
    for value, message in [("", "This field is required."), ("2027-02-30", "Enter a valid date.")]:
        response = manager_client.post(
            "/alpha/plans/new/",
            {"title": "装修活动", "source": "template:decoration_event", "template_date": value},
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body and "<nav" in body and 'id="id_template_date"' in body
    response = manager_client.post(
        "/alpha/plans/new/",
        {"title": "装修活动", "source": "template:telecom_day", "template_date": "9999-12-31"},
    )
    assert response.status_code == 400
    assert "beyond the calendar" in response.content.decode()
    assert _count(world.a.org) == before


def test_a_blank_plan_needs_no_date(manager_client, world):
    response = manager_client.post("/alpha/plans/new/", {"title": "空白", "source": "kind:contest"})
    assert response.status_code == 302


def _count(org):
    with tenant_context(org):
        return Plan.objects.for_org(org).count()


# -- the pure part: which date, its default, the move -------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_every_builtin_template_moved_to_its_default_is_ahead(key):
    spec = BUILTIN_TEMPLATES[key].spec
    today = date(2026, 12, 3)
    day = default_day(spec, today)
    moved = moved_to(spec, day)
    need = date_needed(spec)
    assert moved[need.field] == day.isoformat()
    anchor = date.fromisoformat(moved["anchor_date"]) if moved.get("anchor_date") else None
    dates = [date.fromisoformat(d) for d in _iso_dates(moved)]
    dates += [anchor + timedelta(days=t["offset_days"]) for t in _relative(moved) if anchor]
    # Every date ahead, the earliest exactly the margin away.
    assert min(dates) == today + timedelta(days=LEAD_MARGIN_DAYS)


def test_the_lead_counts_back_to_the_first_preparation_task():
    spec = {
        "kind": "telecom_day",
        "start_date": "2009-05-02",
        "anchor_date": "2009-05-17",
        "tasks": [{"title": "x", "offset_days": -30}, {"title": "y", "due_date": "2009-05-10"}],
    }
    assert date_needed(spec).field == "anchor_date"
    assert date_needed(spec).lead_days == 30
    assert date_needed({"kind": "contest", "start_date": "2005-10-10"}).lead_days == 0
    no_anchor = {"kind": "decoration_event", "tasks": [{"title": "x", "offset_days": -20}]}
    assert date_needed(no_anchor) == date_needed(no_anchor).__class__("anchor_date", None, 20)
    assert moved_to(no_anchor, date(2027, 1, 10))["anchor_date"] == "2027-01-10"


def _iso_dates(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("start_date", "end_date", "anchor_date", "due_date") and v:
                yield v
            else:
                yield from _iso_dates(v)
    elif isinstance(value, list):
        for v in value:
            yield from _iso_dates(v)


def _relative(spec):
    return [t for t in spec.get("tasks") or [] if t.get("offset_days") is not None]
