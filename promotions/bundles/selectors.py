"""Reads of the family-network bundle, scoped to the person's branch where it applies."""

from django.db.models import Count, Q

from campaigns.branch_scope import in_scope
from campaigns.tenancy import one_or_404, tenant_context

from ..models import (
    NOT_ADDED,
    BundleMember,
    BundleSettings,
    BundleTier,
    Coupon,
    MemberStatus,
    Registration,
)
from . import rules


def tiers_of(organization):
    return BundleTier.objects.for_org(organization).order_by("members")


def bundle_settings_of(organization):
    """The organization's settings; the defaults (unsaved) if it has no row."""
    with tenant_context(organization):
        row = BundleSettings.objects.for_org(organization).first()
    return row or BundleSettings(organization=organization)


def propose_tier(organization, count):
    with tenant_context(organization):
        tiers = list(BundleTier.objects.for_org(organization).order_by("members"))
    return rules.smallest_covering_tier(tiers, count) if count else None


def registrations_of(membership):
    counts = {f"n_{s.value}": Count("members", filter=Q(members__status=s)) for s in MemberStatus}
    found = (
        Registration.objects.for_org(membership.organization_id)
        .select_related("tier", "branch")
        .annotate(n_members=Count("members"), **counts)
    )
    return in_scope(found, membership)


def registration_get(membership, registration_id):
    return one_or_404(
        in_scope(Registration.objects.for_org(membership.organization_id), membership),
        pk=registration_id,
    )


def registration_by_form_number(membership, form_number):
    """The network of this paper form, among those the person may see; None if none."""
    return (
        in_scope(Registration.objects.for_org(membership.organization_id), membership)
        .filter(form_number=(form_number or "").strip())
        .first()
    )


def members_of(registration):
    return (
        BundleMember.objects.for_org(registration.organization_id)
        .filter(registration=registration)
        .order_by("short_number", "pk")
    )


def coupons_of(registration):
    return (
        Coupon.objects.for_org(registration.organization_id)
        .filter(registration=registration)
        .select_related("member")
        .order_by("pk")
    )


def activation_queue(membership):
    found = (
        BundleMember.objects.for_org(membership.organization_id)
        .filter(status=MemberStatus.CONFIRMED)
        .select_related("registration", "registration__branch")
        .order_by("answered_at", "pk")
    )
    return in_scope(found, membership, field="registration__branch")


def members_visible(membership):
    """Every member of the networks the person sees (branch staff: their branch's)."""
    return in_scope(
        BundleMember.objects.for_org(membership.organization_id).select_related("registration"),
        membership,
        field="registration__branch",
    )


def member_get(membership, member_id):
    return one_or_404(members_visible(membership), pk=member_id)


# -- the daily report of members not added --------------------------------------------------


def report_window_of(organization, day):
    settings_row = bundle_settings_of(organization)
    return rules.report_window(day, settings_row.report_time, organization.zoneinfo)


def not_added(organization, day):
    """The members who ended as not added within the day's report window."""
    start, end = report_window_of(organization, day)
    return (
        BundleMember.objects.for_org(organization)
        .filter(status__in=NOT_ADDED, settled_at__gt=start, settled_at__lte=end)
        .select_related("registration", "registration__branch")
        .order_by("registration__branch__name", "registration__form_number", "pk")
    )
