"""The Telecom Day rows of each organization of the test World (tests/conftest.py
World._events): a gift with one issue, a quiz question, a sealed wheel with one spin
drawn, a desk sale — each tagged, so the isolation sweep sees a leak."""

from decimal import Decimal

from campaigns.models import Membership
from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import GiftItem
from promotions.events.services import desk_sales, gift_stock, quiz


def telecom_world(org, tag, event, guest, staff):
    gift = gift_stock.gift_save(
        organization=org, event=event, name=f"{tag} gift", kind=GiftItem.Kind.GIFT_PACK
    )
    gift_stock.gift_receive(organization=org, item=gift, quantity=5)
    gift_issue = gift_stock.gift_issue(
        organization=org, item=gift, guest=guest, reason="gift_pack", note=f"{tag} issue"
    )
    question = quiz.question_save(
        organization=org, event=event, text=f"{tag} question", choices=["a", "b"], answer=0
    )
    wheel = quiz.wheel_create(organization=org, event=event, name=f"{tag} wheel", spins=10)
    services.prize_save(
        organization=org, pool=wheel.pool, name=f"{tag} wheel prize", stock=3, weight=1
    )
    services.pool_seal(organization=org, pool=wheel.pool)
    spin = quiz.spin_ask(organization=org, wheel=wheel, guest=guest)
    spin = quiz.spin_answer(organization=org, spin=spin, answer=0)
    spin = quiz.spin_draw(organization=org, spin=spin)
    with tenant_context(org):
        membership = Membership.objects.select_related("user").get(pk=staff.pk)
    desk_sales.desk_sale_record(
        organization=org,
        membership=membership,
        event=event,
        guest=guest,
        line="bundle",
        amount=Decimal("888"),
        note=f"{tag} sale",
    )
    return {
        "gift": gift,
        "gift_issue": gift_issue,
        "quiz_question": question,
        "wheel": wheel,
        "spin": spin,
    }
