"""What the franchise pages share."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from campaigns.roles import can

TERRITORY_ROWS = 50  # the territory list, a page at a time (national scale: 1,000 of them)


def _may(request, perm):
    return can(request.membership.role, perm)


def _require(request, perm):
    if not _may(request, perm):
        raise PermissionDenied


def _territory_url(territory):
    return reverse(
        "franchise_territory",
        kwargs={"org_slug": territory.organization.slug, "territory_id": territory.pk},
    )


def _statement_url(statement):
    return reverse(
        "franchise_statement",
        kwargs={"org_slug": statement.organization.slug, "statement_id": statement.pk},
    )
