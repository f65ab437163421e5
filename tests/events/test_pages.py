"""The event-day pages: each renders for the roles that may see it, and the desk's forms
do what they say (or show what is wrong, in English here)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.tenancy import tenant_context
from promotions.events.models import Guest, Signing

from .conftest import mobiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, desk, in_english):
    client.force_login(desk.manager.user)
    return client


def url(desk, name, **kwargs):
    return reverse(name, kwargs={"org_slug": desk.org.slug, "event_id": desk.event.pk, **kwargs})


def test_every_event_page_renders(manager, desk):
    guest = desk.guest(mobiles(1)[0], name="王女士", community="阳光花园")
    signing = desk.sign(guest, "86000")
    for name, kwargs in [
        ("event_detail", {}),
        ("event_settings", {}),
        ("event_dashboard", {}),
        ("event_desk", {}),
        ("event_guests", {}),
        ("event_guest_new", {}),
        ("event_guest_import", {}),
        ("event_guest", {"guest_id": guest.pk}),
        ("event_signings", {}),
        ("event_signing", {"signing_id": signing.pk}),
    ]:
        response = manager.get(url(desk, name, **kwargs))
        assert response.status_code == 200, name
    response = manager.get(reverse("event_list", kwargs={"org_slug": desk.org.slug}))
    assert response.status_code == 200 and "新春装修节" in response.content.decode()


def test_start_an_event_from_the_list(manager, desk):
    from campaigns.plans import services as plan_services

    plan = plan_services.plan_create(
        organization=desk.org, actor=desk.manager.user, title="电信日", template_key="telecom_day"
    )
    response = manager.post(
        reverse("event_list", kwargs={"org_slug": desk.org.slug}),
        {"plan": plan.pk, "date": "2027-05-17", "venue": "兆康广场", "target_attendance": 8000},
    )
    assert response.status_code == 302
    bad = manager.post(
        reverse("event_list", kwargs={"org_slug": desk.org.slug}),
        {"plan": plan.pk, "date": "2027-05-17", "target_attendance": 1},
    )
    assert bad.status_code == 400 and "already runs an event" in bad.content.decode()


def test_the_door_checks_in_by_mobile_then_says_when(manager, desk):
    guest = desk.guest(mobiles(1)[0])
    first = manager.post(url(desk, "event_desk"), {"mobile": guest.mobile})
    assert first.status_code == 200 and "Checked in." in first.content.decode()
    again = manager.post(url(desk, "event_desk"), {"mobile": guest.code})
    assert "Already checked in at" in again.content.decode()
    unknown = manager.post(url(desk, "event_desk"), {"mobile": "13700000000"})
    assert unknown.status_code == 400 and "walk-in" in unknown.content.decode()
    bad = manager.post(url(desk, "event_desk"), {"mobile": "123"})
    assert bad.status_code == 400 and "not a mainland mobile" in bad.content.decode()


def test_register_a_guest_then_find_them_again(manager, desk):
    response = manager.post(
        url(desk, "event_guest_new"), {"mobile": "13912345678", "name": "李先生"}
    )
    with tenant_context(desk.org):
        guest = Guest.objects.get(mobile="13912345678")
    assert response.status_code == 302 and response.url.endswith(f"/guests/{guest.pk}/")
    again = manager.post(url(desk, "event_guest_new"), {"mobile": "139 1234 5678"}, follow=True)
    assert "already registered" in again.content.decode()
    bad = manager.post(url(desk, "event_guest_new"), {"mobile": "12345"})
    assert bad.status_code == 400 and "not a mainland mobile" in bad.content.decode()


def test_guest_qr_code_is_an_svg(manager, desk):
    guest = desk.guest(mobiles(1)[0])
    response = manager.get(url(desk, "event_guest_qr", guest_id=guest.pk))
    assert response["Content-Type"] == "image/svg+xml" and response.content.startswith(b"<svg")


def test_sign_on_the_page_shows_the_calculation_and_refuses_absurd_totals(manager, desk):
    guest = desk.guest(mobiles(1)[0])
    bad = manager.post(url(desk, "event_signing_new", guest_id=guest.pk), {"contract_total": "-1"})
    assert bad.status_code == 400 and "cannot be negative" in bad.content.decode()
    response = manager.post(
        url(desk, "event_signing_new", guest_id=guest.pk), {"contract_total": "86000"}
    )
    with tenant_context(desk.org):
        signing = Signing.objects.get(guest=guest)
    assert response.status_code == 302
    page = manager.get(url(desk, "event_signing", signing_id=signing.pk)).content.decode()
    assert "Signing discount 9.5折 (5 % off)" in page and "81700.00" in page
    assert "前30名砸金蛋: place no. 1" in page


def test_correct_with_a_stale_version_is_a_conflict_and_void_needs_a_reason(manager, desk):
    signing = desk.sign(desk.guest(mobiles(1)[0]), "50000")
    ok = manager.post(
        url(desk, "event_signing_correct", signing_id=signing.pk),
        {"contract_total": "60000", "version": signing.version},
    )
    assert ok.status_code == 302
    stale = manager.post(
        url(desk, "event_signing_correct", signing_id=signing.pk),
        {"contract_total": "70000", "version": signing.version},
    )
    assert stale.status_code == 409 and "Someone else saved this first" in stale.content.decode()
    no_reason = manager.post(
        url(desk, "event_signing_void", signing_id=signing.pk), {"void_reason": ""}
    )
    assert no_reason.status_code == 400
    voided = manager.post(
        url(desk, "event_signing_void", signing_id=signing.pk), {"void_reason": "退单"}
    )
    assert voided.status_code == 302


def test_branch_staff_work_the_desk_but_cannot_void_or_change_settings(client, desk, in_english):
    client.force_login(desk.staff.user)
    signing = desk.sign(desk.guest(mobiles(1)[0]))
    assert client.get(url(desk, "event_desk")).status_code == 200
    assert client.get(url(desk, "event_settings")).status_code == 403
    assert (
        client.post(
            url(desk, "event_signing_void", signing_id=signing.pk), {"void_reason": "x"}
        ).status_code
        == 403
    )


def test_import_page_checks_then_imports(manager, desk):
    """The upload only queues the job; the import's page shows the job's state, then the
    bad rows by line, and imports the checked file's valid rows."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campaigns import jobs
    from promotions.events.models import GuestImport

    def run_latest():
        with tenant_context(desk.org):
            guest_import = GuestImport.objects.filter(event=desk.event).first()
        jobs.job_run(organization_id=desk.org.pk, job_id=guest_import.job_id)
        return guest_import

    data = "手机,姓名\n13912340001,张三\n123,坏行\n".encode("gbk")
    check = manager.post(
        url(desk, "event_guest_import"), {"file": SimpleUploadedFile("g.csv", data), "commit": "0"}
    )
    assert check.status_code == 302
    queued = manager.get(check["Location"]).content.decode()
    assert 'data-status="queued"' in queued and "Queued" in queued
    run_latest()
    page = manager.get(check["Location"]).content.decode()
    assert "1 new guests, 0 already registered, 1 rows with errors." in page
    assert "<td>3</td>" in page  # the bad row by its line
    commit_url = check["Location"] + "commit/"
    assert manager.post(commit_url).status_code == 302
    run_latest()
    with tenant_context(desk.org):
        assert Guest.objects.filter(event=desk.event).count() == 1
    done = manager.get(check["Location"]).content.decode()
    assert "1 guests added; 0 were already registered; 1 rows left out." in done


