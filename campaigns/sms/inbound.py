"""Inbound replies: stored, read tolerantly (rules.parse_reply), and handed to the
handler of the message that awaits a yes/no from that number. Plan kinds register their
handler with @reply_handler("<purpose>"); the gateway knows nothing of bundles."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..tenancy import tenant_context
from . import optout, rules
from .models import SmsMessage

_REPLY_HANDLERS = {}


def reply_handler(purpose):
    """Register `handler(awaited_message, reply) -> outcome text` for a purpose. It runs
    in the organization's transaction; the awaited message stops awaiting afterwards."""

    def register(func):
        _REPLY_HANDLERS[purpose] = func
        return func

    return register


def sms_receive(*, organization, phone, text, provider_id="", answering=None):
    """Store an inbound message and act on it. Returns the stored message, whose
    `outcome` says what happened (also for a number nobody awaits: stored, ignored).
    `answering`: the id of the one message this answers (typed in the outbox as the
    member), instead of the newest one awaiting a reply from the number."""
    phone = rules.normalize_phone(phone)
    if not rules.is_mainland_mobile(phone):
        raise ValidationError({"phone": _("Enter an 11-digit mainland mobile number.")})
    # NUL cannot be stored in PostgreSQL text, and no message means one.
    text = (text or "").replace("\x00", "").strip()[:1000]
    provider_id = (provider_id or "").replace("\x00", "")[:64]  # as stored: a repeat is found
    with tenant_context(organization):
        messages = SmsMessage.objects.for_org(organization)
        reply = rules.parse_reply(text)
        # Lock the awaited message first: a repeat of this reply arriving at the same time
        # waits here, then finds the first one stored below.
        awaiting = messages.select_for_update().filter(
            direction=SmsMessage.Direction.OUTBOUND,
            phone=phone,
            awaiting_reply=True,
            purpose__in=list(_REPLY_HANDLERS),
        )
        if answering is not None:
            awaiting = awaiting.filter(pk=answering)
        awaited = awaiting.order_by("-created_at", "-pk").first()
        if answering is not None and awaited is None:  # answered meanwhile, or never asked
            raise ValidationError(_("This message awaits no answer."))
        existing = _already_received(messages, provider_id)
        if existing is not None:  # the provider repeated itself
            return existing
        inbound = SmsMessage(
            organization=organization,
            direction=SmsMessage.Direction.INBOUND,
            status=SmsMessage.Status.RECEIVED,
            phone=phone,
            body=text,
            parts=rules.count_parts(text),
            reply=reply,
            provider_id=provider_id,
            in_reply_to=awaited,
            branch_id=awaited.branch_id if awaited else None,
        )
        opting_out = rules.is_opt_out(text)
        if opting_out:  # 退订 / TD / T: off every later campaign of the organization
            inbound.outcome = _(
                "Opted out: no campaign message of the organization goes to this number again."
            )
        elif awaited is None:
            inbound.outcome = _("No message to this number awaits a reply; stored and ignored.")
        elif reply == rules.Reply.OTHER:
            inbound.outcome = _("Not read as yes or no; stored and ignored.")
        else:
            inbound.outcome = str(_REPLY_HANDLERS[awaited.purpose](awaited, reply))[:200]
            awaited.awaiting_reply = False
            awaited.save(update_fields=["awaiting_reply", "updated_at"])
        try:
            with transaction.atomic():
                inbound.save()
        except IntegrityError:  # a repeat nobody awaited, stored a moment ago
            if awaited is not None:
                raise
            return _already_received(messages, provider_id)
        if opting_out:
            optout.opt_out_record(organization=organization, phone=phone, message=inbound)
    return inbound


def _already_received(messages, provider_id):
    if not provider_id:
        return None
    return messages.filter(direction=SmsMessage.Direction.INBOUND, provider_id=provider_id).first()
