"""Sending: `sms_send` stores the message (queued) and enqueues its id after the commit;
the worker claims the row, calls the backend outside any transaction, and records the
outcome. The row is the job (docs/jobs.md, the same rules): claimed by one conditional
update, transient failures retried with backoff and jitter up to max_attempts, then
failed with the provider's answer kept; a sweeper re-enqueues rows a lost message or a
killed worker left behind."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..jobs import backoff_seconds
from ..models import Organization
from ..tenancy import each_organization, tenant_context
from . import rules
from .backends import PermanentSmsError, TransientSmsError, get_backend
from .models import SmsMessage

logger = logging.getLogger(__name__)
SENDING_TIMEOUT = timedelta(minutes=10)
Status = SmsMessage.Status


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
        _dispatch_on_commit(message)
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
    transaction, and one locked read plus one bulk update records the outcomes."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return
    with translation.override(organization.default_language):
        _deliver_batch(organization, message_ids)


def _deliver_batch(organization, message_ids):
    now = timezone.now()
    with tenant_context(organization):
        messages = SmsMessage.objects.for_org(organization)
        messages.filter(pk__in=message_ids, status=Status.QUEUED).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        ).update(status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now)
        # This worker's claims carry its claim time; rows claimed by others do not.
        claimed = list(messages.filter(pk__in=message_ids, status=Status.SENDING, updated_at=now))
        late = list(
            messages.filter(pk__in=message_ids, status=Status.QUEUED, next_attempt_at__gt=now)
        )
    for message in late:  # not yet due: the single path comes back when it is
        _dispatch_on_commit(message, countdown=(message.next_attempt_at - now).total_seconds())
    backend = get_backend()
    outcomes, retries = {}, []
    for message in claimed:
        try:
            result = backend.send(message)
        except TransientSmsError as exc:
            retries.append((message, str(exc), exc.answer))
            continue
        except PermanentSmsError as exc:
            outcomes[message.pk] = {
                "status": Status.FAILED,
                "error": str(exc),
                "provider_answer": exc.answer,
            }
            continue
        except Exception as exc:
            logger.exception("SMS %s could not be sent", message.pk)
            outcomes[message.pk] = {
                "status": Status.FAILED,
                "error": _("Unexpected error (logged for the support team): %(error)s")
                % {"error": exc.__class__.__name__},
            }
            continue
        sent_at = timezone.now()
        outcomes[message.pk] = {
            "status": Status.DELIVERED if result.delivered else Status.SENT,
            "provider_id": result.provider_id,
            "provider_answer": result.answer,
            "error": "",
            "sent_at": sent_at,
            "delivered_at": sent_at if result.delivered else None,
        }
    if outcomes:
        _record_batch(organization, claimed, outcomes)
    for message, error, answer in retries:
        _retry_or_fail(organization, message, error, answer)


BATCH_FIELDS = (
    "status",
    "provider_id",
    "provider_answer",
    "error",
    "sent_at",
    "delivered_at",
    "updated_at",
)


def _record_batch(organization, claimed, outcomes):
    with tenant_context(organization):
        attempts = {m.pk: m.attempts for m in claimed}
        held = [
            m
            for m in SmsMessage.objects.for_org(organization)
            .select_for_update()
            .filter(pk__in=list(outcomes), status=Status.SENDING)
            if m.attempts == attempts[m.pk]
        ]  # still ours (the sweeper did not move it)
        now = timezone.now()
        for message in held:
            for field, value in outcomes[message.pk].items():
                setattr(message, field, value)
            message.updated_at = now
        SmsMessage.objects.bulk_update(held, BATCH_FIELDS)


def sms_deliver(*, organization_id, message_id):
    """Task body: claim, send, record. A duplicate delivery finds the row claimed."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return
    with translation.override(organization.default_language):
        _deliver(organization, message_id)


