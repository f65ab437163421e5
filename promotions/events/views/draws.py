"""First-N offers and prize pools: the offers list and form, a pool's page (prizes before
sealing, the seal, the draws log with hand-over, the reveal and the verification), the
draw desk for a phone, and the public verification page (no sign-in: anyone given the
link may check the draws)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.query_params import query_page
from campaigns.tenancy import activate_organization_locale, organization_by_slug
from campaigns.views import apply_service, org_page, posted_data

from .. import selectors, services
from ..forms import GuestMobileForm, PoolForm, PrizeForm, QuotaForm
from ..permissions import Perm
from .access import require
from .events import event_context

DRAWS_PAGE_SIZE = 100


def _offers_page(request, organization, event, *, quota_form=None, pool_form=None, status=200):
    return render(
        request,
        "events/offers.html",
        {
            **event_context(request, organization, event, "offers"),
            "quotas": selectors.quotas_of(organization, event),
            "pools": selectors.pools_of(organization, event),
            "quota_form": quota_form
            or QuotaForm(pools=selectors.pool_choices(organization, event)),
            "pool_form": pool_form or PoolForm(),
        },
        status=status,
    )


@org_page(Perm.VIEW_EVENTS)
def offer_list(request, organization, event_id):
    """The first-N offers (taken of size) and the prize pools; a manager adds an offer."""
    event = selectors.event_get(organization, event_id)
    if request.method != "POST":
        return _offers_page(request, organization, event)
    require(request, Perm.MANAGE_EVENTS)
    form = QuotaForm(request.POST, pools=selectors.pool_choices(organization, event))
    if form.is_valid() and apply_service(
        form,
        lambda: services.quota_save(organization=organization, event=event, **form.cleaned_data),
    ):
        messages.success(request, _("Offer saved."))
        return redirect("event_offers", org_slug=organization.slug, event_id=event.pk)
    return _offers_page(request, organization, event, quota_form=form, status=400)


@org_page(Perm.MANAGE_EVENTS)
def offer_edit(request, organization, event_id, quota_id):
    event = selectors.event_get(organization, event_id)
    quota = selectors.quota_get(organization, event, quota_id)
    form = QuotaForm(
        posted_data(request),
        pools=selectors.pool_choices(organization, event),
        initial={
            "name": quota.name,
            "size": quota.size,
            "value": quota.value,
            "pool": quota.pool_id,
            "returns_on_void": quota.returns_on_void,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and apply_service(
            form,
            lambda: services.quota_save(
                organization=organization, event=event, quota=quota, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("Offer saved."))
        return redirect("event_offers", org_slug=organization.slug, event_id=event.pk)
    return render(
        request,
        "events/offer.html",
        {**event_context(request, organization, event, "offers"), "quota": quota, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def pool_new(request, organization, event_id):
    event = selectors.event_get(organization, event_id)
    form = PoolForm(request.POST)
    made = {}
    if form.is_valid() and apply_service(
        form,
        lambda: made.setdefault(
            "pool", services.pool_save(organization=organization, event=event, **form.cleaned_data)
        ),
    ):
        messages.success(request, _("Prize pool added: add its prizes, then seal it."))
        return _to_pool(organization, event, made["pool"])
    return _offers_page(request, organization, event, pool_form=form, status=400)


def _to_pool(organization, event, pool):
    return redirect("event_pool", org_slug=organization.slug, event_id=event.pk, pool_id=pool.pk)


def _pool_page(
    request, organization, event, pool, *, prize_form=None, pool_form=None, errors=(), status=200
):
    page = query_page(
        request, selectors.draws_of(organization, pool).order_by("-number"), DRAWS_PAGE_SIZE
    )
    prizes = selectors.prizes_of(organization, pool)
    if pool.sealed_at is not None:  # the prize and pool forms are hidden: say why here
        posted = [f for f in (prize_form, pool_form) if f is not None]
        errors = [*errors, *(m for f in posted for ms in f.errors.values() for m in ms)]
    verification = (
        services.pool_verify(organization=organization, pool=pool) if pool.revealed_at else None
    )
    return render(
        request,
        "events/pool.html",
        {
            **event_context(request, organization, event, "offers"),
            "pool": pool,
            "prizes": prizes,
            "left": sum(p.left for p in prizes),
            "prize_names": {p.pk: p.name for p in prizes},
            "page": page,
            "quotas": [q for q in selectors.quotas_of(organization, event) if q.pool_id == pool.pk],
            "verification": verification,
            "verify_url": request.build_absolute_uri(
                reverse(
                    "draws_verify",
                    kwargs={"verify_org": organization.slug, "verify_code": pool.verify_code},
                )
            ),
            "reveal_after": services.event_ends_at(event, organization),
            "prize_form": prize_form or PrizeForm(),
            "pool_form": pool_form
            or PoolForm(initial={"name": pool.name, "no_prize_weight": pool.no_prize_weight}),
            "errors": errors,
        },
        status=status,
    )


@org_page(Perm.VIEW_EVENTS)
def pool_detail(request, organization, event_id, pool_id):
    event = selectors.event_get(organization, event_id)
    pool = selectors.pool_get(organization, event, pool_id)
    return _pool_page(request, organization, event, pool)


def _pool_action(request, organization, event_id, pool_id, call, done):
    """A button on the pool page (seal, reveal, delete a prize, hand a prize over): the
    service, then back to the page; its refusal shown on the page with a 400."""
    event = selectors.event_get(organization, event_id)
    pool = selectors.pool_get(organization, event, pool_id)
    try:
        call(event, pool)
    except ValidationError as exc:
        return _pool_page(request, organization, event, pool, errors=exc.messages, status=400)
    messages.success(request, done)
    return _to_pool(organization, event, pool)


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def pool_edit(request, organization, event_id, pool_id):
    event = selectors.event_get(organization, event_id)
    pool = selectors.pool_get(organization, event, pool_id)
    form = PoolForm(request.POST)
    if form.is_valid() and apply_service(
        form,
        lambda: services.pool_save(
            organization=organization, event=event, pool=pool, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Prize pool saved."))
        return _to_pool(organization, event, pool)
    return _pool_page(request, organization, event, pool, pool_form=form, status=400)


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def prize_add(request, organization, event_id, pool_id):
    event = selectors.event_get(organization, event_id)
    pool = selectors.pool_get(organization, event, pool_id)
    form = PrizeForm(request.POST)
    if form.is_valid() and apply_service(
        form, lambda: services.prize_save(organization=organization, pool=pool, **form.cleaned_data)
    ):
        messages.success(request, _("Prize added."))
        return _to_pool(organization, event, pool)
    return _pool_page(request, organization, event, pool, prize_form=form, status=400)


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def prize_delete(request, organization, event_id, pool_id, prize_id):
    return _pool_action(
        request,
        organization,
        event_id,
        pool_id,
        lambda event, pool: services.prize_delete(
            organization=organization, prize=selectors.prize_get(organization, pool, prize_id)
        ),
        _("Prize deleted."),
    )


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def pool_seal(request, organization, event_id, pool_id):
    return _pool_action(
        request,
        organization,
        event_id,
        pool_id,
        lambda event, pool: services.pool_seal(organization=organization, pool=pool),
        _("Pool sealed: its prizes are fixed and the seed's SHA-256 is published."),
    )


@require_POST
@org_page(Perm.MANAGE_EVENTS)
def pool_reveal(request, organization, event_id, pool_id):
    return _pool_action(
        request,
        organization,
        event_id,
        pool_id,
        lambda event, pool: services.pool_reveal(organization=organization, pool=pool),
        _("Seed revealed: anyone with the link can now verify every draw."),
    )


@require_POST
@org_page(Perm.WORK_DESK)
def prize_hand_over(request, organization, event_id, pool_id, draw_id):
    return _pool_action(
        request,
        organization,
        event_id,
        pool_id,
        lambda event, pool: services.prize_hand_over(
            organization=organization,
            draw=selectors.draw_get(organization, pool, draw_id),
            actor=request.user,
        ),
        _("Prize handed over."),
    )


@org_page(Perm.WORK_DESK)
def pool_draw(request, organization, event_id, pool_id):
    """The draw desk, on a phone: the guest's mobile, then the result, big."""
    event = selectors.event_get(organization, event_id)
    pool = selectors.pool_get(organization, event, pool_id)
    form = GuestMobileForm(posted_data(request))
    made = {}
    if request.method == "POST" and form.is_valid():
        guest = selectors.guest_by_mobile(organization, event, form.cleaned_data["mobile"])
        if guest is None:
            form.add_error(
                "mobile", _("No guest of this event has this mobile: register them first.")
            )
        elif apply_service(
            form,
            lambda: made.setdefault(
                "draw",
                services.draw_take(
                    organization=organization, pool=pool, guest=guest, actor=request.user
                ),
            ),
        ):
            form = GuestMobileForm()  # ready for the next guest
    draw = made.get("draw")
    prizes = selectors.prizes_of(organization, pool)
    return render(
        request,
        "events/draw.html",
        {
            **event_context(request, organization, event, "offers"),
            "pool": pool,
            "form": form,
            "draw": draw,
            "left": sum(p.left for p in prizes),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def pool_verify_public(request, verify_org, verify_code):
    """/verify/<org>/<code>/: no sign-in. The pool as sealed, the published hash, every
    draw with the mobile masked, how to redo them and, once the seed is revealed, the
    verdict. An unknown organization or code: 404 alike."""
    organization = organization_by_slug(verify_org)
    record = selectors.pool_public(organization, verify_code) if organization else None
    if record is None:
        raise Http404
    activate_organization_locale(request, organization)
    verification = None
    if record.pool.revealed_at is not None:
        verification = services.pool_verify(organization=organization, pool=record.pool)
    return render(
        request,
        "events/verify.html",
        {
            "public_org": organization,
            "record": record,
            "pool": record.pool,
            "total_weight": sum(p.weight for p in record.prizes) + record.pool.no_prize_weight,
            "prize_names": {p.pk: p.name for p in record.prizes},
            "verification": verification,
            "reveal_after": services.event_ends_at(record.event, organization),
        },
    )
