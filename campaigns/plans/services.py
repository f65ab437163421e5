"""Writes of marketing plans. Keyword-only, organization first, one transaction each.

Every change is recorded in the plan's history. Edits carry the `version` the editor
loaded; if the row moved on meanwhile, EditConflict reports the other change instead of
overwriting it. Errors are django ValidationError (field → message).
"""

import copy
import re
from datetime import date
from decimal import Decimal

import nh3
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext as _

from campaigns import jobs, modules, money
from campaigns.errors import EditConflict
from campaigns.tenancy import tenant_context

from . import rules, selectors
from .builtin import BUILTIN_TEMPLATES
from .kinds import hooks_for
from .models import (
    BudgetLine,
    Export,
    Plan,
    PlanEvent,
    PlanKind,
    PlanStatus,
    PlanTemplate,
    Section,
)
from .parts import PART_TYPES
from .spec import moved_to, shift_dates

EXPORT_JOB_KIND = "plan.pdf"

# Section text keeps structure and emphasis; scripts, styles, event handlers and links
# to other sites' scripts are removed (nh3 drops what is not listed).
SECTION_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


# A violated check constraint is reported on the field a person would correct.
CONSTRAINT_FIELDS = {
    "plan_end_not_before_start": "end_date",
    "stage_end_not_before_start": "end_date",
    "task_absolute_or_relative": "offset_days",
}


_DIV_OPEN = re.compile(r"<div(\s[^>]*)?>", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"</div\s*>", re.IGNORECASE)


