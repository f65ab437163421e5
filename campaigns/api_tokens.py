"""API tokens: issue, list, revoke, and the authentication that checks them.

django-rest-knox does the token work: a random key shown once, only its SHA-512 digest
stored, an expiry that each use pushes on (AUTO_REFRESH: a token expires after
API_TOKEN_IDLE_DAYS without use). What this module adds (docs/production.md, "Sign-in
and API tokens"):
- a device name and the time of last use, so people can tell their tokens apart;
- the tie to the password: a token carries an HMAC of the password hash it was issued
  under, like Django's sessions (`get_session_auth_hash`); a password changed by any
  path (the admin, `changepassword`, a reset) ends every token issued before;
- revocation when a membership ends (`member_remove` calls `api_tokens_revoke_all`);
- at most API_TOKENS_PER_USER tokens per person, the least recently used go first.
Clients keep POST /api/v1/auth/token/ and `Authorization: Token <key>`.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.settings import knox_settings
from rest_framework import exceptions

from .models import ApiToken

_FINGERPRINT_SALT = "campaigns.api_tokens.password_fingerprint"


def password_fingerprint(user, secret=None):
    return salted_hmac(
        _FINGERPRINT_SALT, user.password, secret=secret, algorithm="sha256"
    ).hexdigest()


def issued_under_current_password(token):
    # SECRET_KEY_FALLBACKS keep tokens alive through a key rotation, as for sessions.
    return any(
        constant_time_compare(token.password_fingerprint, password_fingerprint(token.user, key))
        for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    )


# -- writes ---------------------------------------------------------------------------


def api_token_issue(*, user, name=""):
    """A new token for one device; returns (token row, key). The key is shown once."""
    with transaction.atomic():
        token, key = ApiToken.objects.create(
            user,
            name=_printable(name)[:100],
            password_fingerprint=password_fingerprint(user),
        )
        surplus = _least_recently_used(user)[settings.API_TOKENS_PER_USER :]
        ApiToken.objects.filter(pk__in=[t.pk for t in surplus]).delete()
    return token, key


def _printable(name):
    # The name may come from the User-Agent header: no control characters (PostgreSQL
    # refuses NUL in text), no surrounding space.
    return "".join(c for c in name if c.isprintable()).strip()


def api_token_revoke(*, user, token_id):
    """Revoke one of the user's own tokens: 404 for another's and a missing one alike."""
    deleted, _by_model = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise Http404


def api_tokens_revoke_all(*, user):
    """End every token of the user (a membership ended, "sign out everywhere")."""
    ApiToken.objects.filter(user=user).delete()


def api_tokens_purge_expired(now=None):
    """Delete every expired token (beat "purge-expired-tokens", hourly). A request refuses
    an expired token by itself; this only keeps the table from growing."""
    deleted, _by_model = ApiToken.objects.filter(expiry__lte=now or timezone.now()).delete()
    return deleted


# -- reads ----------------------------------------------------------------------------


def api_tokens_of(user):
    """The user's tokens that still work: not expired, issued under today's password."""
    live = ApiToken.objects.filter(user=user, expiry__gt=timezone.now()).select_related("user")
    return [t for t in live if issued_under_current_password(t)]


def _least_recently_used(user):
    return list(
        ApiToken.objects.filter(user=user)
        .annotate(used=Coalesce("last_used", "created"))
        .order_by(F("used").desc(), "-id")
    )


# -- authentication -------------------------------------------------------------------


class ApiTokenAuthentication(TokenAuthentication):
    """knox's TokenAuthentication (expired tokens refused and deleted, expiry pushed on by
    use), plus the password tie and the time of last use."""

    def _cleanup_token(self, auth_token):
        """Refuse (and delete) this token if it has expired. knox also reads every other
        token of the user on each request to delete the expired ones: a query on every API
        call, left to `api_tokens_purge_expired` instead."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False

    def renew_token(self, auth_token):
        now = timezone.now()
        if auth_token.last_used and (
            (now - auth_token.last_used).total_seconds() < knox_settings.MIN_REFRESH_INTERVAL
        ):
            return  # at most one write per token per interval
        auth_token.expiry = now + knox_settings.TOKEN_TTL
        auth_token.last_used = now
        auth_token.save(update_fields=["expiry", "last_used"])

    def validate_user(self, auth_token):
        if not issued_under_current_password(auth_token):
            auth_token.delete()
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().validate_user(auth_token)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme: the same `tokenAuth` the schema always named."""

    target_class = "campaigns.api_tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=knox_settings.AUTH_HEADER_PREFIX
        )
