"""Reads of marketing plans. Every function takes the organization (or an object that
was loaded through it) explicitly."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from campaigns import modules
from campaigns.tenancy import get_for_org_or_404, one_or_404

from . import rules
from .builtin import BUILTIN_TEMPLATES
from .kinds import hooks_for
from .models import Export, Plan, PlanEvent, PlanKind, PlanTemplate
from .parts import PART_TYPES

PLAN_FIELDS = ("title", "start_date", "end_date", "anchor_date", "budget_total")


def plans_of(organization):
    """The organization's plans of the kinds its modules run (the others are kept)."""
    return (
        Plan.objects.for_org(organization)
        .exclude(kind__in=modules.plan_kinds_off(organization))
        .select_related("owner")
    )


def plan_get(organization, plan_id):
    """A plan, or 404 (as for a missing one) when its kind's module is off."""
    shown = Plan.objects.for_org(organization).exclude(
        kind__in=modules.plan_kinds_off(organization)
    )
    return one_or_404(shown, pk=plan_id)


def parts_of(plan, slug):
    part = PART_TYPES[slug]
    return (
        part.model.objects.for_org(plan.organization_id)
        .filter(plan=plan)
        .order_by("position", "pk")
    )


def part_get(plan, slug, item_id):
    return get_for_org_or_404(PART_TYPES[slug].model, plan.organization_id, plan=plan, pk=item_id)


def all_parts(plan):
    return {slug: list(parts_of(plan, slug)) for slug in PART_TYPES}


def plan_facts(plan, parts=None):
    parts = parts or all_parts(plan)
    return rules.PlanFacts(
        start=plan.start_date,
        end=plan.end_date,
        anchor=plan.anchor_date,
        budget_total=plan.budget_total,
        stages=[
            rules.StageFact(s.pk, s.name, s.start_date, s.end_date, s.cumulative_target)
            for s in parts["stages"]
        ],
        tasks=[rules.TaskFact(t.pk, t.title, t.due_date, t.offset_days) for t in parts["tasks"]],
        budget_amounts=[b.amount for b in parts["budget-lines"]],
        groups=[rules.GroupFact(g.pk, g.name, g.leader) for g in parts["work-groups"]],
    )


def plan_findings(plan, parts=None):
    findings = rules.check_plan(plan_facts(plan, parts))
    alerts = task_alerts(plan)
    if alerts:
        tasks = {t.pk: t for t in (parts or {}).get("tasks", [])} or {
            t.pk: t for t in parts_of(plan, "tasks")
        }
        findings += [
            rules.Finding(
                "warning",
                "task",
                task_id,
                _("Task “%(title)s”: %(alert)s")
                % {"title": tasks[task_id].title if task_id in tasks else "", "alert": alert},
                _("Act on it before the task's date, or mark why on the task."),
            )
            for task_id, alert in alerts.items()
        ]
    return findings


def task_alerts(plan):
    """{task id: message} of the timeline tasks the plan kind's own data says are late
    (campaigns.plans.kinds), computed once per plan object."""
    if not hasattr(plan, "_task_alerts"):
        plan._task_alerts = hooks_for(plan.kind).task_alerts(plan, plan.organization)
    return plan._task_alerts


def plan_history(plan, limit=200):
    return (
        PlanEvent.objects.for_org(plan.organization_id)
        .filter(plan=plan)
        .select_related("actor")[:limit]
    )


ACTION_LABELS = {
    "created": _("Created"),
    "copied": _("Created as a copy of"),
    "templated": _("Saved as template"),
    "updated": _("Changed"),
    "added": _("Added"),
    "deleted": _("Deleted"),
    "moved": _("Moved"),
    "status": _("Status changed"),
    "exported": _("PDF export"),
}


def history_rows(plan, limit=200):
    """The history as people read it: translated actions, parts and field names."""
    rows = []
    for event in plan_history(plan, limit):
        part = PART_TYPES.get(event.part)
        model = part.model if part else Plan
        rows.append(
            {
                "event": event,
                "actor": (event.actor.get_full_name() or event.actor.username)
                if event.actor
                else "—",
                "action": ACTION_LABELS.get(event.action, event.action),
                "part": part.label if part else "",
                "changes": [
                    (_field_label(model, name), old, new)
                    for name, (old, new) in event.changes.items()
                ],
            }
        )
    return rows


def _field_label(model, name):
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return {"offset_days": _("days moved"), "position": _("position")}.get(name, name)


def budget_total_of(parts):
    return sum((b.amount for b in parts["budget-lines"]), Decimal("0"))


def plan_kinds_available(organization):
    """The kinds of plan the organization may make: those of the modules it runs."""
    return [
        (value, label)
        for value, label in PlanKind.choices
        if modules.plan_kind_is_on(organization, value)
    ]


def templates_available(organization):
    """Built-in templates first (stable keys), then the organization's own; only those of
    the kinds of plan its modules run."""
    rows = [
        {
            "key": t.key,
            "name": str(t.name),
            "kind": t.key,
            "description": str(t.description),
            "builtin": True,
        }
        for t in BUILTIN_TEMPLATES.values()
    ]
    rows += [
        {"key": t.key, "name": t.name, "kind": t.kind, "description": "", "builtin": False}
        for t in PlanTemplate.objects.for_org(organization)
    ]
    return [row for row in rows if modules.plan_kind_is_on(organization, row["kind"])]


def exports_of_plan(plan, limit=10):
    return (
        Export.objects.for_org(plan.organization_id).filter(plan=plan).select_related("job")[:limit]
    )


def export_get(organization, export_id):
    shown = Export.objects.for_org(organization).exclude(
        plan__kind__in=modules.plan_kinds_off(organization)
    )
    return one_or_404(shown, pk=export_id)


def plan_spec(plan):
    """The plan's whole content as a spec (campaigns/plans/spec.py)."""
    parts = all_parts(plan)
    stage_index = {s.pk: i for i, s in enumerate(parts["stages"])}
    spec = {"kind": plan.kind, "title": plan.title}
    for name in ("start_date", "end_date", "anchor_date", "budget_total"):
        spec[name] = to_spec_value(getattr(plan, name))
    for slug, part in PART_TYPES.items():
        rows = []
        for obj in parts[slug]:
            row = {}
            for name in part.fields:
                field = part.model._meta.get_field(name)
                if isinstance(field, models.ForeignKey):
                    row[name] = stage_index.get(getattr(obj, field.attname))
                else:
                    row[name] = to_spec_value(getattr(obj, name))
            rows.append(row)
        spec[part.spec_key] = rows
    spec["extra"] = hooks_for(plan.kind).dump_extra(plan)
    return spec


def to_spec_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
