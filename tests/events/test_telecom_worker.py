"""Invitations through a real Celery worker on the real Redis (PostgreSQL): 1,000
invitations queued and sent in batches; a 退订 reply (TD) through the signed webhook puts
the number on the opt-out list, and the next campaign skips it (counted)."""

import time

import pytest
from django.conf import settings
from django.utils import translation

from campaigns.sms.models import SmsMessage, SmsOptOut
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from promotions.events.selectors import telecom as telecom_selectors
from promotions.events.services import invitations
from tests.sms_support import signed_post

from .telecom_support import TelecomDesk, csv_of, mobiles

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _wait_for(check, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def test_1000_invitations_in_batches_and_an_opt_out_stops_later_sends(client):
    from celery.contrib.testing.worker import start_worker

    with translation.override("en"):
        tel = TelecomDesk()
    org = tel.org
    numbers = mobiles(1000)
    invitations.invitees_import(
        organization=org, event=tel.event, data=csv_of(numbers), name="i.csv", commit=True
    )

    def messages(campaign, **filters):
        with tenant_context(org):
            return list(
                SmsMessage.objects.for_org(org).filter(
                    purpose="events.invitation", ref_id=campaign.pk, **filters
                )
            )

    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        first = invitations.invitation_campaign_save(
            organization=org, event=tel.event, name="第一轮", body="电信日凭{code}入场，回复TD退订"
        )
        invitations.invitation_campaign_send(organization=org, campaign=first)
        assert _wait_for(lambda: len(messages(first, status="delivered")) == 1000)
        sent = messages(first)
        assert all(m.attempts == 1 for m in sent)
        # Sent in batches: each batch's outcomes are recorded by one bulk update (one time).
        batches = {m.updated_at for m in sent}
        assert len(batches) == 1000 // settings.SMS_BATCH_SIZE

        answer = signed_post(
            client, org, [{"phone_number": numbers[7], "content": "TD", "sequence_id": 1}]
        )
        assert answer.status_code == 200
        with tenant_context(org):
            assert SmsOptOut.objects.for_org(org).filter(phone=numbers[7]).exists()

        second = invitations.invitation_campaign_save(
            organization=org, event=tel.event, name="第二轮", body="明天见！凭{code}入场"
        )
        invitations.invitation_campaign_send(organization=org, campaign=second)
        assert _wait_for(lambda: len(messages(second, status="delivered")) == 999)
        assert not messages(second, phone=numbers[7])
        stats = telecom_selectors.campaign_stats(org, second)
        assert stats["opted_out"] == 1 and stats["invited"] == 1000
        assert stats["delivered"] == 999 and stats["failed"] == 0
