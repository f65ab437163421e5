"""Follow-up lists after the event: guests who did not sign, split among the employees
the manager picks (rules.followups.split); each employee records their contacts; a
re-split after someone leaves moves only that person's open guests."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import Contact, Event, FollowUp, Guest, Signing
from ..rules import followups as rules


def _employees(organization, users):
    users = list(dict.fromkeys(users))
    if not users:
        raise ValidationError(
            {"employees": _("Choose at least one employee to split the list among.")}
        )
    members = set(
        Membership.objects.for_org(organization)
        .filter(user__in=users)
        .values_list("user_id", flat=True)
    )
    if any(u.pk not in members for u in users):
        raise ValidationError({"employees": _("Choose one of this organization's entries.")})
    return [u.pk for u in users]


def followups_split(*, organization, event, employees):
    """Put every guest of the event who has not signed and is on no list yet on one
    employee's list. Returns the number of guests dealt."""
    check_same_organization(organization, event=event)
    with tenant_context(organization):
        employee_ids = _employees(organization, employees)
        Event.objects.for_org(organization).select_for_update().get(pk=event.pk)
        signed = (
            Signing.objects.for_org(organization)
            .filter(event=event, voided_at__isnull=True)
            .values("guest_id")
        )
        listed = FollowUp.objects.for_org(organization).filter(event=event).values("guest_id")
        guests = list(
            Guest.objects.for_org(organization)
            .filter(event=event)
            .exclude(pk__in=signed)
            .exclude(pk__in=listed)
            .order_by("pk")
            .values_list("pk", "invited_by_id")
        )
        loads = _open_loads(organization, event)
        assignment = rules.split(guests, employee_ids, loads)
        FollowUp.objects.bulk_create(
            FollowUp(organization=organization, event=event, guest_id=g, assignee_id=e)
            for g, e in assignment.items()
        )
    return len(assignment)


def _open_loads(organization, event):
    loads = {}
    for assignee in (
        FollowUp.objects.for_org(organization)
        .filter(event=event)
        .exclude(outcome__in=FollowUp.CLOSED)
        .values_list("assignee_id", flat=True)
    ):
        loads[assignee] = loads.get(assignee, 0) + 1
    return loads


def followups_resplit(*, organization, event, leaver, employees):
    """Move the leaver's open guests (not closed: signed later or not interested) to the
    other employees, evenly against what they already hold. Nothing else moves."""
    check_same_organization(organization, event=event)
    with tenant_context(organization):
        employee_ids = [e for e in _employees(organization, employees) if e != leaver.pk]
        if not employee_ids:
            raise ValidationError(
                {"employees": _("Choose at least one employee other than the one who leaves.")}
            )
        Event.objects.for_org(organization).select_for_update().get(pk=event.pk)
        moving = list(
            FollowUp.objects.for_org(organization)
            .filter(event=event, assignee_id=leaver.pk)
            .exclude(outcome__in=FollowUp.CLOSED)
            .order_by("pk")
            .values_list("pk", "guest__invited_by_id")
        )
        loads = _open_loads(organization, event)
        assignment = rules.split(moving, employee_ids, loads)
        for followup_id, assignee in assignment.items():
            FollowUp.objects.for_org(organization).filter(pk=followup_id).update(
                assignee_id=assignee
            )
    return len(assignment)


def contact_record(*, organization, membership, followup, outcome, note="", next_date=None):
    """Record a contact with a guest on a follow-up list. Branch staff record on their
    own list only; managers on anyone's."""
    check_same_organization(organization, followup=followup)
    if outcome not in FollowUp.Outcome.values or outcome == FollowUp.Outcome.OPEN:
        raise ValidationError({"outcome": _("Choose what came of the contact.")})
    with tenant_context(organization), transaction.atomic():
        locked = FollowUp.objects.for_org(organization).select_for_update().get(pk=followup.pk)
        if membership.role != Role.MANAGER and locked.assignee_id != membership.user_id:
            raise ValidationError(_("This guest is on another employee's list."))
        contact = Contact(
            organization=organization,
            followup=locked,
            outcome=outcome,
            note=(note or "").strip(),
            next_date=next_date,
            by=membership.user,
        )
        contact.full_clean(exclude=["followup"])
        contact.save()
        locked.outcome, locked.next_date = outcome, next_date
        locked.save(update_fields=["outcome", "next_date"])
    return contact
