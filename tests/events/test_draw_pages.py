"""The offers and prize-pool pages, the draw desk, the public verification page and the
verify_draws command."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import Draw, Prize, Quota

from .conftest import mobiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, desk, in_english):
    client.force_login(desk.manager.user)
    return client


@pytest.fixture
def staff(client, desk, in_english):
    client.force_login(desk.staff.user)
    return client


def url(desk, name, **kwargs):
    return reverse(name, kwargs={"org_slug": desk.org.slug, "event_id": desk.event.pk, **kwargs})


def pool_url(desk, name="event_pool", **kwargs):
    return url(desk, name, pool_id=desk.egg_pool.pk, **kwargs)


def verify_url(desk, code=None, slug=None):
    return reverse(
        "draws_verify",
        kwargs={
            "verify_org": slug or desk.org.slug,
            "verify_code": code or desk.egg_pool.verify_code,
        },
    )


def drawn(desk, n, *prizes):
    """Seal the egg pool with `prizes`, sign n guests and draw once for each."""
    desk.stock_eggs(*prizes)
    draws = []
    for mobile in mobiles(n):
        guest = desk.guest(mobile)
        desk.sign(guest)
        draws.append(
            services.draw_take(
                organization=desk.org, pool=desk.egg_pool, guest=guest, actor=desk.staff.user
            )
        )
    return draws


def end_the_event(desk):
    yesterday = desk.today - datetime.timedelta(days=1)
    desk.event = services.event_update(
        organization=desk.org, event=desk.event, data={"date": yesterday, "last_day": yesterday}
    )


def test_offer_and_pool_pages_render(manager, desk):
    desk.stock_eggs(("电饭煲", 5, 1))
    for name, kwargs in [
        ("event_offers", {}),
        ("event_offer", {"quota_id": desk.eggs.pk}),
        ("event_pool", {"pool_id": desk.egg_pool.pk}),
        ("event_pool_draw", {"pool_id": desk.egg_pool.pk}),
    ]:
        assert manager.get(url(desk, name, **kwargs)).status_code == 200, name
    page = manager.get(url(desk, "event_offers")).content.decode()
    assert "0 of 30" in page and "keeps the place used" in page
    assert "the egg was already smashed" in page


def test_an_offer_is_added_and_changed_and_refused_below_what_is_given(manager, desk):
    done = manager.post(
        url(desk, "event_offers"), {"name": "前10名送地垫", "size": 10, "value": "50"}
    )
    assert done.status_code == 302
    with tenant_context(desk.org):
        offer = Quota.objects.get(event=desk.event, name="前10名送地垫")
    assert (offer.size, offer.returns_on_void, offer.pool_id) == (10, False, None)
    bad = manager.post(url(desk, "event_offers"), {"name": "x", "size": 0})
    assert bad.status_code == 400 and "greater than or equal to 1" in bad.content.decode()
    taken = manager.post(url(desk, "event_offers"), {"name": "前10名送地垫", "size": 3})
    assert taken.status_code == 400 and "has an offer with this name" in taken.content.decode()
    desk.sign(desk.guest(mobiles(1)[0]))  # takes egg place no. 1
    fewer = manager.post(
        url(desk, "event_offer", quota_id=desk.eggs.pk),
        {"name": desk.eggs.name, "size": 1, "pool": desk.egg_pool.pk},
    )
    assert fewer.status_code == 302  # 1 place given, 1 place left: allowed
    none_left = manager.post(
        url(desk, "event_offer", quota_id=desk.gifts.pk), {"name": desk.gifts.name, "size": 0}
    )
    assert none_left.status_code == 400
    with tenant_context(desk.org):
        desk.gifts.refresh_from_db()
    assert desk.gifts.size == 5


def test_prizes_change_until_the_seal_then_the_hash_shows(manager, desk):
    added = manager.post(
        pool_url(desk, "event_prize_add"), {"name": "电饭煲", "stock": 20, "weight": 3}
    )
    assert added.status_code == 302
    bad = manager.post(pool_url(desk, "event_prize_add"), {"name": "空", "stock": 0})
    assert bad.status_code == 400
    weight = manager.post(pool_url(desk, "event_pool_edit"), {"name": "金蛋", "no_prize_weight": 2})
    assert weight.status_code == 302
    sealed = manager.post(pool_url(desk, "event_pool_seal"))
    assert sealed.status_code == 302
    page = manager.get(pool_url(desk)).content.decode()
    with tenant_context(desk.org):
        desk.egg_pool.refresh_from_db()
        prize = Prize.objects.get(pool=desk.egg_pool)
    assert desk.egg_pool.seed_sha256 in page and "the prizes below are fixed" in page
    assert desk.egg_pool.verify_code in page  # the link to the public page
    late = manager.post(pool_url(desk, "event_prize_add"), {"name": "更多", "stock": 1})
    assert late.status_code == 400 and "The pool is sealed" in late.content.decode()
    gone = manager.post(pool_url(desk, "event_prize_delete", prize_id=prize.pk))
    assert gone.status_code == 400 and "The pool is sealed" in gone.content.decode()
    with tenant_context(desk.org):
        assert Prize.objects.filter(pool=desk.egg_pool).count() == 1


def test_sealing_an_empty_pool_is_refused(manager, desk):
    refused = manager.post(pool_url(desk, "event_pool_seal"))
    assert refused.status_code == 400 and "Add the pool" in refused.content.decode()


def test_the_draw_desk_finds_the_guest_by_mobile_and_shows_the_result_big(staff, desk):
    desk.stock_eggs(("电饭煲", 5, 1))
    guest = desk.guest(mobiles(1)[0])
    not_yet = staff.post(pool_url(desk, "event_pool_draw"), {"mobile": guest.mobile})
    assert not_yet.status_code == 400 and "no draw left" in not_yet.content.decode()
    desk.sign(guest)
    result = staff.post(pool_url(desk, "event_pool_draw"), {"mobile": guest.mobile})
    body = result.content.decode()
    assert result.status_code == 200 and 'data-testid="draw-result"' in body
    assert "电饭煲" in body and "Draw no. 1" in body and "place no. 1" in body
    again = staff.post(pool_url(desk, "event_pool_draw"), {"mobile": guest.mobile})
    assert again.status_code == 400 and "no draw left" in again.content.decode()
    unknown = staff.post(pool_url(desk, "event_pool_draw"), {"mobile": "13700000000"})
    assert unknown.status_code == 400 and "register them first" in unknown.content.decode()
    bad = staff.post(pool_url(desk, "event_pool_draw"), {"mobile": "123"})
    assert bad.status_code == 400 and "not a mainland mobile" in bad.content.decode()
    with tenant_context(desk.org):
        assert Draw.objects.filter(pool=desk.egg_pool).count() == 1


def test_a_sold_out_pool_says_so_before_the_next_draw(staff, desk):
    drawn(desk, 1, ("电饭煲", 1, 1))
    page = staff.get(pool_url(desk, "event_pool_draw")).content.decode()
    assert 'data-testid="sold-out"' in page
    guest = desk.guest(mobiles(1, start=50)[0])
    desk.sign(guest)
    refused = staff.post(pool_url(desk, "event_pool_draw"), {"mobile": guest.mobile})
    assert refused.status_code == 400 and "sold out" in refused.content.decode()


def test_the_log_hands_a_prize_over_once(staff, desk):
    (draw,) = drawn(desk, 1, ("电饭煲", 5, 1))
    page = staff.get(pool_url(desk)).content.decode()
    assert "139****0000" in page and "13912340000" not in page
    assert 'data-testid="hand-over-1"' in page
    done = staff.post(pool_url(desk, "event_prize_hand_over", draw_id=draw.pk))
    assert done.status_code == 302
    again = staff.post(pool_url(desk, "event_prize_hand_over", draw_id=draw.pk))
    assert again.status_code == 400 and "already handed over" in again.content.decode()


def test_reveal_waits_for_the_end_of_the_event_then_the_page_verifies(manager, desk):
    drawn(desk, 3, ("电饭煲", 5, 1), ("保温杯", 5, 2))
    early = manager.post(pool_url(desk, "event_pool_reveal"))
    assert early.status_code == 400
    assert "The seed is revealed after the event ends" in early.content.decode()
    end_the_event(desk)
    assert manager.post(pool_url(desk, "event_pool_reveal")).status_code == 302
    page = manager.get(pool_url(desk)).content.decode()
    assert "All 3 draws verified." in page
    with tenant_context(desk.org):
        desk.egg_pool.refresh_from_db()
    assert desk.egg_pool.seed in page


def test_branch_staff_draw_but_do_not_set_up_seal_or_reveal(staff, desk):
    assert staff.get(url(desk, "event_offers")).status_code == 200
    assert staff.post(url(desk, "event_offers"), {"name": "x", "size": 1}).status_code == 403
    assert staff.get(url(desk, "event_offer", quota_id=desk.eggs.pk)).status_code == 403
    assert staff.post(url(desk, "event_pool_new"), {"name": "x"}).status_code == 403
    for name in ("event_prize_add", "event_pool_edit", "event_pool_seal", "event_pool_reveal"):
        assert staff.post(pool_url(desk, name)).status_code == 403, name
    assert staff.get(pool_url(desk, "event_pool_draw")).status_code == 200
    with tenant_context(desk.org):
        desk.egg_pool.refresh_from_db()
    assert desk.egg_pool.sealed_at is None


def test_a_new_pool_from_the_offers_page(manager, desk):
    done = manager.post(url(desk, "event_pool_new"), {"name": "签单抽奖", "no_prize_weight": 5})
    assert done.status_code == 302
    twice = manager.post(url(desk, "event_pool_new"), {"name": "签单抽奖", "no_prize_weight": 0})
    assert twice.status_code == 400 and "prize pool with this name" in twice.content.decode()


# -- the public verification page ------------------------------------------------------------


def test_the_public_page_needs_no_login_and_says_when_the_seed_comes(client, desk, in_english):
    drawn(desk, 2, ("电饭煲", 5, 1))
    page = client.get(verify_url(desk))
    body = page.content.decode()
    assert page.status_code == 200
    assert desk.egg_pool.seed_sha256 in body and "will be revealed after" in body
    assert "139****0000" in body and "13912340000" not in body
    assert desk.egg_pool.seed not in body
    assert f"{desk.event.pk}:{desk.egg_pool.pk}:k" in body  # how to redo a draw


def test_the_public_page_verifies_and_names_an_altered_draw(client, desk, in_english):
    drawn(desk, 6, ("电饭煲", 10, 1), ("保温杯", 10, 1))
    end_the_event(desk)
    services.pool_reveal(organization=desk.org, pool=desk.egg_pool)
    body = client.get(verify_url(desk)).content.decode()
    assert "All 6 draws verified." in body
    with tenant_context(desk.org):
        draw = Draw.objects.get(pool=desk.egg_pool, number=4)
        other = Prize.objects.filter(pool=desk.egg_pool).exclude(pk=draw.prize_id).get()
        Draw.objects.filter(pk=draw.pk).update(prize=other)
    body = client.get(verify_url(desk)).content.decode()
    assert "Draw no. 4 differs: the log says" in body
    assert f"the log says {other.name}" in body


def test_an_unknown_code_or_another_organizations_code_is_404(client, desk, in_english):
    from tests.factories import OrganizationFactory

    desk.stock_eggs(("电饭煲", 5, 1))
    other = OrganizationFactory()
    assert client.get(verify_url(desk, code="nope")).status_code == 404
    assert client.get(verify_url(desk, slug=other.slug)).status_code == 404
    assert client.get(verify_url(desk, slug="no-such-org")).status_code == 404


def test_an_unsealed_pool_has_no_public_page(client, desk):
    assert client.get(verify_url(desk)).status_code == 404


def test_verify_draws_command_prints_the_verdict_and_fails_on_a_difference(desk):
    drawn(desk, 4, ("电饭煲", 10, 1), ("保温杯", 10, 1))
    args = (desk.org.slug, desk.egg_pool.verify_code)
    with pytest.raises(CommandError) as not_yet:
        call_command("verify_draws", *args, stdout=StringIO())
    assert not_yet.value.returncode == 2
    end_the_event(desk)
    services.pool_reveal(organization=desk.org, pool=desk.egg_pool)
    out = StringIO()
    call_command("verify_draws", *args, stdout=out)
    assert "All 4 draws verified." in out.getvalue()
    with tenant_context(desk.org):
        draw = Draw.objects.get(pool=desk.egg_pool, number=2)
        other = Prize.objects.filter(pool=desk.egg_pool).exclude(pk=draw.prize_id).get()
        Draw.objects.filter(pk=draw.pk).update(prize=other)
    with pytest.raises(CommandError) as differs:
        call_command("verify_draws", *args, stdout=StringIO())
    assert differs.value.returncode == 1
    assert str(differs.value).startswith("Draw no. 2 differs")
    with pytest.raises(CommandError) as unknown:
        call_command("verify_draws", desk.org.slug, "nope", stdout=StringIO())
    assert unknown.value.returncode == 2


def test_verify_is_a_reserved_organization_slug():
    from django.core.exceptions import ValidationError

    from campaigns.models import validate_slug_not_reserved

    with pytest.raises(ValidationError):
        validate_slug_not_reserved("verify")
