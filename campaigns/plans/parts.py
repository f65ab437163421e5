"""The kinds of part a plan has, by the slug used in URLs and in specs."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import BudgetLine, Goal, Material, Section, Stage, Task, WorkGroup


@dataclass(frozen=True)
class PartType:
    slug: str  # in URLs: /plans/<id>/<slug>/
    spec_key: str  # in specs
    model: type
    fields: tuple  # editable fields, in form order
    label: object


PART_TYPES = {
    p.slug: p
    for p in (
        PartType(
            "goals", "goals", Goal, ("metric", "target_value", "unit", "due_date"), _("Goals")
        ),
        PartType(
            "stages",
            "stages",
            Stage,
            ("name", "start_date", "end_date", "cumulative_target"),
            _("Stages"),
        ),
        PartType("sections", "sections", Section, ("title", "body_html"), _("Sections")),
        PartType(
            "work-groups",
            "work_groups",
            WorkGroup,
            ("name", "group_kind", "leader", "deputy", "members", "duties"),
            _("Work groups"),
        ),
        PartType(
            "tasks",
            "tasks",
            Task,
            ("title", "owner_name", "due_date", "offset_days", "status"),
            _("Timeline"),
        ),
        PartType(
            "budget-lines",
            "budget_lines",
            BudgetLine,
            ("item", "amount", "stage", "note"),
            _("Budget"),
        ),
        PartType(
            "materials",
            "materials",
            Material,
            ("item", "quantity", "assignee", "status"),
            _("Materials"),
        ),
    )
}
