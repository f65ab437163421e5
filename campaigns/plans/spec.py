"""The plan spec: a plan's whole content as plain JSON-able data.

Built-in templates, organization templates and plan copies all use it.
Dates are ISO strings ("2005-10-10"), money and targets are decimal strings ("500000.00"),
so a spec survives a JSON round trip exactly.

    {
      "kind": "contest",                      # a PlanKind value
      "title": "...",
      "start_date": "2005-10-10", "end_date": "2005-10-25",
      "anchor_date": null,                    # the day relative tasks count from
      "budget_total": null,                   # optional ceiling for the budget lines
      "goals":  [{"metric": "...", "target_value": "500000", "unit": "元",
                  "due_date": "2005-10-25"}],
      "stages": [{"name": "...", "start_date": "...", "end_date": "...",
                  "cumulative_target": "125000"}],
      "sections": [{"title": "...", "body_html": "<p>...</p>"}],
      "work_groups": [{"name": "...", "group_kind": "leadership" | "subgroup",
                       "leader": "...", "deputy": "...", "members": "甲、乙", "duties": "..."}],
      "tasks": [{"title": "...", "owner_name": "...", "offset_days": -15, "status": "todo"},
                {"title": "...", "due_date": "2009-05-10"}],
      "budget_lines": [{"item": "...", "amount": "3000", "stage": 0, "note": ""}],
                                              # "stage": index into "stages", or null
      "materials": [{"item": "...", "quantity": 1000, "assignee": "...", "status": "needed"}],
      "extra": {}                             # kind-specific data, see campaigns/plans/kinds.py
    }
Every key but "kind" and "title" may be left out.
"""

from dataclasses import dataclass
from datetime import date, timedelta

DATE_KEYS = ("start_date", "end_date", "anchor_date", "due_date")


def shift_dates(spec: dict, days: int) -> dict:
    """A copy of the spec with every absolute date moved by `days` (relative offsets stay:
    they follow the anchor date, which moves too)."""

    def shift(value):
        if isinstance(value, dict):
            return {
                k: (_shift_iso(v, days) if k in DATE_KEYS and v else shift(v))
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [shift(v) for v in value]
        return value

    return shift(spec)


def _shift_iso(value: str, days: int) -> str:
    return (date.fromisoformat(value) + timedelta(days=days)).isoformat()


# -- the date a template counts from ------------------------------------------------------

# A new plan from a template starts this long after the earliest of its dates at the
# soonest, so that even the first preparation task is ahead when the plan is made.
LEAD_MARGIN_DAYS = 14


@dataclass(frozen=True)
class DateNeeded:
    """The one date a template needs to become a plan: `field` is "anchor_date" when its
    tasks count from an event day (or it has one), else "start_date"; `current` is the
    template's own value (None: it has none, as the decoration event's); `lead_days` is how
    many days the earliest date of the plan comes before it (the first preparation task)."""

    field: str
    current: date | None
    lead_days: int


def date_needed(spec: dict) -> DateNeeded:
    tasks = spec.get("tasks") or []
    offsets = [t["offset_days"] for t in tasks if t.get("offset_days") is not None]
    field = "anchor_date" if spec.get("anchor_date") or offsets else "start_date"
    current = _date(spec.get(field))
    if current is None:  # no date to measure from: the earliest relative task sets the lead
        lead = max([0, *(-o for o in offsets)])
    else:
        earliest = min([*_absolute_dates(spec), *(current + timedelta(days=o) for o in offsets)])
        lead = max(0, (current - earliest).days)
    return DateNeeded(field, current, lead)


def default_day(spec: dict, today: date) -> date:
    """The date proposed for a new plan from this template: every date of it ahead of
    `today`, with LEAD_MARGIN_DAYS to spare before the first one."""
    return today + timedelta(days=date_needed(spec).lead_days + LEAD_MARGIN_DAYS)


def moved_to(spec: dict, day: date) -> dict:
    """A copy of the spec with the date it needs (`date_needed`) on `day`, and every other
    date moved by as many days; a template without that date gets it set."""
    need = date_needed(spec)
    if need.current is None:
        return {**spec, need.field: day.isoformat()}
    return shift_dates(spec, (day - need.current).days)


def _absolute_dates(spec):
    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k in DATE_KEYS and isinstance(v, str) and v:
                    yield date.fromisoformat(v)
                else:
                    yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    return list(walk(spec))


def _date(value):
    return date.fromisoformat(value) if value else None
