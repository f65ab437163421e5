"""The whole SMS path with a real Celery worker consuming from the real Redis: the
confirmations are stored and delivered by the worker, a "是" through the signed webhook
confirms, an unanswered member expires after 72 hours (the clock is moved by passing
`now`, never by sleeping) with the initiator told, and the 16:00 report lists them."""

import time
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.sms.models import SmsMessage
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from promotions import tasks
from promotions.bundles import services as bundles_services
from promotions.models import BundleDailyReport, BundleMember
from tests.sms_support import signed_post

from .conftest import INITIATOR, Desk, member_list

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def _wait_for(check, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_the_whole_sms_path_with_a_real_worker_on_redis(client):
    from celery.contrib.testing.worker import start_worker

    desk = Desk()
    bundles_services.bundle_settings_save(
        organization=desk.org, group_office_email="jtkh@example.cn", report_time=clock(16, 0)
    )
    org = desk.org

    def sms(**filters):
        with tenant_context(org):
            return list(SmsMessage.objects.for_org(org).filter(**filters))

    def statuses():
        with tenant_context(org):
            return dict(BundleMember.objects.for_org(org).values_list("phone", "status"))

    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        desk.register(member_list(10))
        assert _wait_for(lambda: len(sms(status="delivered", purpose="bundle.confirm")) == 10)
        assert all(m.attempts == 1 for m in sms(purpose="bundle.confirm"))

        response = signed_post(
            client, org, [{"phone_number": "13800000000", "content": "是", "sequence_id": 1}]
        )
        assert response.json()["results"][0]["outcome"] == (
            "Confirmed: 661001 joins the activation queue."
        )

        later = timezone.now() + timedelta(hours=72, minutes=5)
        tasks.expire_unconfirmed_members.delay(later.isoformat())
        assert _wait_for(lambda: list(statuses().values()).count("expired") == 9)
        assert _wait_for(lambda: [m.status for m in sms(phone=INITIATOR)] == ["delivered"])
        [told] = sms(phone=INITIATOR)
        assert told.body.startswith("Family network F-001: no answer within 3 days from ")

        local = timezone.localtime(later, org.zoneinfo)
        day = local.date() + timedelta(days=1) if local.time() >= clock(16) else local.date()
        at = datetime.combine(day, clock(16, 1), tzinfo=org.zoneinfo)
        tasks.schedule_daily_reports.delay(at.isoformat())

        def emailed():
            with tenant_context(org):
                return (
                    BundleDailyReport.objects.for_org(org)
                    .filter(day=day, emailed_to="jtkh@example.cn")
                    .first()
                )

        assert _wait_for(emailed)
    assert statuses()["13800000000"] == "confirmed"
    assert emailed().rows == 9
    assert [m.to for m in mail.outbox] == [["jtkh@example.cn"]]
