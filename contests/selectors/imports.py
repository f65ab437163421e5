"""Imports of the policy system's export: the batches a member sees."""

from django.http import Http404

from campaigns.roles import Role
from campaigns.tenancy import one_or_404

from ..models import ImportBatch


def import_batches_visible(membership, contest):
    """The contest's imports; branch staff see only their own (as with their entries)."""
    batches = (
        ImportBatch.objects.for_org(contest.organization_id)
        .filter(contest=contest)
        .select_related("uploaded_by", "job")
    )
    if membership.role == Role.BRANCH_STAFF:
        batches = batches.filter(uploaded_by_id=membership.user_id)
    return batches


def import_batch_get(membership, contest, batch_id):
    """One of the imports the member sees, or 404 (also for an id that is not a number)."""
    try:
        batch_id = int(batch_id)
    except (TypeError, ValueError):
        raise Http404 from None
    return one_or_404(import_batches_visible(membership, contest), pk=batch_id)
