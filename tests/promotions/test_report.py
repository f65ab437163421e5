"""The daily 16:00 report (organization time zone) of members not added, with the
reason: its page, its XLSX (read back with openpyxl), and the e-mail to the office."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from campaigns.models import Job
from campaigns.sms import inbound
from campaigns.tenancy import tenant_context
from promotions.bundles import selectors as bundles_selectors
from promotions.bundles import services as bundles_services
from promotions.models import BundleDailyReport, BundleMember

from .conftest import member_list

pytestmark = pytest.mark.django_db


def _settle_some(desk):
    """One rejected, one declined, one failed, the rest expired 73 hours later."""
    desk.register(member_list(10))
    members = member_list(10, start=40)
    members[0]["phone"] = "13800000009"
    desk.register(members, form_number="F-002")
    inbound.sms_receive(organization=desk.org, phone="13800000000", text="否")
    inbound.sms_receive(organization=desk.org, phone="13800000001", text="是")
    with tenant_context(desk.org):
        member = BundleMember.objects.get(phone="13800000001")
    bundles_services.member_activation_fail(
        organization=desk.org, membership=desk.staff, member=member, reason="号码已停机"
    )


def _report_day(desk):
    """The report day whose window holds now (after 16:00 it is tomorrow's)."""
    local = timezone.localtime(timezone.now(), desk.org.zoneinfo)
    return local.date() + timedelta(days=1) if local.time() >= time(16) else local.date()


def test_the_report_lists_who_was_not_added_with_the_reason(desk):
    _settle_some(desk)
    with tenant_context(desk.org):
        rows = [
            (m.registration.form_number, m.phone, m.status, m.reason)
            for m in bundles_selectors.not_added(desk.org, _report_day(desk))
        ]
    assert rows == [
        ("F-001", "13800000000", "declined", "Declined by SMS."),
        ("F-001", "13800000001", "failed", "号码已停机"),
        ("F-002", "13800000009", "rejected", "Already in another family network."),
    ]


def test_the_xlsx_reads_back(client, desk):
    _settle_some(desk)
    day = _report_day(desk)
    manager = desk.manager
    client.force_login(manager.user)
    response = client.get(f"/{desk.org.slug}/bundles/report/xlsx/", {"day": day.isoformat()})
    assert response["Content-Disposition"] == (
        f'attachment; filename="family-network-not-added-{day.isoformat()}.xlsx"'
    )
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Form number",
        "Branch or channel",
        "Initiator",
        "Mobile number",
        "Short number",
        "Status",
        "Reason",
        "Time",
    ]
    assert [r[:7] for r in rows[1:]] == [
        [
            "F-001",
            "城区营业部",
            "13900000000",
            "13800000000",
            661001,
            "Declined",
            "Declined by SMS.",
        ],
        [
            "F-001",
            "城区营业部",
            "13900000000",
            "13800000001",
            661002,
            "Activation failed",
            "号码已停机",
        ],
        [
            "F-002",
            "城区营业部",
            "13900000000",
            "13800000009",
            661001,
            "Rejected: in another network",
            "Already in another family network.",
        ],
    ]
    page = client.get(f"/{desk.org.slug}/bundles/report/", {"day": day.isoformat()})
    assert "138****0009" in page.content.decode() and "13800000009" not in page.content.decode()


def test_at_16_00_org_time_the_report_is_queued_once_and_emailed(
    desk, eager, django_capture_on_commit_callbacks
):
    _settle_some(desk)
    bundles_services.bundle_settings_save(
        organization=desk.org, group_office_email="jtkh@example.cn", report_time=time(16, 0)
    )
    day = _report_day(desk)
    zone = desk.org.zoneinfo
    before = datetime.combine(day, time(15, 59), tzinfo=zone)
    at = datetime.combine(day, time(16, 1), tzinfo=zone)
    assert bundles_services.daily_reports_due(now=before) == []
    with django_capture_on_commit_callbacks(execute=True):
        [report] = bundles_services.daily_reports_due(now=at)
    assert bundles_services.daily_reports_due(now=at + timedelta(minutes=5)) == []
    with tenant_context(desk.org):
        report = BundleDailyReport.objects.get(pk=report.pk)
        assert Job.objects.get(pk=report.job_id).status == "done"
    assert (report.day, report.rows, report.emailed_to) == (day, 3, "jtkh@example.cn")
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == (
        ["jtkh@example.cn"],
        f"Family networks: members not added, {day}",
    )
    name, content, _kind = sent.attachments[0]
    assert name == f"family-network-not-added-{day}.xlsx"
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    assert len(list(sheet.iter_rows(values_only=True))) == 4


