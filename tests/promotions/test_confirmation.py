"""Confirmation by SMS: "是" confirms into the branch's activation queue, "否" declines
(the initiator is told), no answer within 72 hours expires (the clock is moved, never
slept on) and the initiator is told; operators mark activated or failed with a reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns.sms import inbound
from campaigns.sms.models import SmsMessage
from campaigns.tenancy import tenant_context
from promotions.bundles import selectors as bundles_selectors
from promotions.bundles import services as bundles_services
from promotions.models import BundleMember

from .conftest import INITIATOR, member_list

pytestmark = pytest.mark.django_db


def _member(desk, phone):
    with tenant_context(desk.org):
        return BundleMember.objects.select_related("registration").get(phone=phone)


def _to_initiator(desk):
    with tenant_context(desk.org):
        return list(
            SmsMessage.objects.filter(phone=INITIATOR).order_by("pk").values_list("body", flat=True)
        )


def test_yes_confirms_and_no_declines(desk):
    desk.register(member_list(10))
    yes = inbound.sms_receive(organization=desk.org, phone="13800000000", text="是")
    no = inbound.sms_receive(organization=desk.org, phone="13800000001", text="拒绝")
    assert (yes.outcome, no.outcome) == (
        "Confirmed: 661001 joins the activation queue.",
        "Declined.",
    )
    assert _member(desk, "13800000000").status == "confirmed"
    declined = _member(desk, "13800000001")
    assert (declined.status, declined.reason) == ("declined", "Declined by SMS.")
    assert _to_initiator(desk) == ["Family network F-001: 13800000001 declined to join."]
    again = inbound.sms_receive(organization=desk.org, phone="13800000000", text="否")
    assert again.outcome == "No message to this number awaits a reply; stored and ignored."
    assert _member(desk, "13800000000").status == "confirmed"


def test_unanswered_members_expire_after_72_hours_and_the_initiator_is_told(desk):
    desk.register(member_list(10))
    inbound.sms_receive(organization=desk.org, phone="13800000000", text="Y")
    assert bundles_services.members_expire(now=timezone.now() + timedelta(hours=71)) == 0
    assert bundles_services.members_expire(now=timezone.now() + timedelta(hours=73)) == 9
    with tenant_context(desk.org):
        statuses = {m.phone: m.status for m in BundleMember.objects.for_org(desk.org)}
    assert statuses.pop("13800000000") == "confirmed"
    assert set(statuses.values()) == {"expired"}
    [told] = _to_initiator(desk)
    assert told.startswith("Family network F-001: no answer within 3 days from 13800000001, ")
    assert told.endswith("13800000009; they were not added.")
    late = inbound.sms_receive(organization=desk.org, phone="13800000005", text="是")
    assert late.outcome == "No message to this number awaits a reply; stored and ignored."
    assert bundles_services.members_expire(now=timezone.now() + timedelta(hours=80)) == 0


def test_a_yes_after_the_window_but_before_the_sweep_changes_nothing(desk):
    desk.register(member_list(10))
    with tenant_context(desk.org):
        BundleMember.objects.update(confirm_by=timezone.now() - timedelta(minutes=1))
    reply = inbound.sms_receive(organization=desk.org, phone="13800000000", text="是")
    assert reply.outcome == "The 3 days to confirm had passed; nothing changed."
    assert _member(desk, "13800000000").status == "awaiting"


def test_the_activation_queue_of_a_branch(desk):
    desk.register(member_list(10))
    desk.register(
        member_list(10, start=20),
        form_number="F-002",
        membership=desk.manager,
        branch=desk.other_branch,
    )
    for phone in ("13800000000", "13800000001", "13800000020"):
        inbound.sms_receive(organization=desk.org, phone=phone, text="1")
    with tenant_context(desk.org):
        assert [m.phone for m in bundles_selectors.activation_queue(desk.staff)] == [
            "13800000000",
            "13800000001",
        ]
        assert len(bundles_selectors.activation_queue(desk.manager)) == 3
        first, second = bundles_selectors.activation_queue(desk.staff)
    bundles_services.member_activate(organization=desk.org, membership=desk.staff, member=first)
    with pytest.raises(ValidationError) as excinfo:
        bundles_services.member_activation_fail(
            organization=desk.org, membership=desk.staff, member=second, reason="  "
        )
    assert excinfo.value.message_dict == {"reason": ["Say why the activation failed."]}
    assert _member(desk, second.phone).status == "confirmed"
    bundles_services.member_activation_fail(
        organization=desk.org, membership=desk.staff, member=second, reason="BOSS 停机"
    )
    other = _member(desk, "13800000020")
    with pytest.raises(ValidationError) as excinfo:
        bundles_services.member_activate(organization=desk.org, membership=desk.staff, member=other)
    assert excinfo.value.messages == ["This member belongs to another branch's queue."]
    with pytest.raises(ValidationError) as excinfo:
        bundles_services.member_activate(organization=desk.org, membership=desk.staff, member=first)
    assert excinfo.value.messages == ["This member is no longer waiting for activation."]
    assert [
        (m.status, m.reason) for m in (_member(desk, first.phone), _member(desk, second.phone))
    ] == [("activated", ""), ("failed", "BOSS 停机")]


def test_the_whole_path_in_process_through_the_outbox_page(
    client, desk, eager, django_capture_on_commit_callbacks
):
    """Staff register from the page, answer for a member in the outbox, see it change."""
    client.force_login(desk.staff.user)
    lines = "\n".join(f"{m['phone']} {m['short_number']}" for m in member_list(12))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/{desk.org.slug}/bundles/new/",
            {
                "form_number": "P-12",
                "branch": desk.branch.pk,
                "initiator_phone": INITIATOR,
                "signed_on": timezone.localdate().isoformat(),
                "members": lines,
            },
        )
    assert response.status_code == 302
    with tenant_context(desk.org):
        question = SmsMessage.objects.get(phone="13800000003", purpose="bundle.confirm")
    assert question.status == "delivered"
    outbox = client.get(f"/{desk.org.slug}/sms/").content.decode()
    assert "138****0003" in outbox and f"answer-{question.pk}" in outbox
    client.post(f"/{desk.org.slug}/sms/{question.pk}/answer/", {"text": "确认"})
    detail = client.get(response.url).content.decode()
    assert detail.count("Confirmed: to activate") == 1
    assert detail.count("Awaiting confirmation") == 11


def test_the_registration_page_shows_field_errors_and_keeps_nothing(client, desk):
    client.force_login(desk.staff.user)
    lines = "\n".join(f"{m['phone']} {m['short_number']}" for m in member_list(9))
    response = client.post(
        f"/{desk.org.slug}/bundles/new/",
        {
            "form_number": "P-9",
            "branch": desk.branch.pk,
            "initiator_phone": INITIATOR,
            "signed_on": timezone.localdate().isoformat(),
            "members": lines,
        },
    )
    assert response.status_code == 400
    assert "At least 10 members are needed; 9 listed." in response.content.decode()
    with tenant_context(desk.org):
        assert not BundleMember.objects.exists() and not SmsMessage.objects.exists()


def test_the_tier_preview_proposes_600_for_15(client, desk):
    client.force_login(desk.staff.user)
    lines = "\n".join(f"{m['phone']} {m['short_number']}" for m in member_list(15))
    body = client.get(f"/{desk.org.slug}/bundles/new/tier/", {"members": lines}).content.decode()
    assert "15 members listed." in body
    assert "Proposed tier: 600 yuan (covers 20, 10 coupons)." in body


def test_a_registrations_messages_belong_to_its_branch(desk):
    """Confirmations, their replies and the news for the initiator carry the branch, so
    that branch's staff (and no other's) see them in the SMS outbox."""
    registration = desk.register(member_list(10), membership=desk.manager, branch=desk.other_branch)
    inbound.sms_receive(organization=desk.org, phone="13800000001", text="否")
    with tenant_context(desk.org):
        rows = list(
            SmsMessage.objects.for_org(desk.org)
            .values_list("direction", "purpose", "ref_id", "branch_id")
            .order_by("pk")
        )
    other = desk.other_branch.pk
    assert ("in", "", None, other) in rows  # the "否"
    assert ("out", "bundle.initiator", registration.pk, other) in rows  # "... declined"
    assert {row[3] for row in rows} == {other}
    assert sum(row[1] == "bundle.confirm" for row in rows) == 10


def test_messages_sent_before_branches_get_theirs_from_the_registration(desk):
    """The data migration: a confirmation takes its member's registration's branch and a
    reply its question's; a message with nothing to go by keeps none."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    desk.register(member_list(10), membership=desk.manager, branch=desk.other_branch)
    inbound.sms_receive(organization=desk.org, phone="13800000000", text="是")
    inbound.sms_receive(organization=desk.org, phone="13900000099", text="是")  # nobody asked
    with tenant_context(desk.org):
        SmsMessage.objects.for_org(desk.org).update(branch=None)
    migration = importlib.import_module("promotions.migrations.0003_sms_messages_by_branch")
    migration.backfill(apps, SimpleNamespace(connection=connection))
    with tenant_context(desk.org):
        branches = dict(
            SmsMessage.objects.for_org(desk.org)
            .values_list("phone", "branch_id")
            .filter(direction="in")
        )
        confirmations = set(
            SmsMessage.objects.for_org(desk.org)
            .filter(purpose="bundle.confirm")
            .values_list("branch_id", flat=True)
        )
    assert confirmations == {desk.other_branch.pk}
    assert branches == {"13800000000": desk.other_branch.pk, "13900000099": None}
