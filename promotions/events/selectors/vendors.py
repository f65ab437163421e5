"""The agenda; vendors, their deposits and orders."""

from django.db.models import Count, Sum
from django.http import Http404

from campaigns.tenancy import one_or_404, tenant_context

from ..models import (
    AgendaItem,
    DepositEntry,
    Vendor,
    VendorOrder,
)
from ..permissions import Perm
from .events import ZERO
from .followups import members_who_can


def agenda_of(organization, event):
    with tenant_context(organization):
        return list(AgendaItem.objects.for_org(organization).filter(event=event))


def agenda_item_get(organization, event, item_id):
    with tenant_context(organization):
        return one_or_404(AgendaItem.objects.for_org(organization).filter(event=event), pk=item_id)


def vendors_of(organization, event):
    """Vendors with their deposit: paid, refunded, kept, held."""
    with tenant_context(organization):
        vendors = list(Vendor.objects.for_org(organization).filter(event=event))
        sums = {}
        for vendor_id, kind, total in (
            DepositEntry.objects.for_org(organization)
            .filter(vendor__in=vendors)
            .values_list("vendor_id", "kind")
            .annotate(total=Sum("amount"))
        ):
            sums[(vendor_id, kind)] = total
        orders = dict(
            VendorOrder.objects.for_org(organization)
            .filter(vendor__in=vendors)
            .values_list("vendor_id")
            .annotate(total=Sum("amount"))
        )
    for v in vendors:
        v.paid = sums.get((v.pk, DepositEntry.Kind.PAID), ZERO)
        v.refunded = sums.get((v.pk, DepositEntry.Kind.REFUNDED), ZERO)
        v.kept = sums.get((v.pk, DepositEntry.Kind.KEPT), ZERO)
        v.held = v.paid - v.refunded - v.kept
        v.orders_total = orders.get(v.pk, ZERO)
    return vendors


def vendor_get(organization, event, vendor_id):
    with tenant_context(organization):
        return one_or_404(Vendor.objects.for_org(organization).filter(event=event), pk=vendor_id)


def vendor_detail(organization, event, vendor_id):
    """One vendor with its deposit (paid, refunded, kept, held) and orders total."""
    for vendor in vendors_of(organization, event):
        if vendor.pk == vendor_id:
            return vendor
    raise Http404


def vendor_login_candidates(organization):
    """The users a vendor's login can be: active members whose role works the event desks
    (recording orders is desk work; the login then records its own vendor's only)."""
    return members_who_can(organization, Perm.WORK_DESK)


def vendor_of_user(organization, event, user):
    """The vendor this login records orders for, if it is a vendor's login."""
    with tenant_context(organization):
        return Vendor.objects.for_org(organization).filter(event=event, user=user).first()


def deposit_ledger(organization, event, *, vendor=None):
    """The event's deposit movements (one vendor's, if given), oldest first."""
    entries = (
        DepositEntry.objects.for_org(organization)
        .filter(vendor__event=event)
        .select_related("vendor", "by")
    )
    return entries.filter(vendor=vendor) if vendor is not None else entries


def vendor_orders(organization, vendor):
    return VendorOrder.objects.for_org(organization).filter(vendor=vendor).select_related("guest")


def vendor_orders_visible(organization, event, vendor, user):
    """A vendor's orders; a vendor's own login sees its own vendor's only (another
    vendor's answer 404, as a missing one)."""
    own = vendor_of_user(organization, event, user)
    if own is not None and own.pk != vendor.pk:
        raise Http404
    return vendor_orders(organization, vendor)


def vendor_orders_summary(organization, vendor):
    """How many orders the vendor took on site, and their total."""
    with tenant_context(organization):
        totals = vendor_orders(organization, vendor).aggregate(n=Count("pk"), total=Sum("amount"))
    return {"count": totals["n"], "total": totals["total"] or ZERO}
