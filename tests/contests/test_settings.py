"""A running contest's settings page: calendar stock (never below what is handed out),
the daily report time, minimum targets, team fund tiers and individual award thresholds —
checked as a whole by the reward engine, and the awards follow at once."""

from datetime import time
from decimal import Decimal

import pytest

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import selectors
from contests.models import Contest
from contests.rules import rewards

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _url(world):
    return f"/alpha/contests/{world.a.contest.pk}/settings/"


def _posted(**changes):
    """The seed's rules as the form posts them, with changes."""
    data = {
        "calendar_stock": "10",
        "report_time": "20:00",
        "min_target_full_time": "5000",
        "min_target_part_time": "3000",
        "team_0_threshold": "50000",
        "team_0_reward": "200",
        "team_1_threshold": "80000",
        "team_1_reward": "500",
        "team_2_threshold": "150000",
        "team_2_reward": "1000",
        "team_3_threshold": "",
        "team_3_reward": "",
        "item_1_prize": "台历一份",
        "item_2_threshold": "3000",
        "item_2_prize": "玲珑碗一套",
        "item_3_threshold": "5000",
        "item_3_prize": "盒装皮带一套或玲珑碗两套（任选）",
        "item_4_threshold": "20000",
        "item_4_prize": "300元餐券",
        "item_5_threshold": "40000",
        "item_5_prize": "海南旅游",
    }
    return data | changes


def _contest(world):
    with tenant_context(world.a.org):
        return Contest.objects.get(pk=world.a.contest.pk)


def test_the_page_shows_the_rules_and_saves_changes_that_the_awards_follow(client, world):
    client.force_login(world.a.members[Role.MANAGER].user)
    page = client.get(_url(world))
    assert page.status_code == 200
    assert 'value="150000.00"' in page.content.decode() or 'value="150000"' in (
        page.content.decode()
    )

    # The agent has 3,000: a bowl set at 3,000 — lower it to 2,000 and add a 4th team tier.
    saved = client.post(
        _url(world),
        _posted(
            calendar_stock="25",
            report_time="18:30",
            item_2_threshold="2000",
            min_target_part_time="2500",
            team_3_threshold="300000",
            team_3_reward="3000",
        ),
        follow=True,
    )
    assert saved.status_code == 200 and "Contest settings saved." in saved.content.decode()
    contest = _contest(world)
    reward_rules = rewards.rules_from_extra(contest.rules)
    assert (contest.calendar_stock, contest.report_time) == (25, time(18, 30))
    assert [(t.threshold, t.reward) for t in reward_rules.team_tiers][-1] == (
        Decimal("300000"),
        Decimal("3000"),
    )
    assert reward_rules.individual_tiers[1].threshold == Decimal("2000")
    assert reward_rules.min_target_part_time == Decimal("2500")
    # Awards are computed from the rules as they are now.
    with tenant_context(world.a.org):
        awards = selectors.agent_standing(contest, world.a.agent)["awards"]
    assert "2,000" in next(a.explanation for a in awards if a.item == 2)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"calendar_stock": "-1"},
            "calendar_stock",
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            {"item_4_threshold": "abc"},
            "item_4_threshold",
            "Enter an amount in yuan, e.g. 3000 or 3,000.50.",
        ),
        (
            {"team_3_threshold": "90000"},
            "team_3_reward",
            "Give both the team total and the fund, or neither.",
        ),
        ({"item_5_prize": ""}, "item_5_prize", "This field is required."),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(client, world, changes, field, message):
    before = (_contest(world).calendar_stock, _contest(world).rules)
    client.force_login(world.a.members[Role.MANAGER].user)
    response = client.post(_url(world), _posted(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()  # rendered in the page's language
    assert (_contest(world).calendar_stock, _contest(world).rules) == before


def test_the_stock_cannot_fall_below_the_calendars_handed_out(client, world):
    with tenant_context(world.a.org):
        Contest.objects.filter(pk=world.a.contest.pk).update(calendars_taken=4)
    client.force_login(world.a.members[Role.MANAGER].user)
    response = client.post(_url(world), _posted(calendar_stock="3"))
    assert response.status_code == 400
    assert "calendar_stock" in response.context["form"].errors
    assert "4 calendars are already handed out; the stock cannot be lower." in (
        response.content.decode()
    )
    assert _contest(world).calendar_stock == 10


def test_two_team_tiers_with_one_threshold_are_refused(client, world):
    before = _contest(world).rules
    client.force_login(world.a.members[Role.MANAGER].user)
    response = client.post(_url(world), _posted(team_1_threshold="50000"))
    assert response.status_code == 400
    assert "Two team tiers have the same threshold 50,000." in response.content.decode()
    assert _contest(world).rules == before


@pytest.mark.parametrize("role", [Role.ADMIN, Role.BRANCH_STAFF, Role.FRANCHISEE])
def test_only_managers_change_the_settings(client, world, role):
    client.force_login(world.a.members[role].user)
    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), _posted(calendar_stock="99")).status_code == 403
    assert _contest(world).calendar_stock == 10


def test_rules_survive_the_round_trip():
    assert rewards.rules_from_extra(rewards.rules_to_extra(rewards.DEFAULT_RULES)) == (
        rewards.DEFAULT_RULES
    )


# -- agents ----------------------------------------------------------------------------------


def test_a_manager_edits_an_agent_and_sets_them_inactive(client, world):
    from contests.models import Agent

    client.force_login(world.a.members[Role.MANAGER].user)
    url = f"/alpha/contests/agents/{world.a.agent.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and 'value="alpha-001"' in page.content.decode()
    saved = client.post(
        url,
        {"code": "alpha-001", "name": "改名", "team": world.a.team.pk, "full_time": ""},
        follow=True,
    )
    assert saved.status_code == 200 and "Agent saved." in saved.content.decode()
    with tenant_context(world.a.org):
        agent = Agent.objects.get(pk=world.a.agent.pk)
    assert (agent.name, agent.full_time, agent.active) == ("改名", False, False)


def test_an_agent_code_taken_by_another_agent_is_refused(client, world):
    from contests.models import Agent

    with tenant_context(world.a.org):
        Agent.objects.create(organization=world.a.org, code="TAKEN", name="别人", team=world.a.team)
    client.force_login(world.a.members[Role.MANAGER].user)
    response = client.post(
        f"/alpha/contests/agents/{world.a.agent.pk}/",
        {"code": "TAKEN", "name": "x", "team": world.a.team.pk, "active": "on"},
    )
    assert response.status_code == 400
    assert "An agent with this code exists." in response.content.decode()
    with tenant_context(world.a.org):
        assert Agent.objects.get(pk=world.a.agent.pk).code == "alpha-001"
