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
