"""Reads of the sales contest. Totals are aggregated in the database (one query each),
whatever the number of agents and policies."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404

from campaigns.models import Team
from campaigns.roles import Role
from campaigns.tenancy import get_for_org_or_404, one_or_404

from .models import Agent, BattleReport, Contest, ImportBatch, Policy, PolicyEvent
from .rules import awards, pace, rewards

ZERO = Decimal("0")
TOP_AGENTS = 10  # the battle report's top of the day


def contests_of(organization):
    return Contest.objects.for_org(organization).select_related("plan")


def contest_get(organization, contest_id):
    return get_for_org_or_404(Contest, organization, pk=contest_id)


def agents_of(organization):
    return Agent.objects.for_org(organization).select_related("team", "team__branch")


def agents_in_scope(membership):
    """The agents a member may enter policies for: branch staff only their team or
    branch (when their membership has a scope), everyone else all of them."""
    agents = agents_of(membership.organization_id)
    if membership.role == Role.BRANCH_STAFF:
        if membership.team_id:
            return agents.filter(team_id=membership.team_id)
        if membership.branch_id:
            return agents.filter(team__branch_id=membership.branch_id)
    return agents


def live_policies(contest):
    return Policy.objects.for_org(contest.organization_id).filter(contest=contest, voided=False)


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


def team_supervisors(organization):
    """{team id: [names]}: a team's supervisors are the branch staff whose membership is
    scoped to that team (they enter its policies and keep its tracking register)."""
    from campaigns.models import Membership

    found = {}
    for membership in (
        Membership.objects.for_org(organization)
        .filter(role=Role.BRANCH_STAFF, team__isnull=False)
        .select_related("user")
        .order_by("user__username")
    ):
        user = membership.user
        found.setdefault(membership.team_id, []).append(user.get_full_name() or user.username)
    return found


def daily_totals(contest):
    """{issue date: total} for the cumulative chart."""
    return dict(live_policies(contest).values_list("issued_on").annotate(Sum("premium")))


def entries_by(contest, user, day):
    """What this person entered for that issue day (their own list on the entry page)."""
    return (
        live_policies(contest)
        .filter(entered_by=user, issued_on=day)
        .select_related("agent")
        .order_by("-pk")
    )


def agent_policies(contest, agent):
    return live_policies(contest).filter(agent=agent).order_by("issued_on", "pk")


def policy_get(contest, policy_id):
    return get_for_org_or_404(Policy, contest.organization_id, contest=contest, pk=policy_id)


def policy_in_scope(membership, contest, policy_id):
    """A policy of an agent the member may enter for (404 otherwise, as for a missing one)."""
    return get_for_org_or_404(
        Policy,
        membership.organization_id,
        contest=contest,
        pk=policy_id,
        agent__in=agents_in_scope(membership),
    )


def policy_history(policy):
    """The entry's history, oldest first: how it began (typed in, or the import batch it
    came from — an import writes no history row per new policy) and each correction or
    void with who made it and what changed."""
    events = list(
        PolicyEvent.objects.for_org(policy.organization_id)
        .filter(policy=policy)
        .select_related("actor")
        .order_by("at", "pk")
    )
    if policy.import_batch_id and not any(e.action == "recorded" for e in events):
        batch = policy.import_batch
        events.insert(
            0,
            PolicyEvent(
                policy=policy,
                actor=policy.entered_by,
                at=batch.committed_at or policy.entered_at,
                action="imported",
                changes={"file": [None, batch.original_name]},
            ),
        )
    return events


def checkpoints_of(contest):
    """The plan's stages with a cumulative target, as contest checkpoints."""
    from campaigns.plans.models import Stage

    return list(
        Stage.objects.for_org(contest.organization_id)
        .filter(plan_id=contest.plan_id, cumulative_target__isnull=False)
        .order_by("start_date")
    )


def agent_get(organization, agent_id):
    return get_for_org_or_404(Agent, organization, pk=agent_id)


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


def decisions_of(contest, agent):
    from .models import AwardDecision

    return {
        d.item: d
        for d in AwardDecision.objects.for_org(contest.organization_id).filter(
            contest=contest, agent=agent
        )
    }


