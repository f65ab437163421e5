"""The contest's reward rules (DOMAIN.md §2): team fund tiers, individual items, the
minimum targets and the department goal, read from a contest plan's `extra` and written
back. Pure: plain values in, frozen dataclasses out; no ORM, no I/O."""

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from campaigns.plans.rules import figure  # pure too: one way to write an amount


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
            "盒装皮带一套或玲珑碗两套（任选）",
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
