"""Follow-up lists: who holds which guest, who may see which, progress."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from campaigns.models import Membership
from campaigns.roles import Role, can
from campaigns.tenancy import one_or_404, tenant_context

from ..models import (
    Contact,
    FollowUp,
)
from ..permissions import Perm


def followups_of(organization, event, *, assignee=None):
    followups = (
        FollowUp.objects.for_org(organization)
        .filter(event=event)
        .select_related("guest", "assignee")
    )
    return followups.filter(assignee=assignee) if assignee is not None else followups


def followup_get(organization, event, followup_id):
    with tenant_context(organization):
        return one_or_404(followups_of(organization, event), pk=followup_id)


def followup_assignee_chosen(organization, event, user_id, field="leaver"):
    """An employee who holds guests of the event's follow-up lists (who may since have
    left the organization)."""
    with tenant_context(organization):
        followup = (
            FollowUp.objects.for_org(organization)
            .filter(event=event, assignee_id=user_id)
            .select_related("assignee")
            .first()
        )
    if followup is None:
        raise ValidationError({field: _("Choose an employee who has guests on this list.")})
    return followup.assignee


def followups_visible(organization, membership, event, *, assignee_id=None):
    """Managers see every list (or one employee's); the others their own list only."""
    followups = followups_of(organization, event)
    if not can(membership.role, Perm.MANAGE_EVENTS):
        return followups.filter(assignee_id=membership.user_id)
    if assignee_id is not None:
        return followups.filter(assignee_id=assignee_id)
    return followups


def followup_visible_get(organization, membership, event, followup_id):
    """One guest of a follow-up list, with its contacts (newest first); another
    employee's guest answers 404 to whoever sees only their own list."""
    with tenant_context(organization):
        followup = one_or_404(followups_visible(organization, membership, event), pk=followup_id)
    followup.contacts = contacts_of(organization, followup)
    return followup


def contacts_of(organization, followup):
    with tenant_context(organization):
        return list(
            Contact.objects.for_org(organization).filter(followup=followup).select_related("by")
        )


def followup_progress(organization, event):
    """Per employee: guests on the list, contacted at least once, closed, open."""
    with tenant_context(organization):
        rows = (
            FollowUp.objects.for_org(organization)
            .filter(event=event)
            .values(
                "assignee_id", "assignee__username", "assignee__first_name", "assignee__last_name"
            )
            .annotate(
                total=Count("pk"),
                contacted=Count("pk", filter=~Q(outcome=FollowUp.Outcome.OPEN)),
                closed=Count("pk", filter=Q(outcome__in=FollowUp.CLOSED)),
                signed=Count("pk", filter=Q(outcome=FollowUp.Outcome.SIGNED)),
            )
            .order_by("assignee__username")
        )
        return [
            {
                "assignee_id": r["assignee_id"],
                "name": f"{r['assignee__last_name']}{r['assignee__first_name']}".strip()
                or r["assignee__username"],
                "total": r["total"],
                "contacted": r["contacted"],
                "closed": r["closed"],
                "signed": r["signed"],
                "open": r["total"] - r["closed"],
            }
            for r in rows
        ]


def follow_up_employees(organization):
    """The users among whom a follow-up list can be split: members whose role may work a
    follow-up list."""
    return members_who_can(organization, Perm.FOLLOW_UP)


def members_who_can(organization, perm):
    """The organization's active members whose role has `perm`, as users, by name."""
    roles = [role for role in Role if can(role, perm)]
    with tenant_context(organization):
        ids = list(
            Membership.objects.for_org(organization)
            .filter(role__in=roles, user__is_active=True)
            .values_list("user_id", flat=True)
        )
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")


def followup_assignees(organization, event):
    """The users holding guests of the event's follow-up lists (who may leave)."""
    with tenant_context(organization):
        ids = list(
            FollowUp.objects.for_org(organization)
            .filter(event=event)
            .values_list("assignee_id", flat=True)
            .distinct()
        )
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")