def sanitize_html(html):
    # Editors and pasted text use <div> for paragraphs; keep them as paragraphs.
    html = _DIV_CLOSE.sub("</p>", _DIV_OPEN.sub("<p>", html or ""))
    return nh3.clean(
        html,
        tags=SECTION_TAGS,
        attributes={"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}},
    )


def template_spec(organization, key):
    if key in BUILTIN_TEMPLATES:
        return copy.deepcopy(BUILTIN_TEMPLATES[key].spec)
    template = PlanTemplate.objects.for_org(organization).filter(key=key).first()
    if template is None:
        raise ValidationError({"template": _("Unknown template “%(key)s”.") % {"key": key}})
    return copy.deepcopy(template.spec)


def plan_create(
    *,
    organization,
    actor,
    title,
    kind=None,
    template_key=None,
    template_date=None,
    start_date=None,
):
    """A blank plan of `kind`, or one made from a template. `template_date` is the date the
    template needs (`spec.date_needed`: the event day, the contest's or the rollout's
    start): it takes that date and every other date of the template moves with it. Pages and
    the API always give one (`selectors.template_date_default` proposes it); without one the
    template keeps its own dates (the demo's seed). `start_date` instead moves every date so
    the plan starts that day."""
    with tenant_context(organization):
        if template_key:
            spec = template_spec(organization, template_key)
        elif kind in PlanKind.values:
            spec = {"kind": kind}
        else:
            raise ValidationError({"kind": _("Choose a kind of plan or a template.")})
        if not modules.plan_kind_is_on(organization, spec.get("kind")):
            raise ValidationError(
                {"kind": _("This kind of plan is not among the modules the organization runs.")}
            )
        if template_date is not None and template_key:
            spec = _moved(spec, template_date)
        elif start_date is not None:
            if spec.get("start_date"):
                offset = (start_date - date.fromisoformat(spec["start_date"])).days
                spec = _shifted(spec, offset, field="start_date")
            else:
                spec["start_date"] = start_date.isoformat()
        plan = _plan_from_spec(
            organization,
            actor,
            spec,
            title=title or spec.get("title", ""),
            template_key=template_key or "",
        )
        _record(plan, actor, "created", label=template_key or "")
    return plan


def plan_copy(*, organization, actor, plan, offset_days, title):
    """A new draft with the same content, every date moved by `offset_days`."""
    with tenant_context(organization):
        spec = _shifted(selectors.plan_spec(plan), offset_days, field="offset_days")
        new = _plan_from_spec(
            organization, actor, spec, title=title, template_key=plan.template_key
        )
        _record(
            new, actor, "copied", label=plan.title, changes={"offset_days": [None, offset_days]}
        )
    return new


def plan_save_as_template(*, organization, actor, plan, name):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the template a name.")})
    with tenant_context(organization):
        spec = selectors.plan_spec(plan)
        taken = set(PlanTemplate.objects.for_org(organization).values_list("key", flat=True))
        number = len(taken) + 1
        while f"custom-{number}" in taken:
            number += 1
        template = PlanTemplate(
            organization=organization,
            key=f"custom-{number}",
            name=name,
            kind=plan.kind,
            spec=spec,
            created_by=actor,
        )
        template.full_clean()
        template.save()
        _record(plan, actor, "templated", label=name)
    return template


def plan_update(*, organization, actor, plan, version, data):
    """Change the plan's own fields (title, dates, anchor date, budget ceiling).
    Relative tasks follow a moved anchor date by themselves: their due date is computed."""
    fields = [f for f in selectors.PLAN_FIELDS if f in data]
    with tenant_context(organization):
        current = Plan.objects.for_org(organization).select_for_update().get(pk=plan.pk)
        _require_editable(current)
        return _apply_versioned(current, actor, version, fields, data, part="plan")


def part_add(*, organization, actor, plan, slug, data):
    part = PART_TYPES[slug]
    with tenant_context(organization):
        _lock_editable(organization, plan)
        last = (
            part.model.objects.for_org(organization)
            .filter(plan=plan)
            .aggregate(Max("position"))["position__max"]
        )
        obj = part.model(
            organization=organization, plan=plan, position=0 if last is None else last + 1
        )
        _assign(obj, part, data, plan)
        _full_clean(obj)
        obj.save()
        _record(
            plan,
            actor,
            "added",
            part=slug,
            part_id=obj.pk,
            label=str(obj),
            changes={k: [None, _plain(getattr(obj, k))] for k in part.fields},
        )
    return obj


def part_update(*, organization, actor, plan, slug, item, version, data):
    part = PART_TYPES[slug]
    with tenant_context(organization):
        _lock_editable(organization, plan)
        current = _locked_part(organization, part, plan, item)
        fields = [f for f in part.fields if f in data]
        return _apply_versioned(current, actor, version, fields, data, part=slug, plan=plan)


def part_delete(*, organization, actor, plan, slug, item):
    part = PART_TYPES[slug]
    with tenant_context(organization):
        _lock_editable(organization, plan)
        item = _locked_part(organization, part, plan, item)
        snapshot = {k: [_plain(getattr(item, k)), None] for k in part.fields}
        label, item_id = str(item), item.pk
        if slug == "stages":
            _unlink_budget_lines(organization, actor, plan, item)
        item.delete()
        _record(plan, actor, "deleted", part=slug, part_id=item_id, label=label, changes=snapshot)


def _unlink_budget_lines(organization, actor, plan, stage):
    """Budget lines of a deleted stage stay, without a stage; each change is recorded."""
    lines = BudgetLine.objects.for_org(organization).filter(plan=plan, stage=stage)
    for line in lines.select_for_update():
        line.stage, line.version = None, line.version + 1
        line.save(update_fields=["stage", "version"])
        _record(
            plan,
            actor,
            "updated",
            part="budget-lines",
            part_id=line.pk,
            label=str(line),
            changes={"stage": [str(stage), None]},
        )


def section_move(*, organization, actor, plan, section, direction):
    """Move a section one place up (-1) or down (+1); positions are renumbered 0..n-1."""
    with tenant_context(organization):
        _lock_editable(organization, plan)
        sections = list(
            Section.objects.for_org(organization)
            .filter(plan=plan)
            .select_for_update()
            .order_by("position", "pk")
        )
        index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
        target = index + direction
        if not 0 <= target < len(sections):
            return
        sections[index], sections[target] = sections[target], sections[index]
        for position, s in enumerate(sections):
            if s.position != position:
                Section.objects.for_org(organization).filter(pk=s.pk).update(position=position)
        _record(
            plan,
            actor,
            "moved",
            part="sections",
            part_id=section.pk,
            label=section.title,
            changes={"position": [index + 1, target + 1]},
        )


def plan_transition(*, organization, actor, plan, target):
    with tenant_context(organization):
        if target == PlanStatus.APPROVED:
            # Lock the kind's plans first, in the order plan_put_in_force does, so an
            # approval and a choice of the plan in force queue instead of deadlocking.
            _kind_locked(organization, plan.kind)
        current = Plan.objects.for_org(organization).select_for_update().get(pk=plan.pk)
        blocking = rules.has_errors(selectors.plan_findings(current))
        error = rules.transition_error(current.status, target, blocking)
        if error:
            raise ValidationError({"status": error})
        old = current.status
        current.status = target
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        _record(current, actor, "status", changes={"status": [old, target]})
        if target == PlanStatus.APPROVED and _kind_locked(organization, current.kind) is None:
            # The first approved plan of its kind is the one the organization works by;
            # once one is in force, only a manager's explicit choice changes it.
            _put_in_force(current, actor, replaced=None)
    return current


def plan_put_in_force(*, organization, actor, plan):
    """Make `plan` the organization's plan of its kind in force (the franchise board reads
    it), in place of the one before. An explicit act of a manager: nothing else moves it
    but the first approval of a kind. Returns (plan, the plan it replaced or None)."""
    with tenant_context(organization):
        previous = _kind_locked(organization, plan.kind)
        current = Plan.objects.for_org(organization).filter(pk=plan.pk).first()
        if current is None:
            raise ValidationError(_("This plan was deleted meanwhile."))
        if not modules.plan_kind_is_on(organization, current.kind):
            raise ValidationError(
                _("This kind of plan is not among the modules the organization runs.")
            )
        if previous is not None and previous.pk == current.pk:
            return current, None
        if previous is not None:
            Plan.objects.for_org(organization).filter(pk=previous.pk).update(in_force=False)
            _record(previous, actor, "out_of_force", label=current.title)
        _put_in_force(current, actor, replaced=previous)
    return current, previous


def _kind_locked(organization, kind):
    """Lock every plan of `kind` (so two choices of the plan in force queue) and return the
    one in force, or None."""
    plans = list(
        Plan.objects.for_org(organization)
        .filter(kind=kind)
        .select_for_update()
        .order_by("pk")
        .only("pk", "in_force", "organization_id", "title")
    )
    return next((p for p in plans if p.in_force), None)


def _put_in_force(plan, actor, *, replaced):
    # .update(): choosing a plan is not an edit of it (its version and updated_at stay).
    Plan.objects.for_org(plan.organization_id).filter(pk=plan.pk).update(in_force=True)
    plan.in_force = True
    _record(plan, actor, "in_force", label=replaced.title if replaced is not None else "")


def export_request(*, organization, actor, plan):
    """Queue a PDF export; the job row shows its progress (campaigns/plans/pdf.py runs it)."""
    with tenant_context(organization):
        job = jobs.job_enqueue(
            organization=organization,
            kind=EXPORT_JOB_KIND,
            payload={"plan_id": plan.pk},
            created_by=actor,
            max_attempts=3,
        )
        export = Export(organization=organization, plan=plan, job=job)
        export.full_clean()
        export.save()
        _record(plan, actor, "exported", label=f"#{export.pk}")
    return export


# -- helpers -------------------------------------------------------------------------------


def _lock_editable(organization, plan):
    """Lock the plan row for this change and check it is still open (a close committed a
    moment ago wins over an edit that loaded the plan before it)."""
    locked = Plan.objects.for_org(organization).select_for_update().filter(pk=plan.pk).first()
    if locked is None:
        raise ValidationError(_("This plan was deleted meanwhile."))
    _require_editable(locked)


def _locked_part(organization, part, plan, item):
    current = (
        part.model.objects.for_org(organization)
        .select_for_update()
        .filter(pk=item.pk, plan=plan)
        .first()
    )
    if current is None:
        raise ValidationError(_("Someone deleted this item meanwhile."))
    return current


def _require_editable(plan):
    if not rules.plan_editable(plan.status):
        raise ValidationError(_("This plan is closed; it can no longer be changed."))


# The amounts of a plan and its parts, by kind (campaigns.money: docs/money.md).
AMOUNT_KINDS = {
    "budget_total": money.Kind.BUDGET,
    "amount": money.Kind.BUDGET,
    "target_value": money.Kind.TARGET,
    "cumulative_target": money.Kind.TARGET,
}


def _full_clean(obj):
    """full_clean, with each violated check constraint on its field (CONSTRAINT_FIELDS),
    and the plausible bounds of its amounts (the organization's own where it raised them)."""
    errors = {}
    try:
        obj.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    amounts = {
        name: (kind, getattr(obj, name))
        for name, kind in AMOUNT_KINDS.items()
        if hasattr(obj, name) and name not in errors
    }
    try:
        money.check_amounts(obj.organization.amount_ceilings, amounts)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for constraint in obj._meta.constraints:
        try:
            constraint.validate(type(obj), obj, exclude=set(errors))
        except ValidationError as exc:
            field = CONSTRAINT_FIELDS.get(constraint.name, NON_FIELD_ERRORS)
            errors.setdefault(field, []).extend(exc.error_list)
    if errors:
        raise ValidationError(errors)


def _shifted(spec, days, *, field):
    try:
        return shift_dates(spec, days)
    except OverflowError:  # a date would fall after 9999-12-31 or before year 1
        raise ValidationError(
            {field: _("That moves the plan's dates beyond the calendar (year 1 to 9999).")}
        ) from None


def _moved(spec, day):
    try:
        return moved_to(spec, day)
    except OverflowError:
        raise ValidationError(
            {
                "template_date": _(
                    "That moves the plan's dates beyond the calendar (year 1 to 9999)."
                )
            }
        ) from None


def _apply_versioned(obj, actor, version, fields, data, *, part, plan=None):
    plan = plan or obj
    if version != obj.version:
        raise EditConflict(
            part=part,
            current={f: _plain(getattr(obj, f)) for f in fields},
            attempted={f: _plain(data[f]) for f in fields},
        )
    before = {f: _plain(getattr(obj, f)) for f in fields}
    if part == "plan":
        for f in fields:
            setattr(obj, f, data[f])
    else:
        _assign(obj, PART_TYPES[part], data, plan)
    obj.version += 1
    _full_clean(obj)
    obj.save()
    changes = {
        f: [before[f], _plain(getattr(obj, f))]
        for f in fields
        if before[f] != _plain(getattr(obj, f))
    }
    if changes:
        _record(
            plan,
            actor,
            "updated",
            part="" if part == "plan" else part,
            part_id=None if part == "plan" else obj.pk,
            label=str(obj),
            changes=changes,
        )
    return obj


def _assign(obj, part, data, plan):
    for name in part.fields:
        if name not in data:
            continue
        value = data[name]
        if name == "body_html":
            value = sanitize_html(value)
        field = part.model._meta.get_field(name)
        if isinstance(field, models.ForeignKey) and value is not None:
            if value.plan_id != plan.pk:
                raise ValidationError({name: _("Choose a stage of this plan.")})
        setattr(obj, name, value)


def _plan_from_spec(organization, actor, spec, *, title, template_key):
    plan = Plan(
        organization=organization,
        kind=spec["kind"],
        title=title,
        owner=actor,
        template_key=template_key,
        start_date=_date(spec.get("start_date")),
        end_date=_date(spec.get("end_date")),
        anchor_date=_date(spec.get("anchor_date")),
        budget_total=_decimal(spec.get("budget_total")),
    )
    _full_clean(plan)
    plan.save()
    stages = []
    for slug, part in PART_TYPES.items():
        for position, row in enumerate(spec.get(part.spec_key) or []):
            obj = part.model(organization=organization, plan=plan, position=position)
            for name in part.fields:
                if name in row:
                    setattr(obj, name, _from_spec(part.model, name, row[name], stages))
            if slug == "sections":
                obj.body_html = sanitize_html(obj.body_html)
            _full_clean(obj)
            obj.save()
            if slug == "stages":
                stages.append(obj)
    hooks_for(plan.kind).apply_extra(plan, spec.get("extra") or {})
    return plan


def _from_spec(model, name, value, stages):
    field = model._meta.get_field(name)
    if value is None:
        return None
    if isinstance(field, models.ForeignKey):
        return stages[value] if 0 <= value < len(stages) else None
    if isinstance(field, models.DateField):
        return _date(value)
    if isinstance(field, models.DecimalField):
        return _decimal(value)
    return value


def _date(value):
    return date.fromisoformat(value) if value else None


def _decimal(value):
    return Decimal(str(value)) if value not in (None, "") else None


def _plain(value):
    """A JSON-able form of a field value, for history and conflict messages."""
    if isinstance(value, Decimal):  # 500000 and 500000.00 are the same amount
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _record(plan, actor, action, *, part="", part_id=None, label="", changes=None):
    PlanEvent.objects.create(
        organization_id=plan.organization_id,
        plan=plan,
        actor=actor,
        action=action,
        part=part,
        part_id=part_id,
        label=label[:200],
        changes=changes or {},
    )
