"""Prize pools: prizes and stock, sealing (the seed's hash published), draws (each taken
exactly once under concurrency), handing prizes over, revealing the seed after the event,
and verifying every draw (rules.draws)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import Draw, Place, Prize, PrizePool, Quota, Signing
from ..rules import draws as rules


def pool_save(*, organization, event, name, no_prize_weight=0, pool=None):
    check_same_organization(organization, event=event, pool=pool)
    with tenant_context(organization):
        if pool is None:
            pool = PrizePool(organization=organization, event=event)
        else:
            pool = _locked_unsealed(organization, pool)
        pool.name, pool.no_prize_weight = (name or "").strip(), no_prize_weight
        pool.full_clean(exclude=["event"], validate_constraints=False)
        if (
            PrizePool.objects.for_org(organization)
            .filter(event=event, name=pool.name)
            .exclude(pk=pool.pk)
            .exists()
        ):
            raise ValidationError({"name": _("This event has a prize pool with this name.")})
        pool.save()
    return pool


def prize_save(*, organization, pool, name, stock, weight=1, value=0, prize=None):
    """Add or change a prize. Only before the pool is sealed: the seal fixes what every
    draw can give."""
    check_same_organization(organization, pool=pool, prize=prize)
    money.check_amounts(organization.amount_ceilings, {"value": (money.Kind.REWARD, value)})
    with tenant_context(organization):
        _locked_unsealed(organization, pool)
        prize = prize or Prize(organization=organization, pool=pool)
        prize.name, prize.stock, prize.weight, prize.value = (
            (name or "").strip(),
            stock,
            weight,
            value,
        )
        prize.full_clean(exclude=["pool"], validate_constraints=False)
        prize.save()
    return prize


def prize_delete(*, organization, prize):
    check_same_organization(organization, prize=prize)
    with tenant_context(organization):
        _locked_unsealed(organization, prize.pool)
        Prize.objects.for_org(organization).filter(pk=prize.pk).delete()


def _locked_unsealed(organization, pool):
    locked = PrizePool.objects.for_org(organization).select_for_update().get(pk=pool.pk)
    if locked.sealed_at is not None:
        raise ValidationError(_("The pool is sealed: its prizes can no longer change."))
    return locked


def pool_seal(*, organization, pool):
    """Draw the secret seed and publish its SHA-256. From now on the prizes are fixed."""
    check_same_organization(organization, pool=pool)
    with tenant_context(organization):
        locked = _locked_unsealed(organization, pool)
        if not Prize.objects.for_org(organization).filter(pool=locked).exists():
            raise ValidationError(_("Add the pool's prizes before sealing it."))
        locked.seed = rules.new_seed()
        locked.seed_sha256 = rules.seed_sha256(locked.seed)
        locked.sealed_at = timezone.now()
        locked.save(update_fields=["seed", "seed_sha256", "sealed_at"])
    return locked


def _stock(organization, pool):
    return [
        rules.PrizeStock(p.pk, p.stock - p.taken, p.weight)
        for p in Prize.objects.for_org(organization).filter(pool=pool)
    ]


def draw_take(*, organization, pool, guest, actor=None):
    """Draw for a guest who holds an unused place of an offer that draws from this pool.
    Draws of a pool are serialized by a lock on the pool's row: draw k is decided by the
    seed and the stock left after draws 1..k-1, and the prize is taken from the stock in
    the same transaction."""
    check_same_organization(organization, pool=pool, guest=guest)
    with tenant_context(organization):
        locked = PrizePool.objects.for_org(organization).select_for_update().get(pk=pool.pk)
        if locked.sealed_at is None:
            raise ValidationError(_("The pool is not sealed yet: seal it before the first draw."))
        if locked.revealed_at is not None:
            raise ValidationError(_("The pool's seed is revealed: its draws are closed."))
        if guest.event_id != locked.event_id:
            raise ValidationError({"guest": _("Choose a guest of this event.")})
        place = _unused_place(organization, locked, guest)
        stock = _stock(organization, locked)
        number = locked.draws_made + 1
        try:
            prize_id = rules.draw(
                locked.seed, locked.event_id, locked.pk, number, stock, locked.no_prize_weight
            )
        except rules.SoldOut as exc:
            raise ValidationError(_("The pool is sold out: no prize is left.")) from exc
        if prize_id is not None:
            took = (
                Prize.objects.for_org(organization)
                .filter(pk=prize_id, taken__lt=F("stock"))
                .update(taken=F("taken") + 1)
            )
            if not took:  # cannot happen under the pool lock; refuse rather than oversell
                raise ValidationError(_("The pool is sold out: no prize is left."))
        draw = Draw.objects.create(
            organization=organization,
            pool=locked,
            number=number,
            guest=guest,
            place=place,
            prize_id=prize_id,
            drawn_by=actor,
        )
        locked.draws_made = number
        locked.save(update_fields=["draws_made"])
    return draw


def _unused_place(organization, pool, guest):
    quotas = Quota.objects.for_org(organization).filter(pool=pool)
    drawn = Draw.objects.for_org(organization).filter(pool=pool).values("place_id")
    voided = Signing.objects.for_org(organization).filter(voided_at__isnull=False).values("pk")
    place = (
        Place.objects.for_org(organization)
        .filter(quota__in=quotas, guest=guest, voided_at__isnull=True)
        .exclude(pk__in=drawn)
        .exclude(signing__in=voided)
        .order_by("number")
        .first()
    )
    if place is None:
        raise ValidationError(
            {
                "guest": _(
                    "This guest has no draw left in this pool (no place of its offer, or it is "
                    "used)."
                )
            }
        )
    return place


def prize_hand_over(*, organization, draw, actor=None):
    check_same_organization(organization, draw=draw)
    with tenant_context(organization):
        taken = (
            Draw.objects.for_org(organization)
            .filter(pk=draw.pk, handed_over_at__isnull=True, prize__isnull=False)
            .update(handed_over_at=timezone.now(), handed_over_by=actor)
        )
        draw = Draw.objects.for_org(organization).get(pk=draw.pk)
        if not taken:
            if draw.prize_id is None:
                raise ValidationError(_("This draw won no prize."))
            raise ValidationError(_("This prize was already handed over."))
    return draw


def event_ends_at(event, organization):
    return datetime.datetime.combine(event.last_day, event.ends_at, tzinfo=organization.zoneinfo)


def pool_reveal(*, organization, pool):
    """Reveal the seed, after the event ends: then anyone can redo every draw."""
    check_same_organization(organization, pool=pool)
    with tenant_context(organization):
        locked = (
            PrizePool.objects.for_org(organization)
            .select_for_update()
            .select_related("event")
            .get(pk=pool.pk)
        )
        if locked.sealed_at is None:
            raise ValidationError(_("The pool was never sealed: there is no seed to reveal."))
        if locked.revealed_at is not None:
            return locked
        ends = event_ends_at(locked.event, organization)
        if timezone.now() < ends:
            raise ValidationError(
                _("The seed is revealed after the event ends (%(at)s).")
                % {"at": ends.strftime("%Y-%m-%d %H:%M")}
            )
        locked.revealed_at = timezone.now()
        locked.save(update_fields=["revealed_at"])
    return locked


def pool_verify(*, organization, pool):
    """Redo every draw of a revealed pool from its seed, prizes and log."""
    check_same_organization(organization, pool=pool)
    with tenant_context(organization):
        pool = PrizePool.objects.for_org(organization).get(pk=pool.pk)
        if pool.revealed_at is None:
            raise ValidationError(
                _("The seed is not revealed yet: draws can be verified after the event.")
            )
        prizes = [
            rules.PrizeStock(p.pk, p.stock, p.weight)
            for p in Prize.objects.for_org(organization).filter(pool=pool)
        ]
        log = list(
            Draw.objects.for_org(organization).filter(pool=pool).values_list("number", "prize_id")
        )
    return rules.verify(
        seed_hex=pool.seed,
        published_sha256=pool.seed_sha256,
        event_id=pool.event_id,
        pool_id=pool.pk,
        prizes=prizes,
        no_prize_weight=pool.no_prize_weight,
        log=log,
    )
