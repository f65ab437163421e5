"""Telecom Day's sales at the sign-up desk (DOMAIN.md §4): by product line (the fixed +
mobile + broadband bundle with the partner, data services, handsets with the appliance
subsidy), against the staff member whose sales target they count toward
(selectors.telecom_gifts.sales_by_staff is the per-staff total a quota reads). Branch staff record
their own sales; a manager records for any employee who works the desks. A sale recorded
after the event counts toward the second development."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.roles import Role
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import DeskSale
from ..permissions import Perm
from ..selectors.followups import members_who_can


def desk_sale_record(
    *, organization, membership, event, guest, line, amount, quantity=1, staff=None, note=""
):
    check_same_organization(organization, event=event, guest=guest)
    staff = staff or membership.user
    if staff.pk != membership.user_id and membership.role != Role.MANAGER:
        raise ValidationError(
            {"staff": _("You record your own sales; a manager records them for another employee.")}
        )
    if line not in DeskSale.Line.values:
        raise ValidationError({"line": _("Choose a product line.")})
    if guest is None:
        raise ValidationError({"guest": _("Choose the customer.")})
    money.check_amounts(organization.amount_ceilings, {"amount": (money.Kind.REVENUE, amount)})
    with tenant_context(organization):
        if guest.event_id != event.pk:
            raise ValidationError({"guest": _("Choose a guest of this event.")})
        if not members_who_can(organization, Perm.WORK_DESK).filter(pk=staff.pk).exists():
            raise ValidationError(
                {"staff": _("Choose an employee of this organization who works the desks.")}
            )
        sale = DeskSale(
            organization=organization,
            event=event,
            staff=staff,
            guest=guest,
            line=line,
            quantity=quantity,
            amount=amount,
            note=(note or "").strip(),
            recorded_by=membership.user,
        )
        sale.full_clean(exclude=["event", "guest", "staff"])
        sale.save()
    return sale
