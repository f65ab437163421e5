"""The one tenancy mechanism.

- Pages live under /<org_slug>/..., the API under /api/v1/<org_slug>/...; the
  organization is resolved once per request (TenantMiddleware → here).
- Every query names its organization: `Model.objects.for_org(org)`; single objects go
  through `get_for_org_or_404`, which answers 404 for "missing" and "someone else's" alike.
- On PostgreSQL, `tenant_context` opens the transaction the work runs in and sets
  app.org_id / app.user_id with set_config(..., true), which the row-level security
  policies read. Code that must span organizations (the job sweeper, demo seeding) uses
  `each_organization`, the only cross-tenant path.
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone, translation

from .models import Membership, Organization


@contextmanager
def tenant_context(organization=None, user=None):
    """Run the block in a transaction that sees only `organization`'s rows (and `user`'s
    own memberships). Nested contexts restore the outer one on exit."""
    with transaction.atomic():
        previous = _set_db_tenant(
            organization.pk if organization is not None else None,
            user.pk if user is not None and user.is_authenticated else None,
        )
        yield
        if previous is not None:
            _restore_db_tenant(previous)


def _set_db_tenant(org_id, user_id):
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('app.org_id', true), current_setting('app.user_id', true), "
            "set_config('app.org_id', %s, true), set_config('app.user_id', %s, true)",
            [_as_setting(org_id), _as_setting(user_id)],
        )
        return cursor.fetchone()[:2]


def _restore_db_tenant(previous):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.org_id', %s, true), set_config('app.user_id', %s, true)",
            [previous[0] or "", previous[1] or ""],
        )


def _as_setting(value):
    return "" if value is None else str(int(value))


def each_organization():
    """Yield every organization inside its own tenant context (cross-tenant work)."""
    for organization in Organization.objects.order_by("pk"):
        with tenant_context(organization):
            yield organization


def organization_by_slug(slug):
    return Organization.objects.filter(slug=slug).first()


def membership_for(user, organization):
    """The user's membership in the organization, or 404 (also for a missing org)."""
    if organization is None or user is None or not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.for_org(organization)
        .filter(user=user, user__is_active=True)
        .select_related("branch", "team")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def get_for_org_or_404(model, organization, **lookups):
    obj = model.objects.for_org(organization).filter(**lookups).first()
    if obj is None:
        raise Http404
    return obj


def activate_organization_locale(request, organization):
    """Once membership is confirmed: the organization's time zone, and its default
    language unless the user chose one. (Before that, nothing may differ between an
    existing organization and a missing one.)"""
    timezone.activate(organization.zoneinfo)
    if not getattr(request, "language_chosen", False):
        translation.activate(organization.default_language)
