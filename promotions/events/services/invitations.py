"""Telecom Day's customers to invite and their SMS invitations: the import (the guest-list
import, with the channel "SMS invitation"), invitation campaigns sent through the kernel's
SMS gateway within the organization's sending hours, skipping numbers that opted out.

Sending is a job ("events.invitations", own transactions): it writes the invitations and
their messages 1,000 guests at a time (each chunk one transaction; `sms_send_many` queues
the messages, sent in batches of SMS_BATCH_SIZE by the worker), and a rerun after a lost
worker carries on with the guests not yet invited. A campaign started outside the sending
hours waits (`scheduled`) and the beat task starts it when they open."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs
from campaigns.sms import optout
from campaigns.sms.sending import sms_send_many
from campaigns.tenancy import check_same_organization, each_organization, tenant_context

from ..models import Guest, Invitation, InvitationCampaign, LeadChannel
from ..rules import telecom as rules
from .guest_imports import guest_import_start
from .guests import guests_import

logger = logging.getLogger(__name__)

INVITATION_PURPOSE = optout.campaign_purpose("events.invitation")
INVITATION_JOB = "events.invitations"
CHUNK = 1000
Status = InvitationCampaign.Status


def sms_invitation_channel(organization):
    """The organization's "SMS invitation" lead channel (made on first use)."""
    with tenant_context(organization):
        channel, _created = LeadChannel.objects.for_org(organization).get_or_create(
            organization=organization,
            name=rules.SMS_INVITATION_CHANNEL,
            defaults={"position": 1},
        )
    return channel


def invitees_upload(*, organization, event, upload, actor=None, commit=False):
    """An uploaded file of customers to invite: read by the guest-list import job
    (`guest_import_start`), its rows that name no channel coming in as "SMS invitation".
    Returns the GuestImport."""
    return guest_import_start(
        organization=organization,
        event=event,
        upload=upload,
        actor=actor,
        commit=commit,
        default_channel=sms_invitation_channel(organization),
    )


def invitees_import(*, organization, event, data, name, actor=None, commit=False):
    """The customers to invite, as guests of the event with the channel "SMS invitation"
    (a row naming another channel keeps it). The guest-list import's rules: bad rows left
    out and listed by line, mobiles already registered found and left as they are."""
    channel = sms_invitation_channel(organization) if commit else None
    return guests_import(
        organization=organization,
        event=event,
        data=data,
        name=name,
        actor=actor,
        commit=commit,
        default_channel=channel,
    )


def _check_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the invitation's text.")})
    unknown = rules.unknown_placeholders(body)
    if unknown:
        raise ValidationError(
            {
                "body": _("Unknown placeholder %(names)s: use {code} and {name}.")
                % {"names": ", ".join("{" + n + "}" for n in unknown)}
            }
        )
    if not rules.has_code(body):
        raise ValidationError(
            {"body": _("Put {code} in the text: each guest gets their own invitation code.")}
        )
    return body


def invitation_campaign_save(*, organization, event, name, body, actor=None, campaign=None):
    """A new campaign (draft), or a draft's name and text changed."""
    check_same_organization(organization, event=event, campaign=campaign)
    body = _check_body(body)
    with tenant_context(organization):
        if campaign is not None:
            campaign = (
                InvitationCampaign.objects.for_org(organization)
                .select_for_update()
                .get(pk=campaign.pk)
            )
            if campaign.status != Status.DRAFT:
                raise ValidationError(_("This campaign was already sent; it cannot change."))
        else:
            campaign = InvitationCampaign(organization=organization, event=event, created_by=actor)
        campaign.name = (name or "").strip()
        campaign.body = body
        campaign.full_clean(exclude=["event", "job", "created_by"])
        campaign.save()
    return campaign


def invitation_campaign_send(*, organization, campaign, actor=None, now=None):
    """Send a draft: at once inside the sending hours, else scheduled for their opening.
    Sending twice is refused."""
    check_same_organization(organization, campaign=campaign)
    now = now or timezone.now()
    with tenant_context(organization):
        campaign = (
            InvitationCampaign.objects.for_org(organization).select_for_update().get(pk=campaign.pk)
        )
        if campaign.status != Status.DRAFT:
            raise ValidationError(
                _("This campaign is already %(status)s.")
                % {"status": campaign.get_status_display().lower()}
            )
        when = optout.next_sending_time(organization, now)
        campaign.send_after = when
        if when > now:
            campaign.status = Status.SCHEDULED
            campaign.save(update_fields=["status", "send_after"])
        else:
            _start(organization, campaign, actor)
    return campaign


