"""The plan's own pages: the list and a new plan, the plan page with its header, checks
and status, the header's in-place edit, and the history. The helpers the other plan pages
share (the plan's URL, who may edit, the "plan changed" event, the edit-conflict table) live
here with the plan they are about."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from campaigns.errors import EditConflict
from campaigns.roles import Perm, can
from campaigns.views import apply_service, errors_to_form, org_page

from .. import rules, selectors, services
from ..forms import NewPlanForm, PlanHeaderForm, TemplateDateForm
from ..models import PlanKind, PlanStatus
from ..parts import PART_TYPES


def may_edit(request, plan):
    """Whether the member may edit this plan now: the role allows it and the status does."""
    return can(request.membership.role, Perm.EDIT_PLANS) and rules.plan_editable(plan.status)


def plan_url(plan):
    return reverse("plan_detail", kwargs={"org_slug": plan.organization.slug, "plan_id": plan.pk})


def plan_changed(request, response):
    """Tell the page the plan changed, so the checks panel reloads."""
    return trigger_client_event(response, "planChanged") if request.htmx else response


def conflict_context(conflict, form):
    """The edit-conflict table of a form: each field changed meanwhile, with the saved
    value and the one typed."""
    if conflict is None:
        return {"conflict": None}
    labels = {name: field.label for name, field in form.fields.items()}
    rows = [
        (labels.get(name, name), conflict.current.get(name), conflict.attempted.get(name))
        for name in conflict.current
        if conflict.current.get(name) != conflict.attempted.get(name)
    ]
    return {"conflict": conflict, "conflict_rows": rows}


@org_page(Perm.VIEW_PLANS)
def plan_list(request, organization):
    templates = selectors.templates_available(organization)
    form = NewPlanForm(templates=templates, kinds=selectors.plan_kinds_available(organization))
    return _plan_list_page(request, organization, form)


@require_POST
@org_page(Perm.EDIT_PLANS)
def plan_new(request, organization):
    """A new plan: blank at once; from a template after a second step that asks for the
    date the template needs (proposed in the future), every date of it moving along."""
    templates = selectors.templates_available(organization)
    kinds = selectors.plan_kinds_available(organization)
    form = NewPlanForm(request.POST, templates=templates, kinds=kinds)
    if not form.is_valid():
        return _plan_list_page(request, organization, form, status=400)
    source_type, _sep, value = form.cleaned_data["source"].partition(":")
    need = selectors.template_date(organization, value) if source_type == "template" else None
    if need is not None:
        date_form = TemplateDateForm(
            request.POST if "template_date" in request.POST else None,
            initial={"title": form.cleaned_data["title"], "source": form.cleaned_data["source"]},
            templates=templates,
            kinds=kinds,
            need=need,
        )
        if not date_form.is_bound:  # the first step: ask for the date
            return _template_date_page(request, date_form, need)
        form = date_form
    created = {}
    if form.is_valid() and apply_service(
        form,
        lambda: created.setdefault(
            "plan",
            services.plan_create(
                organization=organization,
                actor=request.user,
                title=form.cleaned_data["title"],
                kind=value if source_type == "kind" else None,
                template_key=value if source_type == "template" else None,
                template_date=form.cleaned_data.get("template_date"),
            ),
        ),
    ):
        return redirect(plan_url(created["plan"]))
    if need is not None:
        return _template_date_page(request, form, need, status=400)
    return _plan_list_page(request, organization, form, status=400)


def _plan_list_page(request, organization, form, *, status=200):
    return render(
        request,
        "campaigns/plans/list.html",
        {
            "plans": selectors.plans_of(organization),
            "form": form,
            "can_edit": can(request.membership.role, Perm.EDIT_PLANS),
        },
        status=status,
    )


def _template_date_page(request, form, need, *, status=200):
    return render(
        request,
        "campaigns/plans/new_from_template.html",
        {"form": form, "need": need},
        status=status,
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
        "can_edit": may_edit(request, plan),
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
                return redirect(plan_url(plan))
            response = render(
                request, "campaigns/plans/_header.html", _detail_context(request, plan)
            )
            # Relative tasks follow the anchor date: their list reloads itself.
            return trigger_client_event(plan_changed(request, response), "anchorMoved")
    return render(
        request,
        "campaigns/plans/_header_form.html",
        {"plan": plan, "form": form, **conflict_context(conflict, form)},
        status=409 if conflict else 400,
    )


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
    return redirect(plan_url(plan))


@org_page(Perm.VIEW_PLANS)
def plan_history(request, organization, plan_id):
    plan = selectors.plan_get(organization, plan_id)
    return render(
        request,
        "campaigns/plans/history.html",
        {"plan": plan, "rows": selectors.history_rows(plan)},
    )


@org_page(Perm.RUN_PLANS)
def plan_in_force(request, organization, plan_id):
    """Put the plan in force in place of its kind's current one: a confirmation page (GET)
    that says what changes, and the change itself (POST). Nothing else switches it."""
    plan = selectors.plan_get(organization, plan_id)
    current = selectors.plan_in_force(organization, plan.kind)
    if request.method == "POST" and not plan.in_force:
        try:
            plan, _replaced = services.plan_put_in_force(
                organization=organization, actor=request.user, plan=plan
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("“%(title)s” is now the plan in force.") % {"title": plan.title}
            )
        return redirect(plan_url(plan))
    return render(
        request,
        "campaigns/plans/in_force.html",
        {"plan": plan, "current": current, "readers": IN_FORCE_READERS.get(plan.kind)},
    )


# What reads the plan in force of a kind, said on the confirmation page. The other kinds'
# features name their plan (a contest, an event day), so switching changes nothing there.
IN_FORCE_READERS = {
    PlanKind.FRANCHISE: gettext_lazy(
        "The franchise rollout board and the territory pages take their phases and goals "
        "from the plan in force."
    ),
}
