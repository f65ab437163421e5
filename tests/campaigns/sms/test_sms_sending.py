"""Sending: stored as queued and sent after the commit; the outbox backend delivers at
once; the Alibaba Cloud backend signs as documented (checked by a real local server); a
provider failure is retried with backoff and then shown as failed — never lost."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns import claimable
from campaigns.sms import sending
from campaigns.sms.backends import AliyunSmsBackend, aliyun_signature
from campaigns.sms.models import SmsMessage
from campaigns.tenancy import tenant_context
from tests.factories import BranchFactory, MembershipFactory, OrganizationFactory
from tests.sms_support import LocalProvider, use_aliyun

pytestmark = pytest.mark.django_db
OK = (
    200,
    {
        "Code": "OK",
        "Message": "OK",
        "BizId": "900619746936498440^0",
        "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990",
    },
)
BUSY = (200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控"})


@pytest.fixture
def org():
    return OrganizationFactory(default_language="en")


def _messages(org):
    with tenant_context(org):
        return list(SmsMessage.objects.for_org(org).order_by("pk"))


def test_signature_matches_the_documented_example():
    """Alibaba Cloud's SendSms signing example (AccessKeySecret testSecret)."""
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert aliyun_signature(params, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_send_stores_a_queued_message_and_dispatches_after_commit(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = sending.sms_send(organization=org, to="+86 138 1234 1234", body="字" * 71)
    assert len(callbacks) == 1
    assert (message.status, message.phone, message.parts, message.attempts) == (
        "queued",
        "13812341234",
        2,
        0,
    )


@pytest.mark.parametrize("to,field", [("1381234123", "phone"), ("23812341234", "phone")])
def test_bad_numbers_are_refused_and_nothing_is_stored(org, to, field):
    with pytest.raises(ValidationError) as excinfo:
        sending.sms_send(organization=org, to=to, body="hello")
    assert excinfo.value.message_dict == {field: ["Enter an 11-digit mainland mobile number."]}
    assert _messages(org) == []


def test_outbox_backend_delivers_into_the_outbox(org, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = sending.sms_send(organization=org, to="13812341234", body="你好")
    [stored] = _messages(org)
    assert (stored.pk, stored.status, stored.attempts, stored.provider_id) == (
        message.pk,
        "delivered",
        1,
        f"outbox-{message.pk}",
    )


def test_http_backend_sends_a_signed_request(
    org, settings, eager, django_capture_on_commit_callbacks
):
    provider = LocalProvider([OK], secret="local-secret")
    use_aliyun(settings, provider)
    with provider.running(), django_capture_on_commit_callbacks(execute=True):
        message = sending.sms_send(organization=org, to="13812341234", body="请回复是确认")
    [request] = provider.requests
    assert request["signature_ok"] is True
    params = request["params"]
    assert (
        params["Action"],
        params["PhoneNumbers"],
        params["OutId"],
        params["TemplateParam"],
        params["SignName"],
        params["Version"],
    ) == (
        "SendSms",
        "13812341234",
        str(message.pk),
        '{"content": "请回复是确认"}',
        "移动通信",
        "2017-05-25",
    )
    [stored] = _messages(org)
    assert (stored.status, stored.attempts, stored.provider_id) == (
        "sent",
        1,
        "900619746936498440^0",
    )
    assert '"Code": "OK"' in stored.provider_answer


def test_a_provider_failure_is_retried_then_shown_as_failed_never_lost(
    org, settings, eager, client, django_capture_on_commit_callbacks
):
    provider = LocalProvider([BUSY], secret="local-secret")
    use_aliyun(settings, provider)
    settings.SMS_MAX_ATTEMPTS = 3
    with provider.running(), django_capture_on_commit_callbacks(execute=True):
        sending.sms_send(organization=org, to="13812341234", body="确认短信")
    assert len(provider.requests) == 3
    [stored] = _messages(org)
    assert (stored.status, stored.attempts) == ("failed", 3)
    assert stored.error == ("Gave up after 3 attempts: isv.BUSINESS_LIMIT_CONTROL: 触发流控")
    assert "isv.BUSINESS_LIMIT_CONTROL" in stored.provider_answer
    staff = MembershipFactory(organization=org, role="manager")
    client.force_login(staff.user)
    page = client.get(f"/{org.slug}/sms/").content.decode()
    assert "Gave up after 3 attempts" in page and "3/3" in page and "138****1234" in page
    assert "13812341234" not in page


def test_a_busy_provider_then_ok_sends_on_the_second_attempt(
    org, settings, eager, django_capture_on_commit_callbacks
):
    provider = LocalProvider([(503, {"Code": "ServiceUnavailable"}), OK], secret="s")
    use_aliyun(settings, provider)
    with provider.running(), django_capture_on_commit_callbacks(execute=True):
        sending.sms_send(organization=org, to="13812341234", body="确认短信")
    [stored] = _messages(org)
    assert (stored.status, stored.attempts, len(provider.requests)) == ("sent", 2, 2)


def test_a_permanent_refusal_fails_at_once(
    org, settings, eager, django_capture_on_commit_callbacks
):
    provider = LocalProvider(
        [(200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"})], secret="s"
    )
    use_aliyun(settings, provider)
    with provider.running(), django_capture_on_commit_callbacks(execute=True):
        sending.sms_send(organization=org, to="13812341234", body="确认短信")
    [stored] = _messages(org)
    assert (stored.status, stored.attempts, stored.error) == (
        "failed",
        1,
        "isv.MOBILE_NUMBER_ILLEGAL: 非法手机号",
    )


def test_backoff_leaves_the_message_queued_for_later_when_not_in_process(
    org, settings, django_capture_on_commit_callbacks
):
    provider = LocalProvider([BUSY], secret="s")
    use_aliyun(settings, provider)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=False):
        message = sending.sms_send(organization=org, to="13812341234", body="x")
    with provider.running(), django_capture_on_commit_callbacks(execute=False) as callbacks:
        sending.sms_deliver(organization_id=org.pk, message_id=message.pk)
        sending.sms_deliver(organization_id=org.pk, message_id=message.pk)  # early: no-op
    [stored] = _messages(org)
    assert (stored.status, stored.attempts, len(provider.requests)) == ("queued", 1, 1)
    assert 9 <= (stored.next_attempt_at - timezone.now()).total_seconds() <= 15
    assert len(callbacks) == 2  # the retry, and the early delivery's "come back later"


def test_a_wrong_key_secret_is_a_permanent_failure(
    org, settings, eager, django_capture_on_commit_callbacks
):
    provider = LocalProvider([OK], secret="the-real-secret")
    use_aliyun(settings, provider)
    settings.SMS_ACCESS_KEY_SECRET = "a-wrong-secret"
    with provider.running(), django_capture_on_commit_callbacks(execute=True):
        sending.sms_send(organization=org, to="13812341234", body="x")
    [stored] = _messages(org)
    assert (stored.status, stored.error) == (
        "failed",
        "SignatureDoesNotMatch: Specified signature is not matched",
    )


def test_an_unreachable_provider_is_transient(
    org, settings, eager, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "campaigns.sms.backends.AliyunSmsBackend"
    settings.SMS_HTTP_ENDPOINT = "http://127.0.0.1:9/"  # discard port: connection refused
    settings.SMS_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        sending.sms_send(organization=org, to="13812341234", body="x")
    [stored] = _messages(org)
    assert (stored.status, stored.attempts) == ("failed", 2)
    assert stored.error.startswith("Gave up after 2 attempts: network:")


@pytest.fixture
def sent_sms(monkeypatch):
    """(organization_id, message_id, countdown) of every deliver_sms message queued."""
    from campaigns.sms import tasks

    sent = []
    monkeypatch.setattr(
        tasks.deliver_sms,
        "apply_async",
        lambda args, countdown=None: sent.append((*args, countdown)),
    )
    return sent


def _state(message):
    return (message.status, message.attempts, message.error, message.provider_answer)


def test_the_sweeper_resends_lost_messages_and_puts_back_or_fails_abandoned_ones(
    org, sent_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        lost, abandoned, exhausted, sending_now = (
            sending.sms_send(organization=org, to="13812341234", body=str(i)) for i in range(4)
        )
    now = timezone.now()
    with tenant_context(org):
        rows = SmsMessage.objects.for_org(org)
        expired, live = now - timezone.timedelta(seconds=1), now + timezone.timedelta(seconds=50)
        rows.filter(pk=abandoned.pk).update(
            status="sending", attempts=1, provider_answer="a", lease_expires_at=expired
        )
        rows.filter(pk=exhausted.pk).update(
            status="sending", attempts=5, provider_answer="b", lease_expires_at=expired
        )
        rows.filter(pk=sending_now.pk).update(
            status="sending", attempts=1, updated_at=now, lease_expires_at=live
        )
        rows.exclude(pk=sending_now.pk).update(updated_at=now - timezone.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert claimable.sweep_stale() == {"requeued": 2, "given_up": 1}
        assert claimable.sweep_stale() == {"requeued": 0, "given_up": 0}
    assert sorted(sent_sms) == [(org.pk, lost.pk, None), (org.pk, abandoned.pk, None)]
    assert [_state(m) for m in _messages(org)] == [
        ("queued", 0, "", ""),
        ("queued", 1, "", "a"),
        ("failed", 5, "The worker stopped while sending; gave up.", "b"),
        ("sending", 1, "", ""),
    ]
    assert [m.next_attempt_at for m in _messages(org)] == [None] * 4


def test_a_duplicate_delivery_sends_once(org, sent_sms):
    message = sending.sms_send(organization=org, to="13812341234", body="x")
    sending.sms_deliver(organization_id=org.pk, message_id=message.pk)
    sending.sms_deliver(organization_id=org.pk, message_id=message.pk)
    sending.sms_deliver_batch(organization_id=org.pk, message_ids=[message.pk])
    [stored] = _messages(org)
    assert (stored.status, stored.attempts, stored.provider_id, sent_sms) == (
        "delivered",
        1,
        f"outbox-{message.pk}",
        [],
    )


def test_a_batch_sends_a_message_not_yet_due_back_to_the_single_path(
    org, sent_sms, django_capture_on_commit_callbacks
):
    first, waiting = _three(org)[:2]
    due = timezone.now() + timezone.timedelta(seconds=30)
    with tenant_context(org):
        SmsMessage.objects.filter(pk=waiting.pk).update(attempts=1, next_attempt_at=due)
    with django_capture_on_commit_callbacks(execute=True):
        sending.sms_deliver_batch(organization_id=org.pk, message_ids=[first.pk, waiting.pk])
    [(org_id, pk, countdown)] = sent_sms
    assert (org_id, pk) == (org.pk, waiting.pk) and 28 < countdown <= 30
    assert [(m.status, m.attempts) for m in _messages(org)] == [
        ("delivered", 1),
        ("queued", 1),
        ("queued", 0),
    ]


def test_a_batch_does_not_record_a_message_whose_claim_was_lost(org, monkeypatch):
    from campaigns.sms.backends import OutboxBackend

    created = _three(org)
    send = OutboxBackend.send

    def send_while_swept(self, message):  # the sweeper takes the second one back meanwhile
        if message.pk == created[1].pk:
            with tenant_context(org):
                SmsMessage.objects.filter(pk=message.pk).update(status="queued")
        return send(self, message)

    monkeypatch.setattr(OutboxBackend, "send", send_while_swept)
    sending.sms_deliver_batch(organization_id=org.pk, message_ids=[m.pk for m in created])
    assert [(m.status, m.attempts, m.provider_id) for m in _messages(org)] == [
        ("delivered", 1, f"outbox-{created[0].pk}"),
        ("queued", 1, ""),
        ("delivered", 1, f"outbox-{created[2].pk}"),
    ]


def test_params_carry_the_documented_common_parameters(settings):
    settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = "id", "secret"
    message = SmsMessage(pk=7, phone="13812341234", body="x")
    params = AliyunSmsBackend().params_for(message, nonce="n1", timestamp="2026-01-01T00:00:00Z")
    assert {
        k: params[k]
        for k in (
            "Format",
            "RegionId",
            "SignatureMethod",
            "SignatureVersion",
            "SignatureNonce",
            "Timestamp",
        )
    } == {
        "Format": "JSON",
        "RegionId": "cn-hangzhou",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": "n1",
        "Timestamp": "2026-01-01T00:00:00Z",
    }
    assert params["Signature"] == aliyun_signature(
        {k: v for k, v in params.items() if k != "Signature"}, "secret"
    )


def _three(org):
    return sending.sms_send_many(
        organization=org,
        messages=[
            {"to": f"1381234123{i}", "body": f"第{i}条", "purpose": "test", "ref_id": i}
            for i in range(3)
        ],
    )


def test_a_batch_is_stored_at_once_and_sent_by_one_task(
    org, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = _three(org)
    assert len(callbacks) == 1
    stored = _messages(org)
    assert [m.pk for m in stored] == [m.pk for m in created]
    assert [(m.status, m.attempts, m.provider_id) for m in stored] == [
        ("delivered", 1, f"outbox-{m.pk}") for m in stored
    ]
    sending.sms_deliver_batch(organization_id=org.pk, message_ids=[m.pk for m in stored])
    assert [m.attempts for m in _messages(org)] == [1, 1, 1]  # a duplicate claims nothing


def test_a_transient_failure_in_a_batch_retries_that_message_alone(
    org, settings, eager, django_capture_on_commit_callbacks
):
    provider = LocalProvider([OK, BUSY, OK], secret="s")
    use_aliyun(settings, provider)
    with provider.running(), django_capture_on_commit_callbacks(execute=True):
        _three(org)
    stored = _messages(org)
    assert [(m.status, m.attempts) for m in stored] == [("sent", 1), ("sent", 2), ("sent", 1)]
    assert len(provider.requests) == 4


def test_a_bad_number_in_a_batch_stores_nothing(org):
    with pytest.raises(ValidationError) as excinfo:
        sending.sms_send_many(
            organization=org,
            messages=[{"to": "13812341234", "body": "x"}, {"to": "12", "body": "x"}],
        )
    assert excinfo.value.message_dict == {
        "phone": ["Message 2: enter an 11-digit mainland mobile number."]
    }
    assert _messages(org) == []


def test_the_messages_api_lists_masked_numbers_and_filters(client, org):
    from tests.factories import api_token_for

    branch = BranchFactory(organization=org)
    staff = MembershipFactory(organization=org, role="branch_staff", branch=branch)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token_for(staff.user)}"
    sending.sms_send(organization=org, to="13812341234", body="甲", branch=branch)
    sending.sms_send(organization=org, to="13912341234", body="乙", branch=branch)
    url = f"/api/v1/{org.slug}/sms/messages/"
    assert [m["phone"] for m in client.get(url).json()["results"]] == [
        "139****1234",
        "138****1234",
    ]
    one = client.get(url, {"phone": "138 1234 1234"}).json()["results"]
    assert [m["body"] for m in one] == ["甲"]
    bad = client.get(url, {"status": "lost"})
    assert (bad.status_code, bad.json()) == (400, {"status": ["Unknown status."]})


def test_a_message_cannot_name_another_organizations_branch(org):
    other_branch = BranchFactory(organization=OrganizationFactory())
    with pytest.raises(ValueError):
        sending.sms_send(organization=org, to="13812341234", body="x", branch=other_branch)
    with pytest.raises(ValueError):
        sending.sms_send_many(
            organization=org, messages=[{"to": "13812341234", "body": "x", "branch": other_branch}]
        )
    assert _messages(org) == []
