"""The one tenancy mechanism.

- Pages live under /<org_slug>/..., the API under /api/v1/<org_slug>/...; the
  organization is resolved once per request (TenantMiddleware → here).
- Every query names its organization: `Model.objects.for_org(org)`; single objects go
  through `get_for_org_or_404` (or `one_or_404` on a queryset already narrowed to a
  member's scope), which answer 404 for "missing" and "someone else's" alike.
- On PostgreSQL, `tenant_context` opens the transaction the work runs in and sets
  app.org_id / app.user_id with set_config(..., true), which the row-level security
  policies read. Code that must span organizations (the job sweeper, demo seeding) uses
  `each_organization`, the only cross-tenant path at run time; data migrations use
  `rls.each_organization_id`, which sets the same settings through `set_db_tenant`.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Invitation, Membership, Organization


@contextmanager
def tenant_context(organization=None, user=None):
    """Run the block in a transaction that sees only `organization`'s rows (and `user`'s
    own memberships). Nested contexts restore the outer one on exit."""
    with _tenant_transaction(organization.pk if organization is not None else None, user):
        yield


@contextmanager
def tenant_context_by_slug(slug, user):
    """`tenant_context` for the organization with this slug, yielding its id (None when
    there is none). On PostgreSQL the slug is looked up by the statement that sets the
    tenant: one round trip less on every page."""
    with _tenant_transaction(None, user, slug=slug) as organization_id:
        yield organization_id


@contextmanager
def _tenant_transaction(organization_id, user, *, slug=None):
    user_id = user.pk if user is not None and user.is_authenticated else None
    outer = getattr(connection, "tenant_ids", None)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        # A nested context for the tenant already set (a service called by a view, a
        # selector by a service) keeps its savepoint but sets nothing: two statements
        # fewer each time, on every write path.
        same = slug is None and outer == (organization_id, user_id) and not outermost
        if slug is not None:
            organization_id = _set_db_tenant_by_slug(slug, user_id)
        elif not same:
            set_db_tenant((organization_id, user_id))
        connection.tenant_ids = (organization_id, user_id)
        try:
            yield organization_id
            # set_config(..., true) ends with the transaction: only a nested context
            # (a savepoint) has an outer one to give back.
            if not outermost and not same:
                set_db_tenant(outer or (None, None))
        finally:
            connection.tenant_ids = None if outermost else outer


@contextmanager
def own_rows_context(user):
    """A context where `user` reads their own rows in every organization (memberships,
    invitations): the one already open if it is that user's, else a new one."""
    current = getattr(connection, "tenant_ids", None)
    if current is not None and current[1] == user.pk:
        yield
        return
    with tenant_context(None, user):
        yield


def set_db_tenant(ids, db=connection):
    """Set (organization id, user id) for row-level security in the current transaction.
    Only `tenant_context` and, for data migrations, `rls.each_organization_id` call it."""
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.org_id', %s, true), set_config('app.user_id', %s, true)",
            [_as_setting(ids[0]), _as_setting(ids[1])],
        )


def _set_db_tenant_by_slug(slug, user_id):
    """Set the tenant to the organization with this slug; its id, or None if none."""
    if connection.vendor != "postgresql":
        organization = organization_by_slug(slug)
        return organization.pk if organization is not None else None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('app.org_id', coalesce((SELECT id::text FROM "  # noqa: S608
            f"{Organization._meta.db_table} WHERE slug = %s), ''), true), "
            "set_config('app.user_id', %s, true)",
            [slug, _as_setting(user_id)],
        )
        organization_id = cursor.fetchone()[0]
    return int(organization_id) if organization_id else None


def _as_setting(value):
    return "" if value is None else str(int(value))


def each_organization():
    """Yield every organization inside its own tenant context (cross-tenant work)."""
    for organization in Organization.objects.order_by("pk"):
        with tenant_context(organization):
            yield organization


def organization_by_slug(slug):
    return Organization.objects.filter(slug=slug).first()


def membership_in(user, organization_id):
    """The user's membership in the organization with this id, with the organization, or
    404 (also for a missing one, `organization_id` None): the API's membership check,
    after `tenant_context_by_slug` found the id."""
    if organization_id is None or user is None or not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.filter(organization_id=organization_id, user=user, user__is_active=True)
        .select_related("organization", "branch", "team")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


# The number of invitations waiting for a membership's user, as plain SQL: every page runs
# it, and building the ORM's Subquery took longer (~0.5 ms) than running the query. Only
# table names go into it, from the models; no input.
_INVITATIONS_WAITING = RawSQL(  # noqa: S611
    f"SELECT count(*) FROM {Invitation._meta.db_table} AS i "  # noqa: S608
    f"WHERE i.user_id = {Membership._meta.db_table}.user_id",
    [],
    output_field=IntegerField(),
)


def memberships_of_user(user):
    """Every membership of the user, read through the own-rows policy, with its
    organization, branch and team, each row carrying the number of invitations waiting
    for the user: a page's membership check and its organization switcher in one query."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization", "branch", "team")
        .annotate(pending_invitations=_INVITATIONS_WAITING)
        .order_by("organization__name", "pk")
    )


def membership_among(memberships, organization_id):
    """The membership of the organization among the user's, or 404 (also for a missing
    organization, `organization_id` None)."""
    for membership in memberships:
        if organization_id is not None and membership.organization_id == organization_id:
            return membership
    raise Http404


def get_for_org_or_404(model, organization, **lookups):
    return one_or_404(model.objects.for_org(organization), **lookups)


def one_or_404(queryset, **lookups):
    """The one object of an already scoped queryset (for_org, a member's scope) matching
    the lookups, or 404: missing and out of scope answer the same."""
    obj = queryset.filter(**lookups).first()
    if obj is None:
        raise Http404
    return obj


def check_same_organization(organization, **objects):
    """Refuse a chosen row of another organization: a ValidationError on the first field
    (name → object; None is allowed) whose object is not `organization`'s. Services call
    it for every row they are handed, because foreign-key checks bypass row-level
    security."""
    for field, obj in objects.items():
        if obj is not None and obj.organization_id != organization.pk:
            raise ValidationError({field: _("Choose one of this organization's entries.")})


def activate_organization_locale(request, organization):
    """Once membership is confirmed: the organization's time zone, and its default
    language unless the user chose one. (Before that, nothing may differ between an
    existing organization and a missing one.)"""
    timezone.activate(organization.zoneinfo)
    if not getattr(request, "language_chosen", False):
        translation.activate(organization.default_language)
