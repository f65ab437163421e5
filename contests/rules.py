"""Pure rules of the sales contest (DOMAIN.md §2): the reward engine (team tiers,
individual tiers, desk calendars while stock lasts), minimum targets, and progress
against the stage checkpoints. Plain values in, frozen dataclasses out. No ORM, no I/O.

Every award explains itself: which rule produced it and from which policies.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from campaigns.plans.rules import figure  # pure too: one way to write an amount

EARNED = "earned"
PENDING_DEPARTMENT_GOAL = "pending_department_goal"

CENT = Decimal("0.01")
ZERO = Decimal("0")


# --- reward rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class TeamTier:
    threshold: Decimal  # team total at or above this …
    reward: Decimal  # … earns this much for the team fund


@dataclass(frozen=True)
class IndividualTier:
    item: int  # the item number in the contest's reward table (1–5 in the seed)
    threshold: Decimal | None  # None for a per-policy item
    prize: str
    stacks: bool  # False: of all non-stacking items reached, only the highest is given
    requires_department_goal: bool  # pending until the department reaches its goal
    per_policy: bool = False  # one per policy (desk calendars, while stock lasts)


@dataclass(frozen=True)
class RewardRules:
    department_goal: Decimal
    team_tiers: tuple[TeamTier, ...]  # ascending threshold
    individual_tiers: tuple[IndividualTier, ...]  # ascending item
    min_target_full_time: Decimal
    min_target_part_time: Decimal


DEFAULT_RULES = RewardRules(
    department_goal=Decimal("500000"),
    team_tiers=(
        TeamTier(Decimal("50000"), Decimal("200")),
        TeamTier(Decimal("80000"), Decimal("500")),
        TeamTier(Decimal("150000"), Decimal("1000")),
    ),
    individual_tiers=(
        IndividualTier(
            1, None, "台历一份", stacks=True, requires_department_goal=False, per_policy=True
        ),
        IndividualTier(
            2, Decimal("3000"), "玲珑碗一套", stacks=True, requires_department_goal=False
        ),
        IndividualTier(
            3,
            Decimal("5000"),
            "盒装皮带一套或玲珑碗两套(任选)",
            stacks=True,
            requires_department_goal=False,
        ),
        IndividualTier(
            4, Decimal("20000"), "300元餐券", stacks=False, requires_department_goal=True
        ),
        IndividualTier(
            5, Decimal("40000"), "海南旅游", stacks=False, requires_department_goal=True
        ),
    ),
    min_target_full_time=Decimal("5000"),
    min_target_part_time=Decimal("3000"),
)


def rules_from_extra(extra: dict | None) -> RewardRules:
    """The contest's reward rules from a contest plan's `extra` (the kind-specific data).

    Keys read: `department_goal` (amount), `team_tiers` ([{threshold, reward}]),
    `individual_tiers` ([{item or level, threshold, prize, value, stacks,
    requires_department_goal, per_policy}]; other keys such as `transferable` are
    ignored) and `min_target` ({full_time, part_time}). A missing (or null) piece falls
    back to DEFAULT_RULES; an explicitly empty tier list means "no such rewards". When a
    tier has a `value` (the seed's 300 for the meal voucher), the prize reads
    "300元餐券". Amounts may be strings, integers or Decimals ("50,000" is accepted).
    Anything malformed raises ValueError naming the offending key.
    """
    if extra is None:
        extra = {}
    if not isinstance(extra, dict):
        raise ValueError(_("The contest's reward rules must be a mapping of settings."))
    default = DEFAULT_RULES

    goal = extra.get("department_goal")
    department_goal = (
        default.department_goal if goal is None else _amount(goal, "department_goal", positive=True)
    )

    raw_team = extra.get("team_tiers")
    team_tiers = default.team_tiers if raw_team is None else _team_tiers(raw_team)

    raw_individual = extra.get("individual_tiers")
    individual_tiers = (
        default.individual_tiers if raw_individual is None else _individual_tiers(raw_individual)
    )

    raw_min = extra.get("min_target")
    if raw_min is None:
        raw_min = {}
    if not isinstance(raw_min, dict):
        raise ValueError(_("“min_target” must be a mapping with full_time and part_time."))
    full = raw_min.get("full_time")
    part = raw_min.get("part_time")
    return RewardRules(
        department_goal=department_goal,
        team_tiers=team_tiers,
        individual_tiers=individual_tiers,
        min_target_full_time=(
            default.min_target_full_time if full is None else _amount(full, "min_target.full_time")
        ),
        min_target_part_time=(
            default.min_target_part_time if part is None else _amount(part, "min_target.part_time")
        ),
    )


def rules_to_extra(rules: RewardRules) -> dict:
    """The inverse of rules_from_extra: the rules as the JSON-able mapping a contest keeps
    (rules_from_extra(rules_to_extra(r)) == r)."""
    return {
        "department_goal": str(rules.department_goal),
        "team_tiers": [
            {"threshold": str(t.threshold), "reward": str(t.reward)} for t in rules.team_tiers
        ],
        "individual_tiers": [
            {
                "item": t.item,
                "threshold": None if t.threshold is None else str(t.threshold),
                "prize": t.prize,
                "stacks": t.stacks,
                "requires_department_goal": t.requires_department_goal,
                "per_policy": t.per_policy,
            }
            for t in rules.individual_tiers
        ],
        "min_target": {
            "full_time": str(rules.min_target_full_time),
            "part_time": str(rules.min_target_part_time),
        },
    }


def _team_tiers(raw) -> tuple[TeamTier, ...]:
    if not isinstance(raw, list | tuple):
        raise ValueError(_("“team_tiers” must be a list of tiers."))
    tiers = []
    for i, entry in enumerate(raw):
        where = f"team_tiers[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(
                _("%(where)s must be a mapping with threshold and reward.") % {"where": where}
            )
        for key in ("threshold", "reward"):
            if entry.get(key) is None:
                raise ValueError(_("%(where)s has no %(key)s.") % {"where": where, "key": key})
        tiers.append(
            TeamTier(
                _amount(entry["threshold"], f"{where}.threshold", positive=True),
                _amount(entry["reward"], f"{where}.reward"),
            )
        )
    tiers.sort(key=lambda t: t.threshold)
    for before, after in zip(tiers, tiers[1:], strict=False):
        if before.threshold == after.threshold:
            raise ValueError(
                _("Two team tiers have the same threshold %(threshold)s.")
                % {"threshold": figure(after.threshold)}
            )
    return tuple(tiers)


def _individual_tiers(raw) -> tuple[IndividualTier, ...]:
    if not isinstance(raw, list | tuple):
        raise ValueError(_("“individual_tiers” must be a list of tiers."))
    tiers = []
    for i, entry in enumerate(raw):
        where = f"individual_tiers[{i}]"
        if not isinstance(entry, dict):
            raise ValueError(_("%(where)s must be a mapping.") % {"where": where})
        item = _item(entry.get("item", entry.get("level")), f"{where}.item")
        prize = entry.get("prize")
        if not isinstance(prize, str) or not prize.strip():
            raise ValueError(_("%(where)s has no prize.") % {"where": where})
        prize = prize.strip()
        value = entry.get("value")
        if value is not None:
            shown = figure(_amount(value, f"{where}.value"))
            if shown not in prize:
                prize = f"{shown}元{prize}"
        per_policy = _flag(entry, "per_policy", False, where)
        threshold = entry.get("threshold")
        if per_policy:
            if threshold is not None:
                raise ValueError(
                    _("%(where)s is given per policy, so it takes no threshold.") % {"where": where}
                )
        else:
            if threshold is None:
                raise ValueError(_("%(where)s has no threshold.") % {"where": where})
            threshold = _amount(threshold, f"{where}.threshold", positive=True)
        tiers.append(
            IndividualTier(
                item=item,
                threshold=threshold,
                prize=prize,
                stacks=_flag(entry, "stacks", True, where),
                requires_department_goal=_flag(entry, "requires_department_goal", False, where),
                per_policy=per_policy,
            )
        )
    tiers.sort(key=lambda t: t.item)
    for before, after in zip(tiers, tiers[1:], strict=False):
        if before.item == after.item:
            raise ValueError(
                _("Two individual tiers have the same item number %(item)s.") % {"item": after.item}
            )
    if sum(1 for t in tiers if t.per_policy) > 1:
        raise ValueError(_("Only one individual tier can be given per policy."))
    return tuple(tiers)


def _amount(value, where: str, positive: bool = False) -> Decimal:
    """A non-negative (or positive) finite amount from a string, int, float or Decimal."""
    if isinstance(value, bool):
        amount = None
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value)) if math.isfinite(value) else None
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            amount = None
    else:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValueError(
            _("%(where)s: “%(value)s” is not an amount.") % {"where": where, "value": value}
        )
    if positive and amount <= 0:
        raise ValueError(
            _("%(where)s must be more than zero (it is %(value)s).")
            % {"where": where, "value": value}
        )
    if amount < 0:
        raise ValueError(
            _("%(where)s cannot be negative (it is %(value)s).") % {"where": where, "value": value}
        )
    return amount


def _item(value, where: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            _("%(where)s: the item number must be a whole number from 1 (it is “%(value)s”).")
            % {"where": where, "value": value}
        )
    return value


def _flag(entry: dict, key: str, default: bool, where: str) -> bool:
    value = entry.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ValueError(
            _("%(where)s.%(key)s must be true or false (it is “%(value)s”).")
            % {"where": where, "key": key, "value": value}
        )
    return value


# --- awards -----------------------------------------------------------------------------


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


# --- progress against the checkpoints ---------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    name: str
    start: date
    end: date
    cumulative_target: Decimal  # everything due by `end`, counted from the period's start


@dataclass(frozen=True)
class Progress:
    current: Checkpoint
    checkpoint_target: Decimal
    expected_today: Decimal
    ahead: bool
    shortfall_to_checkpoint: Decimal
    days_left_in_checkpoint: int
    required_daily_to_checkpoint: Decimal | None
    days_left_in_period: int
    shortfall_to_goal: Decimal
    required_daily_to_goal: Decimal | None
    pace_per_day: Decimal
    projection: Decimal


def progress(
    checkpoints: list[Checkpoint],
    goal: Decimal,
    period_start: date,
    period_end: date,
    today: date,
    total: Decimal,
) -> Progress:
    """Where a total stands on `today` against the checkpoints and the goal.

    - current: the checkpoint whose dates contain today; before the first → the first;
      after the last → the last; in a gap between checkpoints → the next one. With no
      checkpoints the whole period is one checkpoint with the goal as its target.
    - expected_today: what should be in by the end of today — the previous checkpoint's
      cumulative target (0 before the first) plus the rise to the current checkpoint's
      target, pro-rated linearly over the current checkpoint's days, counting today as
      elapsed. `ahead` is total >= expected_today (so on a checkpoint's last day it
      means the checkpoint is met).
    - days_left_in_checkpoint / days_left_in_period: days of it from today on, today
      included (all of them before it starts, 0 after it ends).
    - required_daily_to_*: the shortfall spread over those days; None when no day is left.
    - pace_per_day: total / days elapsed in the period including today (at least 1, at
      most the period's length); projection: that pace × the period's days.
    All amounts are rounded half-up to 2 places; projections use the unrounded pace.
    """
    if period_end < period_start:
        raise ValueError(
            _("The contest ends (%(end)s) before it starts (%(start)s).")
            % {"end": period_end, "start": period_start}
        )
    for c in checkpoints:
        if c.end < c.start:
            raise ValueError(_("Checkpoint “%(name)s” ends before it starts.") % {"name": c.name})
    ordered = sorted(checkpoints, key=lambda c: (c.start, c.end))
    if not ordered:
        ordered = [Checkpoint(_("Whole contest"), period_start, period_end, goal)]

    index = next((i for i, c in enumerate(ordered) if today <= c.end), len(ordered) - 1)
    current = ordered[index]
    previous_target = ordered[index - 1].cumulative_target if index else ZERO
    checkpoint_days = _days(current.start, current.end)
    elapsed = min(max((today - current.start).days + 1, 0), checkpoint_days)
    expected = previous_target + (
        (current.cumulative_target - previous_target) * elapsed / checkpoint_days
    )

    shortfall_cp = max(current.cumulative_target - total, ZERO)
    left_cp = _days_from(today, current.start, current.end)
    shortfall_goal = max(goal - total, ZERO)
    left_period = _days_from(today, period_start, period_end)
    period_days = _days(period_start, period_end)
    elapsed_period = min(max((today - period_start).days + 1, 1), period_days)
    pace = total / elapsed_period

    return Progress(
        current=current,
        checkpoint_target=_money(current.cumulative_target),
        expected_today=_money(expected),
        ahead=total >= expected,
        shortfall_to_checkpoint=_money(shortfall_cp),
        days_left_in_checkpoint=left_cp,
        required_daily_to_checkpoint=_money(shortfall_cp / left_cp) if left_cp else None,
        days_left_in_period=left_period,
        shortfall_to_goal=_money(shortfall_goal),
        required_daily_to_goal=_money(shortfall_goal / left_period) if left_period else None,
        pace_per_day=_money(pace),
        projection=_money(pace * period_days),
    )


def _days(start: date, end: date) -> int:
    """Days from start to end, both included."""
    return (end - start).days + 1


def _days_from(today: date, start: date, end: date) -> int:
    """Days of [start, end] on or after today."""
    return max((end - max(today, start)).days + 1, 0)


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def three_months_before(day: date) -> date:
    """The first day of the third calendar month up to `day` (for 2005-10-25: 2005-08-01):
    the window of the code-clearing rule (no production in Aug, Sep and Oct)."""
    month = day.month - 2
    year = day.year
    if month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def evaluation_days(start: date, end: date, every: int = 4) -> list[date]:
    """The evaluation days: the last day of each block of `every` days from the start,
    and the contest's last day (2005-10-10..10-25 → 10-13, 10-17, 10-21, 10-25)."""
    days = []
    day = start + timedelta(days=every - 1)
    while day < end:
        days.append(day)
        day += timedelta(days=every)
    days.append(end)
    return days


# What an agent may choose per award item: the belt or two bowl sets for item 3; for the
# non-stacking items 4–5, taking it, giving it to a named adult, or the cash equivalent.
AWARD_CHOICES = {
    3: ("belt", "two_bowl_sets"),
    4: ("keep", "transfer", "cash"),
    5: ("keep", "transfer", "cash"),
}
