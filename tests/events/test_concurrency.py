"""Concurrency on PostgreSQL with real simultaneous transactions: threads with their own
connections, released together by a barrier. 200 signings give exactly 30 golden-egg
places and 5 gift packs, numbered without gaps; 200 draws on a pool of 50 prizes award
exactly 50; 20 check-ins of one guest record one. (200 acts run on 40 connections, five
each: the server allows 100 connections in all.)"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import Draw, Guest, Place, Prize, Quota, Signing

from .conftest import EventDesk, mobiles

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 40


def race(jobs, threads=THREADS):
    """Run every job (a callable) across `threads` connections started together."""
    barrier = threading.Barrier(threads)
    done, refused, crashed = [], [], []
    share = [jobs[i::threads] for i in range(threads)]

    def run(mine):
        try:
            barrier.wait(timeout=60)
            with translation.override("en"):
                for job in mine:
                    try:
                        done.append(job())
                    except ValidationError as exc:
                        refused.append(exc.messages)
        except Exception as exc:  # noqa: BLE001 - asserted below
            crashed.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(mine,)) for mine in share]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    assert crashed == []
    return done, refused


@pytest.fixture
def desk():
    with translation.override("en"):
        yield EventDesk()


def test_200_simultaneous_signings_give_exactly_30_eggs_and_5_gift_packs(desk):
    guests = [desk.guest(m) for m in mobiles(200)]
    done, refused = race([lambda g=g: desk.sign(g, "80000") for g in guests])
    assert len(done) == 200 and refused == []
    with tenant_context(desk.org):
        for quota, size in ((desk.eggs, 30), (desk.gifts, 5)):
            places = list(Place.objects.filter(quota=quota).order_by("taken_at", "pk"))
            assert sorted(p.number for p in places) == list(range(1, size + 1))
            assert Quota.objects.get(pk=quota.pk).taken == size
        # the numbers follow the order the signings were recorded
        eggs = Place.objects.filter(quota=desk.eggs).select_related("signing")
        by_signing = sorted(eggs, key=lambda p: p.signing.pk)
        assert [p.number for p in by_signing] == sorted(p.number for p in eggs)
        assert Signing.objects.filter(event=desk.event).count() == 200


def test_200_simultaneous_draws_on_a_pool_of_50_award_exactly_50(desk):
    services.quota_save(
        organization=desk.org,
        event=desk.event,
        quota=desk.eggs,
        name=desk.eggs.name,
        size=200,
        pool=desk.egg_pool,
    )
    pool = desk.stock_eggs(("电饭煲", 20, 1), ("保温杯", 30, 2))
    guests = [desk.guest(m) for m in mobiles(200)]
    for g in guests:
        desk.sign(g, "50000")
    done, refused = race(
        [lambda g=g: services.draw_take(organization=desk.org, pool=pool, guest=g) for g in guests]
    )
    assert len(done) == 50 and len(refused) == 150
    assert {m[0] for m in refused} == {"The pool is sold out: no prize is left."}
    with tenant_context(desk.org):
        assert sorted(Draw.objects.filter(pool=pool).values_list("number", flat=True)) == list(
            range(1, 51)
        )
        assert {p.name: p.taken for p in Prize.objects.filter(pool=pool)} == {
            "电饭煲": 20,
            "保温杯": 30,
        }
    # and they verify, once the event is over and the seed revealed
    import datetime

    services.event_update(
        organization=desk.org,
        event=desk.event,
        data={"date": desk.today - datetime.timedelta(days=1), "ends_at": datetime.time(18, 0)},
    )
    pool = services.pool_reveal(organization=desk.org, pool=pool)
    assert services.pool_verify(organization=desk.org, pool=pool).ok


def test_20_simultaneous_check_ins_of_one_guest_record_one(desk):
    guest = desk.guest(mobiles(1)[0])
    done, _refused = race(
        [lambda: services.guest_check_in(organization=desk.org, event=desk.event, code=guest.code)]
        * 20,
        threads=20,
    )
    assert sum(1 for c in done if not c.already) == 1
    assert len({c.guest.checked_in_at for c in done}) == 1
    with tenant_context(desk.org):
        assert Guest.objects.get(pk=guest.pk).checked_in_at is not None


def test_simultaneous_signings_of_one_community_all_get_the_voucher(desk):
    guests = [desk.guest(m, community="阳光花园") for m in mobiles(10)]
    race([lambda g=g: desk.sign(g, "50000") for g in guests], threads=10)
    with tenant_context(desk.org):
        vouchers = set(
            Signing.objects.filter(event=desk.event).values_list("group_voucher", flat=True)
        )
    assert vouchers == {Decimal("500")}
