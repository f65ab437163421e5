"""The in-place editor of a plan's parts (htmx): one part's list, add, edit, show and
delete an item, and move a section up or down. After a change the part's whole list is
swapped in, so numbering and order stay right."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import (
    HttpResponseClientRefresh,
    reswap,
    retarget,
    trigger_client_event,
)

from campaigns.errors import EditConflict
from campaigns.roles import Perm
from campaigns.views import apply_service, errors_to_form, org_page, posted_data

from .. import selectors, services
from ..forms import part_form_class
from ..parts import PART_TYPES
from .plan import conflict_context, may_edit, plan_changed, plan_url


def _part_or_404(slug):
    if slug not in PART_TYPES:
        raise Http404
    return PART_TYPES[slug]


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
            "can_edit": may_edit(request, plan),
        },
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
                return redirect(plan_url(plan) + f"#part-{part}")
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
                return redirect(plan_url(plan) + f"#part-{part}")
            return _part_list_response(request, plan, part, focus=item.pk)
    return render(
        request,
        "campaigns/plans/_part_form.html",
        {
            "plan": plan,
            "part": part_type,
            "form": form,
            "item": item,
            **conflict_context(conflict, form),
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
            "can_edit": may_edit(request, plan),
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
        return HttpResponseClientRefresh() if request.htmx else redirect(plan_url(plan))
    if request.htmx:
        return _part_list_response(request, plan, part)
    return redirect(plan_url(plan) + f"#part-{part}")


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
        return HttpResponseClientRefresh() if request.htmx else redirect(plan_url(plan))
    if request.htmx:
        return _part_list_response(request, plan, "sections", focus=section.pk)
    return redirect(plan_url(plan) + "#part-sections")


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
            "can_edit": may_edit(request, plan),
            "focus_item": focus,
        },
    )
    response = reswap(retarget(response, f"#part-{slug}"), "outerHTML")
    if slug == "budget-lines":
        response = trigger_client_event(response, "budgetChanged")
    return plan_changed(request, response)
