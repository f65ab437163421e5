"""SMS backends, chosen by settings.SMS_BACKEND (a dotted path), like Django's e-mail
backends. `send(message)` returns a SendResult or raises TransientSmsError (worth another
attempt: network, throttling, provider trouble) or PermanentSmsError (it will never go).

- OutboxBackend (the default): the message stays in the database and shows on the
  organization's SMS outbox page; nothing leaves the machine.
- AliyunSmsBackend: Alibaba Cloud Short Message Service, API `SendSms` (version
  2017-05-25), signed with the RPC signature method (HMAC-SHA1 over the percent-encoded,
  sorted query string; https://www.alibabacloud.com/help/en/sms/signature-method).
"""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils.module_loading import import_string


class SmsSendError(Exception):
    def __init__(self, message, answer=""):
        super().__init__(message)
        self.answer = answer


class TransientSmsError(SmsSendError):
    """Worth another attempt later."""


class PermanentSmsError(SmsSendError):
    """Will never be sent (bad number, refused signature...)."""


@dataclass(frozen=True)
class SendResult:
    provider_id: str
    answer: str
    delivered: bool = False  # the backend knows it arrived (the outbox does)


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def backend_is_outbox():
    return issubclass(import_string(settings.SMS_BACKEND), OutboxBackend)


class OutboxBackend:
    # Nothing leaves the machine: a message "sent" twice is harmless, so a batch records
    # its outcomes together (see `sending.sms_deliver_batch`).
    external = False

    def send(self, message):
        return SendResult(provider_id=f"outbox-{message.pk}", answer="outbox", delivered=True)


# -- Alibaba Cloud SMS ----------------------------------------------------------------------

# Error codes of SendSms worth retrying: throttling and the provider's own trouble.
ALIYUN_TRANSIENT_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "Throttling.User",
        "Throttling",
        "isp.SYSTEM_ERROR",
        "ServiceUnavailable",
        "InternalError",
        "isp.GATEWAY_ERROR",
    }
)


def percent_encode(value):
    """RFC 3986 encoding as the signature method requires (space → %20, * → %2A, ~ kept)."""
    return urllib.parse.quote(str(value), safe="~")


def aliyun_signature(params, access_key_secret, method="GET"):
    """Signature of an RPC request: HMAC-SHA1 keyed with "<secret>&" over
    METHOD&%2F&percent_encode(sorted, percent-encoded query), base64-encoded."""
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(params[k])}" for k in sorted(params))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(
        f"{access_key_secret}&".encode(), string_to_sign.encode(), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend:
    """Free text goes through one approved template whose only variable is `content`
    (SMS_TEMPLATE_CODE); the provider's callbacks carry OutId = our message id."""

    # A message it accepted is on its way: a batch records it at once (a worker killed
    # later in the batch must not send it again).
    external = True

    def __init__(self):
        self.endpoint = settings.SMS_HTTP_ENDPOINT
        self.key_id = settings.SMS_ACCESS_KEY_ID
        self.key_secret = settings.SMS_ACCESS_KEY_SECRET
        self.sign_name = settings.SMS_SIGN_NAME
        self.template_code = settings.SMS_TEMPLATE_CODE
        self.timeout = settings.SMS_HTTP_TIMEOUT

    def params_for(self, message, *, nonce=None, timestamp=None):
        params = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "OutId": str(message.pk),
            "PhoneNumbers": message.phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps({"content": message.body}, ensure_ascii=False),
            "Timestamp": timestamp or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = aliyun_signature(params, self.key_secret)
        return params

    def send(self, message):
        query = urllib.parse.urlencode(self.params_for(message), quote_via=urllib.parse.quote)
        url = f"{self.endpoint}?{query}"
        request = urllib.request.Request(url, method="GET")  # noqa: S310 - endpoint from settings
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            raw = exc.read().decode("utf-8", "replace")
            if exc.code >= 500 or exc.code == 429:
                raise TransientSmsError(f"HTTP {exc.code}", answer=raw[:2000]) from exc
            return self._answer(raw, http_status=exc.code)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise TransientSmsError(f"network: {exc}", answer="") from exc
        return self._answer(raw, http_status=200)

    @staticmethod
    def _answer(raw, http_status):
        try:
            answer = json.loads(raw)
        except ValueError as exc:
            raise TransientSmsError(
                f"HTTP {http_status}: unreadable answer", answer=raw[:2000]
            ) from exc
        code = str(answer.get("Code", ""))
        if code == "OK":
            return SendResult(provider_id=str(answer.get("BizId", "")), answer=raw[:2000])
        text = f"{code}: {answer.get('Message', '')}"
        if code in ALIYUN_TRANSIENT_CODES:
            raise TransientSmsError(text, answer=raw[:2000])
        raise PermanentSmsError(text, answer=raw[:2000])