def _start(organization, campaign, actor=None):
    campaign.status = Status.SENDING
    campaign.started_at = campaign.started_at or timezone.now()
    campaign.job = jobs.job_enqueue(
        organization=organization,
        kind=INVITATION_JOB,
        payload={"campaign_id": campaign.pk},
        created_by=actor,
        max_attempts=5,
    )
    campaign.save(update_fields=["status", "send_after", "started_at", "job"])


def invitation_campaigns_due(now=None):
    """Beat: start the scheduled campaigns whose sending hours have opened."""
    now = now or timezone.now()
    started = []
    for organization in each_organization():
        with tenant_context(organization):
            due = InvitationCampaign.objects.for_org(organization).select_for_update(
                skip_locked=True
            )
            for campaign in due.filter(status=Status.SCHEDULED, send_after__lte=now):
                try:
                    with transaction.atomic():
                        _start(organization, campaign)
                    started.append(campaign)
                except Exception:  # one broken campaign must not hold up the others
                    logger.exception("invitation campaign %s not started", campaign.pk)
    return started


@jobs.job_handler(INVITATION_JOB, own_transactions=True, label=gettext_lazy("SMS invitations"))
def invitations_fan_out(job):
    """Invite every guest of the event with the channel "SMS invitation" who has no
    invitation of this campaign yet, 1,000 at a time; numbers on the opt-out list are
    skipped and counted. Outside the sending hours (a rerun late at night) the campaign
    waits for their opening instead."""
    organization = job.organization
    with tenant_context(organization):
        campaign = (
            InvitationCampaign.objects.for_org(organization)
            .filter(pk=job.payload.get("campaign_id"))
            .select_related("event")
            .first()
        )
    if campaign is None or campaign.status == Status.SENT:
        return {"skipped": True}
    when = optout.next_sending_time(organization)
    if when > timezone.now():
        with tenant_context(organization):
            InvitationCampaign.objects.for_org(organization).filter(pk=campaign.pk).update(
                status=Status.SCHEDULED, send_after=when
            )
        return {"rescheduled": when.isoformat()}
    return invitations_write(organization, campaign, job)


def invitations_write(organization, campaign, job=None):
    """The fan-out itself (the job's body; the demo calls it directly): 1,000 guests per
    transaction, opted-out numbers skipped and counted, then the campaign is sent."""
    channel = sms_invitation_channel(organization)
    queued = skipped = 0
    last = 0
    while True:
        with tenant_context(organization):
            if job is not None and not jobs.job_claim_held(job):  # taken over: stop writing
                return {"lost": True}
            # Guests are taken in id order, so only those past `last` can be invited
            # already (by an earlier run of this job): the exclusion stays small.
            done = Invitation.objects.for_org(organization).filter(
                campaign=campaign, guest_id__gt=last
            )
            chunk = list(
                Guest.objects.for_org(organization)
                .filter(event=campaign.event_id, channel=channel, pk__gt=last)
                .exclude(pk__in=done.values("guest_id"))
                .order_by("pk")
                .values_list("pk", "mobile", "name", "code")[:CHUNK]
            )
            if not chunk:
                break
            last = chunk[-1][0]
            out = optout.opted_out_of(organization, {mobile for _pk, mobile, _n, _c in chunk})
            to_send = [row for row in chunk if row[1] not in out]
            messages = sms_send_many(
                organization=organization,
                messages=[
                    {
                        "to": mobile,
                        "body": rules.render_invitation(campaign.body, code=code, name=name),
                        "purpose": INVITATION_PURPOSE,
                        "ref_id": campaign.pk,
                    }
                    for _pk, mobile, name, code in to_send
                ],
            )
            rows = [
                Invitation(organization=organization, campaign=campaign, guest_id=pk, message=m)
                for (pk, _mobile, _n, _c), m in zip(to_send, messages, strict=True)
            ]
            rows += [
                Invitation(
                    organization=organization, campaign=campaign, guest_id=pk, opted_out=True
                )
                for pk, mobile, _n, _c in chunk
                if mobile in out
            ]
            Invitation.objects.bulk_create(rows)
            InvitationCampaign.objects.for_org(organization).filter(pk=campaign.pk).update(
                queued=F("queued") + len(to_send),
                skipped_opted_out=F("skipped_opted_out") + len(chunk) - len(to_send),
            )
            queued += len(to_send)
            skipped += len(chunk) - len(to_send)
    with tenant_context(organization):
        InvitationCampaign.objects.for_org(organization).filter(pk=campaign.pk).update(
            status=Status.SENT,
            started_at=campaign.started_at or timezone.now(),
            finished_at=timezone.now(),
        )
    return {"queued": queued, "skipped_opted_out": skipped}
