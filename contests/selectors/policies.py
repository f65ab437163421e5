"""Policies: the live ones of a contest, a person's entries of a day, one entry (in a
member's scope) and its history."""

from campaigns.tenancy import get_for_org_or_404

from ..models import Policy, PolicyEvent
from .agents import agents_in_scope


def live_policies(contest):
    return Policy.objects.for_org(contest.organization_id).filter(contest=contest, voided=False)


def entries_by(contest, user, day):
    """What this person entered for that issue day (their own list on the entry page)."""
    return (
        live_policies(contest)
        .filter(entered_by=user, issued_on=day)
        .select_related("agent")
        .order_by("-pk")
    )


def policies_in_scope(membership, contest):
    """The live policies of the agents a member may enter for: what the member may open
    one by one (`policy_in_scope`), so a list never shows more than its details."""
    return live_policies(contest).filter(agent__in=agents_in_scope(membership))


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