def test_an_unreadable_upload_is_refused_in_the_request_with_nothing_stored(manager, desk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from promotions.events.models import GuestImport

    answer = manager.post(
        url(desk, "event_guest_import"),
        {"file": SimpleUploadedFile("g.pdf", b"%PDF-1.4 ..."), "commit": "0"},
    )
    assert answer.status_code == 400
    assert "Upload the guest list as a CSV or Excel (.xlsx) file." in answer.content.decode()
    with tenant_context(desk.org):
        assert not GuestImport.objects.exists()


def test_settings_take_the_discount_as_zhe_or_percent(manager, desk):
    data = {
        "date": desk.today.isoformat(),
        "last_day": desk.today.isoformat(),
        "ends_at": "18:00",
        "venue": "会展中心",
        "target_attendance": 300,
        "card_price": "99",
        "card_gift_value": "100",
        "card_deduction": "1000",
        "discount_zhe": "12%",
        "group_voucher_value": "500",
        "group_min_size": 2,
        "group_scope": "same_day",
    }
    assert manager.post(url(desk, "event_settings"), data).status_code == 302
    with tenant_context(desk.org):
        desk.event.refresh_from_db()
    assert desk.event.discount_zhe == Decimal("8.8")
    bad = manager.post(url(desk, "event_settings"), {**data, "discount_zhe": "0.5"})
    assert bad.status_code == 400 and "Write the discount as 折" in bad.content.decode()
    moved = manager.post(
        url(desk, "event_settings"),
        {
            **data,
            "date": (desk.today + datetime.timedelta(days=9)).isoformat(),
            "last_day": (desk.today + datetime.timedelta(days=9)).isoformat(),
        },
    )
    assert moved.status_code == 302


def test_the_guest_page_saves_the_guest(manager, desk):
    guest = desk.guest(mobiles(1)[0])
    done = manager.post(url(desk, "event_guest_edit", guest_id=guest.pk), {"name": "赵女士"})
    assert done.status_code == 302
    with tenant_context(desk.org):
        guest.refresh_from_db()
    assert guest.name == "赵女士"
