"""The inbound webhook: POST /hooks/sms/<org slug>/ — the one route without a signed-in
user. The organization comes from the URL and the call must be signed with *that*
organization's secret:

    X-Sms-Timestamp: <unix seconds>           (within 5 minutes of our clock)
    X-Sms-Signature: hex(HMAC-SHA256(secret, "<timestamp>." + raw body))

A missing organization, a missing or wrong signature and a stale timestamp all get the
same 403 with the same text (logged with the reason), so an unsigned caller learns
nothing about which organizations exist. The body is the provider's callback: a JSON list
of replies (Alibaba Cloud SmsUp: phone_number, content, sequence_id) and/or delivery
reports (SmsReport: success, err_code, err_msg, biz_id, out_id)."""

import hashlib
import hmac
import json
import logging
import re
import time

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..middleware import control_characters_allowed
from ..organization_setup import set_up_step
from ..tenancy import organization_by_slug, tenant_context
from . import inbound, sending
from .models import SmsSettings

logger = logging.getLogger(__name__)
MAX_SKEW_SECONDS = 300
MAX_BODY_BYTES = 256 * 1024
REFUSED = {"detail": "Signature missing or wrong."}  # the same for every refusal
_NO_SECRET = "no-secret-" + "x" * 32  # compared against, so refusals take the same time


def sign(secret, timestamp, body):
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


@set_up_step
def webhook_settings_create(organization):
    """The organization's webhook secret, made with the organization (reads never write)."""
    with tenant_context(organization):
        SmsSettings.objects.get_or_create(organization=organization)


def webhook_secret_of(organization):
    """The secret, or None for an organization without one (its webhook calls are refused;
    an admin renewing the secret makes one)."""
    with tenant_context(organization):
        return (
            SmsSettings.objects.for_org(organization)
            .values_list("webhook_secret", flat=True)
            .first()
        )


def _refuse(slug, reason):
    logger.warning("SMS webhook call for %r refused: %s", slug, reason)
    return JsonResponse(REFUSED, status=403)


@control_characters_allowed  # a provider's batch: each field is cleaned in inbound
@csrf_exempt
@require_POST
def sms_webhook(request, hook_org):
    body = request.body[: MAX_BODY_BYTES + 1]
    timestamp = request.headers.get("X-Sms-Timestamp", "")
    signature = request.headers.get("X-Sms-Signature", "")
    organization = organization_by_slug(hook_org)
    secret = webhook_secret_of(organization) if organization is not None else None
    expected = sign(secret or _NO_SECRET, timestamp, body)
    if not hmac.compare_digest(expected, signature):
        return _refuse(hook_org, "bad signature" if secret else "unknown organization/secret")
    if secret is None:
        return _refuse(hook_org, "unknown organization")
    try:
        skew = abs(time.time() - int(timestamp))
    except (ValueError, OverflowError):
        return _refuse(hook_org, "unreadable timestamp")
    if skew > MAX_SKEW_SECONDS:
        return _refuse(hook_org, f"stale timestamp ({skew:.0f}s)")
    with translation.override(organization.default_language):
        return _handle(organization, body)


def _handle(organization, body):
    if len(body) > MAX_BODY_BYTES:
        return JsonResponse({"detail": "Body too large."}, status=400)
    try:
        events = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested too deep: not ours
        return JsonResponse({"detail": "The body is not JSON."}, status=400)
    if isinstance(events, dict):
        events = [events]
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        return JsonResponse({"detail": "Expected a list of reply or report objects."}, status=400)
    return JsonResponse({"results": [_one(organization, event) for event in events]})


def _one(organization, event):
    try:
        if "content" in event:
            message = inbound.sms_receive(
                organization=organization,
                phone=str(event.get("phone_number", "")),
                text=str(event.get("content", "")),
                provider_id=str(event.get("sequence_id", "") or ""),
            )
            return {
                "type": "reply",
                "id": message.pk,
                "reply": message.reply,
                "outcome": message.outcome,
            }
        if "success" in event:
            out_id = str(event.get("out_id", "") or "")
            changed = sending.sms_report(
                organization=organization,
                provider_id=str(event.get("biz_id", "") or ""),
                message_id=int(out_id) if re.fullmatch(r"[0-9]{1,18}", out_id) else None,
                delivered=bool(event.get("success")),
                error=f"{event.get('err_code', '')}: {event.get('err_msg', '')}".strip(": "),
            )
            return {"type": "report", "changed": changed}
    except ValidationError as exc:
        return {"error": exc.message_dict if hasattr(exc, "error_dict") else exc.messages}
    return {"error": "Neither a reply (content) nor a delivery report (success)."}
