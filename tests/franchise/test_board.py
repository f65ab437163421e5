"""The rollout board: the plan's phases (target against markets established by each
phase's end), the 13-market coverage, the status schematic, and the goal figures."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.plans import services as plan_services
from campaigns.plans.models import Goal, Stage
from campaigns.tenancy import tenant_context
from franchise import charts, selectors, services
from franchise.models import GoalFigure, RolloutStatus, Territory

pytestmark = pytest.mark.django_db

HUNAN = [
    "长沙",
    "株洲",
    "湘潭",
    "衡阳",
    "邵阳",
    "岳阳",
    "常德",
    "张家界",
    "益阳",
    "郴州",
    "永州",
    "怀化",
    "娄底",
]


@pytest.fixture
def plan(scene):
    """The franchise plan in force (put in force explicitly, as a manager does)."""
    made = plan_services.plan_create(
        organization=scene.org,
        actor=scene.manager.user,
        title="特许加盟方案",
        template_key="franchise",
    )
    plan, _replaced = plan_services.plan_put_in_force(
        organization=scene.org, actor=scene.manager.user, plan=made
    )
    return plan


def _establish(scene, name, status, on):
    services.territory_set_status(
        organization=scene.org, territory=scene.t[name], status=status, on=on
    )


def test_phases_come_from_the_plan_and_count_established_markets(scene, plan):
    _establish(scene, "长沙", "model_market", date(2007, 11, 20))
    _establish(scene, "株洲", "model_market", date(2008, 1, 15))  # after P1 ended
    _establish(scene, "湘潭", "strong_market", date(2008, 6, 1))
    with tenant_context(scene.org):
        board = selectors.rollout_board(scene.org)
    rows = [
        (p.phase.start, p.phase.end, p.target, p.planned, p.reached, p.met) for p in board["phases"]
    ]
    assert rows == [
        (date(2007, 9, 1), date(2007, 12, 31), 4, 2, 1, False),
        (date(2008, 1, 1), date(2008, 7, 31), 12, 1, 3, False),
        (date(2008, 8, 1), date(2009, 8, 31), 13, 1, 3, False),
    ]
    # 长沙 and 株洲 (agreements) are signed or further; 湘潭 is a strong market.
    assert (board["covered"], board["total"]) == (3, 4)


def test_a_market_keeps_its_first_established_day_and_loses_it_when_moved_back(scene):
    _establish(scene, "长沙", "model_market", date(2007, 11, 20))
    _establish(scene, "长沙", "strong_market", date(2008, 3, 1))
    with tenant_context(scene.org):
        assert Territory.objects.get(pk=scene.t["长沙"].pk).established_on == date(2007, 11, 20)
    _establish(scene, "长沙", "signed", date(2008, 4, 1))
    with tenant_context(scene.org):
        assert Territory.objects.get(pk=scene.t["长沙"].pk).established_on is None


def test_without_a_plan_the_template_phases_apply(scene):
    with tenant_context(scene.org):
        board = selectors.rollout_board(scene.org)
    assert [p.target for p in board["phases"]] == [4, 12, 13]
    assert board["goals"] == []


def test_goal_figures_are_recorded_and_the_latest_is_shown(scene, plan):
    with tenant_context(scene.org):
        share = Goal.objects.for_org(scene.org).get(plan=plan, metric="渠道市场占有率")
    services.goal_figure_record(
        organization=scene.org, goal=share, recorded_on=date(2008, 6, 30), value="55.5", note="中期"
    )
    services.goal_figure_record(
        organization=scene.org, goal=share, recorded_on=date(2008, 12, 31), value="63"
    )
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.goal_figure_record(
            organization=scene.org, goal=share, recorded_on=date(2009, 1, 1), value="六成"
        )
    assert excinfo.value.message_dict == {
        "value": ["Enter an amount in yuan, e.g. 3000 or 3,000.50."]
    }
    with tenant_context(scene.org):
        assert GoalFigure.objects.for_org(scene.org).count() == 2
        goals = {row["goal"].metric: row["figure"] for row in selectors.goals_with_figures(plan)}
    assert goals["渠道市场占有率"].value == Decimal("63")
    assert goals["三年内成为区域健康管理行业第一品牌"] is None


def test_the_plan_in_force_gives_the_phases_and_only_its_stages(scene, plan):
    newer = plan_services.plan_create(
        organization=scene.org, actor=scene.manager.user, title="第二版", template_key="franchise"
    )
    with tenant_context(scene.org):
        stages = list(Stage.objects.for_org(scene.org).filter(plan=newer).order_by("start_date"))
        Stage.objects.for_org(scene.org).filter(pk=stages[0].pk).update(name="试点期")
        Stage.objects.for_org(scene.org).filter(pk=stages[2].pk).delete()
        summary, phases = selectors.franchise_plan_phases(scene.org)
    # The newer draft, edited last, does not take over: the plan in force still does.
    assert (summary.pk, summary.title) == (plan.pk, "特许加盟方案")
    assert [p.name for p in phases] == [s.name for s in _stages(scene, plan)]
    plan_services.plan_put_in_force(organization=scene.org, actor=scene.manager.user, plan=newer)
    with tenant_context(scene.org):
        summary, phases = selectors.franchise_plan_phases(scene.org)
    assert (summary.pk, summary.title) == (newer.pk, "第二版")
    assert [(p.number, p.name) for p in phases] == [(1, "试点期"), (2, stages[1].name)]
    with tenant_context(scene.org):
        Stage.objects.for_org(scene.org).filter(plan=newer).delete()
        summary, phases = selectors.franchise_plan_phases(scene.org)
    assert summary.pk == newer.pk  # a plan without stages: the template's phases
    assert [p.name for p in phases] == ["P1", "P2", "P3"]


def _stages(scene, plan):
    with tenant_context(scene.org):
        return list(Stage.objects.for_org(scene.org).filter(plan=plan).order_by("start_date"))


def test_the_latest_figure_is_the_newest_date_then_the_last_recorded(scene, plan):
    with tenant_context(scene.org):
        goals = list(Goal.objects.for_org(scene.org).filter(plan=plan).order_by("position"))
    first, second = goals[0], goals[1]
    for recorded_on, value in [("2008-12-31", "61"), ("2009-03-31", "70"), ("2009-03-31", "72")]:
        services.goal_figure_record(
            organization=scene.org, goal=first, recorded_on=recorded_on, value=value
        )
    services.goal_figure_record(
        organization=scene.org, goal=first, recorded_on="2008-06-30", value="40", note="早期"
    )
    services.goal_figure_record(
        organization=scene.org, goal=second, recorded_on="2008-01-31", value="3", note="省内"
    )
    with tenant_context(scene.org):
        rows = selectors.goals_with_figures(plan)
    assert [row["goal"].pk for row in rows] == [goal.pk for goal in goals]
    assert (rows[0]["figure"].value, rows[0]["figure"].recorded_on) == (
        Decimal("72"),
        date(2009, 3, 31),
    )
    assert (rows[1]["figure"].value, rows[1]["figure"].note) == (Decimal("3"), "省内")
    assert rows[0]["goal"].target_value == first.target_value


def test_the_board_page(client, scene, plan):
    for name in HUNAN[4:]:
        services.territory_save(organization=scene.org, name=name, planned_phase=3)
    _establish(scene, "长沙", "model_market", date(2007, 11, 20))
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    page = client.get("/xiang/franchise/").content.decode()
    assert 'data-testid="coverage">2 / 13<' in page
    schematic = json.loads(
        re.search(
            r'<script id="territory-schematic" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    by_status = {s["name"]: sorted(d[2] for d in s["data"]) for s in schematic["series"]}
    assert by_status["Model market"] == ["长沙"] and by_status["Signed"] == ["株洲"]
    assert len(by_status["Open"]) == 11
    # Each dot carries its territory's id, which the page turns into its link.
    changsha = next(d for s in schematic["series"] for d in s["data"] if d[2] == "长沙")
    assert changsha[3] == scene.t["长沙"].pk
    assert 'data-chart-link="/xiang/franchise/territories/{id}/"' in page
    # Each status count opens the territory list filtered by it.
    assert (
        'href="/xiang/franchise/territories/?status=model_market" '
        'data-testid="count-model_market">1<' in page
    )
    assert "渠道市场占有率" in page


def test_a_goal_page_lists_its_figures_and_records_the_next(client, scene, plan):
    with tenant_context(scene.org):
        goal = Goal.objects.for_org(scene.org).get(plan=plan, metric="渠道市场占有率")
    url = f"/xiang/franchise/goals/{goal.pk}/"
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    assert f'href="{url}"' in client.get("/xiang/franchise/").content.decode()
    bad = client.post(url, {"recorded_on": "2008-06-30", "value": "x"})
    assert (
        bad.status_code == 400
        and "Enter an amount in yuan, e.g. 3000 or 3,000.50." in bad.content.decode()
    )
    assert 'value="x"' in bad.content.decode()  # what was typed stays in the form
    missing_date = client.post(url, {"recorded_on": "", "value": "61"})
    assert missing_date.status_code == 400
    with tenant_context(scene.org):
        assert GoalFigure.objects.for_org(scene.org).count() == 0
    good = client.post(url, {"recorded_on": "2008-06-30", "value": "61", "note": "年中"})
    assert good.status_code == 302 and good["Location"] == url
    client.post(url, {"recorded_on": "2008-12-31", "value": "72.5"})
    page = client.get(url).content.decode()
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>([\d.]+) %", page)
    assert rows == [("2008-12-31", "72.50"), ("2008-06-30", "61")]
    board = client.get("/xiang/franchise/").content.decode()
    assert "72.50 %" in board and "2008-12-31" in board
    # Admins read the board and its goals but do not record figures.
    client.force_login(scene.admin.user)
    assert client.get(url).status_code == 200
    assert 'data-testid="goal-figure-form"' not in client.get(url).content.decode()
    assert client.post(url, {"recorded_on": "2009-01-31", "value": "80"}).status_code == 403
    # A goal of another kind of plan is not a franchise goal: 404.
    other = plan_services.plan_create(
        organization=scene.org, actor=scene.manager.user, title="竞赛", template_key="contest"
    )
    with tenant_context(scene.org):
        foreign = Goal.objects.for_org(scene.org).filter(plan=other).first()
    client.force_login(scene.manager.user)
    assert client.get(f"/xiang/franchise/goals/{foreign.pk}/").status_code == 404


def test_the_territory_list_is_paged_and_filtered(client, scene):
    for n in range(60):
        services.territory_save(organization=scene.org, name=f"市场{n:02d}", planned_phase=3)
    _establish(scene, "长沙", "model_market", date(2007, 11, 20))
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    first = client.get("/xiang/franchise/territories/").content.decode()
    assert "64 territories" in first and "Page 1 of 2" in first
    assert first.count('<tr><td><a href="/xiang/franchise/territories/') == 50
    second = client.get("/xiang/franchise/territories/?planned_phase=3&page=2").content.decode()
    assert "61 territories" in second and "市场59" in second and "市场00" not in second
    model = client.get("/xiang/franchise/territories/?status=model_market").content.decode()
    assert "1 territory" in model and "长沙" in model and "2007-11-20" in model
    named = client.get("/xiang/franchise/territories/?name=市场0").content.decode()
    assert "10 territories" in named
    bogus = client.get("/xiang/franchise/territories/?status=closed").content.decode()
    assert "Select a valid choice." in bogus


def test_the_status_form_and_the_territory_form(client, scene):
    client.force_login(scene.manager.user)
    client.cookies["django_language"] = "en"
    url = f"/xiang/franchise/territories/{scene.t['衡阳'].pk}/status/"
    assert client.post(url, {"status": "negotiating", "on": ""}).status_code == 400
    assert client.post(url, {"status": "negotiating", "on": "2008-09-01"}).status_code == 302
    with tenant_context(scene.org):
        assert Territory.objects.get(pk=scene.t["衡阳"].pk).status == "negotiating"
    duplicate = client.post("/xiang/franchise/territories/", {"name": "长沙", "planned_phase": 1})
    assert duplicate.status_code == 400
    assert "A territory with this name exists." in duplicate.content.decode()
    with tenant_context(scene.org):
        assert Territory.objects.for_org(scene.org).count() == 4
    client.force_login(scene.admin.user)  # admins read the board but do not run it
    assert (
        client.post(
            "/xiang/franchise/territories/", {"name": "邵阳", "planned_phase": 2}
        ).status_code
        == 403
    )


@given(names=st.lists(st.sampled_from(HUNAN) | st.text(min_size=1, max_size=4), max_size=150))
@settings(max_examples=60, deadline=None)
def test_the_schematic_bounds_hold_every_dot(names):
    statuses = [s.value for s in RolloutStatus]
    territories = [(pk, name, statuses[pk % 5]) for pk, name in enumerate(names, 1)]
    option = charts.territory_schematic(territories)
    dots = [dot for series in option["series"] for dot in series["data"]]
    assert sorted(dot[3] for dot in dots) == [pk for pk, _n, _s in territories]
    x, y = option["xAxis"], option["yAxis"]
    if not dots:
        assert x == y == {"type": "value", "show": False, "scale": True}
        return
    assert all(x["min"] < dot[0] < x["max"] and y["min"] < dot[1] < y["max"] for dot in dots)
