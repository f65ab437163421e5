"""The tracking register: a supervisor's daily log of one of their people."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.tenancy import tenant_context

from .. import selectors
from ..models import TrackingEntry


def tracking_save(
    *, organization, membership, contest, agent, day, visits, attended_meeting, note=""
):
    """A supervisor logs the day's tracking of one of their people (once per day; saving
    again updates it)."""
    with tenant_context(organization):
        if not selectors.agents_in_scope(membership).filter(pk=agent.pk).exists():
            raise ValidationError({"agent": _("This agent is not in your team or branch.")})
        if not contest.period_start <= day <= contest.period_end:
            raise ValidationError({"day": _("Track days inside the contest period.")})
        if visits < 0 or visits > 100:
            raise ValidationError({"visits": _("Enter the number of visits (0–100).")})
        entry, _created = TrackingEntry.objects.update_or_create(
            organization=organization,
            contest=contest,
            agent=agent,
            day=day,
            defaults={
                "visits": visits,
                "attended_meeting": attended_meeting,
                "note": (note or "").strip()[:300],
                "tracked_by": membership.user,
            },
        )
    return entry
