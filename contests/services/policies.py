"""Entering, correcting and voiding policies (the daily entry page and the API). Every
recording, correction and void is kept as a PolicyEvent."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.errors import EditConflict
from campaigns.roles import Role
from campaigns.tenancy import tenant_context

from .. import selectors
from ..models import Contest, Policy, PolicyEvent
from ..rules import entries
from .battle_reports import battle_reports_mark_outdated

POLICY_FIELDS = ("agent", "number", "premium", "issued_on", "product", "card_number")


def policy_record(
    *,
    organization,
    membership,
    contest,
    agent,
    number,
    premium,
    issued_on,
    product="",
    card_number="",
):
    """Enter one policy. It takes a desk calendar from the stock while any are left: one
    conditional update of the contest row, so concurrent entries can never oversell."""
    actor = membership.user
    with tenant_context(organization):
        values = _checked(
            membership,
            contest,
            agent=agent,
            number=number,
            premium=premium,
            issued_on=issued_on,
            product=product,
            card_number=card_number,
        )
        _refuse_duplicate(contest, values["number"])
        policy = Policy(organization=organization, contest=contest, entered_by=actor, **values)
        try:
            with transaction.atomic():
                policy.save()
        except IntegrityError as exc:  # the same number entered at the same moment
            raise ValidationError(
                {"number": _("This policy number was just entered by someone else.")}
            ) from exc
        policy.calendar = _take_calendar(organization, contest)
        if policy.calendar:
            policy.save(update_fields=["calendar"])
        _record(policy, actor, "recorded", {k: [None, history_value(v)] for k, v in values.items()})
        battle_reports_mark_outdated(
            organization=organization, contest=contest, day=policy.issued_on
        )
    return policy


def policy_correct(*, organization, membership, contest, policy, version, data):
    """Correct an entry (branch staff: only their own). Changes are kept in its history."""
    policy_check_changeable(membership=membership, policy=policy)
    with tenant_context(organization):
        current = (
            Policy.objects.for_org(organization)
            .select_for_update()
            .filter(pk=policy.pk, contest=contest, voided=False)
            .first()
        )
        if current is None:
            raise ValidationError(_("This entry was voided meanwhile."))
        was_issued_on = current.issued_on
        if current.version != version:
            raise EditConflict(
                current={
                    **{f: history_value(getattr(current, f)) for f in POLICY_FIELDS},
                    "version": current.version,
                },
                attempted=dict(data),
                message=_("Someone changed this entry meanwhile; reload and check it again."),
            )
        merged = {f: data.get(f, getattr(current, f)) for f in POLICY_FIELDS}
        values = _checked(membership, contest, **merged)
        if values["number"] != current.number:
            _refuse_duplicate(contest, values["number"])
        changes = {
            f: [history_value(getattr(current, f)), history_value(v)]
            for f, v in values.items()
            if getattr(current, f) != v
        }
        for field, value in values.items():
            setattr(current, field, value)
        current.version += 1
        current.save()
        if changes:
            _record(current, membership.user, "corrected", changes)
            battle_reports_mark_outdated(
                organization=organization,
                contest=contest,
                day=min(was_issued_on, current.issued_on),
            )
    return current


def policy_void(*, organization, membership, contest, policy):
    """Void an entry: it stops counting, and its calendar goes back to the stock."""
    policy_check_changeable(membership=membership, policy=policy)
    with tenant_context(organization):
        voided = (
            Policy.objects.for_org(organization)
            .filter(pk=policy.pk, contest=contest, voided=False)
            .update(voided=True, calendar=False, version=F("version") + 1)
        )
        if not voided:
            return
        if policy.calendar:
            Contest.objects.for_org(organization).filter(
                pk=contest.pk, calendars_taken__gt=0
            ).update(calendars_taken=F("calendars_taken") - 1)
        _record(policy, membership.user, "voided", {"voided": [False, True]})
        battle_reports_mark_outdated(
            organization=organization, contest=contest, day=policy.issued_on
        )


def policy_check_changeable(*, membership, policy):
    """Branch staff correct or void only their own entries (managers any): the one check
    of it, made by every write here, by the import for each row it would update, and by
    the pages before they offer the correction form."""
    if membership.role == Role.BRANCH_STAFF and policy.entered_by_id != membership.user_id:
        raise ValidationError(
            _("You can only correct or void your own entries."), code="not_own_entry"
        )


def _checked(membership, contest, *, agent, number, premium, issued_on, product, card_number):
    errors = {}
    if agent is None or not selectors.agents_in_scope(membership).filter(pk=agent.pk).exists():
        errors["agent"] = _("This agent is not in your team or branch.")
    elif not agent.active:
        errors["agent"] = _("This agent is no longer active.")
    values, field_errors = entries.entry_fields(
        contest.period_start,
        contest.period_end,
        number=number,
        premium=premium,
        issued_on=issued_on,
        product=product,
        card_number=card_number,
        premium_ceiling=money.ceiling_for(money.Kind.PREMIUM, contest.organization.amount_ceilings),
    )
    errors.update(field_errors)
    if errors:
        raise ValidationError(errors)
    return {"agent": agent, **values}


def _refuse_duplicate(contest, number):
    existing = (
        Policy.objects.for_org(contest.organization_id)
        .filter(contest=contest, number=number)
        .select_related("agent")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {
                "number": _(
                    "Policy %(number)s is already entered: %(agent)s, issued %(date)s%(voided)s."
                )
                % {
                    "number": number,
                    "agent": existing.agent,
                    "date": existing.issued_on,
                    "voided": _(" (voided — correct that entry instead)")
                    if existing.voided
                    else "",
                }
            }
        )


def _take_calendar(organization, contest):
    return bool(
        Contest.objects.for_org(organization)
        .filter(pk=contest.pk, calendars_taken__lt=F("calendar_stock"))
        .update(calendars_taken=F("calendars_taken") + 1)
    )


def take_calendars(organization, contest, wanted):
    """Take up to `wanted` calendars at once (an import): the contest row stays locked
    until the transaction ends, so nobody else can take the same ones."""
    if wanted <= 0:
        return 0
    locked = Contest.objects.for_org(organization).select_for_update().get(pk=contest.pk)
    taken = max(0, min(wanted, locked.calendar_stock - locked.calendars_taken))
    if taken:
        Contest.objects.for_org(organization).filter(pk=contest.pk).update(
            calendars_taken=F("calendars_taken") + taken
        )
    return taken


def history_value(value):
    """A value as the history (a JSON field) keeps it."""
    return value if isinstance(value, str | int | bool | type(None)) else str(value)


def _record(policy, actor, action, changes):
    PolicyEvent.objects.create(
        organization_id=policy.organization_id,
        policy=policy,
        actor=actor,
        action=action,
        changes=changes,
    )
