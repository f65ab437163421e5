"""The vendor pages: the list with deposits, a vendor's deposit movements and agreement
scan (served to managers through a view), on-site orders, the event's deposit ledger."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import DepositEntry, Vendor, VendorOrder

from .conftest import mobiles

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 signed agreement"


@pytest.fixture
def manager(client, desk, in_english):
    client.force_login(desk.manager.user)
    return client


@pytest.fixture
def vendor(desk):
    return services.vendor_save(
        organization=desk.org,
        event=desk.event,
        data={"name": "欧派橱柜", "booth": "B2", "deposit_due": Decimal("5000")},
    )


def url(desk, name, **kwargs):
    return reverse(name, kwargs={"org_slug": desk.org.slug, "event_id": desk.event.pk, **kwargs})


def test_vendor_pages_render(manager, desk, vendor):
    for name, kwargs in [
        ("event_vendors", {}),
        ("event_vendor", {"vendor_id": vendor.pk}),
        ("event_vendor_orders", {"vendor_id": vendor.pk}),
        ("event_deposits", {}),
    ]:
        assert manager.get(url(desk, name, **kwargs)).status_code == 200, name


def test_add_a_vendor_with_the_agreement_scan_served_only_through_the_view(manager, desk):
    added = manager.post(
        url(desk, "event_vendors"),
        {
            "name": "马可波罗瓷砖",
            "booth": "A3",
            "deposit_due": "3000",
            "agreement_signed_on": "2026-03-01",
            "agreement_file": SimpleUploadedFile("合同.pdf", PDF, "application/pdf"),
        },
    )
    assert added.status_code == 302
    with tenant_context(desk.org):
        vendor = Vendor.objects.get(event=desk.event, name="马可波罗瓷砖")
    assert vendor.agreement_file.name.startswith("vendor-agreements/")
    assert "合同" not in vendor.agreement_file.name  # a random name, not the upload's
    scan = manager.get(url(desk, "event_vendor_agreement", vendor_id=vendor.pk))
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == PDF
    assert scan["Content-Type"] == "application/pdf"
    # The browser's PDF viewer is a plugin: object-src may be 'self' here, nowhere else.
    assert "object-src 'self'" in scan["Content-Security-Policy"]
    assert "script-src 'self'" in scan["Content-Security-Policy"]
    page = manager.get(url(desk, "event_vendor", vendor_id=vendor.pk)).content.decode()
    assert "/media/" not in page and 'data-testid="agreement-link"' in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("agreement.txt", b"%PDF-1.4 but a text file"),
        ("agreement.pdf", b"MZ\x90\x00 an executable"),
        ("scan.png", b"\xff\xd8\xff a jpeg called png"),
    ],
)
def test_an_agreement_that_is_not_a_pdf_jpeg_or_png_is_refused(manager, desk, name, content):
    refused = manager.post(
        url(desk, "event_vendors"),
        {"name": "X", "agreement_file": SimpleUploadedFile(name, content)},
    )
    assert refused.status_code == 400
    assert "PDF, JPEG or PNG file of at most 10 MB" in refused.content.decode()
    with tenant_context(desk.org):
        assert not Vendor.objects.filter(event=desk.event).exists()


def test_an_agreement_over_10_mb_is_refused(manager, desk, vendor):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    refused = manager.post(
        url(desk, "event_vendor", vendor_id=vendor.pk), {"name": vendor.name, "agreement_file": big}
    )
    assert refused.status_code == 400 and "at most 10 MB" in refused.content.decode()
    with tenant_context(desk.org):
        vendor.refresh_from_db()
    assert not vendor.agreement_file


def test_no_scan_is_404(manager, desk, vendor):
    assert manager.get(url(desk, "event_vendor_agreement", vendor_id=vendor.pk)).status_code == 404


def test_deposit_paid_refunded_kept_with_a_reason_never_more_than_held(manager, desk, vendor):
    deposit = url(desk, "event_vendor_deposit", vendor_id=vendor.pk)
    assert manager.post(deposit, {"kind": "paid", "amount": "5000"}).status_code == 302
    too_much = manager.post(deposit, {"kind": "refunded", "amount": "6000"})
    assert too_much.status_code == 400
    assert "Only 5000.00 of the deposit is held" in too_much.content.decode()
    no_reason = manager.post(deposit, {"kind": "kept", "amount": "1000"})
    assert no_reason.status_code == 400 and "Say why the deposit is kept." in (
        no_reason.content.decode()
    )
    kept = manager.post(deposit, {"kind": "kept", "amount": "1000", "reason": "展位损坏"})
    assert kept.status_code == 302
    assert manager.post(deposit, {"kind": "refunded", "amount": "4000"}).status_code == 302
    with tenant_context(desk.org):
        assert DepositEntry.objects.filter(vendor=vendor).count() == 3
    page = manager.get(url(desk, "event_vendor", vendor_id=vendor.pk)).content.decode()
    assert 'data-testid="held">0.00<' in page and "展位损坏" in page
    ledger = manager.get(url(desk, "event_deposits")).content.decode()
    assert "欧派橱柜" in ledger and "展位损坏" in ledger
    listing = manager.get(url(desk, "event_vendors")).content.decode()
    assert f'data-testid="held-{vendor.pk}">0.00<' in listing


def test_desk_staff_record_orders_by_mobile_but_not_deposits(client, desk, vendor, in_english):
    client.force_login(desk.staff.user)
    guest = desk.guest(mobiles(1)[0], name="王女士")
    orders = url(desk, "event_vendor_orders", vendor_id=vendor.pk)
    done = client.post(orders, {"mobile": guest.mobile, "items": "橱柜 3米", "amount": "12800"})
    assert done.status_code == 302
    unknown = client.post(orders, {"mobile": "13700000000", "items": "x", "amount": "1"})
    assert unknown.status_code == 400 and "register them first" in unknown.content.decode()
    zero = client.post(orders, {"mobile": guest.mobile, "items": "x", "amount": "0"})
    assert zero.status_code == 400
    page = client.get(orders).content.decode()
    assert "1 order, total 12800.00" in page and "王女士" in page
    with tenant_context(desk.org):
        assert VendorOrder.objects.filter(vendor=vendor).count() == 1
    listing = client.get(url(desk, "event_vendors")).content.decode()
    assert "欧派橱柜" in listing and "Deposit due" not in listing
    assert client.get(url(desk, "event_vendor", vendor_id=vendor.pk)).status_code == 403
    assert client.get(url(desk, "event_deposits")).status_code == 403
    assert (
        client.post(
            url(desk, "event_vendor_deposit", vendor_id=vendor.pk),
            {"kind": "paid", "amount": "1"},
        ).status_code
        == 403
    )
    assert client.post(url(desk, "event_vendors"), {"name": "Y"}).status_code == 403
    assert client.get(url(desk, "event_vendor_agreement", vendor_id=vendor.pk)).status_code == 403


def test_a_vendors_own_login_sees_only_its_own_orders(client, desk, vendor, in_english):
    other = services.vendor_save(organization=desk.org, event=desk.event, data={"name": "其他"})
    with tenant_context(desk.org):
        Vendor.objects.filter(pk=vendor.pk).update(user=desk.staff2.user)
    client.force_login(desk.staff2.user)
    assert client.get(url(desk, "event_vendor_orders", vendor_id=vendor.pk)).status_code == 200
    assert client.get(url(desk, "event_vendor_orders", vendor_id=other.pk)).status_code == 404


def test_the_manager_sets_a_vendors_login_on_its_page(client, manager, desk, vendor):
    """The login is chosen among the organization's desk members; another organization's
    user or a franchisee is refused; clearing it takes the vendor's orders back to the desk."""
    from campaigns.roles import Role
    from tests.factories import MembershipFactory, OrganizationFactory

    page = url(desk, "event_vendor", vendor_id=vendor.pk)
    fields = {"name": vendor.name, "booth": "B2", "deposit_due": "5000"}
    form = manager.get(page).content.decode()
    assert f'value="{desk.staff2.user.pk}"' in form
    outsider = MembershipFactory(organization=OrganizationFactory(), role=Role.BRANCH_STAFF)
    franchisee = MembershipFactory(organization=desk.org, role=Role.FRANCHISEE)
    assert f'value="{franchisee.user.pk}"' not in form
    for refused in (outsider.user.pk, franchisee.user.pk, "1e9", "x"):
        answer = manager.post(page, {**fields, "user": refused})
        assert answer.status_code == 400, refused
        assert "Select a valid choice" in answer.content.decode()
    with tenant_context(desk.org):
        assert Vendor.objects.get(pk=vendor.pk).user_id is None

    assert manager.post(page, {**fields, "user": desk.staff2.user.pk}).status_code == 302
    with tenant_context(desk.org):
        assert Vendor.objects.get(pk=vendor.pk).user_id == desk.staff2.user.pk
    assert f'<option value="{desk.staff2.user.pk}" selected' in manager.get(page).content.decode()
    client.force_login(desk.staff2.user)
    other = services.vendor_save(organization=desk.org, event=desk.event, data={"name": "其他"})
    assert client.get(url(desk, "event_vendor_orders", vendor_id=other.pk)).status_code == 404

    client.force_login(desk.manager.user)
    assert client.post(page, {**fields, "user": ""}).status_code == 302
    with tenant_context(desk.org):
        assert Vendor.objects.get(pk=vendor.pk).user_id is None
