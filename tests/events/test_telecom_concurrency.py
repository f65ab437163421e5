"""Telecom Day under real simultaneous transactions on PostgreSQL (threads with their own
connections, released together): 20 desks typing one ID give exactly one birthday gift;
simultaneous spins never exceed the wheel's stock and verify after the reveal; issuing
the last gifts from many desks never goes below zero."""

import datetime

import pytest
from django.utils import translation

from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import BirthdayGift, Draw, GiftItem, GiftMovement, Prize
from promotions.events.services import gift_stock, quiz

from .telecom_gifts_support import TelecomDesk
from .test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_20_simultaneous_requests_with_one_id_give_exactly_one_gift():
    with translation.override("en"):
        tc = TelecomDesk()
    number = tc.birthday_id(1966)
    desks = [f"签到台 {i}" for i in range(20)]
    done, refused = race([lambda d=d: tc.give_birthday(number, desk=d) for d in desks], threads=20)
    assert len(done) == 1
    assert len(refused) == 19
    assert all("already received its birthday gift" in m[0] for m in refused)
    assert all(done[0].desk in m[0] for m in refused)
    with tenant_context(tc.org):
        assert BirthdayGift.objects.count() == 1
        assert GiftItem.objects.get(pk=tc.birthday_gift.pk).issued == 1
        assert GiftMovement.objects.filter(kind="issued").count() == 1


def test_simultaneous_spins_never_exceed_stock_and_verify_after_the_reveal():
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    with translation.override("en"):
        tc = TelecomDesk(date=yesterday, ends_at=datetime.time(0, 1))
        tc.stock_wheel(("流量包", 10, 3), ("U盘", 5, 1), ("大礼包", 1, 1))
        spins = [tc.earn_spin(tc.guest(f"1391236{i:04d}")) for i in range(80)]
    done, refused = race(
        [lambda s=s: quiz.spin_draw(organization=tc.org, spin=s) for s in spins], threads=40
    )
    assert len(done) + len(refused) == 80
    assert all("sold out" in m[0] for m in refused)
    with tenant_context(tc.org):
        prizes = list(Prize.objects.filter(pool=tc.wheel.pool))
        won = Draw.objects.filter(pool=tc.wheel.pool, prize__isnull=False).count()
        for prize in prizes:
            given = Draw.objects.filter(prize=prize).count()
            assert prize.taken == given <= prize.stock
    assert won == sum(p.taken for p in prizes) <= 16
    with translation.override("en"):
        pool = services.pool_reveal(organization=tc.org, pool=tc.wheel.pool)
        result = services.pool_verify(organization=tc.org, pool=pool)
    assert result.ok and result.count == len(done)


def test_simultaneous_issues_of_the_last_gifts_stop_at_zero():
    with translation.override("en"):
        tc = TelecomDesk()
        bag = gift_stock.gift_save(organization=tc.org, event=tc.event, name="电信日大礼包")
        gift_stock.gift_receive(organization=tc.org, item=bag, quantity=10)
        guests = [tc.guest(f"1391237{i:04d}") for i in range(40)]
    done, refused = race(
        [
            lambda g=g: gift_stock.gift_issue(
                organization=tc.org, item=bag, guest=g, reason="gift_bag"
            )
            for g in guests
        ],
        threads=40,
    )
    assert len(done) == 10 and len(refused) == 30
    assert all("out of stock" in m[0] for m in refused)
    with tenant_context(tc.org):
        bag.refresh_from_db()
    assert bag.issued == 10 and bag.in_hand == 0
