"""Plan pages: in-place edits, the conflict message, history, checks panel, closed plans."""

import json
from datetime import date

import pytest

from campaigns.models import PlanEvent, Section, Stage
from campaigns.plans import services
from campaigns.roles import Role
from campaigns.tenancy import tenant_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    client.cookies["django_language"] = "en"
    return client


def _url(world, *parts):
    return "/".join([f"/alpha/plans/{world.a.plan.pk}", *map(str, parts)]) + "/"


def test_in_place_edit_returns_the_part_list_and_reloads_checks(manager_client, world):
    section = world.a.parts["sections"]
    response = manager_client.post(
        _url(world, "sections", section.pk, "edit"),
        {
            "title": "目标与要求",
            "body_html": "<p>全员行动</p><script>x()</script>",
            "version": section.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#part-sections"
    assert json.loads(response["HX-Trigger"]) == {"planChanged": {}}
    body = response.content.decode()
    assert "一、目标与要求" in body and "<p>全员行动</p>" in body and "<script" not in body


def test_second_save_of_the_same_section_shows_the_other_change(manager_client, world):
    section = world.a.parts["sections"]
    other = world.a.members[Role.MANAGER].user
    with tenant_context(world.a.org):
        services.part_update(
            organization=world.a.org,
            actor=other,
            plan=world.a.plan,
            slug="sections",
            item=section,
            version=1,
            data={"title": "Their heading"},
        )
    response = manager_client.post(
        _url(world, "sections", section.pk, "edit"),
        {"title": "My heading", "body_html": "", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this while you were editing." in body
    assert "Their heading" in body and "My heading" in body
    assert 'name="version" value="2"' in body  # the form restarts from their version
    with tenant_context(world.a.org):
        assert Section.objects.get(pk=section.pk).title == "Their heading"


def test_form_errors_show_next_to_the_field_and_change_nothing(manager_client, world):
    stage = world.a.parts["stages"]
    response = manager_client.post(
        _url(world, "stages", stage.pk, "edit"),
        {
            "name": "x",
            "start_date": "2026-01-10",
            "end_date": "2026-01-01",
            "cumulative_target": "-5",
            "version": stage.version,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "An amount cannot be negative." in body
    with tenant_context(world.a.org):
        assert Stage.objects.get(pk=stage.pk).start_date == date(2026, 1, 1)


def test_checks_panel_names_the_overlap_and_the_fix(manager_client, world):
    with tenant_context(world.a.org):
        Stage.objects.create(
            organization=world.a.org,
            plan=world.a.plan,
            position=1,
            name="Stage 2",
            start_date=date(2026, 1, 5),
            end_date=date(2026, 1, 20),
        )
    body = manager_client.get(_url(world, "findings")).content.decode()
    assert "overlaps stage" in body
    assert "the day after" in body and "2026-01-11" in body


def test_history_page_lists_who_changed_what(manager_client, world):
    section = world.a.parts["sections"]
    manager_client.post(
        _url(world, "sections", section.pk, "edit"),
        {"title": "New heading", "body_html": "", "version": section.version},
    )
    body = manager_client.get(_url(world, "history")).content.decode()
    assert "<strong>alpha manager</strong>" in body
    assert "New heading" in body
    with tenant_context(world.a.org):
        event = PlanEvent.objects.for_org(world.a.org).get(action="updated")
    assert event.changes["title"][1] == "New heading"


def test_closed_plan_refuses_edits_with_a_message(manager_client, world):
    with tenant_context(world.a.org):
        type(world.a.plan).objects.filter(pk=world.a.plan.pk).update(status="closed")
    goal = world.a.parts["goals"]
    response = manager_client.post(
        _url(world, "goals", goal.pk, "edit"),
        {"metric": "changed", "version": goal.version},
    )
    assert response.status_code == 400
    assert "This plan is closed; it can no longer be changed." in response.content.decode()
    page = manager_client.get(_url(world)).content.decode()
    assert 'data-testid="edit-plan"' not in page


def test_approval_blocked_by_errors_says_why(manager_client, world):
    with tenant_context(world.a.org):
        Stage.objects.create(
            organization=world.a.org,
            plan=world.a.plan,
            position=1,
            name="Stage 2",
            start_date=date(2026, 1, 5),
            end_date=date(2026, 1, 20),
        )
    response = manager_client.post(_url(world, "status"), {"status": "approved"}, follow=True)
    assert "Fix the errors listed under Consistency checks before approving." in (
        response.content.decode()
    )
    with tenant_context(world.a.org):
        world.a.plan.refresh_from_db()
    assert world.a.plan.status == "draft"


def test_without_htmx_a_save_redirects_back_to_the_plan(manager_client, world):
    goal = world.a.parts["goals"]
    response = manager_client.post(
        _url(world, "goals", goal.pk, "edit"),
        {"metric": "新单保费", "target_value": "500000", "version": goal.version},
    )
    assert response.status_code == 302
    assert response["Location"] == _url(world) + "#part-goals"


def test_sections_move_up_and_down(manager_client, world):
    with tenant_context(world.a.org):
        second = Section.objects.create(
            organization=world.a.org, plan=world.a.plan, position=1, title="Second"
        )
    manager_client.post(_url(world, "sections", second.pk, "move"), {"direction": "up"})
    with tenant_context(world.a.org):
        order = list(
            Section.objects.for_org(world.a.org)
            .filter(plan=world.a.plan)
            .order_by("position")
            .values_list("title", flat=True)
        )
    assert order == ["Second", "alpha section"]


def test_api_moves_a_section(client, world):
    from tests.factories import api_token_for

    token = api_token_for(world.a.members[Role.MANAGER].user)
    with tenant_context(world.a.org):
        second = Section.objects.create(
            organization=world.a.org, plan=world.a.plan, position=1, title="Second"
        )
    response = client.post(
        f"/api/v1/alpha/plans/{world.a.plan.pk}/sections/{second.pk}/move/",
        {"direction": "up"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 200
    assert [s["title"] for s in response.json()] == ["Second", "alpha section"]
    bad = client.post(
        f"/api/v1/alpha/plans/{world.a.plan.pk}/sections/{second.pk}/move/",
        {"direction": "sideways"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert bad.status_code == 400 and "direction" in bad.json()


def test_deleting_a_stage_records_its_budget_lines_losing_it(manager_client, world):
    from campaigns.models import BudgetLine

    stage, line = world.a.parts["stages"], world.a.parts["budget-lines"]
    response = manager_client.post(_url(world, "stages", stage.pk, "delete"))
    assert response.status_code == 302
    with tenant_context(world.a.org):
        line = BudgetLine.objects.get(pk=line.pk)
        event = PlanEvent.objects.for_org(world.a.org).get(part="budget-lines")
    assert (line.stage_id, line.version) == (None, 2)
    assert (event.action, event.changes) == ("updated", {"stage": ["alpha stage", None]})
