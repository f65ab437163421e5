"""PDF export of a plan (job kind "plan.pdf").

The job handler loads the Export row, renders the plan through the one print template
(templates/exports/plan.html), lets WeasyPrint write the PDF in this long-lived worker
process and stores the file through Django's storage. It prints through
`campaigns.printing`, whose fetcher reads only local static and media files.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs, printing

from . import charts, rules, selectors
from .kinds import hooks_for
from .models import BudgetLine, Export, Goal, Material, Plan, Stage, Task, WorkGroup
from .parts import PART_TYPES
from .services import EXPORT_JOB_KIND, sanitize_html

logger = logging.getLogger(__name__)

MEMBER_SEPARATORS = re.compile(r"[\n\r,，、;；]+")


TIMELINE_CHART_ROWS = 35


class ExportError(Exception):
    """The export cannot run at all (its plan is gone); the job fails with this message."""


# -- the job --------------------------------------------------------------------------------


@jobs.job_handler(EXPORT_JOB_KIND, label=gettext_lazy("Plan PDF"))
def export_plan_pdf(job):
    export = (
        Export.objects.for_org(job.organization_id).filter(job=job).select_related("plan").first()
    )
    if export is None or export.plan is None:
        raise ExportError(_("The plan was deleted before its export could run."))
    plan = export.plan
    try:
        html = render_plan_html(plan, organization=job.organization)
        pdf, pages = printing.render_pdf(html)
    except Exception as exc:  # the reason goes to the log; the user gets a readable one
        logger.exception("PDF export %s of plan %s failed", export.pk, plan.pk)
        raise ExportError(
            _(
                "The PDF could not be made; the error was logged for the "
                "support team. Try again later."
            )
        ) from exc
    export.file.save(f"plan-{plan.pk}-export-{export.pk}.pdf", ContentFile(pdf), save=False)
    export.filename = pdf_filename(plan)
    export.save(update_fields=["file", "filename"])
    return {"bytes": len(pdf), "pages": pages}


def pdf_filename(plan):
    """The name the user downloads: the plan's title without characters that file systems
    refuse (/ \\ : * ? " < > | and control characters)."""
    name = printing.safe_filename(plan.title)
    return f"{name or f'plan-{plan.pk}'}.pdf"


# -- HTML -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelinePoint:
    title: str
    due: date | None


def render_plan_html(plan, *, organization):
    """The plan as one print-ready HTML document, in the organization's language. Call it
    inside the organization's tenant context (on PostgreSQL, RLS shows no parts else)."""
    with translation.override(organization.default_language):
        return render_to_string("exports/plan.html", _context(plan, organization))


def _context(plan, organization):
    parts = selectors.all_parts(plan)
    chapters = []
    tables, figures = [], []

    def chapter(kind, title, **extra):
        n = len(chapters) + 1
        item = {
            "kind": kind,
            "number": rules.chinese_numeral(n),
            "title": title,
            "anchor": f"chapter-{n}",
            "tables": [],
            "figures": [],
            **extra,
        }
        chapters.append(item)
        return item

    def table(item, title, **extra):
        n = len(tables) + 1
        entry = {
            "anchor": f"table-{n}",
            "caption": _("Table %(n)d") % {"n": n},
            "title": title,
            **extra,
        }
        tables.append(entry)
        item["tables"].append(entry)
        return entry

    def figure(item, title, svg):
        n = len(figures) + 1
        entry = {
            "anchor": f"figure-{n}",
            "caption": _("Figure %(n)d") % {"n": n},
            "title": title,
            "svg": mark_safe(svg),  # noqa: S308 - charts escape every text they draw
        }
        figures.append(entry)
        item["figures"].append(entry)
        return entry

    for section in parts["sections"]:
        body = mark_safe(sanitize_html(section.body_html))  # noqa: S308 - cleaned by nh3
        chapter("section", section.title, body=body)
    for title, html in hooks_for(plan.kind).pdf_chapters(plan, organization):
        chapter("section", title, body=mark_safe(sanitize_html(html)))  # noqa: S308 - nh3

    if parts["goals"]:
        item = chapter("goals", str(PART_TYPES["goals"].label))
        table(
            item,
            _("Goals of the plan"),
            head=_heads(Goal, "metric", "target_value", "unit", "due_date"),
            rows=_goal_rows(parts["goals"]),
        )

    if parts["stages"]:
        item = chapter("stages", str(PART_TYPES["stages"].label))
        table(item, _("Stages and cumulative targets"), rows=_stage_rows(parts["stages"]))
        goal = next((g.target_value for g in parts["goals"] if g.target_value is not None), None)
        svg = charts.stage_targets_svg(parts["stages"], goal=goal)
        if svg:
            figure(item, _("Cumulative target by stage"), svg)

    if parts["work-groups"]:
        item = chapter("work_groups", str(PART_TYPES["work-groups"].label))
        table(item, _("Work groups and duties"), rows=_group_rows(parts["work-groups"]))

    if parts["tasks"]:
        item = chapter("timeline", str(PART_TYPES["tasks"].label), anchor_date=plan.anchor_date)
        rows = _task_rows(parts["tasks"], plan.anchor_date)
        table(item, _("Timeline tasks"), rows=rows)
        points = [TimelinePoint(r["title"], r["due_date"]) for r in rows]
        shown = points[:TIMELINE_CHART_ROWS]  # one chart fits one page; the table has all
        svg = charts.timeline_svg(shown, plan.start_date, plan.end_date, anchor=plan.anchor_date)
        if svg:
            caption = _("Timeline")
            if len(points) > len(shown):
                caption = _("Timeline (first %(shown)d of %(total)d tasks)") % {
                    "shown": len(shown),
                    "total": len(points),
                }
            figure(item, caption, svg)

    if parts["budget-lines"]:
        item = chapter("budget", str(PART_TYPES["budget-lines"].label))
        total = selectors.budget_total_of(parts)
        table(
            item,
            _("Budget lines"),
            rows=_budget_rows(parts["budget-lines"], parts["stages"]),
            total=charts.number_grouped(total),
            ceiling=_grouped_or_none(plan.budget_total),
            remaining=(
                None
                if plan.budget_total is None
                else charts.number_grouped(plan.budget_total - total)
            ),
            over=plan.budget_total is not None and total > plan.budget_total,
        )

    if parts["materials"]:
        item = chapter("materials", str(PART_TYPES["materials"].label))
        table(item, _("Materials"), rows=_material_rows(parts["materials"]))

    findings = selectors.plan_findings(plan, parts)
    if findings:
        item = chapter("findings", _("Consistency checks"))
        table(
            item,
            _("Open findings"),
            rows=[
                {
                    "no": i,
                    "level": f.level,
                    "level_label": _("Error") if f.level == "error" else _("Warning"),
                    "message": f.message,
                    "fix": f.fix,
                }
                for i, f in enumerate(findings, 1)
            ],
        )

    today = timezone.localtime(timezone.now(), organization.zoneinfo).date()
    return {
        **printing.page_frame(organization, plan.title, most=34),
        "organization": organization,
        "plan": plan,
        "parts": parts,
        "chapters": chapters,
        "cover": _cover_rows(plan),
        "generated_on": _long_date(today),
        "labels": _labels(),
    }


def _labels():
    g, s, w, t, b, m = Goal, Stage, WorkGroup, Task, BudgetLine, Material
    return {
        "no": _("No."),
        "period": _("Period"),
        "days": _("Days"),
        "stage_name": _field(s, "name"),
        "cumulative_target": _field(s, "cumulative_target"),
        "increment": _("Added in stage"),
        "share": _("Share of final target"),
        "group_name": _field(w, "name"),
        "group_kind": _field(w, "group_kind"),
        "leader": _field(w, "leader"),
        "deputy": _field(w, "deputy"),
        "members": _field(w, "members"),
        "duties": _field(w, "duties"),
        "task": _field(t, "title"),
        "task_owner": _field(t, "owner_name"),
        "due_date": _field(t, "due_date"),
        "task_status": _field(t, "status"),
        "budget_item": _field(b, "item"),
        "budget_stage": _field(b, "stage"),
        "amount": _("Amount (yuan)"),
        "note": _field(b, "note"),
        "total": _("Total"),
        "ceiling": _field(Plan, "budget_total"),
        "remaining": _("Left under the ceiling"),
        "over": _("Over the ceiling"),
        "material_item": _field(m, "item"),
        "quantity": _field(m, "quantity"),
        "assignee": _field(m, "assignee"),
        "material_status": _field(m, "status"),
        "level": _("Level"),
        "finding": _("Finding"),
        "fix": _("How to fix"),
        "contents": _("Contents"),
        "generated_on": _("Generated on"),
        "anchor_date": _field(Plan, "anchor_date"),
        "goal_unit": _field(g, "unit"),
    }


def _field(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _heads(model, *names):
    return [_field(model, n) for n in names]


def _cover_rows(plan):
    owner = plan.owner
    rows = [
        (_field(Plan, "kind"), plan.get_kind_display()),
        (_("Period"), _period(plan.start_date, plan.end_date, long=True)),
    ]
    if plan.anchor_date:
        rows.append((_field(Plan, "anchor_date"), _long_date(plan.anchor_date)))
    if plan.budget_total is not None:
        rows.append(
            (
                _field(Plan, "budget_total"),
                f"{charts.number_grouped(plan.budget_total)} {_('yuan')}",
            )
        )
    rows.append((_field(Plan, "status"), plan.get_status_display()))
    if owner is not None:
        rows.append((_field(Plan, "owner"), owner.get_full_name().strip() or owner.get_username()))
    return rows


def _goal_rows(goals):
    return [
        {
            "no": i,
            "metric": g.metric,
            "target": _grouped_or_none(g.target_value) or "—",
            "unit": g.unit,
            "due": _short_date(g.due_date),
        }
        for i, g in enumerate(goals, 1)
    ]


def _stage_rows(stages):
    final = next(
        (s.cumulative_target for s in reversed(stages) if s.cumulative_target is not None), None
    )
    rows, previous = [], None
    for i, s in enumerate(stages, 1):
        target = s.cumulative_target
        increment = None
        if target is not None:
            increment = target - (previous or 0)
            previous = target
        share = ""
        if target is not None and final:
            share = f"{(target / final * 100):.0f}%"
        rows.append(
            {
                "no": i,
                "name": s.name,
                "period": _period(s.start_date, s.end_date),
                "days": (s.end_date - s.start_date).days + 1 if s.end_date >= s.start_date else "—",
                "target": _grouped_or_none(target) or "—",
                "increment": _grouped_or_none(increment) or "—",
                "share": share or "—",
            }
        )
    return rows


def _group_rows(groups):
    return [
        {
            "name": g.name,
            "kind": g.get_group_kind_display(),
            "leadership": g.group_kind == WorkGroup.Kind.LEADERSHIP,
            "leader": g.leader or "—",
            "deputy": g.deputy or "—",
            "members": "、".join(m.strip() for m in MEMBER_SEPARATORS.split(g.members) if m.strip())
            or "—",
            "duties": g.duties,
        }
        for g in groups
    ]


def _task_rows(tasks, anchor):
    rows = []
    for i, t in enumerate(tasks, 1):
        due = rules.task_due(t.due_date, t.offset_days, anchor)
        rows.append(
            {
                "no": i,
                "title": t.title,
                "owner": t.owner_name or "—",
                "due_date": due,
                "due": _short_date(due) if due else "—",
                "relative": _relative(t.offset_days),
                "status": t.get_status_display(),
                "done": t.status == "done",
            }
        )
    return rows


def _relative(offset_days):
    """The "anchor −15 days" note of a task counted from the anchor date, or ""."""
    if offset_days is None:
        return ""
    if offset_days == 0:
        return _("on the anchor date")
    sign = "−" if offset_days < 0 else "+"
    return _("anchor %(offset)s days") % {"offset": f"{sign}{abs(offset_days)}"}


def _budget_rows(lines, stages):
    stage_names = {s.pk: s.name for s in stages}
    return [
        {
            "no": i,
            "item": b.item,
            "stage": stage_names.get(b.stage_id, "—"),
            "amount": charts.number_grouped(b.amount),
            "note": b.note,
        }
        for i, b in enumerate(lines, 1)
    ]


def _material_rows(materials):
    return [
        {
            "no": i,
            "item": m.item,
            "quantity": m.quantity if m.quantity is not None else "—",
            "assignee": m.assignee or "—",
            "status": m.get_status_display(),
            "ready": m.status == Material.Status.READY,
        }
        for i, m in enumerate(materials, 1)
    ]


def _grouped_or_none(value):
    return None if value is None else charts.number_grouped(value)


def _short_date(value):
    return value.isoformat() if value else "—"


def _long_date(value):
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def _period(start, end, *, long=False):
    show = _long_date if long else _short_date
    if start is None and end is None:
        return "—"
    return f"{show(start)} – {show(end)}"