def test_the_schedule_follows_the_org_time_zone(desk, django_capture_on_commit_callbacks):
    from datetime import UTC

    from tests.factories import OrganizationFactory

    london = OrganizationFactory(time_zone="Europe/London")
    at = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 16:30 in Shanghai, 08:30 in London
    with django_capture_on_commit_callbacks(execute=False):
        queued = bundles_services.daily_reports_due(now=at)
    assert [(r.organization_id, r.day.isoformat()) for r in queued] == [(desk.org.pk, "2026-03-02")]
    with django_capture_on_commit_callbacks(execute=False):
        later = bundles_services.daily_reports_due(now=at + timedelta(hours=8))
    assert [(r.organization_id, r.day.isoformat()) for r in later] == [(london.pk, "2026-03-02")]


def test_a_tier_must_cost_members_times_5_times_6(client, desk):
    client.force_login(desk.manager.user)
    url = f"/{desk.org.slug}/bundles/tiers/"
    bad = client.post(url, {"price": "500", "members": "40", "coupons": "18", "commission": "100"})
    assert bad.status_code == 400
    assert "40 members × 5 yuan × 6 months make 1200 yuan, not 500." in bad.content.decode()
    good = client.post(
        url, {"price": "1200", "members": "40", "coupons": "18", "commission": "100"}
    )
    assert good.status_code == 302
    settings_page = client.post(
        url, {"form": "settings", "group_office_email": "not-an-email", "report_time": "16:00"}
    )
    assert settings_page.status_code == 400


def test_the_xlsx_holds_only_the_organizations_own_rows(client, world):
    client.force_login(world.a.members["manager"].user)
    local = timezone.localtime(timezone.now(), world.a.org.zoneinfo)
    day = local.date() + timedelta(days=1) if local.time() >= time(16) else local.date()
    response = client.get("/alpha/bundles/report/xlsx/", {"day": day.isoformat()})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)][1:]
    assert [(r[0], r[6]) for r in rows] == [("alpha-form", "alpha reason")]


def test_a_reason_typed_as_a_formula_comes_out_as_text(
    client, desk, eager, django_capture_on_commit_callbacks
):
    """OWASP's CSV-injection rule, in the page's XLSX and in the e-mailed one."""
    formula = '=HYPERLINK("http://x","x")'
    desk.register(member_list(10))
    inbound.sms_receive(organization=desk.org, phone="13800000001", text="是")
    with tenant_context(desk.org):
        member = BundleMember.objects.get(phone="13800000001")
    bundles_services.member_activation_fail(
        organization=desk.org, membership=desk.staff, member=member, reason=formula
    )
    day = _report_day(desk)
    client.force_login(desk.manager.user)
    response = client.get(f"/{desk.org.slug}/bundles/report/xlsx/", {"day": day.isoformat()})
    bundles_services.bundle_settings_save(
        organization=desk.org, group_office_email="jtkh@example.cn", report_time=time(16, 0)
    )
    at = datetime.combine(day, time(16, 1), tzinfo=desk.org.zoneinfo)
    with django_capture_on_commit_callbacks(execute=True):
        bundles_services.daily_reports_due(now=at)
    [sent] = mail.outbox
    for data in (b"".join(response.streaming_content), sent.attachments[0][1]):
        sheet = load_workbook(io.BytesIO(data)).active
        [reason] = [row[6] for row in sheet.iter_rows(min_row=2) if row[3].value == member.phone]
        assert (reason.value, reason.data_type, reason.quotePrefix) == (formula, "s", True)
