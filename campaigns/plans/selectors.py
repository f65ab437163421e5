"""Reads of marketing plans. Every function takes the organization (or an object that
was loaded through it) explicitly."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from campaigns import modules
from campaigns.tenancy import get_for_org_or_404, one_or_404

from . import rules
from .builtin import BUILTIN_TEMPLATES
from .kinds import hooks_for
from .models import Export, Plan, PlanEvent, PlanKind, PlanTemplate
from .parts import PART_TYPES
from .spec import date_needed, default_day

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


def plan_in_force(organization, kind):
    """The organization's plan of `kind` in force (chosen by a manager, or its first
    approved one), or None. Never the most recently edited one: a new draft does not take
    over what the organization works by."""
    return (
        Plan.objects.for_org(organization)
        .filter(kind=kind, in_force=True)
        .exclude(kind__in=modules.plan_kinds_off(organization))
        .first()
    )


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
    # The label names the plan it replaced / the plan that replaced it.
    "in_force": _("Put in force"),
    "out_of_force": _("No longer in force; replaced by"),
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
                    (
                        _field_label(model, name),
                        _value_label(model, name, old),
                        _value_label(model, name, new),
                    )
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


def _value_label(model, name, value):
    """A stored key as people read it (`todo` → 待办, `decoration_event` → its kind)."""
    try:
        choices = model._meta.get_field(name).flatchoices
    except FieldDoesNotExist:
        return value
    return dict(choices).get(value, value) if choices else value


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


# What the date a template needs is called, by its kind (`spec.date_needed`).
DATE_NEEDED_LABELS = {
    PlanKind.FRANCHISE: _("Rollout start"),
    PlanKind.CONTEST: _("Contest start"),
    PlanKind.DECORATION_EVENT: _("Event day"),
    PlanKind.TELECOM_DAY: _("Event day"),
    PlanKind.FAMILY_BUNDLE: _("Launch day"),
}


@dataclass(frozen=True)
class TemplateDate:
    """The date a template needs to make a plan: what it is called, the day proposed
    (every date of the new plan ahead, spec.default_day), and the template's name."""

    key: str
    name: str
    kind: str
    field: str
    label: str
    default: date


def template_date(organization, key, today=None):
    """The date the template `key` needs, with its proposed default; None for a template
    the organization does not have (or whose module is off)."""
    row = next((t for t in templates_available(organization) if t["key"] == key), None)
    if row is None:
        return None
    if row["builtin"]:
        template_spec = BUILTIN_TEMPLATES[key].spec
    else:
        template_spec = PlanTemplate.objects.for_org(organization).get(key=key).spec
    today = today or timezone.localdate(timezone=organization.zoneinfo)
    kind = template_spec.get("kind", "")
    need = date_needed(template_spec)
    if (need.field == "start_date") == (kind in START_KINDS):
        label = DATE_NEEDED_LABELS[kind]
    else:  # an organization's template that counts otherwise than its kind's built-in one
        label = _("Event day") if need.field == "anchor_date" else _("Start date")
    return TemplateDate(
        key=key,
        name=row["name"],
        kind=kind,
        field=need.field,
        label=str(label),
        default=default_day(template_spec, today),
    )


# The kinds whose templates count from their start (the others from an event day).
START_KINDS = (PlanKind.FRANCHISE, PlanKind.CONTEST)


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


# -- the manager's home (campaigns/home.py) --------------------------------------------------

HOME_WEEK_DAYS = 7  # "due this week": today and the six days after it
HOME_FINDINGS_PLANS = 30  # the open plans checked for findings, most recently edited first


def tasks_needing_attention(organization, today):
    """The timeline tasks not done of every plan not closed (of the modules the
    organization runs): {"overdue": [...], "this_week": [...]}, each a dict of the task,
    its plan and its due date, earliest first. A task's due date is absolute or the
    plan's anchor date plus its offset (rules.task_due); a task without one is in neither."""
    from datetime import timedelta

    from .models import PlanStatus, Task, TaskStatus

    week_end = today + timedelta(days=HOME_WEEK_DAYS - 1)
    tasks = (
        Task.objects.for_org(organization)
        .exclude(status=TaskStatus.DONE)
        .exclude(plan__status=PlanStatus.CLOSED)
        .exclude(plan__kind__in=modules.plan_kinds_off(organization))
        .select_related("plan")
    )
    overdue, this_week = [], []
    for task in tasks:
        due = rules.task_due(task.due_date, task.offset_days, task.plan.anchor_date)
        if due is None or due > week_end:
            continue
        row = {"task": task, "plan": task.plan, "due": due, "days_late": (today - due).days}
        (overdue if due < today else this_week).append(row)
    order = lambda row: (row["due"], row["plan"].pk, row["task"].position, row["task"].pk)  # noqa: E731
    return {"overdue": sorted(overdue, key=order), "this_week": sorted(this_week, key=order)}


def plans_with_open_findings(organization):
    """The plans not closed that have consistency findings: [{"plan", "errors",
    "warnings"}], plans with errors first."""
    from .models import PlanStatus

    plans = plans_of(organization).exclude(status=PlanStatus.CLOSED).order_by("-updated_at")
    rows = []
    for plan in plans[:HOME_FINDINGS_PLANS]:
        findings = plan_findings(plan)
        if findings:
            errors = sum(1 for f in findings if f.level == "error")
            rows.append({"plan": plan, "errors": errors, "warnings": len(findings) - errors})
    return sorted(rows, key=lambda row: (-row["errors"], -row["warnings"]))
