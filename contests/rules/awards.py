"""The reward engine of the sales contest: what an agent and a team earned, what the agent
needs for the next tier, desk calendars while stock lasts, the minimum targets. Pure:
plain values in, frozen dataclasses out; no ORM, no I/O.

Every award explains itself: which rule produced it and from which policies.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from campaigns.plans.rules import figure  # pure too: one way to write an amount

from .rewards import IndividualTier, RewardRules

EARNED = "earned"
PENDING_DEPARTMENT_GOAL = "pending_department_goal"

ZERO = Decimal("0")

# What an agent may choose per award item: the belt or two bowl sets for item 3; for the
# non-stacking items 4–5, taking it, giving it to a named adult, or the cash equivalent.
AWARD_CHOICES = {
    3: ("belt", "two_bowl_sets"),
    4: ("keep", "transfer", "cash"),
    5: ("keep", "transfer", "cash"),
}


@dataclass(frozen=True)
class PolicyFact:
    id: int
    number: str
    premium: Decimal
    issued_on: date
    calendar: bool  # got a desk calendar from the stock (allocated at entry time)


@dataclass(frozen=True)
class Award:
    rule: str  # "team" or "individual.<item>"
    item: int | None  # None for the team award
    label: str
    quantity: int
    status: str  # EARNED or PENDING_DEPARTMENT_GOAL
    policies: tuple[str, ...]  # the policy numbers that produced it
    explanation: str
    amount: Decimal | None = None  # money for the team fund; None for prizes in kind


def agent_awards(
    policies: list[PolicyFact], rules: RewardRules, department_total: Decimal
) -> list[Award]:
    """What one agent has earned (or will earn once the department reaches its goal).

    The agent's total is the sum of their policies' premiums. A per-policy item gives one
    prize per policy that got a calendar from the stock; stacking threshold items are all
    given once reached; of the non-stacking items reached only the highest (by threshold,
    then item) is given. An item that requires the department goal is
    PENDING_DEPARTMENT_GOAL while department_total < rules.department_goal. Awards come
    in item order.
    """
    ordered = sorted(policies, key=lambda p: (p.issued_on, p.id))
    numbers = tuple(p.number for p in ordered)
    total = sum((p.premium for p in ordered), ZERO)
    goal_reached = department_total >= rules.department_goal

    awards = []
    for tier in rules.individual_tiers:
        if tier.per_policy:
            got = tuple(p.number for p in ordered if p.calendar)
            if got:
                awards.append(_per_policy_award(tier, got, goal_reached, rules, department_total))
    reached = [
        t
        for t in rules.individual_tiers
        if not t.per_policy and t.threshold is not None and total >= t.threshold
    ]
    exclusive = [t for t in rules.individual_tiers if not t.per_policy and not t.stacks]
    reached_exclusive = [t for t in reached if not t.stacks]
    best = max(reached_exclusive, key=lambda t: (t.threshold, t.item), default=None)
    if best is not None and _status(best, goal_reached) != EARNED:
        # A lower item already earned outright is not taken back for a higher one that
        # still waits on the department goal (only possible with custom rules).
        earned = [t for t in reached_exclusive if _status(t, goal_reached) == EARNED]
        if earned:
            best = max(earned, key=lambda t: (t.threshold, t.item))
    for tier in reached:
        if not tier.stacks and tier is not best:
            continue
        awards.append(
            _threshold_award(tier, total, numbers, exclusive, goal_reached, rules, department_total)
        )
    return sorted(awards, key=lambda a: a.item)


def _status(tier: IndividualTier, goal_reached: bool) -> str:
    if tier.requires_department_goal and not goal_reached:
        return PENDING_DEPARTMENT_GOAL
    return EARNED


def _pending_note(tier, goal_reached, rules, department_total) -> list[str]:
    if _status(tier, goal_reached) == EARNED:
        return []
    return [
        _(
            "Granted only once the department reaches its goal of %(goal)s; it stands at "
            "%(department)s."
        )
        % {"goal": figure(rules.department_goal), "department": figure(department_total)}
    ]


def _per_policy_award(tier, got, goal_reached, rules, department_total) -> Award:
    parts = [
        _(
            "%(prize)s × %(count)s (item %(item)s): one per policy while stock lasts, "
            "first issued first served; from policies %(policies)s."
        )
        % {"prize": tier.prize, "count": len(got), "item": tier.item, "policies": ", ".join(got)}
    ]
    parts += _pending_note(tier, goal_reached, rules, department_total)
    return Award(
        rule=f"individual.{tier.item}",
        item=tier.item,
        label=tier.prize,
        quantity=len(got),
        status=_status(tier, goal_reached),
        policies=got,
        explanation=" ".join(parts),
    )


def _threshold_award(
    tier, total, numbers, exclusive, goal_reached, rules, department_total
) -> Award:
    parts = [
        _(
            "Total premium %(total)s ≥ %(threshold)s: %(prize)s (item %(item)s), from "
            "policies %(policies)s."
        )
        % {
            "total": figure(total),
            "threshold": figure(tier.threshold),
            "prize": tier.prize,
            "item": tier.item,
            "policies": ", ".join(numbers),
        }
    ]
    if not tier.stacks and len(exclusive) > 1:
        parts.append(
            _("Items %(items)s do not stack: only the highest reached is given.")
            % {"items": ", ".join(str(t.item) for t in exclusive)}
        )
    parts += _pending_note(tier, goal_reached, rules, department_total)
    return Award(
        rule=f"individual.{tier.item}",
        item=tier.item,
        label=tier.prize,
        quantity=1,
        status=_status(tier, goal_reached),
        policies=numbers,
        explanation=" ".join(parts),
    )


def team_award(team_total: Decimal, rules: RewardRules) -> Award | None:
    """The highest team tier reached, or None below the lowest. `amount` is the reward for
    the team fund."""
    reached = [t for t in rules.team_tiers if team_total >= t.threshold]
    if not reached:
        return None
    tier = max(reached, key=lambda t: t.threshold)
    explanation = _(
        "Team total %(total)s ≥ %(threshold)s: team fund %(reward)s (highest tier reached only)."
    ) % {
        "total": figure(team_total),
        "threshold": figure(tier.threshold),
        "reward": figure(tier.reward),
    }
    return Award(
        rule="team",
        item=None,
        label=_("Team fund %(reward)s") % {"reward": figure(tier.reward)},
        quantity=1,
        status=EARNED,
        policies=(),
        explanation=explanation,
        amount=tier.reward,
    )


def next_tier(total: Decimal, rules: RewardRules) -> tuple[IndividualTier, Decimal] | None:
    """The lowest individual threshold tier above `total` and how much is still missing;
    None when every threshold tier is reached."""
    above = [t for t in rules.individual_tiers if t.threshold is not None and t.threshold > total]
    if not above:
        return None
    tier = min(above, key=lambda t: (t.threshold, t.item))
    return tier, tier.threshold - total


def calendars_to_allocate(
    policies_in_issue_order: list[tuple[int, date]], stock_left: int
) -> list[int]:
    """Ids of the policies that get a calendar: first issued, first served (ties by id),
    never more than `stock_left`. The pairs are (policy id, issue date), in any order."""
    if stock_left < 0:
        raise ValueError(
            _("The calendar stock cannot be negative (it is %(stock)s).") % {"stock": stock_left}
        )
    ordered = sorted(policies_in_issue_order, key=lambda p: (p[1], p[0]))
    return [policy_id for policy_id, _issued in ordered[:stock_left]]


def minimum_target(full_time: bool, rules: RewardRules) -> Decimal:
    return rules.min_target_full_time if full_time else rules.min_target_part_time


def below_minimum(total: Decimal, full_time: bool, rules: RewardRules) -> Decimal | None:
    """How much the agent is short of their minimum target, or None once they reach it."""
    target = minimum_target(full_time, rules)
    return target - total if total < target else None
