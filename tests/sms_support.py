"""Test support for the SMS gateway: a real local HTTP server playing the provider, signed
webhook calls, and in-process Celery (eager) for tests that follow a message through."""

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from campaigns.sms.webhook import webhook_secret_of


def _doc_signature(query_pairs, secret):
    """The provider's check, written from its documentation step by step."""
    params = {k: v for k, v in query_pairs if k != "Signature"}

    def enc(value):
        return (
            urllib.parse.quote(value, safe="")
            .replace("+", "%20")
            .replace("*", "%2A")
            .replace("%7E", "~")
        )

    canonical = "&".join(f"{enc(k)}={enc(params[k])}" for k in sorted(params))
    to_sign = "GET&%2F&" + enc(canonical)
    return base64.b64encode(
        hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    ).decode()


class LocalProvider:
    """Answers each GET with the next scripted (status, body) — the last one repeats —
    after checking the signature like the real service; records every request."""

    def __init__(self, script, secret):
        self.script, self.secret, self.requests = list(script), secret, []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                pairs = urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)
                params = dict(pairs)
                good = params.get("Signature") == _doc_signature(pairs, provider.secret)
                provider.requests.append({"params": params, "signature_ok": good})
                if not good:
                    status, body = (
                        400,
                        {
                            "Code": "SignatureDoesNotMatch",
                            "Message": "Specified signature is not matched",
                        },
                    )
                else:
                    index = min(len(provider.requests) - 1, len(provider.script) - 1)
                    status, body = provider.script[index]
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    @contextmanager
    def running(self):
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()


def use_aliyun(settings, provider):
    settings.SMS_BACKEND = "campaigns.sms.backends.AliyunSmsBackend"
    settings.SMS_HTTP_ENDPOINT = provider.url
    settings.SMS_ACCESS_KEY_ID = "test-key-id"
    settings.SMS_ACCESS_KEY_SECRET = provider.secret
    settings.SMS_SIGN_NAME = "移动通信"
    settings.SMS_TEMPLATE_CODE = "SMS_0001"
    settings.SMS_HTTP_TIMEOUT = 5


def signed_post(client, org, payload, *, secret=None, timestamp=None, slug=None):
    """POST the provider's callback to the org's webhook, signed with its secret."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    secret = secret if secret is not None else webhook_secret_of(org)
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return client.post(
        f"/hooks/sms/{slug or org.slug}/",
        data=body,
        content_type="application/json",
        HTTP_X_SMS_TIMESTAMP=timestamp,
        HTTP_X_SMS_SIGNATURE=signature,
    )


@pytest.fixture
def eager(settings):
    """Tasks run in-process right after the commit (the embedded mode), also when the
    suite has a broker configured."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = before
