"""Demo data of the family-network bundle for the mobile-city organization (called by
campaigns.demo inside its tenant context): the seed's tiers, a group-customer office
address, channels with stock (made, drawn, one shop's outright purchase), and one
registered form of 城区营业部 whose members are in several states —
confirmed, declined, activated, one activation failed, the rest awaiting their answer
(answer them on the SMS outbox page). Idempotent: the form is made once."""

from campaigns.demo import demo_step
from campaigns.models import Branch, Membership
from campaigns.roles import Role
from campaigns.sms.inbound import sms_receive

from ..channels import services as money
from ..models import BundleMember, BundleTier, Channel, Registration
from . import selectors, services

DEMO_FORM = "QY-2026-0001"
INITIATOR = "13907310001"


@demo_step("family_bundle")
def seed_bundle_demo(organization):
    from datetime import time

    from django.utils import timezone

    services.organization_set_up(organization=organization)  # older demo databases
    settings_row = selectors.bundle_settings_of(organization)
    if not settings_row.group_office_email:
        services.bundle_settings_save(
            organization=organization, group_office_email="jtkh@example.cn", report_time=time(16, 0)
        )
    if Registration.objects.for_org(organization).filter(form_number=DEMO_FORM).exists():
        return
    _demo_channels(organization)
    branch = Branch.objects.for_org(organization).filter(name="城区营业部").first()
    staff = (
        Membership.objects.for_org(organization)
        .select_related("user", "branch")
        .filter(role=Role.BRANCH_STAFF, branch=branch)
        .first()
    )
    if branch is None or staff is None:
        return
    shorts = [
        661888,
        661666,
        661001,
        661002,
        661003,
        661004,
        661005,
        661006,
        661007,
        661008,
        661009,
        661010,
        661234,
    ]
    members = [
        {"phone": f"1390731{n:04d}", "short_number": s} for n, s in enumerate(shorts, start=2)
    ]
    services.bundle_register(
        organization=organization,
        membership=staff,
        form_number=DEMO_FORM,
        branch=branch,
        initiator_phone=INITIATOR,
        signed_on=timezone.localdate(),
        members=members,
    )
    for phone, text in (
        ("13907310002", "是"),
        ("13907310003", "确认"),
        ("13907310004", "Y"),
        ("13907310005", "同意"),
        ("13907310006", "否"),
    ):
        sms_receive(organization=organization, phone=phone, text=text)
    found = BundleMember.objects.for_org(organization).select_related("registration")
    services.member_activate(
        organization=organization, membership=staff, member=found.get(phone="13907310002")
    )
    services.member_activation_fail(
        organization=organization,
        membership=staff,
        member=found.get(phone="13907310003"),
        reason="号码欠费停机，需先缴费",
    )


def _demo_channels(organization):
    """市场部 makes bundles; the two branches draw some; a phone shop buys three outright."""
    if Channel.objects.for_org(organization).exclude(kind=Channel.Kind.MARKETING).exists():
        return
    tiers = {t.members: t for t in BundleTier.objects.for_org(organization)}
    branches = {b.name: b for b in Branch.objects.for_org(organization)}
    city = money.channel_save(
        organization=organization,
        name="城区营业部",
        kind="county",
        branch=branches.get("城区营业部"),
    )
    east = money.channel_save(
        organization=organization,
        name="东县分公司",
        kind="county",
        branch=branches.get("东县分公司"),
    )
    shop = money.channel_save(
        organization=organization, name="城区星光手机店", kind="dealer", supplier=city
    )
    for members, made in ((10, 40), (20, 30), (30, 10), (50, 5)):
        money.stock_make(organization=organization, actor=None, tier=tiers[members], quantity=made)
    for channel, members, drawn in ((city, 10, 10), (city, 20, 10), (east, 10, 5)):
        money.stock_draw(
            organization=organization,
            actor=None,
            channel=channel,
            tier=tiers[members],
            quantity=drawn,
        )
    money.stock_buy(organization=organization, actor=None, channel=shop, tier=tiers[10], quantity=3)
