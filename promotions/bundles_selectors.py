"""Reads of the family-network bundle, scoped to the person's branch where it applies."""

from django.db.models import Count, Q

from campaigns.branch_scope import in_scope
from campaigns.tenancy import one_or_404

from .models import BundleMember, BundleTier, Coupon, MemberStatus, Registration


def tiers_of(organization):
    return BundleTier.objects.for_org(organization).order_by("members")


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


def member_get(membership, member_id):
    found = in_scope(
        BundleMember.objects.for_org(membership.organization_id).select_related("registration"),
        membership,
        field="registration__branch",
    )
    return one_or_404(found, pk=member_id)
