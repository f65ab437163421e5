"""Standings: the department, team and agent totals (leaderboards, the progress page),
an agent's awards, the risk lists, and the evaluation snapshots compared. Totals are
aggregated in the database (one query each), whatever the number of agents and
policies."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from campaigns.models import Team

from ..models import Policy
from ..rules import awards, pace, rewards
from .agents import agents_of, team_supervisors
from .contests import checkpoints_of
from .policies import agent_policies, live_policies

ZERO = Decimal("0")


def department_total(contest):
    return live_policies(contest).aggregate(total=Sum("premium"))["total"] or ZERO


def agent_board(contest):
    """Every agent with production: total, policies, calendars; best first."""
    return list(
        live_policies(contest)
        .values(
            "agent_id",
            "agent__code",
            "agent__name",
            "agent__full_time",
            "agent__team_id",
            "agent__team__name",
        )
        .annotate(
            total=Sum("premium"),
            policies=Count("id"),
            calendars=Count("id", filter=Q(calendar=True)),
        )
        .order_by("-total", "agent__code")
    )


def team_board(contest, agents=None):
    """Every team of the organization with its total (zero when nothing yet); best first.
    Given the agent board's rows, the totals are summed from them (no second scan)."""
    if agents is None:
        totals = dict(
            live_policies(contest).values_list("agent__team_id").annotate(total=Sum("premium"))
        )
    else:
        totals = {}
        for row in agents:
            team = row["agent__team_id"]
            totals[team] = totals.get(team, ZERO) + row["total"]
    teams = Team.objects.for_org(contest.organization_id)
    supervisors = team_supervisors(contest.organization_id)
    rows = [
        {"team": t, "total": totals.get(t.pk, ZERO), "supervisors": supervisors.get(t.pk, [])}
        for t in teams
    ]
    # Equal totals keep the order the teams were made in (一组, 二组, … — not by code point).
    return sorted(rows, key=lambda r: (-r["total"], r["team"].pk))


def daily_totals(contest):
    """{issue date: total} for the cumulative chart."""
    return dict(live_policies(contest).values_list("issued_on").annotate(Sum("premium")))


def contest_standing(contest, today):
    """Everything the progress page and the API show: department total, checkpoint
    progress, team standings with their fund tier, agents with their minimum shortfall."""
    reward_rules = rewards.rules_from_extra(contest.rules)
    # One aggregate over the policies: the department and team totals are its sums.
    agents = agent_board(contest)
    total = sum((row["total"] for row in agents), ZERO)
    checkpoints = [
        pace.Checkpoint(s.name, s.start_date, s.end_date, s.cumulative_target)
        for s in checkpoints_of(contest)
    ]
    progress = pace.progress(
        checkpoints, contest.goal, contest.period_start, contest.period_end, today, total
    )
    for row in agents:
        row["shortfall"] = awards.below_minimum(row["total"], row["agent__full_time"], reward_rules)
    teams = team_board(contest, agents)
    for row in teams:
        row["award"] = awards.team_award(row["total"], reward_rules)
    return {
        "total": total,
        "checkpoints": checkpoints,
        "progress": progress,
        "agents": agents,
        "teams": teams,
        "rules": reward_rules,
    }


def agent_standing(contest, agent):
    """An agent's policies, total, awards (each explained), next tier and minimum gap."""
    reward_rules = rewards.rules_from_extra(contest.rules)
    policies = list(agent_policies(contest, agent))
    facts = [
        awards.PolicyFact(p.pk, p.number, p.premium, p.issued_on, p.calendar) for p in policies
    ]
    total = sum((p.premium for p in policies), ZERO)
    return {
        "policies": policies,
        "total": total,
        "awards": awards.agent_awards(facts, reward_rules, department_total(contest)),
        "next_tier": awards.next_tier(total, reward_rules),
        "shortfall": awards.below_minimum(total, agent.full_time, reward_rules),
    }


def risk_lists(contest):
    """Two lists to act on (never automatic removal): active agents below their minimum
    target in this contest, and active agents with no policy issued in the three calendar
    months up to the contest's end (the code-clearing rule)."""
    reward_rules = rewards.rules_from_extra(contest.rules)
    totals = dict(live_policies(contest).values_list("agent_id").annotate(Sum("premium")))
    active = list(agents_of(contest.organization_id).filter(active=True).order_by("code"))
    below = []
    for agent in active:
        total = totals.get(agent.pk, ZERO)
        gap = awards.below_minimum(total, agent.full_time, reward_rules)
        if gap is not None:
            below.append({"agent": agent, "total": total, "gap": gap})
    since = pace.three_months_before(contest.period_end)
    producing = set(
        Policy.objects.for_org(contest.organization_id)
        .filter(voided=False, issued_on__gte=since, issued_on__lte=contest.period_end)
        .values_list("agent_id", flat=True)
    )
    idle = [agent for agent in active if agent.pk not in producing]
    return {"below_minimum": below, "no_production": idle, "since": since}


def standing_as_of(contest, day):
    """Department, team and agent totals of the policies issued up to `day`."""
    policies = live_policies(contest).filter(issued_on__lte=day)
    teams = dict(policies.values_list("agent__team__name").annotate(Sum("premium")))
    agents = list(
        policies.values("agent__code", "agent__name", "agent__team__name")
        .annotate(total=Sum("premium"), policies=Count("id"))
        .order_by("-total", "agent__code")
    )
    return {
        "department_total": policies.aggregate(t=Sum("premium"))["t"] or ZERO,
        "teams": sorted(
            ({"team": name, "total": str(total)} for name, total in teams.items()),
            key=lambda row: (-Decimal(row["total"]), row["team"]),
        ),
        "agents": [
            {
                "code": a["agent__code"],
                "name": a["agent__name"],
                "team": a["agent__team__name"],
                "total": str(a["total"]),
                "policies": a["policies"],
            }
            for a in agents
        ],
    }


def snapshots_of(contest):
    from ..models import EvaluationSnapshot

    return list(
        EvaluationSnapshot.objects.for_org(contest.organization_id)
        .filter(contest=contest)
        .order_by("taken_on")
    )


def compare_snapshots(earlier, later):
    """Rows of (name, total then, total now, change) for teams and agents."""

    def rows(key, before, after):
        old = {r[key]: Decimal(r["total"]) for r in before}
        new = {r[key]: (r, Decimal(r["total"])) for r in after}
        out = [
            {
                "key": k,
                "label": row.get("name", k),
                "then": old.get(k, ZERO),
                "now": total,
                "change": total - old.get(k, ZERO),
            }
            for k, (row, total) in new.items()
        ]
        return sorted(out, key=lambda r: (-r["change"], r["key"]))

    return {
        "teams": rows("team", earlier.teams, later.teams),
        "agents": rows("code", earlier.agents, later.agents),
        "department_change": later.department_total - earlier.department_total,
    }
