"""The inbound webhook: signed per organization; a bad or missing signature, a stale call
and an unknown organization get the same 403 (logged) and change nothing; replies are
stored and matched to the message awaiting an answer from that number."""

import logging
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.sms import inbound
from campaigns.sms.models import SmsMessage
from campaigns.sms.sending import sms_send
from campaigns.tenancy import tenant_context
from tests.factories import BranchFactory, MembershipFactory, OrganizationFactory
from tests.sms_support import signed_post
from tests.urlwalk import hook_routes

pytestmark = pytest.mark.django_db
seen = []


@inbound.reply_handler("test.question")
def _answer(message, reply):
    seen.append((message.pk, reply))
    return f"handled {reply}"


@pytest.fixture
def org():
    return OrganizationFactory(slug="hooked", default_language="en")


def _count(org):
    with tenant_context(org):
        return SmsMessage.objects.for_org(org).count()


def _ask(org, phone="13812341234", branch=None):
    return sms_send(
        organization=org,
        to=phone,
        body="Reply 是 or 否",
        purpose="test.question",
        ref_id=1,
        awaiting_reply=True,
        branch=branch,
    )


def test_a_signed_reply_is_stored_and_handed_to_the_awaiting_message(client, org):
    seen.clear()
    asked = _ask(org)
    response = signed_post(
        client,
        org,
        [
            {
                "phone_number": "13812341234",
                "content": "是",
                "sequence_id": 1001,
                "dest_code": "1234",
            }
        ],
    )
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert (result["reply"], result["outcome"]) == ("yes", "handled yes")
    assert seen == [(asked.pk, "yes")]
    with tenant_context(org):
        stored = SmsMessage.objects.get(pk=result["id"])
        assert (stored.direction, stored.status, stored.in_reply_to_id) == (
            "in",
            "received",
            asked.pk,
        )
        assert SmsMessage.objects.get(pk=asked.pk).awaiting_reply is False


def test_the_provider_repeating_a_reply_is_stored_once(client, org):
    seen.clear()
    _ask(org)
    event = [{"phone_number": "13812341234", "content": "Y", "sequence_id": 7}]
    first = signed_post(client, org, event).json()["results"][0]["id"]
    second = signed_post(client, org, event).json()["results"][0]["id"]
    assert first == second and len(seen) == 1 and _count(org) == 2


def test_unclear_text_is_stored_and_ignored_and_still_awaits(client, org):
    seen.clear()
    asked = _ask(org)
    [result] = signed_post(
        client, org, [{"phone_number": "13812341234", "content": "明天再说"}]
    ).json()["results"]
    assert (result["reply"], result["outcome"]) == (
        "other",
        "Not read as yes or no; stored and ignored.",
    )
    assert seen == []
    with tenant_context(org):
        assert SmsMessage.objects.get(pk=asked.pk).awaiting_reply is True


def test_a_reply_from_an_unknown_number_is_stored_and_ignored(client, org):
    seen.clear()
    [result] = signed_post(client, org, [{"phone_number": "13900000000", "content": "是"}]).json()[
        "results"
    ]
    assert result["outcome"] == "No message to this number awaits a reply; stored and ignored."
    assert seen == [] and _count(org) == 1


def test_a_malformed_number_is_refused_per_event(client, org):
    [result] = signed_post(client, org, [{"phone_number": "12345", "content": "是"}]).json()[
        "results"
    ]
    assert result == {"error": {"phone": ["Enter an 11-digit mainland mobile number."]}}
    assert _count(org) == 0


def test_a_delivery_report_marks_the_message_delivered(client, org, eager, settings):
    from campaigns.sms.sending import sms_report

    message = _ask(org)
    with tenant_context(org):
        SmsMessage.objects.filter(pk=message.pk).update(status="sent", provider_id="BIZ-1")
    [result] = signed_post(
        client,
        org,
        [{"success": True, "biz_id": "BIZ-1", "err_code": "DELIVERED", "out_id": str(message.pk)}],
    ).json()["results"]
    assert result == {"type": "report", "changed": True}
    with tenant_context(org):
        assert SmsMessage.objects.get(pk=message.pk).status == "delivered"
    assert sms_report(organization=org, provider_id="BIZ-1", delivered=True) is False


