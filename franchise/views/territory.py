"""Territories and franchisees, the territory dashboard and what is done on it."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.query_params import query_page
from campaigns.tenancy import get_for_org_or_404
from campaigns.views import apply_service, org_page, posted_data
from franchise.permissions import Perm

from .. import charts, selectors, services
from ..filters import TerritoryFilter
from ..forms import (
    AgreementForm,
    FranchiseeForm,
    HospitalForm,
    PaymentsForm,
    RevenueCorrectionForm,
    RevenueForm,
    StatementComputeForm,
    TerritoryForm,
    TerritoryStatusForm,
)
from ..models import Agreement, Territory
from .access import may, require

TERRITORY_ROWS = 50  # the territory list, a page at a time (national scale: 1,000 of them)


def territory_url(territory):
    return reverse(
        "franchise_territory",
        kwargs={"org_slug": territory.organization.slug, "territory_id": territory.pk},
    )


# -- territories and franchisees ------------------------------------------------------------


@org_page(Perm.VIEW_FRANCHISE)
def territory_list(request, organization):
    form = TerritoryForm(posted_data(request))
    if request.method == "POST":
        require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form, lambda: services.territory_save(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Territory added."))
            return redirect("franchise_territories", org_slug=organization.slug)
    found = TerritoryFilter(request.GET, queryset=selectors.territories_of(organization))
    # A filter that cannot be read shows its error on the filter form and no rows (not
    # every territory, as if it had not been given).
    bad_filter = found.is_bound and not found.is_valid()
    rows = found.queryset.none() if bad_filter else found.qs
    return render(
        request,
        "franchise/territories.html",
        {
            "filter": found,
            "page": query_page(request, rows, TERRITORY_ROWS),
            "form": form,
            "can_manage": may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if form.errors or bad_filter else 200,
    )


@org_page(Perm.VIEW_FRANCHISE)
def franchisee_list(request, organization):
    form = FranchiseeForm(posted_data(request), organization=organization)
    if request.method == "POST":
        require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form, lambda: services.franchisee_save(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Franchisee saved."))
            return redirect("franchise_franchisees", org_slug=organization.slug)
    return render(
        request,
        "franchise/franchisees.html",
        {
            "franchisees": selectors.franchisees_of(organization),
            "agreements": selectors.agreements_visible(request.membership),
            "form": form,
            "can_manage": may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.MANAGE_FRANCHISE)
def franchisee_options(request, organization):
    """Suggestions for the agreement form's franchisee as the manager types (htmx fills
    the field's <datalist>)."""
    typed = request.GET.get("franchisee", "").strip()
    return render(
        request,
        "franchise/_franchisee_options.html",
        {"names": selectors.franchisee_names_like(organization, typed)},
    )


@org_page(Perm.VIEW_TERRITORY)
def territory_detail(request, organization, territory_id, **bound):
    territory = selectors.territory_get(request.membership, territory_id)
    return render_territory_page(request, organization, territory, **bound)


def render_territory_page(request, organization, territory, **bound):
    """The territory dashboard: everything the franchisee sees, plus (for a manager) the
    forms that run the territory. `bound` carries a refused form to show with errors."""
    data = selectors.territory_dashboard(
        request.membership, territory, selectors.today_in(organization)
    )
    manage = may(request, Perm.MANAGE_FRANCHISE)
    context = {
        **data,
        "revenue_chart": charts.revenue_chart(data["revenue"]),
        "can_report": may(request, Perm.REPORT_REVENUE),
        "can_manage": manage,
        "revenue_form": bound.get("revenue_form") or RevenueForm(),
    }
    if manage:
        context.update(
            {
                "status_form": bound.get("status_form")
                or TerritoryStatusForm(
                    initial={"status": territory.status, "on": selectors.today_in(organization)}
                ),
                "agreement_form": bound.get("agreement_form")
                or AgreementForm(organization=organization),
                "hospital_form": bound.get("hospital_form") or HospitalForm(),
                "compute_form": bound.get("compute_form") or StatementComputeForm(),
                "payments_form": bound.get("payments_form")
                or PaymentsForm(
                    initial={
                        f: getattr(data["agreement"], f, None)
                        for f in ("fee_paid_on", "deposit_paid_on", "deposit_refunded_on")
                    }
                ),
                "correction_form": bound.get("correction_form")
                or RevenueCorrectionForm(
                    initial={"agreement": data["agreement"].pk if data["agreement"] else None}
                ),
            }
        )
    return render(request, "franchise/territory.html", context, status=400 if bound else 200)


