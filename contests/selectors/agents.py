"""Agents: the ones a member may enter for, the teams' supervisors, award choices and
the tracking register."""

from campaigns.roles import Role
from campaigns.tenancy import get_for_org_or_404

from ..models import Agent


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


def agent_get(organization, agent_id):
    return get_for_org_or_404(Agent, organization, pk=agent_id)


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


def decisions_of(contest, agent):
    from ..models import AwardDecision

    return {
        d.item: d
        for d in AwardDecision.objects.for_org(contest.organization_id).filter(
            contest=contest, agent=agent
        )
    }


def tracking_day(contest, membership, day):
    """The agents this member tracks, each with that day's entry (or None)."""
    from ..models import TrackingEntry

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
