"""Sending: `sms_send` stores the message (queued) and enqueues its id after the commit;
the worker claims the row, calls the backend outside any transaction, and records the
outcome. The row is the job, on the one machine of campaigns/claimable.py (`SMS_ROWS`,
docs/jobs.md): claimed by one conditional update, transient failures retried with backoff
and jitter up to max_attempts, then failed with the provider's answer kept; the one sweeper
re-enqueues rows a lost message or a killed worker left behind."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import claimable
from ..models import Organization
from ..tenancy import tenant_context
from . import optout, rules
from .backends import PermanentSmsError, TransientSmsError, get_backend
from .models import SmsMessage

logger = logging.getLogger(__name__)
Status = SmsMessage.Status


def _dispatch(organization_id, message_id, countdown=None):
    from . import tasks

    tasks.deliver_sms.apply_async((organization_id, message_id), countdown=countdown)


SMS_ROWS = claimable.register(
    claimable.ClaimableSpec(
        name="sms",
        model=SmsMessage,
        queued=Status.QUEUED,
        claimed=Status.SENDING,
        failed=Status.FAILED,
        dispatch=_dispatch,
        worker_lost=gettext_lazy("The worker stopped while sending; gave up."),
    )
)


def sms_send(*, organization, to, body, purpose="", ref_id=None, awaiting_reply=False, branch=None):
    """Queue one message; it goes out once the caller's transaction commits. `branch`: the
    branch whose customer it is with (its staff see it in the outbox)."""
    phone = rules.normalize_phone(to)
    if not rules.is_mainland_mobile(phone):
        raise ValidationError({"phone": _("Enter an 11-digit mainland mobile number.")})
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("The message is empty.")})
    with tenant_context(organization):
        message = SmsMessage(
            organization=organization,
            phone=phone,
            body=body,
            parts=rules.count_parts(body),
            purpose=purpose,
            ref_id=ref_id,
            awaiting_reply=awaiting_reply,
            branch=_own_branch(organization, branch),
            max_attempts=settings.SMS_MAX_ATTEMPTS,
        )
        message.full_clean()
        message.save()
        claimable.dispatch_on_commit(SMS_ROWS, message)
    return message


def _own_branch(organization, branch):
    if branch is not None and branch.organization_id != organization.pk:
        raise ValueError("The branch belongs to another organization.")  # a caller's bug
    return branch


def sms_send_many(*, organization, messages):
    """Queue several messages at once (a registration's confirmations): stored in one
    insert, sent by one task per SMS_BATCH_SIZE messages, which claims them together and
    records their outcomes together. Each row is still its own job: a transient failure
    sends that one back to the single-message path with its backoff."""
    rows = []
    for index, spec in enumerate(messages):
        phone = rules.normalize_phone(spec["to"])
        if not rules.is_mainland_mobile(phone):
            raise ValidationError(
                {
                    "phone": _("Message %(n)d: enter an 11-digit mainland mobile number.")
                    % {"n": index + 1}
                }
            )
        body = (spec.get("body") or "").strip()
        if not body:
            raise ValidationError({"body": _("The message is empty.")})
        rows.append(
            SmsMessage(
                organization=organization,
                phone=phone,
                body=body,
                parts=rules.count_parts(body),
                purpose=spec.get("purpose", ""),
                ref_id=spec.get("ref_id"),
                awaiting_reply=spec.get("awaiting_reply", False),
                branch=_own_branch(organization, spec.get("branch")),
                max_attempts=settings.SMS_MAX_ATTEMPTS,
            )
        )
    with tenant_context(organization):
        created = SmsMessage.objects.bulk_create(rows)
        ids = [m.pk for m in created]
        size = settings.SMS_BATCH_SIZE
        for start in range(0, len(ids), size):
            _dispatch_batch_on_commit(organization.pk, ids[start : start + size])
    return created


def sms_deliver_batch(*, organization_id, message_ids):
    """Task body for a batch: one conditional update claims every due, queued row of the
    batch (a duplicate delivery claims none), the backend sends each outside any
    transaction, and the outcomes are recorded: each as it comes for a backend whose
    messages leave the machine, else (the outbox) all with one locked read plus one bulk
    update."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return
    with translation.override(organization.default_language):
        claimed = claimable.claim_batch(SMS_ROWS, organization, message_ids)
        backend = get_backend()
        # A backend whose messages leave the machine (a provider's API): each outcome is
        # recorded as soon as it is known, so a worker killed later in the batch leaves
        # only the message it was sending to be sent again, not the ones the provider had
        # already accepted (tests/faults/test_killed_worker.py). The outbox records the
        # batch's outcomes together.
        at_once = getattr(backend, "external", True)
        outcomes, retries = {}, []
        refused = _opted_out(organization, claimed)
        with claimable.lease_kept(SMS_ROWS, organization, claimed):
            for message in claimed:
                if message.pk in refused:
                    outcomes[message.pk] = _OPTED_OUT_FIELDS
                    continue
                fields, transient = _send(backend, message)
                if transient is not None:
                    retries.append((message, transient))
                elif at_once:
                    claimable.finish(SMS_ROWS, organization, message, **fields)
                else:
                    outcomes[message.pk] = fields
        claimable.finish_batch(SMS_ROWS, organization, claimed, outcomes)
        for message, exc in retries:
            _retry_or_give_up(organization, message, exc)


def sms_deliver(*, organization_id, message_id):
    """Task body: claim, send, record. A duplicate delivery finds the row claimed."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return
    with translation.override(organization.default_language):
        message = claimable.claim(SMS_ROWS, organization, message_id)
        if message is None:
            return
        if _opted_out(organization, [message]):
            claimable.finish(SMS_ROWS, organization, message, **_OPTED_OUT_FIELDS)
            return
        with claimable.lease_kept(SMS_ROWS, organization, [message]):
            fields, transient = _send(get_backend(), message)
        if transient is None:
            claimable.finish(SMS_ROWS, organization, message, **fields)
        else:
            _retry_or_give_up(organization, message, transient)


_OPTED_OUT_FIELDS = {"status": Status.OPTED_OUT, "error": ""}


def _opted_out(organization, claimed):
    """The ids of the claimed campaign messages whose number opted out meanwhile (a reply
    of 退订 that arrived after they were queued): never sent."""
    campaign = {m.pk: m.phone for m in claimed if m.purpose in optout.CAMPAIGN_PURPOSES}
    if not campaign:
        return set()
    out = optout.opted_out_of(organization, set(campaign.values()))
    return {pk for pk, phone in campaign.items() if phone in out}


def _retry_or_give_up(organization, message, exc):
    answer = exc.answer
    claimable.retry_or_give_up(SMS_ROWS, organization, message, str(exc), provider_answer=answer)


def _send(backend, message):
    """Send one claimed message outside any transaction (no lock held over the network).
    Returns (the outcome's fields, None), or (None, the TransientSmsError) to retry."""
    try:
        result = backend.send(message)
    except TransientSmsError as exc:
        return None, exc
    except PermanentSmsError as exc:
        return {"status": Status.FAILED, "error": str(exc), "provider_answer": exc.answer}, None
    except Exception as exc:  # a bug, not the provider: fail visibly, log the details
        logger.exception("SMS %s could not be sent", message.pk)
        error = _("Unexpected error (logged for the support team): %(error)s") % {
            "error": exc.__class__.__name__
        }
        return {"status": Status.FAILED, "error": error}, None
    now = timezone.now()
    return {
        "status": Status.DELIVERED if result.delivered else Status.SENT,
        "provider_id": result.provider_id,
        "provider_answer": result.answer,
        "error": "",
        "sent_at": now,
        "delivered_at": now if result.delivered else None,
    }, None


def sms_report(*, organization, provider_id="", message_id=None, delivered, error=""):
    """A delivery report from the provider: sent → delivered or failed. Returns whether a
    message changed."""
    with tenant_context(organization):
        messages = SmsMessage.objects.for_org(organization).filter(
            direction=SmsMessage.Direction.OUTBOUND, status=Status.SENT
        )
        if message_id:
            messages = messages.filter(pk=message_id)
        elif provider_id:
            messages = messages.filter(provider_id=provider_id)
        else:
            return False
        now = timezone.now()
        if delivered:
            return bool(messages.update(status=Status.DELIVERED, delivered_at=now, updated_at=now))
        return bool(
            messages.update(
                status=Status.FAILED,
                updated_at=now,
                error=error or _("The provider could not deliver it."),
            )
        )


def _dispatch_batch_on_commit(organization_id, ids):
    from . import tasks

    claimable.enqueue_on_commit(
        SMS_ROWS,
        organization_id,
        ids,
        lambda: tasks.deliver_sms_batch.apply_async((organization_id, ids)),
    )
