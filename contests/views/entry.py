"""The daily entry page, and one entry's page: its history, correction and void."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import money
from campaigns.errors import EditConflict
from campaigns.query_params import shown
from campaigns.views import apply_service, org_page, posted_data
from contests.permissions import Perm

from .. import selectors, services
from ..forms import PolicyCorrectForm, PolicyForm
from ..models import Policy


@org_page(Perm.ENTER_RESULTS)
def entry(request, organization, contest_id):
    contest = selectors.contest_get(organization, contest_id)
    agents = selectors.agents_in_scope(request.membership).filter(active=True)
    day = timezone.localdate()
    if not contest.period_start <= day <= contest.period_end:
        day = min(max(day, contest.period_start), contest.period_end)
    form = PolicyForm(posted_data(request), agents=agents, initial={"issued_on": day})
    if request.method == "POST" and form.is_valid():
        recorded = {}
        if apply_service(
            form,
            lambda: recorded.setdefault(
                "policy",
                services.policy_record(
                    organization=organization,
                    membership=request.membership,
                    contest=contest,
                    **form.cleaned_data,
                ),
            ),
        ):
            policy = recorded["policy"]
            note = _("Policy %(number)s recorded.") % {"number": policy.number}
            if policy.calendar:
                note += " " + _("A desk calendar is reserved for it.")
            messages.success(request, note)
            if not request.htmx:
                return redirect("contest_entry", org_slug=organization.slug, contest_id=contest.pk)
            day = policy.issued_on
            form = PolicyForm(
                agents=agents,
                initial={
                    "issued_on": policy.issued_on,
                    "agent": policy.agent,
                    "product": policy.product,
                },
            )
    context = _entry_context(request, contest, form, day)
    template = "contests/_entry_panel.html" if request.htmx else "contests/entry.html"
    return render(request, template, context, status=400 if form.errors else 200)


def _entry_context(request, contest, form, day):
    mine = list(selectors.entries_by(contest, request.user, day))
    return {
        "contest": contest,
        "form": form,
        "day": day,
        "mine": mine,
        "mine_total": sum((p.premium for p in mine), Decimal("0")),
        "department_total": selectors.department_total(contest),
    }


@org_page(Perm.ENTER_RESULTS)
def entry_preview(request, organization, contest_id):
    """Today's total with the premium being typed (updates as the user types)."""
    contest = selectors.contest_get(organization, contest_id)
    day = timezone.localdate()
    mine_total = sum(
        (p.premium for p in selectors.entries_by(contest, request.user, day)), Decimal("0")
    )
    raw = request.GET.get("premium", "")
    typed, typed_error = Decimal("0"), ""
    if raw.strip():
        try:  # read as the entry will read it: what it would refuse adds nothing
            typed = money.parse_amount(
                raw,
                kind=money.Kind.PREMIUM,
                ceiling=money.ceiling_for(money.Kind.PREMIUM, organization.amount_ceilings),
            )
        except ValidationError as exc:
            # What is being typed is no amount: say so next to the totals (not a silent 0).
            typed_error = " ".join(
                [_("“%(value)s” is not an amount.") % {"value": shown(raw)}, *exc.messages]
            )
    return render(
        request,
        "contests/_entry_totals.html",
        {
            "mine_total": mine_total,
            "with_typed": mine_total + typed,
            "typed": typed,
            "typed_error": typed_error,
            "department_total": selectors.department_total(contest),
        },
        status=400 if typed_error else 200,
    )


@require_POST
@org_page(Perm.ENTER_RESULTS)
def policy_void(request, organization, contest_id, policy_id):
    contest = selectors.contest_get(organization, contest_id)
    policy = selectors.policy_get(contest, policy_id)
    try:
        services.policy_void(
            organization=organization, membership=request.membership, contest=contest, policy=policy
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Policy %(number)s voided.") % {"number": policy.number})
    return redirect("contest_entry", org_slug=organization.slug, contest_id=contest.pk)


@org_page(Perm.ENTER_RESULTS)
def policy_detail(request, organization, contest_id, policy_id):
    """One entry: its figures, its history, and (for whoever may change it) the
    correction form. A stale correction (changed meanwhile) answers 409 and shows the
    entry as it is now next to what was typed."""
    contest = selectors.contest_get(organization, contest_id)
    policy = selectors.policy_in_scope(request.membership, contest, policy_id)
    refusal = _("This entry is voided.") if policy.voided else None
    if refusal is None:
        try:
            services.policy_check_changeable(membership=request.membership, policy=policy)
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
    can_change = refusal is None
    agents = selectors.agents_in_scope(request.membership).filter(active=True)
    initial = {f: getattr(policy, f) for f in services.POLICY_FIELDS} | {"version": policy.version}
    form = PolicyCorrectForm(
        posted_data(request) if can_change else None, agents=agents, initial=initial
    )
    status = 200
    if request.method == "POST" and not can_change:
        status = 403
        messages.error(request, refusal)
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            saved = apply_service(
                form,
                lambda: services.policy_correct(
                    organization=organization,
                    membership=request.membership,
                    contest=contest,
                    policy=policy,
                    version=version,
                    data=data,
                ),
            )
        except EditConflict:
            saved = False  # shown below: the entry as it is now beside what was typed
        if saved:
            messages.success(
                request, _("Policy %(number)s corrected.") % {"number": data["number"]}
            )
            return redirect(
                "contest_policy",
                org_slug=organization.slug,
                contest_id=contest.pk,
                policy_id=policy.pk,
            )
        policy.refresh_from_db()
        if policy.version != version:  # changed meanwhile: keep the typed values, shown
            status = 409  # beside the entry as it is now; saving again applies
            data = request.POST.copy()
            data["version"] = str(policy.version)
            form = PolicyCorrectForm(data, agents=agents)
            form.is_valid()
        else:
            status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "contests/policy.html",
        {
            "contest": contest,
            "policy": policy,
            "form": form,
            "can_change": can_change,
            "history": selectors.policy_history(policy),
            "conflict": status == 409,
            "field_labels": {f.name: f.verbose_name for f in Policy._meta.fields},
        },
        status=status,
    )
