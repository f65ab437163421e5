"""The home page's panels (campaigns/home.py): each role's day, only the modules the
organization runs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns import home
from campaigns.models import Job
from campaigns.plans.models import Plan, PlanStatus, Task, TaskStatus
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import home as contest_home
from contests.models import Agent, Contest, Policy
from tests.factories import MembershipFactory, OrganizationFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    organization = OrganizationFactory(slug="alpha", name="Alpha")
    team = TeamFactory(organization=organization, name="一组")
    organization.team = team
    organization.people = {
        role: MembershipFactory(
            organization=organization,
            user__username=f"alpha_{role.value}",
            role=role,
            team=team if role == Role.BRANCH_STAFF else None,
        )
        for role in Role
    }
    organization.today = home.organization_today(organization)
    return organization


def _plan(org, title, *, kind="contest", status=PlanStatus.RUNNING, start=None, anchor=None):
    today = org.today
    with tenant_context(org):
        return Plan.objects.create(
            organization=org,
            kind=kind,
            title=title,
            status=status,
            owner=org.people[Role.MANAGER].user,
            start_date=start or today - timedelta(days=10),
            end_date=today + timedelta(days=20),
            anchor_date=anchor,
        )


def _task(org, plan, title, *, due=None, offset=None, status=TaskStatus.TODO):
    with tenant_context(org):
        return Task.objects.create(
            organization=org,
            plan=plan,
            title=title,
            due_date=due,
            offset_days=offset,
            status=status,
        )


def _contest(org, plan, *, stock=0, taken=0):
    with tenant_context(org):
        return Contest.objects.create(
            organization=org,
            plan=plan,
            period_start=plan.start_date,
            period_end=plan.end_date,
            goal=Decimal("500000"),
            calendar_stock=stock,
            calendars_taken=taken,
        )


def _home(client, org, role):
    client.force_login(org.people[role].user)
    client.cookies["django_language"] = "en"
    response = client.get(f"/{org.slug}/")
    assert response.status_code == 200
    return response.content.decode()


# -- the manager: tasks, findings, failed jobs, pace, stock ------------------------------------


def test_overdue_and_this_weeks_tasks_show_done_and_later_ones_do_not(client, org):
    today = org.today
    plan = _plan(org, "Spring plan", anchor=today + timedelta(days=3))
    closed = _plan(org, "Old plan", status=PlanStatus.CLOSED)
    _task(org, plan, "Print the posters", due=today - timedelta(days=2))
    _task(org, plan, "Book the hall", offset=-1)  # anchor − 1 = in two days
    _task(org, plan, "Already done", due=today - timedelta(days=5), status=TaskStatus.DONE)
    _task(org, plan, "Next month", due=today + timedelta(days=30))
    _task(org, closed, "Of a closed plan", due=today - timedelta(days=1))
    page = _home(client, org, Role.MANAGER)
    assert 'data-testid="home-panel-plan_tasks"' in page
    overdue = page.split('data-testid="tasks-overdue"')[1].split("</ul>")[0]
    week = page.split('data-testid="tasks-this-week"')[1].split("</ul>")[0]
    assert "Print the posters" in overdue and "2 days late" in overdue
    assert "Book the hall" in week and (today + timedelta(days=2)).isoformat() in week
    for absent in ("Already done", "Next month", "Of a closed plan"):
        assert absent not in page
    assert f"/alpha/plans/{plan.pk}/#part-tasks" in overdue


def test_no_task_due_no_panel_and_staff_never_see_it(client, org):
    plan = _plan(org, "Spring plan")
    _task(org, plan, "Far away", due=org.today + timedelta(days=8))
    assert "home-panel-plan_tasks" not in _home(client, org, Role.MANAGER)
    _task(org, plan, "Late", due=org.today - timedelta(days=1))
    assert "home-panel-plan_tasks" in _home(client, org, Role.MANAGER)
    assert "home-panel-plan_tasks" not in _home(client, org, Role.BRANCH_STAFF)


def test_a_plan_with_findings_is_listed_with_a_link_to_them(client, org):
    clean = _plan(org, "Clean plan")
    broken = _plan(org, "Broken plan")
    _task(org, broken, "Relative task", offset=-3)  # no anchor date: an error finding
    page = _home(client, org, Role.MANAGER)
    panel = page.split('data-testid="home-panel-plan_findings"')[1].split("</section>")[0]
    assert "Broken plan" in panel and "1 error" in panel
    assert f"/alpha/plans/{broken.pk}/#checks-title" in panel
    assert clean.title not in panel


def test_failed_jobs_of_the_week_show_done_and_old_ones_do_not(client, org):
    with tenant_context(org):
        failed = Job.objects.create(
            organization=org, kind="plan.pdf", status=Job.Status.FAILED, error="boom"
        )
        Job.objects.create(organization=org, kind="plan.pdf", status=Job.Status.DONE)
        old = Job.objects.create(organization=org, kind="plan.pdf", status=Job.Status.FAILED)
        Job.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=30))
    page = _home(client, org, Role.MANAGER)
    panel = page.split('data-testid="home-panel-failed_jobs"')[1].split("</section>")[0]
    assert f"#{failed.pk}" in panel and "boom" in panel
    assert f"#{old.pk}" not in panel and panel.count("<li>") == 1
    assert "Plan PDF" in panel and "plan.pdf" not in panel  # the kind's label, not its key


def test_the_contest_pace_and_the_calendars_running_out(client, org):
    plan = _plan(org, "October contest")
    contest = _contest(org, plan, stock=20, taken=18)
    page = _home(client, org, Role.MANAGER)
    pace = page.split('data-testid="home-panel-contest_pace"')[1].split("</section>")[0]
    assert "October contest" in pace and "Behind the checkpoint pace." in pace
    assert f"/alpha/contests/{contest.pk}/" in pace
    stock = page.split('data-testid="home-panel-contest_stock"')[1].split("</section>")[0]
    assert "18 of 20" in stock
    with tenant_context(org):
        Contest.objects.filter(pk=contest.pk).update(calendar_stock=100, calendars_taken=10)
    assert "home-panel-contest_stock" not in _home(client, org, Role.MANAGER)


def test_stock_running_out():
    assert contest_home.stock_running_out(5, 500)
    assert contest_home.stock_running_out(10, 100)
    assert not contest_home.stock_running_out(11, 100)
    assert not contest_home.stock_running_out(0, 0)  # no stock kept: nothing to run out


# -- branch staff: today's entry with their day's total ---------------------------------------


def test_branch_staff_land_on_todays_entry_with_their_days_total(client, org):
    plan = _plan(org, "October contest")
    contest = _contest(org, plan)
    staff = org.people[Role.BRANCH_STAFF].user
    other = org.people[Role.MANAGER].user
    with tenant_context(org):
        agent = Agent.objects.create(organization=org, code="A1", name="Zhao", team=org.team)
        for n, (premium, day, by) in enumerate(
            [
                ("3000", org.today, staff),
                ("1500.50", org.today, staff),
                ("9999", org.today - timedelta(days=1), staff),  # yesterday
                ("7000", org.today, other),  # someone else's
            ]
        ):
            Policy.objects.create(
                organization=org,
                contest=contest,
                agent=agent,
                number=f"P{n}",
                card_number=f"C{n}",
                premium=Decimal(premium),
                issued_on=day,
                entered_by=by,
            )
    page = _home(client, org, Role.BRANCH_STAFF)
    panel = page.split('data-testid="home-panel-contest_entry"')[1].split("</section>")[0]
    assert f'href="/alpha/contests/{contest.pk}/entry/"' in panel
    assert 'data-testid="home-my-total">4,500.50<' in panel
    assert 'data-testid="home-my-count">2<' in panel
    # the manager's home shows the pace, not an entry form
    assert "home-panel-contest_entry" not in _home(client, org, Role.MANAGER)


def test_no_contest_today_no_entry_panel(client, org):
    plan = _plan(org, "Next contest", start=org.today + timedelta(days=3))
    _contest(org, plan)
    page = _home(client, org, Role.BRANCH_STAFF)
    assert "home-panel-contest_entry" not in page


def test_staff_do_not_see_draft_plans_on_home(client, org):
    _plan(org, "Secret draft", status=PlanStatus.DRAFT)
    _plan(org, "Running plan")
    page = _home(client, org, Role.BRANCH_STAFF)
    assert "Running plan" in page and "Secret draft" not in page
    assert "Secret draft" in _home(client, org, Role.MANAGER)


# -- modules the organization runs -----------------------------------------------------------


def test_a_disabled_modules_panels_are_absent(client, org):
    plan = _plan(org, "October contest")
    _contest(org, plan, stock=1, taken=1)
    _task(org, plan, "Late contest task", due=org.today - timedelta(days=1))
    assert "home-panel-contest_pace" in _home(client, org, Role.MANAGER)
    org.modules = ["franchise"]
    org.save()
    manager = _home(client, org, Role.MANAGER)
    for key in ("contest_pace", "contest_stock", "plan_tasks"):  # the plan is of a kind off
        assert f"home-panel-{key}" not in manager
    assert "home-panel-contest_entry" not in _home(client, org, Role.BRANCH_STAFF)


# -- the franchisee and the event desk (the two-organization world) ---------------------------


def test_the_franchisee_sees_their_territory_dashboard_one_tap_away(client, world):
    world.a.org.people = world.a.members
    page = _home(client, world.a.org, Role.FRANCHISEE)
    panel = page.split('data-testid="home-panel-franchise_territories"')[1].split("</section>")[0]
    territory = world.a.franchise.territory
    assert 'data-testid="home-go-territory"' in panel
    assert f"/alpha/franchise/territories/{territory.pk}/" in panel
    assert world.CANARY not in page


def test_todays_event_desk_for_branch_staff(client, world):
    from promotions.events.models import Event

    event = world.a.events.event
    world.a.org.people = world.a.members
    today = home.organization_today(world.a.org)
    with tenant_context(world.a.org):
        Event.objects.filter(pk=event.pk).update(date=today, last_day=today)
    page = _home(client, world.a.org, Role.BRANCH_STAFF)
    panel = page.split('data-testid="home-panel-event_desk"')[1].split("</section>")[0]
    assert f'href="/alpha/events/{event.pk}/desk/"' in panel
    assert 'data-testid="home-checked-in">0<' in panel  # no one checked in yet
    assert world.CANARY not in page
    with tenant_context(world.a.org):
        Event.objects.filter(pk=event.pk).update(
            date=today - timedelta(days=2), last_day=today - timedelta(days=1)
        )
    assert "home-panel-event_desk" not in _home(client, world.a.org, Role.BRANCH_STAFF)
    world.a.org.modules = ["contest"]
    world.a.org.save()
    with tenant_context(world.a.org):
        Event.objects.filter(pk=event.pk).update(date=today, last_day=today)
    assert "home-panel-event_desk" not in _home(client, world.a.org, Role.BRANCH_STAFF)


def test_bundle_stock_running_out_for_the_manager(client, world):
    from promotions.models import ChannelStock

    world.a.org.people = world.a.members
    stock = ChannelStock.objects.filter(organization=world.a.org)
    with tenant_context(world.a.org):
        row = stock.filter(channel=world.a.channel).first()
        ChannelStock.objects.filter(pk=row.pk).update(quantity=3)
        ChannelStock.objects.exclude(pk=row.pk).filter(organization=world.a.org).update(quantity=50)
    page = _home(client, world.a.org, Role.MANAGER)
    panel = page.split('data-testid="home-panel-bundle_stock"')[1].split("</section>")[0]
    assert f"/alpha/bundles/channels/{world.a.channel.pk}/" in panel and ": 3 left" in panel
    assert world.CANARY not in page
    with tenant_context(world.a.org):
        ChannelStock.objects.filter(pk=row.pk).update(quantity=6)
    assert "home-panel-bundle_stock" not in _home(client, world.a.org, Role.MANAGER)
    assert "home-panel-bundle_stock" not in _home(client, world.a.org, Role.BRANCH_STAFF)
