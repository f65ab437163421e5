"""Sign-in throttling by address (password spraying), and how a refused sign-in answers.

django-axes locks one username from one address after AXES_FAILURE_LIMIT failures (in the
database). That leaves password spraying: one password tried across many usernames from
one address, each under the per-user limit. Here a counter per address, in the cache,
counts failed sign-ins whatever the username; at SIGNIN_ADDRESS_FAILURE_LIMIT within
SIGNIN_ADDRESS_WINDOW_SECONDS every sign-in from that address is refused for
SIGNIN_ADDRESS_BLOCK_SECONDS. Other addresses are not affected.

- Failures are counted from Django's `user_login_failed` signal, the one hook every
  sign-in path (the page, the token endpoint, the platform admin) goes through; axes
  counts from the same signal. Connected in CampaignsConfig.ready().
- `AddressThrottleBackend`, first in AUTHENTICATION_BACKENDS, refuses a blocked address
  before any password is checked, so no sign-in path can skip it. The sign-in page and
  the token endpoint look first (`retry_after`) to answer 429 with `Retry-After`.
- A cache that cannot be reached fails open (logged): sign-in keeps working while Redis
  is down, and axes' per-user lockout, in the database, still holds.
"""

import logging
import math
import time

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _keys(address):
    return f"signin:failures:{address}", f"signin:blocked:{address}"


def retry_after(request):
    """Seconds until a sign-in from this request's address is allowed again; 0: allowed."""
    address = get_client_ip_address(request)
    if not address:
        return 0
    try:
        until = cache.get(_keys(address)[1])
    except Exception:  # the cache is down: fail open, axes still locks per user
        logger.warning("sign-in throttle: cache unavailable, not checked", exc_info=True)
        return 0
    if until is None:
        return 0
    return max(1, math.ceil(until - time.time()))


def record_failure(request):
    """Count one failed sign-in from the request's address; block it at the limit."""
    address = get_client_ip_address(request)
    if not address:
        return
    failures_key, blocked_key = _keys(address)
    try:
        # A fixed window from the first failure: add() starts it, incr() is atomic.
        cache.add(failures_key, 0, timeout=settings.SIGNIN_ADDRESS_WINDOW_SECONDS)
        try:
            failures = cache.incr(failures_key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(failures_key, 1, timeout=settings.SIGNIN_ADDRESS_WINDOW_SECONDS)
            failures = 1
        if failures >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT:
            block = settings.SIGNIN_ADDRESS_BLOCK_SECONDS
            cache.set(blocked_key, time.time() + block, timeout=block)
            cache.delete(failures_key)
            logger.warning("sign-in throttle: address %s blocked for %ss", address, block)
    except Exception:
        logger.warning("sign-in throttle: cache unavailable, failure not counted", exc_info=True)


def count_failed_sign_in(sender, credentials, request=None, **kwargs):
    """`user_login_failed` receiver. A refusal of an already blocked address is not
    counted again (the block does not grow while it lasts)."""
    if request is not None and not getattr(request, "signin_refused_for", 0):
        record_failure(request)


class AddressThrottleBackend:
    """Refuses every sign-in from a blocked address (PermissionDenied stops Django's
    `authenticate` at once, before any password hash is computed)."""

    def authenticate(self, request, **credentials):
        if request is not None:
            wait = retry_after(request)
            if wait:
                request.signin_refused_for = wait
                raise PermissionDenied
        return None

    # No get_user(): sessions stay bound to the backend that signed the user in (and
    # the test client's force_login() skips a backend without it).


def refused_response(request, retry_after_seconds, reason):
    """429 for a refused sign-in: JSON `{"detail": ...}` under /api/, else the translated
    page; `Retry-After` in seconds when the wait is known."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("Too many failed sign-in attempts. Try again later.")},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        minutes = math.ceil(retry_after_seconds / 60) if retry_after_seconds else None
        response = render(
            request,
            "registration/locked_out.html",
            {"reason": reason, "minutes": minutes},
            status=429,
        )
    if retry_after_seconds:
        response["Retry-After"] = str(retry_after_seconds)
    return response


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: axes' per-user-and-address lockout, answered like ours."""
    return refused_response(request, _axes_retry_after(request, credentials), reason="user")


def _axes_retry_after(request, credentials):
    """What is left of axes' cool-off: it runs from the last counted failure (failures
    during a lockout are not counted, AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)."""
    cool_off = get_cool_off(request)
    if not cool_off:
        return None  # locked until an admin resets it: no honest Retry-After
    last = AccessAttempt.objects.filter(
        ip_address=get_client_ip_address(request),
        username=get_client_username(request, credentials),
    ).aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return math.ceil(cool_off.total_seconds())
    return max(1, math.ceil((last + cool_off - timezone.now()).total_seconds()))
