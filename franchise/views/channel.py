"""Products and prices, hospital channel support, recruiting events."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.query_params import query_id
from campaigns.tenancy import get_for_org_or_404
from campaigns.views import apply_service, org_page, posted_data
from franchise.permissions import Perm

from .. import rules, selectors, services
from ..forms import (
    DeliveryForm,
    EventForm,
    PriceChangeForm,
    ProductForm,
)
from ..models import Product
from .access import may, require

# -- products and prices -----------------------------------------------------------------------


@org_page(Perm.VIEW_FRANCHISE)
def product_list(request, organization, price_forms=None):
    form = ProductForm(posted_data(request) if price_forms is None else None)
    if request.method == "POST" and price_forms is None:
        require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form, lambda: services.product_create(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Product added."))
            return redirect("franchise_products", org_slug=organization.slug)
    products = list(selectors.products_of(organization))
    history = selectors.price_histories(organization)
    price_forms = price_forms or {}
    for product in products:
        product.changes = history.get(product.pk, [])
        product.form = price_forms.get(product.pk) or PriceChangeForm()
    return render(
        request,
        "franchise/products.html",
        {
            "products": products,
            "form": form,
            "by_year": selectors.new_products_by_year(organization),
            "target": rules.NEW_PRODUCTS_PER_YEAR,
            "can_manage": may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if (form.errors or price_forms) else 200,
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def product_price(request, organization, product_id):
    product = get_for_org_or_404(Product, organization, pk=product_id)
    form = PriceChangeForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.product_change_price(
            organization=organization, actor=request.user, product=product, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Price changed."))
        return redirect("franchise_products", org_slug=organization.slug)
    return product_list.__wrapped__(request, organization, price_forms={product.pk: form})


# -- hospital channel support ------------------------------------------------------------------


@org_page(Perm.VIEW_FRANCHISE)
def hospital_coverage(request, organization, delivery_forms=None, territory=None):
    territories = list(selectors.territories_of(organization))
    if territory is None:
        chosen = query_id(request, "territory")
        if chosen is None:
            territory = territories[0] if territories else None
        else:  # missing and another organization's alike
            territory = next((t for t in territories if t.pk == chosen), None)
            if territory is None:
                raise Http404
    matrix = selectors.coverage_matrix(organization, territory) if territory else None
    delivery_forms = delivery_forms or {}
    if matrix:
        for row in matrix["rows"]:
            row["form"] = delivery_forms.get(row["hospital"].pk) or DeliveryForm(
                organization=organization
            )
    return render(
        request,
        "franchise/hospitals.html",
        {
            "territories": territories,
            "territory": territory,
            "matrix": matrix,
            "can_manage": may(request, Perm.MANAGE_FRANCHISE),
        },
        status=400 if delivery_forms else 200,
    )


@require_POST
@org_page(Perm.MANAGE_FRANCHISE)
def delivery_new(request, organization, hospital_id):
    hospital = selectors.hospital_get(request.membership, hospital_id)
    form = DeliveryForm(request.POST, organization=organization)
    if form.is_valid() and apply_service(
        form,
        lambda: services.delivery_record(
            organization=organization, actor=request.user, hospital=hospital, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Service delivery recorded."))
        return redirect(
            reverse("franchise_hospitals", kwargs={"org_slug": organization.slug})
            + f"?territory={hospital.territory_id}"
        )
    return hospital_coverage.__wrapped__(
        request, organization, delivery_forms={hospital.pk: form}, territory=hospital.territory
    )


# -- recruiting events ------------------------------------------------------------------------


@org_page(Perm.VIEW_FRANCHISE)
def event_list(request, organization):
    form = EventForm(posted_data(request), organization=organization)
    if request.method == "POST":
        require(request, Perm.MANAGE_FRANCHISE)
        if form.is_valid() and apply_service(
            form, lambda: services.event_save(organization=organization, **form.cleaned_data)
        ):
            messages.success(request, _("Event saved."))
            return redirect("franchise_events", org_slug=organization.slug)
    events, held = selectors.events_on_timeline(organization)
    return render(
        request,
        "franchise/events.html",
        {
            "events": events,
            "form": form,
            "can_manage": may(request, Perm.MANAGE_FRANCHISE),
            "plan_events": selectors.PLANNED_EVENTS,
            "held": held,
        },
        status=400 if form.errors else 200,
    )
