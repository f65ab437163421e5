"""First-N offers, prize pools, prizes and draws, and the public verification."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.tenancy import one_or_404, tenant_context

from ..models import (
    Draw,
    Event,
    Prize,
    PrizePool,
    Quota,
)


def pool_chosen(organization, event, pool_id, field="pool"):
    with tenant_context(organization):
        pool = PrizePool.objects.for_org(organization).filter(event=event, pk=pool_id).first()
    if pool is None:
        raise ValidationError({field: _("Choose a prize pool of this event.")})
    return pool


def quotas_of(organization, event):
    with tenant_context(organization):
        return list(Quota.objects.for_org(organization).filter(event=event).select_related("pool"))


def quota_get(organization, event, quota_id):
    with tenant_context(organization):
        return one_or_404(Quota.objects.for_org(organization).filter(event=event), pk=quota_id)


def pools_of(organization, event):
    """Each pool with its prizes and what is left."""
    with tenant_context(organization):
        pools = list(PrizePool.objects.for_org(organization).filter(event=event))
        prizes = {}
        for prize in Prize.objects.for_org(organization).filter(pool__in=pools):
            prize.left = prize.stock - prize.taken
            prizes.setdefault(prize.pool_id, []).append(prize)
    for pool in pools:
        pool.prizes = prizes.get(pool.pk, [])
        pool.left = sum(p.left for p in pool.prizes)
    return pools


def pool_get(organization, event, pool_id):
    with tenant_context(organization):
        return one_or_404(PrizePool.objects.for_org(organization).filter(event=event), pk=pool_id)


def pool_detail(organization, event, pool_id):
    """One pool with its prizes and what is left."""
    pool = pool_get(organization, event, pool_id)
    pool.prizes = prizes_of(organization, pool)
    pool.left = sum(p.left for p in pool.prizes)
    return pool


def pool_choices(organization, event):
    """The event's pools, for a form's choice."""
    return PrizePool.objects.for_org(organization).filter(event=event)


def prizes_of(organization, pool):
    """The pool's prizes, each with what is left."""
    with tenant_context(organization):
        prizes = list(Prize.objects.for_org(organization).filter(pool=pool))
    for prize in prizes:
        prize.left = prize.stock - prize.taken
    return prizes


def prize_get(organization, pool, prize_id):
    with tenant_context(organization):
        return one_or_404(Prize.objects.for_org(organization).filter(pool=pool), pk=prize_id)


def draws_of(organization, pool):
    return (
        Draw.objects.for_org(organization)
        .filter(pool=pool)
        .select_related("guest", "prize", "drawn_by", "place")
    )


def draw_get(organization, pool, draw_id):
    with tenant_context(organization):
        return one_or_404(draws_of(organization, pool), pk=draw_id)


def pool_by_verify_code(organization, code):
    with tenant_context(organization):
        return (
            PrizePool.objects.for_org(organization)
            .filter(verify_code=code)
            .select_related("event")
            .first()
        )


@dataclass(frozen=True)
class PublicPool:
    """What the public verification page shows: the pool as sealed (each prize with the
    stock it was sealed with), the published hash, the seed once revealed, every draw
    with the guest's mobile masked."""

    pool: PrizePool
    event: Event
    prizes: list
    draws: list


def pool_public(organization, verify_code):
    """The pool with this verification code, everything read inside the organization's
    context (the page has no signed-in member); None for an unknown code."""
    with tenant_context(organization):
        pool = pool_by_verify_code(organization, verify_code)
        if pool is None or pool.sealed_at is None:
            return None
        prizes = list(Prize.objects.for_org(organization).filter(pool=pool))
        draws = list(draws_of(organization, pool))
    return PublicPool(pool=pool, event=pool.event, prizes=prizes, draws=draws)
