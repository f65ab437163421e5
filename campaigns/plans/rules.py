"""Pure rules of marketing plans: Chinese section numbering, the status lifecycle, task
dates and the consistency checks shown on the plan page. No ORM, no I/O."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九; from 100 on, plain digits
    (no plan has that many sections, and 一百零一 helps nobody)."""
    if n <= 0:
        raise ValueError("section numbers start at 1")
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


# status → statuses it may move to
TRANSITIONS = {
    "draft": ("approved",),
    "approved": ("running", "draft"),
    "running": ("closed",),
    "closed": (),
}


def plan_editable(status: str) -> bool:
    """A closed plan is a record: it no longer changes."""
    return status != "closed"


def transition_error(current: str, target: str, has_blocking_findings: bool) -> str | None:
    """Why the plan cannot move from `current` to `target`, or None when it can."""
    if target not in TRANSITIONS.get(current, ()):
        return _("A plan in status “%(current)s” cannot move to “%(target)s”.") % {
            "current": _status_label(current),
            "target": _status_label(target),
        }
    if target == "approved" and has_blocking_findings:
        return _("Fix the errors listed under Consistency checks before approving.")
    return None


def _status_label(status: str) -> str:
    labels = {
        "draft": _("Draft"),
        "approved": _("Approved"),
        "running": _("Running"),
        "closed": _("Closed"),
    }
    return labels.get(status, status)


def task_due(due_date: date | None, offset_days: int | None, anchor: date | None):
    """The task's due date: absolute, or anchor + offset; None when it cannot be known."""
    if due_date is not None:
        return due_date
    if offset_days is not None and anchor is not None:
        try:
            return anchor + timedelta(days=offset_days)
        except OverflowError:  # past year 9999 (or before year 1): no such day
            return None
    return None


@dataclass(frozen=True)
class StageFact:
    id: int
    name: str
    start: date
    end: date
    cumulative_target: Decimal | None


@dataclass(frozen=True)
class TaskFact:
    id: int
    title: str
    due_date: date | None
    offset_days: int | None


@dataclass(frozen=True)
class GroupFact:
    id: int
    name: str
    leader: str


@dataclass(frozen=True)
class PlanFacts:
    start: date | None
    end: date | None
    anchor: date | None
    budget_total: Decimal | None
    stages: list[StageFact] = field(default_factory=list)  # in plan order
    tasks: list[TaskFact] = field(default_factory=list)
    budget_amounts: list[Decimal] = field(default_factory=list)
    groups: list[GroupFact] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    level: str  # "error" blocks approval, "warning" does not
    part: str  # stage, task, budget, work_group, plan
    part_id: int | None
    message: str
    fix: str


def check_plan(facts: PlanFacts) -> list[Finding]:
    """Every consistency finding for a plan, errors first."""
    findings = [
        *_stage_findings(facts),
        *_task_findings(facts),
        *_budget_findings(facts),
        *_group_findings(facts),
    ]
    return sorted(findings, key=lambda f: 0 if f.level == "error" else 1)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.level == "error" for f in findings)


def _stage_findings(facts):
    stages = facts.stages
    for s in stages:
        if s.end < s.start:
            yield Finding(
                "error",
                "stage",
                s.id,
                _("Stage “%(name)s” ends before it starts.") % {"name": s.name},
                _("Set its end date on or after its start date."),
            )
        if (facts.start and s.start < facts.start) or (facts.end and s.end > facts.end):
            yield Finding(
                "error",
                "stage",
                s.id,
                _("Stage “%(name)s” (%(start)s – %(end)s) lies outside the plan's dates.")
                % {"name": s.name, "start": s.start, "end": s.end},
                _("Move the stage inside the plan's dates, or widen the plan's dates."),
            )
    # Each stage against the one reaching furthest among those starting before it: a long
    # stage overlaps every stage inside it, not only the next one.
    earlier = None
    for later in sorted(stages, key=lambda s: (s.start, s.end)):
        if earlier is not None and later.start <= earlier.end:
            yield Finding(
                "error",
                "stage",
                later.id,
                _(
                    "Stage “%(later)s” (%(ls)s – %(le)s) overlaps stage “%(earlier)s” "
                    "(%(es)s – %(ee)s)."
                )
                % {
                    "later": later.name,
                    "ls": later.start,
                    "le": later.end,
                    "earlier": earlier.name,
                    "es": earlier.start,
                    "ee": earlier.end,
                },
                _("Start “%(later)s” the day after “%(earlier)s” ends (%(day)s).")
                % {
                    "later": later.name,
                    "earlier": earlier.name,
                    "day": earlier.end + timedelta(days=1)
                    if earlier.end < date.max
                    else earlier.end,
                },
            )
        if earlier is None or later.end > earlier.end:
            earlier = later
    # Cumulative targets grow with time: compare them in date order.
    with_target = sorted(
        (s for s in stages if s.cumulative_target is not None), key=lambda s: (s.start, s.end)
    )
    for before, after in zip(with_target, with_target[1:], strict=False):
        if after.cumulative_target < before.cumulative_target:
            yield Finding(
                "error",
                "stage",
                after.id,
                _(
                    "Cumulative target of “%(after)s” (%(at)s) is lower than that of "
                    "“%(before)s” (%(bt)s)."
                )
                % {
                    "after": after.name,
                    "at": figure(after.cumulative_target),
                    "before": before.name,
                    "bt": figure(before.cumulative_target),
                },
                _(
                    "Cumulative targets count everything so far: each stage's target must be "
                    "at least the previous one's."
                ),
            )


def _task_findings(facts):
    for t in facts.tasks:
        if t.offset_days is not None and facts.anchor is None:
            yield Finding(
                "error",
                "task",
                t.id,
                _(
                    "Task “%(title)s” is due %(days)s days from the anchor date, but the plan "
                    "has no anchor date."
                )
                % {"title": t.title, "days": t.offset_days},
                _("Set the plan's anchor date (e.g. the event day), or give the task a date."),
            )
            continue
        due = task_due(t.due_date, t.offset_days, facts.anchor)
        if due is not None and facts.end is not None and due > facts.end:
            yield Finding(
                "warning",
                "task",
                t.id,
                _("Task “%(title)s” is due %(due)s, after the plan ends (%(end)s).")
                % {"title": t.title, "due": due, "end": facts.end},
                _("Bring the task forward, or extend the plan's end date."),
            )


def _budget_findings(facts):
    if facts.budget_total is None:
        return
    total = sum(facts.budget_amounts, Decimal("0"))
    if total > facts.budget_total:
        yield Finding(
            "error",
            "budget",
            None,
            _("Budget lines add up to %(total)s, more than the ceiling of %(ceiling)s.")
            % {"total": figure(total), "ceiling": figure(facts.budget_total)},
            _("Cut %(over)s from the lines, or raise the ceiling.")
            % {"over": figure(total - facts.budget_total)},
        )


def _group_findings(facts):
    for g in facts.groups:
        if not g.leader.strip():
            yield Finding(
                "warning",
                "work_group",
                g.id,
                _("Work group “%(name)s” has no leader.") % {"name": g.name},
                _("Name the person who leads it."),
            )


def figure(value) -> str:
    """12,500 or 12,500.50: grouped, no trailing .00."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"
