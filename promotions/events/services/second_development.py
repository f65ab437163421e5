"""Telecom Day after the event (DOMAIN.md §4): the revisit list and the second-contact list
split among **every** employee who works follow-up lists (part 1's follow-up lists, with
rules.followups.split), and the second-development settings.

- The revisit list (回访): the guests who bought at the desks during the event — called to
  check the service is open and the customer content.
- The second-contact list (二次开发): the guests who came (checked in) and bought nothing.
Each list is split on its own, so both end within one guest of each other per employee.
Guests already on a follow-up list stay where they are; running the split again adds only
guests new to the lists. selectors.telecom_gifts.second_development measures the rate."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.tenancy import check_same_organization, tenant_context

from ..models import DeskSale, Event, FollowUp, FollowUpList, Guest, TelecomSettings
from ..permissions import Perm
from ..rules import followups as rules
from ..selectors.followups import members_who_can
from .draws import event_ends_at


def telecom_lists_split(*, organization, event):
    """Put every guest of the two lists on one employee's list. Returns
    {"revisit": n, "second_contact": m} dealt now."""
    check_same_organization(organization, event=event)
    with tenant_context(organization):
        employees = list(members_who_can(organization, Perm.FOLLOW_UP).values_list("pk", flat=True))
        if not employees:
            raise ValidationError(_("Nobody in the organization works follow-up lists yet."))
        Event.objects.for_org(organization).select_for_update().get(pk=event.pk)
        ends = event_ends_at(event, organization)
        buyers = set(
            DeskSale.objects.for_org(organization)
            .filter(event=event, sold_at__lte=ends)
            .values_list("guest_id", flat=True)
        )
        listed = FollowUp.objects.for_org(organization).filter(event=event).values("guest_id")
        guests = list(
            Guest.objects.for_org(organization)
            .filter(event=event)
            .exclude(pk__in=listed)
            .order_by("pk")
            .values_list("pk", "invited_by_id", "checked_in_at")
        )
        revisit = [(g, inviter) for g, inviter, _at in guests if g in buyers]
        second = [(g, inviter) for g, inviter, at in guests if g not in buyers and at is not None]
        dealt = {}
        for kind, batch in (
            (FollowUpList.Kind.REVISIT, revisit),
            (FollowUpList.Kind.SECOND_CONTACT, second),
        ):
            loads = _loads(organization, event, kind)
            assignment = rules.split(batch, employees, loads)
            followups = FollowUp.objects.bulk_create(
                FollowUp(organization=organization, event=event, guest_id=g, assignee_id=e)
                for g, e in assignment.items()
            )
            if followups and followups[0].pk is None:  # backends without RETURNING ids
                followups = list(
                    FollowUp.objects.for_org(organization).filter(
                        event=event, guest_id__in=list(assignment)
                    )
                )
            FollowUpList.objects.bulk_create(
                FollowUpList(organization=organization, followup=f, kind=kind) for f in followups
            )
            dealt[kind.value] = len(assignment)
    return dealt


def _loads(organization, event, kind):
    loads = {}
    on_list = FollowUpList.objects.for_org(organization).filter(kind=kind).values("followup_id")
    for assignee in (
        FollowUp.objects.for_org(organization)
        .filter(event=event, pk__in=on_list)
        .values_list("assignee_id", flat=True)
    ):
        loads[assignee] = loads.get(assignee, 0) + 1
    return loads


def telecom_settings_save(
    *, organization, event, second_development_days, second_development_target
):
    check_same_organization(organization, event=event)
    with tenant_context(organization):
        settings = TelecomSettings.objects.for_org(organization).select_for_update().filter(
            event=event
        ).first() or TelecomSettings(organization=organization, event=event)
        settings.second_development_days = second_development_days
        settings.second_development_target = second_development_target
        settings.full_clean(exclude=["event"], validate_constraints=False)
        settings.save()
    return settings
