"""The timed agenda: items with their limits; the host starts and ends each, and the
actual times are kept for the review."""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.tenancy import check_same_organization, tenant_context

from ..models import AgendaItem


def agenda_item_save(*, organization, event, title, limit_minutes=None, note="", item=None):
    check_same_organization(organization, event=event, item=item)
    with tenant_context(organization):
        if item is None:
            last = (
                AgendaItem.objects.for_org(organization)
                .filter(event=event)
                .aggregate(Max("position"))
            )
            item = AgendaItem(
                organization=organization,
                event=event,
                position=(last["position__max"] + 1) if last["position__max"] is not None else 0,
            )
        item.title, item.limit_minutes, item.note = (
            (title or "").strip(),
            limit_minutes,
            (note or "").strip(),
        )
        item.full_clean(exclude=["event"])
        item.save()
    return item


def agenda_item_start(*, organization, item):
    """Start an item (the one running before it ends now)."""
    check_same_organization(organization, item=item)
    with tenant_context(organization):
        now = timezone.now()
        AgendaItem.objects.for_org(organization).filter(
            event_id=item.event_id, started_at__isnull=False, ended_at__isnull=True
        ).exclude(pk=item.pk).update(ended_at=now)
        took = (
            AgendaItem.objects.for_org(organization)
            .filter(pk=item.pk, started_at__isnull=True)
            .update(started_at=now)
        )
        if not took:
            raise ValidationError(_("This item has already started."))
        return AgendaItem.objects.for_org(organization).get(pk=item.pk)


def agenda_item_end(*, organization, item):
    check_same_organization(organization, item=item)
    with tenant_context(organization):
        took = (
            AgendaItem.objects.for_org(organization)
            .filter(pk=item.pk, started_at__isnull=False, ended_at__isnull=True)
            .update(ended_at=timezone.now())
        )
        if not took:
            raise ValidationError(_("Only a running item can end."))
        return AgendaItem.objects.for_org(organization).get(pk=item.pk)