@pytest.mark.parametrize(
    "how", ["bad signature", "no signature", "stale", "other org's secret", "unknown org"]
)
def test_refusals_all_look_alike_are_logged_and_change_nothing(client, org, caplog, how):
    other = OrganizationFactory(slug="other-org")
    payload = [{"phone_number": "13812341234", "content": "是"}]
    caplog.set_level(logging.WARNING, logger="campaigns.sms.webhook")
    from campaigns.sms.webhook import webhook_secret_of

    webhook_secret_of(org)
    if how == "bad signature":
        response = signed_post(client, org, payload, secret="guessed")
    elif how == "no signature":
        response = client.post("/hooks/sms/hooked/", data=b"[]", content_type="application/json")
    elif how == "stale":
        response = signed_post(client, org, payload, timestamp=int(time.time()) - 301)
    elif how == "other org's secret":
        response = signed_post(client, org, payload, secret=webhook_secret_of(other))
    else:
        response = signed_post(client, org, payload, secret="x", slug="no-such-org")
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Signature missing or wrong."},
    )
    assert "refused" in caplog.text
    assert _count(org) == 0 and _count(other) == 0


@pytest.mark.parametrize("name", hook_routes())
def test_hooks_answer_b_and_a_missing_org_alike_to_an_unsigned_caller(client, world, name):
    """The isolation walk's rule for routes without a user: an unsigned call gets the same
    answer for either organization and for a missing one, and nothing of B shows."""
    from django.urls import reverse

    urls = [
        reverse(name, kwargs={"hook_org": slug})
        for slug in (world.a.org.slug, world.b.org.slug, "nope")
    ]
    answers = [client.post(url, data=b"[]", content_type="application/json") for url in urls]
    assert {(r.status_code, r.content) for r in answers} == {
        (403, b'{"detail": "Signature missing or wrong."}')
    }
    assert {client.get(url).status_code for url in urls} == {405}
    assert all(world.CANARY not in r.content.decode() for r in answers)


def test_the_walk_finds_the_sms_webhook():
    assert hook_routes() == ["sms_webhook"]


def test_unreadable_bodies_get_400(client, org):
    with translation.override("en"):
        response = signed_post(client, org, {"oops": 1})
    assert response.json()["results"] == [
        {"error": "Neither a reply (content) nor a delivery report (success)."}
    ]
    import hashlib
    import hmac

    from campaigns.sms.webhook import webhook_secret_of

    ts = str(int(time.time()))
    body = b"not json"
    sig = hmac.new(
        webhook_secret_of(org).encode(), f"{ts}.".encode() + body, hashlib.sha256
    ).hexdigest()
    response = client.post(
        "/hooks/sms/hooked/",
        data=body,
        content_type="application/json",
        HTTP_X_SMS_TIMESTAMP=ts,
        HTTP_X_SMS_SIGNATURE=sig,
    )
    assert (response.status_code, response.json()) == (400, {"detail": "The body is not JSON."})


def test_staff_answer_as_the_member_in_the_outbox(client, org):
    seen.clear()
    branch = BranchFactory(organization=org)
    asked = _ask(org, branch=branch)
    staff = MembershipFactory(organization=org, role="branch_staff", branch=branch)
    client.force_login(staff.user)
    empty = client.post(f"/{org.slug}/sms/{asked.pk}/answer/", {"text": " "}, follow=True)
    assert "Type the member&#x27;s answer" in empty.content.decode()
    response = client.post(f"/{org.slug}/sms/{asked.pk}/answer/", {"text": "同意"}, follow=True)
    assert "Answer from 138****1234: handled yes" in response.content.decode()
    assert seen == [(asked.pk, "yes")]
    with tenant_context(org):  # the answer belongs to the question's branch
        answer = SmsMessage.objects.for_org(org).get(direction="in")
    assert answer.branch_id == branch.pk
    again = client.post(f"/{org.slug}/sms/{asked.pk}/answer/", {"text": "是"}, follow=True)
    assert "This message awaits no answer." in again.content.decode()
    assert _count(org) == 2  # the question and one answer


def test_admins_see_the_webhook_secret_and_others_do_not(client, org):
    from campaigns.sms.webhook import webhook_secret_of

    secret = webhook_secret_of(org)
    admin = MembershipFactory(organization=org, role="admin")
    staff = MembershipFactory(organization=org, role="branch_staff")
    client.force_login(admin.user)
    assert secret in client.get(f"/{org.slug}/sms/").content.decode()
    client.post(f"/{org.slug}/sms/secret/renew/")
    assert webhook_secret_of(org) != secret
    client.force_login(staff.user)
    assert webhook_secret_of(org) not in client.get(f"/{org.slug}/sms/").content.decode()


def test_odd_ids_and_timestamps_are_refused_or_ignored_not_a_500(client, org):
    seen.clear()
    _ask(org)
    long_id = "x" * 80  # longer than the stored 64 characters: still found as a repeat
    event = [{"phone_number": "13812341234", "content": "Y", "sequence_id": long_id}]
    first = signed_post(client, org, event).json()["results"][0]["id"]
    assert signed_post(client, org, event).json()["results"][0]["id"] == first
    assert len(seen) == 1
    huge = signed_post(client, org, event, timestamp="9" * 400)
    assert huge.status_code in (400, 403)
    report = signed_post(client, org, [{"success": True, "out_id": "²", "biz_id": "b-1"}])
    assert report.status_code == 200


