"""Plan pages: the list, the in-place editor (htmx), history, copy, templates, exports.

Every fragment also works without htmx: a normal POST redirects back to the plan page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import (
    HttpResponseClientRefresh,
    reswap,
    retarget,
    trigger_client_event,
)

from campaigns.errors import EditConflict
from campaigns.roles import Perm, can
from campaigns.views import apply_service, errors_to_form, org_page, posted_data

from . import rules, selectors, services
from .forms import CopyPlanForm, NewPlanForm, PlanHeaderForm, SaveTemplateForm, part_form_class
from .models import PlanStatus
from .parts import PART_TYPES


def _can_edit(request, plan):
    return can(request.membership.role, Perm.EDIT_PLANS) and rules.plan_editable(plan.status)


def _plan_url(plan):
    return reverse("plan_detail", kwargs={"org_slug": plan.organization.slug, "plan_id": plan.pk})


def _part_or_404(slug):
    if slug not in PART_TYPES:
        raise Http404
    return PART_TYPES[slug]


def _changed(request, response):
    """Tell the page the plan changed, so the checks panel reloads."""
    return trigger_client_event(response, "planChanged") if request.htmx else response


@org_page(Perm.VIEW_PLANS)
def plan_list(request, organization):
    templates = selectors.templates_available(organization)
    form = NewPlanForm(templates=templates)
    return render(
        request,
        "campaigns/plans/list.html",
        {
            "plans": selectors.plans_of(organization),
            "form": form,
            "can_edit": can(request.membership.role, Perm.EDIT_PLANS),
        },
    )


@require_POST
@org_page(Perm.EDIT_PLANS)
def plan_new(request, organization):
    templates = selectors.templates_available(organization)
    form = NewPlanForm(request.POST, templates=templates)
    created = {}
    if form.is_valid():
        source_type, _sep, value = form.cleaned_data["source"].partition(":")
        if apply_service(
            form,
            lambda: created.setdefault(
                "plan",
                services.plan_create(
                    organization=organization,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    kind=value if source_type == "kind" else None,
                    template_key=value if source_type == "template" else None,
                    start_date=form.cleaned_data["start_date"],
                ),
            ),
        ):
            return redirect(_plan_url(created["plan"]))
    return render(
        request,
        "campaigns/plans/list.html",
        {
            "plans": selectors.plans_of(organization),
            "form": form,
            "can_edit": True,
        },
        status=400,
    )


@org_page(Perm.VIEW_PLANS)
def plan_detail(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    return render(request, "campaigns/plans/detail.html", _detail_context(request, plan))


def _detail_context(request, plan):
    parts = selectors.all_parts(plan)
    role = request.membership.role
    findings = selectors.plan_findings(plan, parts)
    return {
        "plan": plan,
        "parts": [(PART_TYPES[slug], items) for slug, items in parts.items()],
        "findings": findings,
        "budget_sum": selectors.budget_total_of(parts),
        "can_edit": _can_edit(request, plan),
        "can_run": can(role, Perm.RUN_PLANS),
        "can_export": can(role, Perm.EXPORT_PLANS),
        "next_statuses": rules.TRANSITIONS[plan.status],
        "status_labels": dict(PlanStatus.choices),
        "exports": selectors.exports_of_plan(plan),
    }


@org_page(Perm.VIEW_PLANS)
def plan_header(request, organization, plan_id):
    """The header alone (it reloads when the budget changes)."""
    plan = selectors.plan_get(organization, plan_id)
    return render(request, "campaigns/plans/_header.html", _detail_context(request, plan))


@org_page(Perm.VIEW_PLANS)
def part_list(request, organization, plan_id, part):
    """One part's list (an Add form's Cancel, and tasks after the anchor date moved)."""
    plan = selectors.plan_get(organization, plan_id)
    _part_or_404(part)
    return render(
        request,
        "campaigns/plans/_part_list.html",
        {
            "plan": plan,
            "part": PART_TYPES[part],
            "items": selectors.parts_of(plan, part),
            "can_edit": _can_edit(request, plan),
        },
    )


@org_page(Perm.VIEW_PLANS)
def plan_findings(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    return render(
        request,
        "campaigns/plans/_findings.html",
        {"plan": plan, "findings": selectors.plan_findings(plan)},
    )


@org_page(Perm.EDIT_PLANS)
def plan_edit(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    if request.method != "POST":
        return render(
            request,
            "campaigns/plans/_header_form.html",
            {"plan": plan, "form": PlanHeaderForm(instance=plan)},
        )
    form = PlanHeaderForm(request.POST, instance=plan)
    conflict = None
    if form.is_valid():
        try:
            plan = services.plan_update(
                organization=organization,
                actor=request.user,
                plan=plan,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except EditConflict as exc:
            conflict = exc
            plan = selectors.plan_get(organization, plan_id)
            data = request.POST.copy()
            data["version"] = plan.version
            form = PlanHeaderForm(data, instance=plan)
            form.is_valid()
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if not request.htmx:
                return redirect(_plan_url(plan))
            response = render(
                request, "campaigns/plans/_header.html", _detail_context(request, plan)
            )
            # Relative tasks follow the anchor date: their list reloads itself.
            return trigger_client_event(_changed(request, response), "anchorMoved")
    return render(
        request,
        "campaigns/plans/_header_form.html",
        {"plan": plan, "form": form, **_conflict_context(conflict, form)},
        status=409 if conflict else 400,
    )


@org_page(Perm.EDIT_PLANS)
def part_new(request, organization, plan_id, part):
    plan = selectors.plan_get(organization, plan_id)
    part_type = _part_or_404(part)
    Form = part_form_class(part)  # noqa: N806
    form = Form(posted_data(request), plan=plan, auto_id=f"id_{part}_new_%s")
    if request.method == "POST" and form.is_valid():
        created = {}
        if apply_service(
            form,
            lambda: created.setdefault(
                "item",
                services.part_add(
                    organization=organization,
                    actor=request.user,
                    plan=plan,
                    slug=part,
                    data=form.cleaned_data,
                ),
            ),
        ):
            if not request.htmx:
                return redirect(_plan_url(plan) + f"#part-{part}")
            return _part_list_response(request, plan, part, focus=created["item"].pk)
    return render(
        request,
        "campaigns/plans/_part_form.html",
        {
            "plan": plan,
            "part": part_type,
            "form": form,
            "item": None,
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.EDIT_PLANS)
def part_edit(request, organization, plan_id, part, item_id):
    plan = selectors.plan_get(organization, plan_id)
    part_type = _part_or_404(part)
    item = selectors.part_get(plan, part, item_id)
    Form = part_form_class(part)  # noqa: N806
    if request.method != "POST":
        return render(
            request,
            "campaigns/plans/_part_form.html",
            {
                "plan": plan,
                "part": part_type,
                "item": item,
                "form": Form(instance=item, plan=plan, auto_id=f"id_{part}_{item.pk}_%s"),
            },
        )
    form = Form(request.POST, instance=item, plan=plan, auto_id=f"id_{part}_{item.pk}_%s")
    conflict = None
    if form.is_valid():
        try:
            item = services.part_update(
                organization=organization,
                actor=request.user,
                plan=plan,
                slug=part,
                item=item,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except EditConflict as exc:
            conflict = exc
            item = selectors.part_get(plan, part, item_id)
            data = request.POST.copy()
            data["version"] = item.version
            form = Form(data, instance=item, plan=plan, auto_id=f"id_{part}_{item.pk}_%s")
            form.is_valid()
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if not request.htmx:
                return redirect(_plan_url(plan) + f"#part-{part}")
            return _part_list_response(request, plan, part, focus=item.pk)
    return render(
        request,
        "campaigns/plans/_part_form.html",
        {
            "plan": plan,
            "part": part_type,
            "form": form,
            "item": item,
            **_conflict_context(conflict, form),
        },
        status=409 if conflict else 400,
    )


@org_page(Perm.EDIT_PLANS)
def part_item(request, organization, plan_id, part, item_id):
    """The display of one part (to cancel an edit in place)."""
    plan = selectors.plan_get(organization, plan_id)
    part_type = _part_or_404(part)
    item = selectors.part_get(plan, part, item_id)
    number = [i.pk for i in selectors.parts_of(plan, part)].index(item.pk) + 1
    return render(
        request,
        "campaigns/plans/_part_item.html",
        {
            "plan": plan,
            "part": part_type,
            "item": item,
            "can_edit": _can_edit(request, plan),
            "number": number,
        },
    )


@require_POST
@org_page(Perm.EDIT_PLANS)
def part_delete(request, organization, plan_id, part, item_id):
    plan = selectors.plan_get(organization, plan_id)
    _part_or_404(part)
    item = selectors.part_get(plan, part, item_id)
    try:
        services.part_delete(
            organization=organization, actor=request.user, plan=plan, slug=part, item=item
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseClientRefresh() if request.htmx else redirect(_plan_url(plan))
    if request.htmx:
        return _part_list_response(request, plan, part)
    return redirect(_plan_url(plan) + f"#part-{part}")


@require_POST
@org_page(Perm.EDIT_PLANS)
def section_move(request, organization, plan_id, item_id):
    plan = selectors.plan_get(organization, plan_id)
    section = selectors.part_get(plan, "sections", item_id)
    direction = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.section_move(
            organization=organization,
            actor=request.user,
            plan=plan,
            section=section,
            direction=direction,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseClientRefresh() if request.htmx else redirect(_plan_url(plan))
    if request.htmx:
        return _part_list_response(request, plan, "sections", focus=section.pk)
    return redirect(_plan_url(plan) + "#part-sections")


@require_POST
@org_page(Perm.RUN_PLANS)
def plan_transition(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    try:
        plan = services.plan_transition(
            organization=organization,
            actor=request.user,
            plan=plan,
            target=request.POST.get("status", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The plan is now %(status)s.") % {"status": PlanStatus(plan.status).label}
        )
    return redirect(_plan_url(plan))


@org_page(Perm.VIEW_PLANS)
def plan_history(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    return render(
        request,
        "campaigns/plans/history.html",
        {"plan": plan, "rows": selectors.history_rows(plan)},
    )


@org_page(Perm.EDIT_PLANS)
def plan_copy(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    form = CopyPlanForm(
        posted_data(request), initial={"title": _("Copy of %(title)s") % {"title": plan.title}}
    )
    if request.method == "POST" and form.is_valid():
        created = {}
        if apply_service(
            form,
            lambda: created.setdefault(
                "plan",
                services.plan_copy(
                    organization=organization, actor=request.user, plan=plan, **form.cleaned_data
                ),
            ),
        ):
            messages.success(request, _("Copy made."))
            return redirect(_plan_url(created["plan"]))
    return render(
        request,
        "campaigns/plans/copy.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@org_page(Perm.EDIT_PLANS)
def plan_save_template(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    form = SaveTemplateForm(posted_data(request), initial={"name": plan.title})
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.plan_save_as_template(
                organization=organization,
                actor=request.user,
                plan=plan,
                name=form.cleaned_data["name"],
            ),
        ):
            messages.success(request, _("Saved as a template of your organization."))
            return redirect(_plan_url(plan))
    return render(
        request,
        "campaigns/plans/save_template.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.EXPORT_PLANS)
def export_create(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    export = services.export_request(organization=organization, actor=request.user, plan=plan)
    if request.htmx:
        return render(request, "campaigns/plans/_export.html", {"export": export})
    return redirect(_plan_url(plan) + "#exports")


@org_page(Perm.EXPORT_PLANS)
def export_status(request, organization, export_id):
    export = selectors.export_get(organization, export_id)
    return render(request, "campaigns/plans/_export.html", {"export": export})


@org_page(Perm.EXPORT_PLANS)
def export_download(request, organization, export_id):
    export = selectors.export_get(organization, export_id)
    if not export.file or not export.file.storage.exists(export.file.name):
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename or f"plan-{export.plan_id}.pdf",
        content_type="application/pdf",
    )


def _part_list_response(request, plan, slug, focus=None):
    """After a change: the part's whole list (numbering and order stay right), swapped in
    place of the part's section, and the checks panel told to reload."""
    response = render(
        request,
        "campaigns/plans/_part_list.html",
        {
            "plan": plan,
            "part": PART_TYPES[slug],
            "items": selectors.parts_of(plan, slug),
            "can_edit": _can_edit(request, plan),
            "focus_item": focus,
        },
    )
    response = reswap(retarget(response, f"#part-{slug}"), "outerHTML")
    if slug == "budget-lines":
        response = trigger_client_event(response, "budgetChanged")
    return _changed(request, response)


def _conflict_context(conflict, form):
    if conflict is None:
        return {"conflict": None}
    labels = {name: field.label for name, field in form.fields.items()}
    rows = [
        (labels.get(name, name), conflict.current.get(name), conflict.attempted.get(name))
        for name in conflict.current
        if conflict.current.get(name) != conflict.attempted.get(name)
    ]
    return {"conflict": conflict, "conflict_rows": rows}
