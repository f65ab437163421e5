"""Vendors (建材商家) at an event: the list with each deposit (due, paid, refunded, kept,
held), a vendor's page (details, the signed agreement's scan, the deposit's movements),
the orders customers place with a vendor on site (desk staff, or the vendor's own login
for its own orders), and the event's deposit ledger. Managers set vendors up."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.views import apply_service, org_page, posted_data

from .. import selectors, services
from ..forms import DepositForm, VendorForm, VendorOrderForm
from ..permissions import Perm
from .access import require
from .events import event_context

ORDERS_SHOWN = 200


@org_page(Perm.WORK_DESK)
def vendor_list(request, organization, event_id):
    """Desk staff find the vendor to record an order for; managers see the deposits and
    add vendors."""
    event = selectors.event_get(organization, event_id)
    form = VendorForm(
        posted_data(request),
        request.FILES or None,
        logins=selectors.vendor_login_candidates(organization),
    )
    made = {}
    if request.method == "POST":
        require(request, Perm.MANAGE_EVENTS)
        if form.is_valid() and apply_service(
            form,
            lambda: made.setdefault(
                "vendor",
                services.vendor_save(
                    organization=organization, event=event, data=form.cleaned_data
                ),
            ),
        ):
            messages.success(request, _("Vendor added."))
            return redirect(
                "event_vendor",
                org_slug=organization.slug,
                event_id=event.pk,
                vendor_id=made["vendor"].pk,
            )
    return render(
        request,
        "events/vendors.html",
        {
            **event_context(request, organization, event, "vendors"),
            "vendors": selectors.vendors_of(organization, event),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _vendor_page(request, organization, event, vendor, *, form=None, deposit_form=None):
    paid, refunded, kept = services.deposit_balance(organization, vendor)
    return render(
        request,
        "events/vendor.html",
        {
            **event_context(request, organization, event, "vendors"),
            "vendor": vendor,
            "deposit": {
                "paid": paid,
                "refunded": refunded,
                "kept": kept,
                "held": paid - refunded - kept,
            },
            "ledger": selectors.deposit_ledger(organization, event, vendor=vendor),
            "form": form
            or VendorForm(
                logins=selectors.vendor_login_candidates(organization),
                initial={
                    "name": vendor.name,
                    "contact": vendor.contact,
                    "booth": vendor.booth,
                    "deposit_due": vendor.deposit_due,
                    "agreement_signed_on": vendor.agreement_signed_on,
                    "user": vendor.user_id,
                },
            ),
            "deposit_form": deposit_form or DepositForm(),
        },
        status=400 if (form is not None and form.errors) or deposit_form is not None else 200,
    )


@org_page(Perm.MANAGE_EVENTS)
def vendor_detail(request, organization, event_id, vendor_id):
    event = selectors.event_get(organization, event_id)
    vendor = selectors.vendor_get(organization, event, vendor_id)
    if request.method != "POST":
        return _vendor_page(request, organization, event, vendor)
    form = VendorForm(
        request.POST, request.FILES, logins=selectors.vendor_login_candidates(organization)
    )
    if form.is_valid() and apply_service(
        form,
        lambda: services.vendor_save(
            organization=organization, event=event, vendor=vendor, data=form.cleaned_data
        ),
    ):
        messages.success(request, _("Vendor saved."))
        return redirect(
            "event_vendor", org_slug=organization.slug, event_id=event.pk, vendor_id=vendor.pk
        )
    vendor = selectors.vendor_get(organization, event, vendor_id)  # as saved, not as typed
    return _vendor_page(request, organization, event, vendor, form=form)


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def vendor_deposit(request, organization, event_id, vendor_id):
    event = selectors.event_get(organization, event_id)
    vendor = selectors.vendor_get(organization, event, vendor_id)
    form = DepositForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.deposit_record(
            organization=organization, vendor=vendor, actor=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Deposit movement recorded."))
        return redirect(
            "event_vendor", org_slug=organization.slug, event_id=event.pk, vendor_id=vendor.pk
        )
    return _vendor_page(request, organization, event, vendor, deposit_form=form)


# Shown inline (a PDF or an image, never HTML): Chromium's PDF viewer is a plugin, which
# the site-wide object-src 'none' would refuse.
@csp_replace({"object-src": [SELF]})
@require_GET
@org_page(Perm.MANAGE_EVENTS)
def vendor_agreement(request, organization, event_id, vendor_id):
    """The signed agreement's scan, to members who may see it: never a public media URL
    (the file is stored under a random name too)."""
    event = selectors.event_get(organization, event_id)
    vendor = selectors.vendor_get(organization, event, vendor_id)
    if not vendor.agreement_file or not vendor.agreement_file.storage.exists(
        vendor.agreement_file.name
    ):
        raise Http404
    extension = vendor.agreement_file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        vendor.agreement_file.open("rb"),
        as_attachment=False,
        filename=f"agreement-{vendor.pk}.{extension}",
        content_type={"pdf": "application/pdf", "png": "image/png"}.get(extension, "image/jpeg"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_page(Perm.WORK_DESK)
def vendor_orders(request, organization, event_id, vendor_id):
    """Orders customers place with the vendor on site: the customer found by mobile, the
    items, the amount. A vendor's own login sees and records its own orders only."""
    event = selectors.event_get(organization, event_id)
    vendor = selectors.vendor_get(organization, event, vendor_id)
    orders = selectors.vendor_orders_visible(organization, event, vendor, request.user)  # or 404
    acting = selectors.vendor_of_user(organization, event, request.user)
    form = VendorOrderForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        guest = selectors.guest_by_mobile(organization, event, form.cleaned_data["mobile"])
        if guest is None:
            form.add_error(
                "mobile", _("No guest of this event has this mobile: register them first.")
            )
        elif apply_service(
            form,
            lambda: services.vendor_order_record(
                organization=organization,
                vendor=vendor,
                guest=guest,
                items=form.cleaned_data["items"],
                amount=form.cleaned_data["amount"],
                actor=request.user,
                acting_vendor=acting,
            ),
        ):
            messages.success(request, _("Order recorded."))
            return redirect(
                "event_vendor_orders",
                org_slug=organization.slug,
                event_id=event.pk,
                vendor_id=vendor.pk,
            )
    return render(
        request,
        "events/vendor_orders.html",
        {
            **event_context(request, organization, event, "vendors"),
            "vendor": vendor,
            "orders": orders[:ORDERS_SHOWN],
            "summary": selectors.vendor_orders_summary(organization, vendor),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@org_page(Perm.MANAGE_EVENTS)
def deposit_ledger(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    return render(
        request,
        "events/deposits.html",
        {
            **event_context(request, organization, event, "vendors"),
            "ledger": selectors.deposit_ledger(organization, event),
            "vendors": selectors.vendors_of(organization, event),
        },
    )
