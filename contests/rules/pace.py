"""Progress of the sales contest against its stage checkpoints and goal (ahead or behind
the pro-rated pace, shortfalls, what is needed per day, the projection), the evaluation
days and the code-clearing window. Pure: plain values in, frozen dataclasses out; no ORM,
no I/O."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO = Decimal("0")


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
