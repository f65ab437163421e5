"""Copy a plan, and save a plan as a template of the organization."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campaigns.roles import Perm
from campaigns.views import apply_service, org_page, posted_data

from .. import selectors, services
from ..forms import CopyPlanForm, SaveTemplateForm
from .plan import plan_url


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
            return redirect(plan_url(created["plan"]))
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
            return redirect(plan_url(plan))
    return render(
        request,
        "campaigns/plans/save_template.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )
