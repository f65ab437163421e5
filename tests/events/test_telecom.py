"""Telecom Day items 1–4 without a worker: the customers to invite (import, bad rows by
line), invitations with consent (opted-out numbers skipped and counted, a 退订 after
queueing stops the send, sending hours), quotas and pre-orders (never for another
employee), the ranking and its daily PDF (text extracted), attendance by source and hour,
pages and API across tenants and roles."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader

from campaigns.jobs import job_run
from campaigns.models import Job, Membership
from campaigns.sms import optout
from campaigns.sms.inbound import sms_receive
from campaigns.sms.models import SmsMessage, SmsOptOut
from campaigns.sms.rules import is_opt_out, next_sending_time
from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import Guest, Invitation, InvitationCampaign, RankingReport
from promotions.events.selectors import telecom as telecom_selectors
from promotions.events.services import invitations, quotas
from tests.sms_support import eager  # noqa: F401  (a fixture)

from .telecom_support import TelecomDesk, csv_of, mobiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def tel(db, eager):  # noqa: F811
    with translation.override("en"):
        yield TelecomDesk()


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def _api(client, member):
    client.force_login(member.user)
    return client


# -- rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["退订", "TD", "td", "T", "ｔｄ", " 退订。", "【TD】"])
def test_opt_out_words_are_read_tolerantly(text):
    assert is_opt_out(text)


@pytest.mark.parametrize("text", ["是", "Y", "TDD", "退订了吗", "", "Tea"])
def test_other_words_are_not_opt_outs(text):
    assert not is_opt_out(text)


def test_next_sending_time_waits_for_the_opening():
    zone = datetime.timezone(datetime.timedelta(hours=8))
    at = datetime.datetime(2026, 5, 7, 22, 30, tzinfo=zone)
    start, end = datetime.time(8, 0), datetime.time(21, 0)
    assert next_sending_time(at, start, end) == datetime.datetime(2026, 5, 8, 8, 0, tzinfo=zone)
    early = at.replace(hour=6)
    assert next_sending_time(early, start, end) == early.replace(hour=8, minute=0)
    inside = at.replace(hour=12)
    assert next_sending_time(inside, start, end) == inside


# -- item 1: customers to invite ----------------------------------------------------------------


def test_import_of_customers_to_invite_lists_bad_rows_by_line(tel):
    data = csv_of(mobiles(3), extra_rows=["12345,坏号码", "13812340001,重复"])
    dry = invitations.invitees_import(
        organization=tel.org, event=tel.event, data=data, name="invite.csv"
    )
    assert [line for line, _m in dry.errors] == [5, 6]
    assert "not a mainland mobile" in dry.errors[0][1]
    assert "already on line 3" in dry.errors[1][1]
    report = invitations.invitees_import(
        organization=tel.org, event=tel.event, data=data, name="invite.csv", commit=True
    )
    assert len(report.new) == 3
    assert telecom_selectors.sms_invitees_count(tel.org, tel.event) == 3


def test_import_reads_gbk(tel):
    data = "手机,姓名\n13812340000,张三\n".encode("gbk")
    report = invitations.invitees_import(
        organization=tel.org, event=tel.event, data=data, name="invite.csv", commit=True
    )
    assert len(report.new) == 1 and not report.errors


# -- item 2: invitations with consent ---------------------------------------------------------


def _campaign(tel, name="第一轮"):
    return invitations.invitation_campaign_save(
        organization=tel.org,
        event=tel.event,
        name=name,
        body="{name}您好，电信日凭邀请码{code}入场",
        actor=tel.manager.user,
    )


def _run_jobs(org):
    """Run the queued jobs and send the queued messages here (no commit in these tests)."""
    from campaigns.sms.sending import sms_deliver_batch

    with tenant_context(org):
        ids = list(Job.objects.for_org(org).filter(status="queued").values_list("pk", flat=True))
    for pk in ids:
        job_run(organization_id=org.pk, job_id=pk)
    with tenant_context(org):
        queued = list(
            SmsMessage.objects.for_org(org).filter(status="queued").values_list("pk", flat=True)
        )
    sms_deliver_batch(organization_id=org.pk, message_ids=queued)


def test_opted_out_number_is_skipped_and_counted(tel):
    numbers = mobiles(5)
    invitations.invitees_import(
        organization=tel.org, event=tel.event, data=csv_of(numbers), name="i.csv", commit=True
    )
    sms_receive(organization=tel.org, phone=numbers[2], text="TD")
    with tenant_context(tel.org):
        assert SmsOptOut.objects.for_org(tel.org).filter(phone=numbers[2]).exists()
    campaign = invitations.invitation_campaign_send(
        organization=tel.org, campaign=_campaign(tel), actor=tel.manager.user
    )
    _run_jobs(tel.org)
    with tenant_context(tel.org):
        campaign.refresh_from_db()
    stats = telecom_selectors.campaign_stats(tel.org, campaign)
    assert stats["invited"] == 5 and stats["opted_out"] == 1
    assert stats["delivered"] == 4 and campaign.status == InvitationCampaign.Status.SENT
    with tenant_context(tel.org):
        sent_to = set(
            SmsMessage.objects.for_org(tel.org)
            .filter(purpose="events.invitation")
            .values_list("phone", flat=True)
        )
        codes = {i.guest.code for i in Invitation.objects.for_org(tel.org).select_related("guest")}
        bodies = list(SmsMessage.objects.for_org(tel.org).filter(purpose="events.invitation"))
    assert numbers[2] not in sent_to and len(sent_to) == 4
    assert all(any(code in m.body for code in codes) for m in bodies)


def test_a_rerun_of_the_fan_out_invites_only_the_guests_left(tel, monkeypatch):
    """A run that stopped half-way (a lost worker) is run again: the guests invited by the
    first run are not invited twice, the others are, each once."""
    numbers = mobiles(7)
    invitations.invitees_import(
        organization=tel.org, event=tel.event, data=csv_of(numbers), name="i.csv", commit=True
    )
    campaign = _campaign(tel)
    monkeypatch.setattr(invitations, "CHUNK", 3)
    with tenant_context(tel.org):  # the first run wrote guests 2 and 4 (of the file's order)
        guests = list(Guest.objects.for_org(tel.org).filter(event=tel.event).order_by("pk"))
        Invitation.objects.bulk_create(
            Invitation(organization=tel.org, campaign=campaign, guest=g, opted_out=True)
            for g in (guests[1], guests[3])
        )
    outcome = invitations.invitations_write(tel.org, campaign)
    assert outcome == {"queued": 5, "skipped_opted_out": 0}
    with tenant_context(tel.org):
        invited = list(
            Invitation.objects.for_org(tel.org)
            .filter(campaign=campaign)
            .values_list("guest_id", flat=True)
        )
    assert sorted(invited) == sorted(g.pk for g in guests)  # every guest once


def test_an_opt_out_arriving_after_queueing_stops_the_send(tel):
    """The campaign's messages are queued (the test's transaction never commits, so no
    task runs them); a 退订 comes in; then the worker's batch runs: that one is not sent."""
    numbers = mobiles(3)
    invitations.invitees_import(
        organization=tel.org, event=tel.event, data=csv_of(numbers), name="i.csv", commit=True
    )
    campaign = invitations.invitation_campaign_send(
        organization=tel.org, campaign=_campaign(tel), actor=tel.manager.user
    )
    job_run(organization_id=tel.org.pk, job_id=campaign.job_id)
    optout.opt_out_record(organization=tel.org, phone=numbers[1])
    from campaigns.sms.sending import sms_deliver_batch

    with tenant_context(tel.org):
        ids = list(
            SmsMessage.objects.for_org(tel.org)
            .filter(purpose="events.invitation")
            .values_list("pk", flat=True)
        )
    sms_deliver_batch(organization_id=tel.org.pk, message_ids=ids)
    with tenant_context(tel.org):
        status = dict(
            SmsMessage.objects.for_org(tel.org)
            .filter(purpose="events.invitation")
            .values_list("phone", "status")
        )
    assert status == {numbers[0]: "delivered", numbers[1]: "opted_out", numbers[2]: "delivered"}
    assert telecom_selectors.campaign_stats(tel.org, campaign)["opted_out"] == 1


def test_outside_the_sending_hours_a_campaign_waits(tel):
    from campaigns.sms.models import SmsSettings

    with tenant_context(tel.org):
        SmsSettings.objects.filter(organization=tel.org).update(
            sending_from=datetime.time(8, 0), sending_until=datetime.time(21, 0)
        )
    invitations.invitees_import(
        organization=tel.org, event=tel.event, data=csv_of(mobiles(2)), name="i.csv", commit=True
    )
    zone = tel.org.zoneinfo
    night = timezone.localtime(timezone.now(), zone).replace(hour=23, minute=0)
    campaign = invitations.invitation_campaign_send(
        organization=tel.org, campaign=_campaign(tel), now=night
    )
    assert campaign.status == InvitationCampaign.Status.SCHEDULED
    assert timezone.localtime(campaign.send_after, zone).hour == 8
    assert invitations.invitation_campaigns_due(now=night) == []
    started = invitations.invitation_campaigns_due(now=campaign.send_after)
    assert [c.pk for c in started] == [campaign.pk]


def test_campaign_text_needs_the_code_and_sending_twice_is_refused(tel):
    with pytest.raises(ValidationError) as exc:
        invitations.invitation_campaign_save(
            organization=tel.org, event=tel.event, name="x", body="电信日见"
        )
    assert "{code}" in exc.value.message_dict["body"][0]
    with pytest.raises(ValidationError) as exc:
        invitations.invitation_campaign_save(
            organization=tel.org, event=tel.event, name="x", body="{code} {phone}"
        )
    assert "{phone}" in exc.value.message_dict["body"][0]
    campaign = invitations.invitation_campaign_send(organization=tel.org, campaign=_campaign(tel))
    with pytest.raises(ValidationError, match="already"):
        invitations.invitation_campaign_send(organization=tel.org, campaign=campaign)


# -- item 3: quotas, pre-orders, the ranking and its PDF ---------------------------------------


def test_a_pre_order_for_another_employee_is_refused(tel):
    with pytest.raises(ValidationError) as exc:
        quotas.preorder_record(
            organization=tel.org,
            event=tel.event,
            actor=tel.staff.user,
            staff=tel.staff2.user,
            customer="王五",
            product="宽带融合套餐",
            amount=Decimal("1200"),
        )
    assert "only for yourself" in exc.value.message_dict["staff"][0]
    with tenant_context(tel.org):
        assert not telecom_selectors.preorders_query(tel.org, tel.event).exists()


def _ranked(tel):
    for member, target in ((tel.staff, "10000"), (tel.staff2, "5000")):
        quotas.quota_save(
            organization=tel.org,
            event=tel.event,
            member=member.user,
            data={
                "guests_to_bring": 100,
                "expected_show_percent": Decimal("60"),
                "sales_target": Decimal(target),
                "reward_rule": "超额奖励每单50元",
            },
        )
    for actor, amount in ((tel.staff, "1200"), (tel.staff2, "3000"), (tel.staff, "800")):
        quotas.preorder_record(
            organization=tel.org,
            event=tel.event,
            actor=actor.user,
            customer="客户",
            product="天翼手机",
            amount=Decimal(amount),
        )
    quotas.staff_invite(
        organization=tel.org, event=tel.event, actor=tel.staff.user, mobile="13912340001"
    )


def test_the_ranking_orders_by_amount_against_the_target(tel):
    _ranked(tel)
    ranking = telecom_selectors.preorder_ranking(tel.org, tel.event)
    rows = [(r["rank"], r["user_id"], r["amount"], r["target_percent"]) for r in ranking["rows"]]
    assert rows == [
        (1, tel.staff2.user_id, Decimal("3000"), Decimal("60.0")),
        (2, tel.staff.user_id, Decimal("2000"), Decimal("20.0")),
    ]
    assert ranking["rows"][1]["invited"] == 1 and ranking["total_amount"] == Decimal("5000")


def test_desk_sales_count_toward_the_sales_target_not_the_ranking(tel):
    """Item 8: a sale at the sign-up desk counts toward its employee's sales target; the
    pre-order ranking still orders by pre-orders."""
    from promotions.events.services import desk_sales

    _ranked(tel)  # targets 5,000 (staff2) and 10,000 (staff); pre-orders 3,000 and 2,000
    guest, _created = services.guest_register(
        organization=tel.org, event=tel.event, mobile="13912349999"
    )
    with tenant_context(tel.org):
        staff = Membership.objects.select_related("user").get(pk=tel.staff.pk)
    desk_sales.desk_sale_record(
        organization=tel.org,
        membership=staff,
        event=tel.event,
        guest=guest,
        line="bundle",
        amount=Decimal("3000"),
    )
    rows = {r["user_id"]: r for r in telecom_selectors.preorder_ranking(tel.org, tel.event)["rows"]}
    mine = rows[tel.staff.user_id]
    assert (mine["amount"], mine["desk_amount"], mine["toward_target"]) == (
        Decimal("2000"),
        Decimal("3000"),
        Decimal("5000"),
    )
    assert mine["target_percent"] == Decimal("50.0") and mine["rank"] == 2
    assert rows[tel.staff2.user_id]["desk_amount"] == Decimal("0")


def test_the_ranking_is_closed_before_t_minus_5(db):
    with translation.override("en"):
        far = TelecomDesk(days_ahead=9)
    assert not telecom_selectors.ranking_open(far.org, far.event)
    assert telecom_selectors.ranking_open(
        far.org, far.event, today=far.event.date - datetime.timedelta(days=5)
    )


def test_the_daily_ranking_pdf_is_made_and_mailed_to_the_managers(tel):
    _ranked(tel)
    tel.manager.user.email = "manager@example.cn"
    tel.manager.user.save()
    zone = tel.org.zoneinfo
    morning = timezone.localtime(timezone.now(), zone).replace(hour=9, minute=0)
    reports = quotas.ranking_reports_due(now=morning)
    assert len(reports) == 1
    assert quotas.ranking_reports_due(now=morning) == []  # once a day
    _run_jobs(tel.org)
    with tenant_context(tel.org):
        report = RankingReport.objects.for_org(tel.org).get(pk=reports[0].pk)
    assert report.file
    text = _pdf_text(report.file.read())
    assert "Pre-orderranking" in text
    staff2 = tel.staff2.user.get_full_name() or tel.staff2.user.get_username()
    assert "".join(staff2.split()) in text
    assert "3000.00" in text and "5000.00" in text and "60.0%" in text
    assert text.index("3000.00") < text.index("2000.00")  # first place first
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["manager@example.cn"]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_the_event_report_pdf_carries_the_ranking(tel):
    _ranked(tel)
    services.event_report_request(organization=tel.org, event=tel.event)
    _run_jobs(tel.org)
    from promotions.events.models import EventReport

    with tenant_context(tel.org):
        report = EventReport.objects.for_org(tel.org).get()
    text = _pdf_text(report.file.read())
    assert "Personalpre-orderranking" in text and "3000.00" in text


# -- item 4: attendance ---------------------------------------------------------------------


def test_attendance_by_source_and_hour(tel):
    invitations.invitees_import(
        organization=tel.org, event=tel.event, data=csv_of(mobiles(2)), name="i.csv", commit=True
    )
    quotas.staff_invite(
        organization=tel.org, event=tel.event, actor=tel.staff.user, mobile="13912340001"
    )
    for mobile in [*mobiles(2), "13912340001"]:
        services.guest_check_in(organization=tel.org, event=tel.event, mobile=mobile)
    services.guest_check_in(
        organization=tel.org, event=tel.event, mobile="13712340009", walk_in=True
    )
    board = telecom_selectors.attendance_breakdown(tel.org, tel.event)
    assert board["sources"] == {"sms": 2, "staff": 1, "walk_in": 1, "other": 0}
    assert board["checked_in"] == 4 and board["to_go"] == 7996
    assert sum(h["count"] for h in board["hours"]) == 4


# -- API, pages, tenants, roles -------------------------------------------------------------


def test_api_pre_order_for_another_is_a_400_on_staff(tel, client):
    url = f"/api/v1/{tel.org.slug}/events/{tel.event.pk}/pre-orders/"
    api = _api(client, tel.staff)
    answer = api.post(
        url,
        {"customer": "王五", "product": "宽带", "amount": "1200", "staff": tel.staff2.user_id},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "staff" in answer.json()
    answer = api.post(
        url,
        {"customer": "王五", "product": "宽带", "amount": "abc"},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "amount" in answer.json()
    answer = api.post(
        url,
        {"customer": "王五", "product": "宽带", "amount": "1200.50"},
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["amount"] == "1200.50"
    listed = api.get(url).json()
    assert listed["count"] == 1


def test_api_roles_and_tenants(tel, client):
    other = TelecomDesk()
    base = f"/api/v1/{tel.org.slug}/events/{tel.event.pk}/"
    campaign = _campaign(tel)
    manager_only = ["invitation-campaigns/", f"invitation-campaigns/{campaign.pk}/"]
    everyone = ["quotas/", "pre-orders/", "ranking/", "attendance/"]
    client.force_login(tel.staff.user)
    for path in manager_only:
        assert client.get(base + path).status_code == 403, path
    for path in everyone:
        assert client.get(base + path).status_code == 200, path
    assert (
        client.post(
            base + "quotas/",
            {
                "member": tel.staff.user_id,
                "guests_to_bring": 1,
                "expected_show_percent": "50",
                "sales_target": "1",
            },
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(tel.admin.user)
    assert (
        client.post(
            base + "pre-orders/",
            {"customer": "a", "product": "b", "amount": "1"},
            content_type="application/json",
        ).status_code
        == 403
    )
    # Another organization's manager: the event is not there (404), nor the campaign.
    client.force_login(other.manager.user)
    other_base = f"/api/v1/{other.org.slug}/events/{tel.event.pk}/"
    for path in [*manager_only, *everyone]:
        assert client.get(other_base + path).status_code == 404, path
    inside = f"/api/v1/{other.org.slug}/events/{other.event.pk}/invitation-campaigns/{campaign.pk}/"
    assert client.get(inside).status_code == 404
    # A member of one organization only cannot reach the other's routes at all.
    assert client.get(base + "ranking/").status_code in (403, 404)


def test_api_quota_and_campaign_field_errors(tel, client):
    base = f"/api/v1/{tel.org.slug}/events/{tel.event.pk}/"
    client.force_login(tel.manager.user)
    answer = client.post(
        base + "quotas/",
        {
            "member": 999999,
            "guests_to_bring": -1,
            "expected_show_percent": "150",
            "sales_target": "1e10",
        },
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert {"guests_to_bring", "expected_show_percent", "sales_target"} <= set(answer.json())
    answer = client.post(
        base + "quotas/",
        {
            "member": tel.staff.user_id,
            "guests_to_bring": 80,
            "expected_show_percent": "60",
            "sales_target": "20000.00",
            "reward_rule": "未完成扣100",
        },
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["sales_target"] == "20000.00"
    answer = client.post(
        base + "invitation-campaigns/",
        {"name": "x", "body": "no code here"},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "body" in answer.json()
    answer = client.post(
        base + "invitation-campaigns/",
        {"name": "x", "body": "码{code}"},
        content_type="application/json",
    )
    assert answer.status_code == 201
    sent = client.post(base + f"invitation-campaigns/{answer.json()['id']}/send/")
    assert sent.status_code == 200 and sent.json()["status"] in ("sending", "sent")


def test_pages_for_each_role(tel, client):
    base = f"/{tel.org.slug}/events/{tel.event.pk}/"
    campaign = _campaign(tel)
    pages = ["telecom/", "quotas/", "pre-orders/", "ranking/", "big-screen/", "big-screen/live/"]
    for member in (tel.manager, tel.staff, tel.admin):
        client.force_login(member.user)
        for path in pages:
            assert client.get(base + path).status_code == 200, (member.role, path)
    client.force_login(tel.staff.user)
    assert client.get(base + "invitations/").status_code == 403
    assert client.get(base + f"invitations/{campaign.pk}/").status_code == 403
    assert client.get(base + "mine/").status_code == 200
    answer = client.post(
        base + "mine/", {"form": "preorder", "customer": "李四", "product": "宽带", "amount": "0"}
    )
    assert answer.status_code == 400
    client.force_login(tel.admin.user)
    assert client.get(base + "mine/").status_code == 403
    client.force_login(tel.manager.user)
    assert client.get(base + f"invitations/{campaign.pk}/").status_code == 200
    other = TelecomDesk()
    client.force_login(other.manager.user)
    assert client.get(f"/{other.org.slug}/events/{tel.event.pk}/telecom/").status_code == 404
    inside = f"/{other.org.slug}/events/{other.event.pk}/invitations/{campaign.pk}/"
    assert client.get(inside).status_code == 404


def test_admins_set_the_sending_hours_on_the_outbox_page(tel, client):
    from campaigns.sms.models import SmsSettings

    client.force_login(tel.admin.user)
    assert b"sms-hours" in client.get(f"/{tel.org.slug}/sms/").content
    answer = client.post(
        f"/{tel.org.slug}/sms/hours/", {"sending_from": "09:00", "sending_until": "20:30"}
    )
    assert answer.status_code == 302
    with tenant_context(tel.org):
        row = SmsSettings.objects.for_org(tel.org).get()
    assert (row.sending_from, row.sending_until) == (datetime.time(9, 0), datetime.time(20, 30))
    client.force_login(tel.staff.user)
    assert (
        client.post(
            f"/{tel.org.slug}/sms/hours/", {"sending_from": "00:00", "sending_until": "23:00"}
        ).status_code
        == 403
    )