def _deliver(organization, message_id):
    now = timezone.now()
    with tenant_context(organization):
        messages = SmsMessage.objects.for_org(organization)
        claimed = (
            messages.filter(pk=message_id, status=Status.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now)
        )
        message = messages.filter(pk=message_id).first()
    if not claimed:
        if message and message.status == Status.QUEUED and message.next_attempt_at:
            _dispatch_on_commit(message, countdown=(message.next_attempt_at - now).total_seconds())
        return
    try:
        result = get_backend().send(message)
    except TransientSmsError as exc:
        _retry_or_fail(organization, message, str(exc), exc.answer)
    except PermanentSmsError as exc:
        _finish(
            organization, message, status=Status.FAILED, error=str(exc), provider_answer=exc.answer
        )
    except Exception as exc:  # a bug, not the provider: fail visibly, log the details
        logger.exception("SMS %s could not be sent", message_id)
        _finish(
            organization,
            message,
            status=Status.FAILED,
            error=_("Unexpected error (logged for the support team): %(error)s")
            % {"error": exc.__class__.__name__},
        )
    else:
        now = timezone.now()
        _finish(
            organization,
            message,
            status=Status.DELIVERED if result.delivered else Status.SENT,
            provider_id=result.provider_id,
            provider_answer=result.answer,
            error="",
            sent_at=now,
            delivered_at=now if result.delivered else None,
        )


def _retry_or_fail(organization, message, error, answer):
    if message.attempts >= message.max_attempts:
        _finish(
            organization,
            message,
            status=Status.FAILED,
            provider_answer=answer,
            error=_("Gave up after %(n)d attempts: %(error)s")
            % {"n": message.attempts, "error": error},
        )
        return
    delay = 0 if settings.CELERY_TASK_ALWAYS_EAGER else backoff_seconds(message.attempts)
    with tenant_context(organization):
        now = timezone.now()
        if _claimed(organization, message).update(
            status=Status.QUEUED,
            error=error,
            provider_answer=answer,
            updated_at=now,
            next_attempt_at=now + timedelta(seconds=delay),
        ):
            _dispatch_on_commit(message, countdown=delay)


def _finish(organization, message, **fields):
    with tenant_context(organization):
        return bool(_claimed(organization, message).update(updated_at=timezone.now(), **fields))


def _claimed(organization, message):
    return SmsMessage.objects.for_org(organization).filter(
        pk=message.pk, status=Status.SENDING, attempts=message.attempts
    )


def sms_sweep_stale(now=None):
    """Re-enqueue messages left queued by a lost queue message, and put back (or fail)
    those a killed worker left `sending`. Returns the counts."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    requeued = given_up = 0
    for organization in each_organization():
        messages = SmsMessage.objects.for_org(organization)
        lost = messages.filter(status=Status.QUEUED, updated_at__lt=stale_before).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lt=stale_before)
        )
        for message in lost:
            if messages.filter(
                pk=message.pk, status=Status.QUEUED, updated_at=message.updated_at
            ).update(updated_at=now):
                _dispatch_on_commit(message)
                requeued += 1
        for message in messages.filter(status=Status.SENDING, updated_at__lt=now - SENDING_TIMEOUT):
            same = messages.filter(pk=message.pk, status=Status.SENDING, attempts=message.attempts)
            if message.attempts < message.max_attempts:
                if same.update(status=Status.QUEUED, next_attempt_at=None, updated_at=now):
                    _dispatch_on_commit(message)
                    requeued += 1
            elif same.update(
                status=Status.FAILED,
                updated_at=now,
                error=_("The worker stopped while sending; gave up."),
            ):
                given_up += 1
    return {"requeued": requeued, "given_up": given_up}


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

    transaction.on_commit(lambda: tasks.deliver_sms_batch.apply_async((organization_id, ids)))


def _dispatch_on_commit(message, countdown=None):
    from . import tasks

    args = (message.organization_id, message.pk)
    transaction.on_commit(lambda: tasks.deliver_sms.apply_async(args, countdown=countdown))