def test_branch_staff_see_and_answer_only_their_branchs_messages(client, org):
    """Managers see every message; branch staff their branch's customers' (page and API);
    another branch's message, or an inbound one nobody awaited, is not theirs (404)."""
    seen.clear()
    north, south = BranchFactory(organization=org), BranchFactory(organization=org)
    ours = _ask(org, phone="13811110001", branch=north)
    theirs = _ask(org, phone="13822220002", branch=south)
    signed_post(
        client, org, [{"phone_number": "13933330003", "content": "是", "sequence_id": "stray-1"}]
    )
    staff = MembershipFactory(organization=org, role="branch_staff", branch=north)
    manager = MembershipFactory(organization=org, role="manager")

    client.force_login(manager.user)
    page = client.get(f"/{org.slug}/sms/").content.decode()
    assert all(masked in page for masked in ("138****0001", "138****0002", "139****0003"))

    client.force_login(staff.user)
    page = client.get(f"/{org.slug}/sms/").content.decode()
    assert "138****0001" in page
    assert "138****0002" not in page and "139****0003" not in page
    api = client.get(f"/api/v1/{org.slug}/sms/messages/").json()
    assert [m["id"] for m in api["results"]] == [ours.pk]
    refused = client.post(f"/{org.slug}/sms/{theirs.pk}/answer/", {"text": "是"})
    assert refused.status_code == 404
    assert seen == []
    client.post(f"/{org.slug}/sms/{ours.pk}/answer/", {"text": "是"})
    assert seen == [(ours.pk, "yes")]


def test_branch_staff_with_no_branch_see_no_messages(client, org):
    _ask(org, branch=BranchFactory(organization=org))
    staff = MembershipFactory(organization=org, role="branch_staff")
    client.force_login(staff.user)
    assert "138****1234" not in client.get(f"/{org.slug}/sms/").content.decode()
    assert client.get(f"/api/v1/{org.slug}/sms/messages/").json()["results"] == []


def test_an_answer_typed_in_the_outbox_answers_that_message_only(client, org):
    """The same number awaits a reply from two branches: staff answering their branch's
    message answer that one, never the other branch's newer one."""
    seen.clear()
    north, south = BranchFactory(organization=org), BranchFactory(organization=org)
    ours = _ask(org, branch=north)
    theirs = _ask(org, branch=south)  # newer: a reply by SMS would go to this one
    staff = MembershipFactory(organization=org, role="branch_staff", branch=north)
    client.force_login(staff.user)
    client.post(f"/{org.slug}/sms/{ours.pk}/answer/", {"text": "是"})
    assert seen == [(ours.pk, "yes")]
    with tenant_context(org):
        assert SmsMessage.objects.for_org(org).get(pk=theirs.pk).awaiting_reply


def test_the_outbox_filter_takes_a_full_mobile_number(client, org):
    _ask(org)
    client.force_login(MembershipFactory(organization=org, role="manager").user)
    found = client.get(f"/{org.slug}/sms/", {"phone": "138-1234-1234"}).content.decode()
    assert "138****1234" in found
    page = client.get(f"/{org.slug}/sms/", {"phone": "1381234"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Enter an 11-digit mainland mobile number." in body
    assert "138****1234" not in body
    api = client.get(f"/api/v1/{org.slug}/sms/messages/", {"phone": "1381234"})
    assert (api.status_code, api.json()) == (
        400,
        {"phone": ["Enter an 11-digit mainland mobile number."]},
    )
    # A NUL never reaches the filter: campaigns.middleware answers 400 for page and API.
    page = client.get(f"/{org.slug}/sms/", {"phone": "abc\x00"})
    assert page.status_code == 400 and "\x00" not in page.content.decode()
    api = client.get(f"/api/v1/{org.slug}/sms/messages/", {"phone": "abc\x00"})
    assert api.status_code == 400 and list(api.json()) == ["phone"]


def test_an_answer_typed_after_the_member_replied_is_refused_and_stores_nothing(org):
    seen.clear()
    asked = _ask(org)
    inbound.sms_receive(organization=org, phone=asked.phone, text="是")  # the member, first
    with pytest.raises(ValidationError) as excinfo:
        inbound.sms_receive(organization=org, phone=asked.phone, text="否", answering=asked.pk)
    assert excinfo.value.messages == ["This message awaits no answer."]
    assert seen == [(asked.pk, "yes")]
    assert _count(org) == 2  # the question and the member's reply