def _territory_form_post(request, organization, territory, form, name, call, done):
    """A form of the territory page: the service runs; on success a message and back to
    the page, otherwise the page again with the form's errors (400)."""
    if form.is_valid() and apply_service(form, lambda: call(**form.cleaned_data)):
        messages.success(request, done)
        return redirect(territory_url(territory))
    return render_territory_page(request, organization, territory, **{name: form})


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def territory_status(request, organization, territory_id):
    territory = get_for_org_or_404(Territory, organization, pk=territory_id)
    return _territory_form_post(
        request,
        organization,
        territory,
        TerritoryStatusForm(request.POST),
        "status_form",
        partial(services.territory_set_status, organization=organization, territory=territory),
        _("Rollout status saved."),
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def agreement_new(request, organization, territory_id):
    territory = get_for_org_or_404(Territory, organization, pk=territory_id)
    return _territory_form_post(
        request,
        organization,
        territory,
        AgreementForm(request.POST, organization=organization),
        "agreement_form",
        partial(services.agreement_create, organization=organization, territory=territory),
        _("Agreement signed."),
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def agreement_payments(request, organization, agreement_id):
    agreement = selectors.agreement_get(request.membership, agreement_id)
    return _territory_form_post(
        request,
        organization,
        agreement.territory,
        PaymentsForm(request.POST),
        "payments_form",
        partial(services.agreement_record_payments, organization=organization, agreement=agreement),
        _("Payments recorded."),
    )


@require_POST
@org_page(Perm.REPORT_REVENUE)
def revenue_submit(request, organization, territory_id):
    territory = selectors.territory_get(request.membership, territory_id)
    form = RevenueForm(request.POST)
    saved = None
    if form.is_valid() and apply_service(
        form,
        lambda: services.revenue_submit(
            organization=organization,
            membership=request.membership,
            territory=territory,
            **form.cleaned_data,
        ),
    ):
        saved = _("Revenue of %(month)s saved.") % {"month": form.cleaned_data["month"]}
        if not request.htmx:
            messages.success(request, saved)
            return redirect(territory_url(territory))
        form = RevenueForm()
    if request.htmx:  # htmx swaps the revenue panel: table, chart and a fresh form
        return _revenue_panel(request, organization, territory, form, saved)
    return render_territory_page(request, organization, territory, revenue_form=form)


def _revenue_panel(request, organization, territory, form, saved):
    data = selectors.territory_dashboard(
        request.membership, territory, selectors.today_in(organization)
    )
    return render(
        request,
        "franchise/_revenue_panel.html",
        {
            **data,
            "revenue_chart": charts.revenue_chart(data["revenue"]),
            "revenue_form": form,
            "saved": saved,
            "can_report": True,
            "can_manage": may(request, Perm.MANAGE_FRANCHISE),
            "correction_form": RevenueCorrectionForm(
                initial={"agreement": data["agreement"].pk if data["agreement"] else None}
            ),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def revenue_correct(request, organization, territory_id):
    territory = get_for_org_or_404(Territory, organization, pk=territory_id)
    form = RevenueCorrectionForm(request.POST)
    if form.is_valid():
        agreement = get_for_org_or_404(
            Agreement, organization, territory=territory, pk=form.cleaned_data["agreement"]
        )
        data = {k: v for k, v in form.cleaned_data.items() if k != "agreement"}
        if apply_service(
            form,
            lambda: services.revenue_correct(
                organization=organization, actor=request.user, agreement=agreement, **data
            ),
        ):
            messages.success(
                request, _("Correction recorded; it is charged on the next statement.")
            )
            return redirect(territory_url(territory))
    return render_territory_page(request, organization, territory, correction_form=form)


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def hospital_add(request, organization, territory_id):
    territory = get_for_org_or_404(Territory, organization, pk=territory_id)
    return _territory_form_post(
        request,
        organization,
        territory,
        HospitalForm(request.POST),
        "hospital_form",
        partial(services.hospital_add, organization=organization, territory=territory),
        _("Partner hospital added."),
    )
