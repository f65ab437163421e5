"""Demo data of Telecom Day (the mobile operator, items 1–4; called by campaigns.demo
inside its tenant context): the event three days from the demo's day (so the pre-order
ranking, open from T−5, shows), target 8,000; customers to invite and one invitation
campaign sent through the outbox; a 退订 reply; quotas for the staff, their pre-orders
and invited guests; check-ins from each source. Idempotent: the event is made once."""

import datetime
from decimal import Decimal

from django.utils import timezone

from campaigns.demo import demo_step
from campaigns.models import Membership
from campaigns.plans.models import Plan, PlanKind
from campaigns.roles import Role
from campaigns.sms.inbound import sms_receive

from . import services
from .models import Event
from .services import invitations, quotas

INVITEES = [
    (f"1390731{2000 + i:04d}", name)
    for i, name in enumerate(
        (
            "王建国",
            "李秀英",
            "张伟",
            "刘洋",
            "陈静",
            "杨帆",
            "赵磊",
            "黄丽",
            "周杰",
            "吴敏",
            "徐强",
            "孙燕",
        )
    )
]


@demo_step("telecom_day")
def seed_telecom_demo(organization):
    services.lead_channels_ensure_defaults(organization=organization)
    plan = Plan.objects.for_org(organization).filter(kind=PlanKind.TELECOM_DAY).first()
    if plan is None or Event.objects.for_org(organization).filter(plan=plan).exists():
        return
    members = list(
        Membership.objects.for_org(organization)
        .filter(role__in=(Role.BRANCH_STAFF, Role.MANAGER))
        .select_related("user")
        .order_by("pk")
    )
    today = timezone.localdate(timezone=organization.zoneinfo)
    event = services.event_start(
        organization=organization,
        plan=plan,
        date=today + datetime.timedelta(days=3),
        venue="兆康广场",
        target_attendance=8000,
    )
    event = services.event_update(
        organization=organization, event=event, data={"ends_at": datetime.time(18, 0)}
    )
    csv = "手机,姓名\n" + "".join(f"{m},{n}\n" for m, n in INVITEES)
    invitations.invitees_import(
        organization=organization,
        event=event,
        data=csv.encode(),
        name="invitees.csv",
        commit=True,
    )
    sms_receive(organization=organization, phone=INVITEES[-1][0], text="退订")
    campaign = invitations.invitation_campaign_save(
        organization=organization,
        event=event,
        name="电信日邀请（第一轮）",
        body="{name}您好！电信日回报客户大酬宾，凭邀请码{code}到兆康广场领礼。回复TD退订",
    )
    # Sent as it would be inside the sending hours (the demo may be made at night).
    invitations.invitations_write(organization, campaign)
    for index, member in enumerate(members[:3]):
        quotas.quota_save(
            organization=organization,
            event=event,
            member=member.user,
            data={
                "guests_to_bring": 60,
                "expected_show_percent": Decimal("60"),
                "sales_target": Decimal("30000"),
                "reward_rule": "超额完成每单奖励50元；未完成80%扣绩效100元",
            },
        )
        for n, (product, amount) in enumerate(
            (("天翼手机", "1999"), ("宽带融合套餐", "1200"), ("流量包", "300"))[: 3 - index]
        ):
            quotas.preorder_record(
                organization=organization,
                event=event,
                actor=member.user,
                customer=f"客户{index}{n}",
                product=product,
                amount=Decimal(amount),
            )
        quotas.staff_invite(
            organization=organization,
            event=event,
            actor=member.user,
            mobile=f"1370731{3000 + index:04d}",
            name=f"邀约客户{index}",
        )
    for mobile, _name in INVITEES[:5]:
        services.guest_check_in(organization=organization, event=event, mobile=mobile)
    services.guest_check_in(organization=organization, event=event, mobile="13707313000")
    for i in range(3):
        services.guest_check_in(
            organization=organization, event=event, mobile=f"1360731{4000 + i:04d}", walk_in=True
        )