def tracking_day(contest, membership, day):
    """The agents this member tracks, each with that day's entry (or None)."""
    from .models import TrackingEntry

    entries = {
        e.agent_id: e
        for e in TrackingEntry.objects.for_org(contest.organization_id).filter(
            contest=contest, day=day
        )
    }
    return [
        (agent, entries.get(agent.pk))
        for agent in agents_in_scope(membership).filter(active=True).order_by("code")
    ]


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
    from .models import EvaluationSnapshot

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


# -- the daily battle report (战报) -----------------------------------------------------------
# Every figure is "as of the end of day D" (org-local): policies issued after D do not
# count, so a report made again for a past day shows what that day showed. This is why the
# progress is computed here with pace.progress over the total up to D, the same inputs
# contest_standing uses for "today" (there the total counts every policy).


def reports_of(contest):
    """The reports made for the contest so far, newest day first, with their jobs."""
    return (
        BattleReport.objects.for_org(contest.organization_id)
        .filter(contest=contest)
        .select_related("job")
        .order_by("-day")
    )


def report_get(contest, report_id):
    return get_for_org_or_404(BattleReport, contest.organization_id, contest=contest, pk=report_id)


def battle_report_data(contest, day):
    """Everything the report shows for `day`: the day's top agents (by premium issued that
    day), the day's and the cumulative department total, team standings with their fund
    tier, and the progress against the checkpoints — all as of the end of `day`."""
    reward_rules = rewards.rules_from_extra(contest.rules)
    live = live_policies(contest)
    up_to_day = live.filter(issued_on__lte=day)
    on_day = live.filter(issued_on=day)

    top = list(
        on_day.values("agent_id", "agent__code", "agent__name", "agent__team__name")
        .annotate(total=Sum("premium"), policies=Count("id"))
        .order_by("-total", "agent__code")[:TOP_AGENTS]
    )
    top_agents = [
        {
            "rank": rank,
            "code": row["agent__code"],
            "name": row["agent__name"],
            "team": row["agent__team__name"],
            "premium": row["total"],
            "policies": row["policies"],
        }
        for rank, row in enumerate(top, 1)
    ]
    today = on_day.aggregate(total=Sum("premium"), policies=Count("id"))
    daily = dict(up_to_day.values_list("issued_on").annotate(Sum("premium")))
    cumulative = sum(daily.values(), ZERO)

    team_totals = dict(up_to_day.values_list("agent__team_id").annotate(Sum("premium")))
    teams = sorted(
        (
            {"name": team.name, "total": team_totals.get(team.pk, ZERO)}
            for team in Team.objects.for_org(contest.organization_id).order_by("name")
        ),
        key=lambda row: (-row["total"], row["name"]),
    )
    for rank, row in enumerate(teams, 1):
        row["rank"] = rank
        row["award"] = awards.team_award(row["total"], reward_rules)

    checkpoints = [
        pace.Checkpoint(s.name, s.start_date, s.end_date, s.cumulative_target)
        for s in checkpoints_of(contest)
    ]
    progress = pace.progress(
        checkpoints, contest.goal, contest.period_start, contest.period_end, day, cumulative
    )
    return {
        "day": day,
        "top_agents": top_agents,
        "day_total": today["total"] or ZERO,
        "day_policies": today["policies"],
        "cumulative": cumulative,
        "goal": contest.goal,
        "goal_share": _share(cumulative, contest.goal),
        "teams": teams,
        "checkpoints": checkpoints,
        "progress": progress,
        "daily": daily,
    }


def _share(part, whole):
    if not whole:
        return None
    return f"{(Decimal(part) / Decimal(whole) * 100):.1f}%"


# -- imports of the policy system's export ----------------------------------------------------


def import_batches_visible(membership, contest):
    """The contest's imports; branch staff see only their own (as with their entries)."""
    batches = (
        ImportBatch.objects.for_org(contest.organization_id)
        .filter(contest=contest)
        .select_related("uploaded_by", "job")
    )
    if membership.role == Role.BRANCH_STAFF:
        batches = batches.filter(uploaded_by_id=membership.user_id)
    return batches


def import_batch_get(membership, contest, batch_id):
    """One of the imports the member sees, or 404 (also for an id that is not a number)."""
    try:
        batch_id = int(batch_id)
    except (TypeError, ValueError):
        raise Http404 from None
    return one_or_404(import_batches_visible(membership, contest), pk=batch_id)
