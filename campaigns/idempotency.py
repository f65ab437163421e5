"""Idempotency keys on the API's POSTs (README, "Safe retries"): a client that sends an
`Idempotency-Key` header and retries (a timed-out request, a dropped connection) gets the
first answer again, with the same status and body, instead of a second object.

One mechanism for every POST under /api/v1/<org>/, run by `campaigns.api.OrgAPIMixin`
after the membership and permission checks:

- `reserve` inserts the key (organization, user, key: one unique constraint) in the
  request's transaction, before the view runs. A concurrent retry's insert waits on the
  unique index until the first request's transaction ends (PostgreSQL), then finds the
  stored answer and replays it (`Replay`); if the first one failed, the key was released
  and the retry runs. The same key with another request (method, path or body) is refused
  with 422 (`KeyReused`).
- `record` stores a 2xx answer in that same transaction (the answer and the object it
  made commit together); any other answer releases the key, so a corrected request may
  use it again.
- Keys are kept IDEMPOTENCY_KEY_HOURS (24) and then deleted (`delete_expired`, hourly).
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .models import IdempotencyKey
from .tenancy import each_organization

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_LENGTH = 255


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _(
        "This Idempotency-Key was already used with a different request. "
        "Send a new key for a new request."
    )
    default_code = "idempotency_key_reused"


class KeyInUse(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("A request with this Idempotency-Key is still being processed. Retry later.")
    default_code = "idempotency_key_in_use"


class Replay(Exception):  # noqa: N818 - not an error: the stored answer, given again
    """The key's first answer, to give again."""

    def __init__(self, stored):
        super().__init__(stored.key)
        self.stored = stored

    def response(self):
        return Response(
            self.stored.response, status=self.stored.status_code, headers={REPLAYED_HEADER: "true"}
        )


def kept_for():
    return timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def requested_key(request):
    """The request's key, or None when it sent none (or it is not a POST). A key must be 1
    to 255 visible ASCII characters (a UUID is usual): else 400."""
    if request.method != "POST" or HEADER not in request.headers:
        return None
    key = request.headers[HEADER].strip()
    if not key or len(key) > MAX_LENGTH or not all("!" <= c <= "~" for c in key):
        raise exceptions.ValidationError(
            {HEADER: [_("Use 1 to 255 visible ASCII characters, for example a UUID.")]}
        )
    return key


def fingerprint(request):
    """sha256 of the method, the path and the body as parsed (JSON or form fields, and
    each uploaded file's name and contents), so the same request hashes the same."""
    body = json.dumps(_canonical(request.data), sort_keys=True, cls=JSONEncoder)
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(body.encode())
    return digest.hexdigest()


def _canonical(value):
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    if isinstance(value, QueryDict):
        return {key: [_canonical(v) for v in values] for key, values in value.lists()}
    if isinstance(value, dict):
        return {str(key): _canonical(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def reserve(request, key):
    """Insert the key for this request (inside the request's transaction); returns the
    row. Raises `Replay` with the stored answer of a first request that succeeded,
    `KeyReused` when that one was a different request, `KeyInUse` when it is unfinished."""
    organization, user = request.organization, request.user
    signature = fingerprint(request)
    keys = IdempotencyKey.objects.for_org(organization).filter(user=user, key=key)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    organization=organization, user=user, key=key, fingerprint=signature
                )
        except IntegrityError:
            pass
        first = keys.first()
        if first is None:  # released meanwhile: take it
            continue
        if first.created_at < timezone.now() - kept_for():
            keys.filter(pk=first.pk, created_at=first.created_at).delete()
            continue
        if first.fingerprint != signature:
            raise KeyReused
        if not first.status_code:
            raise KeyInUse
        raise Replay(first)
    raise KeyInUse


def record(reserved, response):
    """Keep a 2xx answer for the key's retries; release the key after any other."""
    keys = IdempotencyKey.objects.for_org(reserved.organization_id).filter(pk=reserved.pk)
    if isinstance(response, Response) and 200 <= response.status_code < 300:
        data = json.loads(json.dumps(response.data, cls=JSONEncoder))
        keys.update(status_code=response.status_code, response=data)
    else:
        keys.delete()


def delete_expired(now=None):
    """Delete the keys older than IDEMPOTENCY_KEY_HOURS in every organization (hourly,
    beat "idempotency-keys"). Returns how many."""
    before = (now or timezone.now()) - kept_for()
    deleted = 0
    for organization in each_organization():
        deleted += (
            IdempotencyKey.objects.for_org(organization).filter(created_at__lt=before).delete()[0]
        )
    return deleted


def document_header(result, generator, request, public):
    """drf-spectacular post-processing hook: every POST under /api/v1/{org_slug}/ takes the
    optional `Idempotency-Key` header and may answer 409 / 422 for it."""
    parameter = {
        "in": "header",
        "name": HEADER,
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH},
        "description": (
            "Optional. A key of your own (a UUID) for this request: a retry with the same "
            "key within 24 hours returns the first answer (same status and body, header "
            f"`{REPLAYED_HEADER}: true`) instead of doing it again. The same key with a "
            "different request answers 422."
        ),
    }
    for path, operations in result.get("paths", {}).items():
        post = operations.get("post")
        if not path.startswith("/api/v1/{org_slug}/") or post is None:
            continue
        post.setdefault("parameters", []).append(parameter)
        responses = post.setdefault("responses", {})
        responses.setdefault(
            "409", {"description": "A request with this Idempotency-Key is still in progress"}
        )
        responses.setdefault(
            "422", {"description": "This Idempotency-Key was used with a different request"}
        )
    return result
