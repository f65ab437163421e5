"""Who may do what with family networks, beyond the matrix walk: branch staff work only on
their own branch's forms and queue; admins read but do not register; the report and the
money pages are for admins and managers."""

import pytest

from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from promotions.models import BundleMember
from tests.factories import MembershipFactory

from .conftest import member_list

pytestmark = pytest.mark.django_db


def test_branch_staff_see_only_their_branchs_forms(client, desk):
    mine = desk.register(member_list(10))
    other = desk.register(
        member_list(10, start=50),
        form_number="F-EAST",
        membership=desk.manager,
        branch=desk.other_branch,
    )
    client.force_login(desk.staff.user)
    listing = client.get(f"/{desk.org.slug}/bundles/").content.decode()
    assert "F-001" in listing and "F-EAST" not in listing
    assert client.get(f"/{desk.org.slug}/bundles/{mine.pk}/").status_code == 200
    assert client.get(f"/{desk.org.slug}/bundles/{other.pk}/").status_code == 404
    with tenant_context(desk.org):
        theirs = BundleMember.objects.filter(registration=other).first()
    from campaigns.sms.inbound import sms_receive

    sms_receive(organization=desk.org, phone=theirs.phone, text="是")
    response = client.post(f"/{desk.org.slug}/bundles/members/{theirs.pk}/activate/")
    assert response.status_code == 404
    with tenant_context(desk.org):
        assert BundleMember.objects.get(pk=theirs.pk).status == "confirmed"


@pytest.mark.parametrize(
    "role,path,status",
    [
        (Role.ADMIN, "bundles/new/", 403),
        (Role.ADMIN, "bundles/", 200),
        (Role.ADMIN, "bundles/report/", 200),
        (Role.ADMIN, "bundles/channels/", 200),
        (Role.BRANCH_STAFF, "bundles/report/", 403),
        (Role.BRANCH_STAFF, "bundles/channels/", 200),
        (Role.BRANCH_STAFF, "bundles/tiers/", 403),
        (Role.BRANCH_STAFF, "sms/", 200),
        (Role.FRANCHISEE, "bundles/", 403),
        (Role.FRANCHISEE, "sms/", 403),
        (Role.MANAGER, "bundles/tiers/", 200),
    ],
)
def test_pages_by_role(client, desk, role, path, status):
    member = MembershipFactory(organization=desk.org, role=role)
    client.force_login(member.user)
    assert client.get(f"/{desk.org.slug}/{path}").status_code == status


def test_an_admin_cannot_redeem_or_register_through_the_api(client, desk):
    from tests.factories import api_token_for

    admin = MembershipFactory(organization=desk.org, role=Role.ADMIN)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token_for(admin.user)}"
    base = f"/api/v1/{desk.org.slug}/bundles/"
    assert client.get(f"{base}registrations/").status_code == 200
    assert (
        client.post(f"{base}registrations/", {}, content_type="application/json").status_code == 403
    )
    assert (
        client.post(f"{base}coupons/redeem/", {}, content_type="application/json").status_code
        == 403
    )
