"""The daily battle report (战报): the reports made so far and a day's figures.

Every figure is "as of the end of day D" (org-local): policies issued after D do not
count, so a report made again for a past day shows what that day showed. This is why the
progress is computed here with pace.progress over the total up to D, the same inputs
contest_standing uses for "today" (there the total counts every policy)."""

from decimal import Decimal

from django.db.models import Count, Sum

from campaigns.models import Team
from campaigns.tenancy import get_for_org_or_404

from ..models import BattleReport
from ..rules import awards, pace, rewards
from .contests import checkpoints_of
from .policies import live_policies
from .standings import ZERO

TOP_AGENTS = 10  # the battle report's top of the day


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
