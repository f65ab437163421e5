"""Consent for campaign messages: the organization-wide opt-out list (a reply of 退订 /
TD / T puts the number on it) and the daily sending hours. A feature marks its campaign
messages by registering their purpose (`campaign_purpose`); the worker never sends a
message of such a purpose to a number on the list (it ends `opted_out`, counted), and
features skip those numbers before queueing (`opted_out_of`). Confirmations a customer
asked for (a bundle's yes/no question) are not campaigns and still go out."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..tenancy import tenant_context
from . import rules
from .models import SmsOptOut, SmsSettings

CAMPAIGN_PURPOSES = set()


def campaign_purpose(purpose):
    """Declare `purpose` a campaign message: opted-out numbers never get one."""
    CAMPAIGN_PURPOSES.add(purpose)
    return purpose


def opt_out_record(*, organization, phone, message=None):
    """Put the number on the organization's opt-out list (once). Returns (row, created)."""
    phone = rules.normalize_phone(phone)
    with tenant_context(organization):
        rows = SmsOptOut.objects.for_org(organization)
        found = rows.filter(phone=phone).first()
        if found is not None:
            return found, False
        row = SmsOptOut(organization=organization, phone=phone, message=message)
        row.full_clean(exclude=["message"], validate_constraints=False)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the same number opting out twice at once
            return rows.get(phone=phone), False
    return row, True


def opted_out_of(organization, phones):
    """The numbers among `phones` that are on the opt-out list."""
    phones = list(phones)
    found = set()
    with tenant_context(organization):
        rows = SmsOptOut.objects.for_org(organization)
        for start in range(0, len(phones), 5000):
            found.update(
                rows.filter(phone__in=phones[start : start + 5000]).values_list("phone", flat=True)
            )
    return found


def sending_hours(organization):
    """(from, until) local times between which campaign messages go out."""
    with tenant_context(organization):  # a read writes nothing: no row means the defaults
        settings_row = SmsSettings.objects.for_org(organization).first()
    if settings_row is None:
        settings_row = SmsSettings(organization=organization)
    return settings_row.sending_from, settings_row.sending_until


def next_sending_time(organization, now=None):
    """The first moment at or after `now` inside the organization's sending hours (an aware
    datetime in the organization's time zone)."""
    local = timezone.localtime(now or timezone.now(), organization.zoneinfo)
    start, end = sending_hours(organization)
    return rules.next_sending_time(local, start, end)


def sending_hours_save(*, organization, sending_from, sending_until):
    """Set the daily hours in which campaign messages go out (equal times: any time)."""
    with tenant_context(organization):
        row, _created = SmsSettings.objects.for_org(organization).get_or_create(
            organization=organization
        )
        row.sending_from, row.sending_until = sending_from, sending_until
        row.full_clean(validate_constraints=False)
        row.save(update_fields=["sending_from", "sending_until"])
    return row
