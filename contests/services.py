"""Writes of the sales contest. Keyword-only, organization first, one transaction each;
errors are django ValidationError (field → message in the user's language)."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from campaigns.plans.models import Goal, PlanKind
from campaigns.roles import Role
from campaigns.tenancy import tenant_context

from . import import_store, selectors
from .importer import read_export, refuse_oversized
from .models import Agent, Contest, ImportBatch, Policy, PolicyEvent
from .rules import awards, pace, rewards

POLICY_FIELDS = ("agent", "number", "premium", "issued_on", "product", "card_number")


def contest_create(*, organization, plan, calendar_stock):
    """Run a contest-kind plan: its dates are the period, its first goal the department
    goal, its stages with cumulative targets the checkpoints, its reward rules the rules."""
    with tenant_context(organization):
        if plan.kind != PlanKind.CONTEST:
            raise ValidationError({"plan": _("Choose a plan of the sales-contest kind.")})
        if Contest.objects.for_org(organization).filter(plan=plan).exists():
            raise ValidationError({"plan": _("This plan already runs a contest.")})
        if not (plan.start_date and plan.end_date):
            raise ValidationError({"plan": _("Give the plan its first and last day first.")})
        goal = (
            Goal.objects.for_org(organization)
            .filter(plan=plan, target_value__gt=0)
            .order_by("position")
            .values_list("target_value", flat=True)
            .first()
        )
        if goal is None:
            raise ValidationError({"plan": _("Give the plan a goal with a target first.")})
        try:
            rewards.rules_from_extra(plan.extra or {})
        except ValueError as exc:
            raise ValidationError({"plan": str(exc)}) from exc
        contest = Contest(
            organization=organization,
            plan=plan,
            period_start=plan.start_date,
            period_end=plan.end_date,
            goal=goal,
            calendar_stock=calendar_stock,
            rules=plan.extra or {},
        )
        contest.full_clean()
        contest.save()
    return contest


def contest_settings_save(*, organization, contest, calendar_stock, report_time, rules_extra):
    """Change the stock, the report time and the reward rules of a contest. The new rules
    replace those pieces of the contest's rules (other keys are kept) and are checked as a
    whole; the stock cannot fall below the calendars already handed out. Printed battle
    reports show team fund tiers, so they are marked outdated when the rules change."""
    with tenant_context(organization):
        locked = Contest.objects.for_org(organization).select_for_update().get(pk=contest.pk)
        if calendar_stock < locked.calendars_taken:
            raise ValidationError(
                {
                    "calendar_stock": _(
                        "%(n)d calendars are already handed out; the stock cannot be lower."
                    )
                    % {"n": locked.calendars_taken}
                }
            )
        new_rules = {**(locked.rules or {}), **rules_extra}
        try:
            rewards.rules_from_extra(new_rules)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        changed_rules = new_rules != locked.rules
        locked.calendar_stock, locked.report_time, locked.rules = (
            calendar_stock,
            report_time,
            new_rules,
        )
        locked.full_clean()
        locked.save(update_fields=["calendar_stock", "report_time", "rules"])
        if changed_rules:
            _reports_outdated(organization, locked, locked.period_start)
    return locked


def agent_save(*, organization, code, name, team, full_time=True, active=True, agent=None):
    if team.organization_id != organization.pk:
        raise ValidationError({"team": _("Choose a team of this organization.")})
    with tenant_context(organization):
        agent = agent or Agent(organization=organization)
        agent.code, agent.name, agent.team = code.strip(), name.strip(), team
        agent.full_time, agent.active = full_time, active
        agent.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                agent.save()
        except IntegrityError as exc:
            raise ValidationError({"code": _("An agent with this code exists.")}) from exc
    return agent


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
        _record(policy, actor, "recorded", {k: [None, _plain(v)] for k, v in values.items()})
        _reports_outdated(organization, contest, policy.issued_on)
    return policy


def policy_correct(*, organization, membership, contest, policy, version, data):
    """Correct an entry (branch staff: only their own). Changes are kept in its history."""
    _refuse_others_entry(membership, policy)
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
            raise ValidationError(
                _("Someone changed this entry meanwhile; reload and check it again."),
                code="conflict",
            )
        merged = {f: data.get(f, getattr(current, f)) for f in POLICY_FIELDS}
        values = _checked(membership, contest, **merged)
        if values["number"] != current.number:
            _refuse_duplicate(contest, values["number"])
        changes = {
            f: [_plain(getattr(current, f)), _plain(v)]
            for f, v in values.items()
            if getattr(current, f) != v
        }
        for field, value in values.items():
            setattr(current, field, value)
        current.version += 1
        current.save()
        if changes:
            _record(current, membership.user, "corrected", changes)
            _reports_outdated(organization, contest, min(was_issued_on, current.issued_on))
    return current


def policy_void(*, organization, membership, contest, policy):
    """Void an entry: it stops counting, and its calendar goes back to the stock."""
    _refuse_others_entry(membership, policy)
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
        _reports_outdated(organization, contest, policy.issued_on)


# -- helpers -------------------------------------------------------------------------------


def _checked(membership, contest, *, agent, number, premium, issued_on, product, card_number):
    errors = {}
    if agent is None or not selectors.agents_in_scope(membership).filter(pk=agent.pk).exists():
        errors["agent"] = _("This agent is not in your team or branch.")
    elif not agent.active:
        errors["agent"] = _("This agent is no longer active.")
    values, field_errors = _entry_fields(
        contest,
        number=number,
        premium=premium,
        issued_on=issued_on,
        product=product,
        card_number=card_number,
    )
    errors.update(field_errors)
    if errors:
        raise ValidationError(errors)
    return {"agent": agent, **values}


_CENT = Decimal("0.01")
_PREMIUM_LIMIT = Decimal("1e12")


def _entry_fields(contest, *, number, premium, issued_on, product, card_number):
    """The entry rules of every field but the agent: (clean values, field → message).
    Shared by the entry page and the import, which runs it for every row of a file."""
    errors = {}
    number = (number or "").strip()
    if not number:
        errors["number"] = _("Enter the policy number.")
    try:
        premium = Decimal(str(premium).replace(",", "").strip())
        if not premium.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["premium"] = _("Enter the premium as a number, e.g. 3000 or 3000.50.")
    else:
        if premium <= 0:
            errors["premium"] = _("The premium must be more than zero.")
        # The limit first: quantizing a number of 30 digits or more fails.
        elif premium >= _PREMIUM_LIMIT or premium != premium.quantize(_CENT):
            errors["premium"] = _("Enter the premium in yuan with at most two decimals.")
    if issued_on is None:
        errors["issued_on"] = _("Enter the issue date.")
    elif not contest.period_start <= issued_on <= contest.period_end:
        errors["issued_on"] = _(
            "Only policies issued during the contest (%(start)s – %(end)s) count."
        ) % {"start": contest.period_start, "end": contest.period_end}
    card_number = (card_number or "").strip()
    if not card_number:
        errors["card_number"] = _("Each periodic policy needs its attached card policy number.")
    return {
        "number": number,
        "premium": premium,
        "issued_on": issued_on,
        "product": (product or "").strip(),
        "card_number": card_number,
    }, errors


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


def _refuse_others_entry(membership, policy):
    if membership.role == Role.BRANCH_STAFF and policy.entered_by_id != membership.user_id:
        raise ValidationError(_("You can only correct or void your own entries."))


def _take_calendars(organization, contest, wanted):
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


def _take_calendar(organization, contest):
    return bool(
        Contest.objects.for_org(organization)
        .filter(pk=contest.pk, calendars_taken__lt=F("calendar_stock"))
        .update(calendars_taken=F("calendars_taken") + 1)
    )


def _reports_outdated(organization, contest, day):
    """Battle reports of `day` or later, printed or being printed, no longer show the
    figures: mark them, so that the schedule prints them again (battle_reports_due), and
    count the change, so that a job printing one meanwhile leaves the mark on."""
    from .models import BattleReport

    BattleReport.objects.for_org(organization).filter(contest=contest, day__gte=day).update(
        outdated=True, changes=F("changes") + 1
    )


def _plain(value):
    return value if isinstance(value, str | int | bool | type(None)) else str(value)


def _record(policy, actor, action, changes):
    PolicyEvent.objects.create(
        organization_id=policy.organization_id,
        policy=policy,
        actor=actor,
        action=action,
        changes=changes,
    )


# -- import of the policy system's export ------------------------------------------------

IMPORT_LISTED_ROWS = 1000  # bad rows and updates kept for the preview page (counts are exact)
# Policy numbers per query: few on SQLite (its limit on query parameters), many on
# PostgreSQL, where each query may scan the contest's policies (before statistics exist).
_LOOKUP_CHUNK = {"postgresql": 20_000}
_LOOKUP_CHUNK_DEFAULT = 500


def policies_import_preview(*, organization, membership, contest, upload):
    """The dry run: read the uploaded export, check every row with the entry rules and
    count what committing it would do (new / updated / unchanged / bad rows). Stores the
    file with that outcome in an ImportBatch; changes no policy. A file refused as a whole
    (too large, too many rows, empty, unreadable, missing columns) stores nothing."""
    refuse_oversized(upload.size)
    upload.seek(0)
    data = upload.read()
    original_name = (upload.name or "").rsplit("/", 1)[-1][:255]
    with tenant_context(organization):
        sheet = read_export(data, original_name)
        outcome = _import_outcome(organization, membership, contest, sheet, lock=False)
        batch = ImportBatch(
            organization=organization,
            contest=contest,
            uploaded_by=membership.user,
            original_name=original_name,
            summary=outcome.summary(sheet),
        )
        extension = "xlsx" if data.startswith(b"PK") else "csv"
        batch.file.save(f"policies-{contest.pk}.{extension}", ContentFile(data), save=False)
        batch.save()
    return batch


def policies_import_commit(*, organization, membership, contest, batch):
    """Import a previewed batch: its stored file is read and checked again (the data may
    have changed since the preview) and only the valid rows are written, in one
    transaction, as an upsert by policy number: new numbers are created (taking desk
    calendars first issued, first served), changed ones updated, identical ones left
    alone. A batch commits at most once; a second call returns None and changes nothing."""
    with tenant_context(organization):
        claimed = (
            ImportBatch.objects.for_org(organization)
            .filter(pk=batch.pk, contest=contest, status=ImportBatch.Status.PREVIEW)
            .update(status=ImportBatch.Status.COMMITTED, committed_at=timezone.now())
        )
        if not claimed:
            return None
        try:
            with batch.file.open("rb") as stored:
                data = stored.read()
        except OSError as exc:
            raise ValidationError(
                _("The uploaded file is no longer available; upload it again.")
            ) from exc
        sheet = read_export(data, batch.original_name)
        outcome = _import_outcome(organization, membership, contest, sheet, lock=True)
        result = outcome.counts()
        result["calendars"] = _import_write(organization, membership, contest, batch, outcome)
        batch.status = ImportBatch.Status.COMMITTED
        batch.summary = {**batch.summary, "result": result}
        ImportBatch.objects.for_org(organization).filter(pk=batch.pk).update(summary=batch.summary)
    return result


class _ImportOutcome:
    """Each row of a file sorted into new / updated / unchanged / bad."""

    def __init__(self):
        self.new, self.updated, self.unchanged, self.bad = [], [], [], []

    def counts(self):
        return {
            "new": len(self.new),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "bad": len(self.bad),
        }

    def summary(self, sheet):
        return {
            **self.counts(),
            "rows": len(sheet.rows),
            "columns": sheet.columns,
            "bad_rows": [
                {"line": row.line, "number": row.number, "reasons": reasons}
                for row, reasons in self.bad[:IMPORT_LISTED_ROWS]
            ],
            "updates": [
                {"line": row.line, "number": row.number, "changes": changes}
                for row, _policy, _values, changes in self.updated[:IMPORT_LISTED_ROWS]
            ],
        }


def _import_outcome(organization, membership, contest, sheet, *, lock):
    """Sort the rows with three kinds of query whatever the file's size: the agents and
    the member's scope once, the contest's policies with the file's numbers in chunks."""
    agents = {a.code: a for a in Agent.objects.for_org(organization)}
    agents_by_pk = {a.pk: a for a in agents.values()}
    in_scope = set(selectors.agents_in_scope(membership).values_list("pk", flat=True))
    existing = _policies_numbered(organization, contest, {r.number for r in sheet.rows}, lock=lock)
    staff = membership.role == Role.BRANCH_STAFF
    outcome = _ImportOutcome()
    for row in sheet.rows:
        values, errors = _row_errors(contest, row, agents, in_scope)
        current = existing.get(row.number)
        if current is not None and current.voided and "number" not in errors:
            errors["number"] = _(
                "Policy %(number)s is already entered: %(agent)s, issued %(date)s%(voided)s."
            ) % {
                "number": row.number,
                "agent": agents_by_pk.get(current.agent_id, ""),
                "date": current.issued_on,
                "voided": _(" (voided — correct that entry instead)"),
            }
        if not errors:
            errors = _field_length_errors(values)
        if errors:
            outcome.bad.append((row, [errors[f] for f in _ROW_ERROR_ORDER if f in errors]))
            continue
        if current is None:
            outcome.new.append((row, values))
            continue
        changes = {
            f: [
                _plain(agents_by_pk.get(current.agent_id) if f == "agent" else getattr(current, f)),
                _plain(v),
            ]
            for f, v in values.items()
            if (current.agent_id != v.pk if f == "agent" else getattr(current, f) != v)
        }
        if not changes:
            outcome.unchanged.append(row)
        elif staff and current.entered_by_id != membership.user_id:
            outcome.bad.append((row, [_("You can only correct or void your own entries.")]))
        else:
            outcome.updated.append((row, current, values, changes))
    return outcome


_ROW_ERROR_ORDER = ("agent", *(f for f in POLICY_FIELDS if f != "agent"), "__all__")


def _row_errors(contest, row, agents, in_scope):
    """A row's clean values and reasons (field → message) by the entry rules. The agent is
    checked here against the agents and scope loaded once, the other fields by the entry
    page's own rules."""
    errors = {}
    agent = agents.get(row.agent_code)
    if not row.agent_code:
        errors["agent"] = _("Enter the agent code.")
    elif agent is None:
        errors["agent"] = _("Unknown agent code %(code)s.") % {"code": row.agent_code}
    elif agent.pk not in in_scope:
        errors["agent"] = _("This agent is not in your team or branch.")
    elif not agent.active:
        errors["agent"] = _("This agent is no longer active.")
    values, field_errors = _entry_fields(
        contest,
        number=row.number,
        premium=row.premium,
        issued_on=row.issued_on,
        product=row.product,
        card_number=row.card_number,
    )
    errors.update(field_errors)
    # What the reader found (a date that is not a date, a number repeated in the file)
    # says more than the rule that follows from it ("Enter the issue date.").
    errors.update(row.errors)
    return {"agent": agent, **values}, errors


def _field_length_errors(values):
    """The model's length limits (the entry form enforces them; an export may not).
    Compared directly: a model instance and full clean per row would double the time."""
    errors = {}
    for name, limit in _LENGTH_LIMITS.items():
        if len(values[name]) > limit:
            field = Policy._meta.get_field(name)
            try:
                field.run_validators(values[name])
            except ValidationError as exc:
                errors[name] = f"{capfirst(field.verbose_name)}: {exc.messages[0]}"
    return errors


_LENGTH_LIMITS = {
    name: Policy._meta.get_field(name).max_length for name in ("number", "product", "card_number")
}


def _policies_numbered(organization, contest, numbers, *, lock):
    numbers = sorted(n for n in numbers if n)
    chunk = _LOOKUP_CHUNK.get(connection.vendor, _LOOKUP_CHUNK_DEFAULT)
    found = {}
    for start in range(0, len(numbers), chunk):
        policies = Policy.objects.for_org(organization).filter(
            contest=contest, number__in=numbers[start : start + chunk]
        )
        if lock:
            policies = policies.select_for_update()
        found.update((p.number, p) for p in policies)
    return found


def _import_write(organization, membership, contest, batch, outcome):
    """Write the valid rows; returns how many desk calendars the new policies took."""
    actor = membership.user
    # First issued, first served: the stock goes to the new policies in issue-date order
    # (file order within a day), taken in one step under the contest row's lock.
    fresh = sorted(outcome.new, key=lambda item: (item[1]["issued_on"], item[0].line))
    calendars = _take_calendars(organization, contest, len(fresh))
    try:
        with transaction.atomic():
            import_store.policies_create(
                organization=organization,
                contest=contest,
                batch=batch,
                actor=actor,
                fresh=[v for _row, v in fresh],
                calendars=calendars,
            )
    except IntegrityError as exc:  # the same number entered meanwhile by someone else
        raise ValidationError(
            _(
                "Some of these policy numbers were just entered by someone "
                "else. Preview the file again."
            )
        ) from exc
    events = []
    changed = []
    days = [values["issued_on"] for _row, values in fresh]
    for _row, current, values, changes in outcome.updated:
        days += [current.issued_on, values["issued_on"]]
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        changed.append(current)
        events.append(
            PolicyEvent(
                organization=organization,
                policy=current,
                actor=actor,
                action="updated",
                changes=changes,
            )
        )
    Policy.objects.bulk_update(changed, [*POLICY_FIELDS, "version"], batch_size=500)
    PolicyEvent.objects.bulk_create(events, batch_size=1000)
    if days:
        _reports_outdated(organization, contest, min(days))
    return calendars


def award_decide(
    *, organization, membership, contest, agent, item, choice, transfer_to="", cash_amount=None
):
    """Record an agent's choice for an award they reached: item 3 the belt or two bowl
    sets; items 4–5 keep, transfer to a named adult, or cash at a stated amount."""
    from .models import AwardDecision

    with tenant_context(organization):
        if not selectors.agents_in_scope(membership).filter(pk=agent.pk).exists():
            raise ValidationError({"agent": _("This agent is not in your team or branch.")})
        if choice not in awards.AWARD_CHOICES.get(item, ()):
            raise ValidationError({"choice": _("This choice does not fit that award.")})
        reached = {a.item for a in selectors.agent_standing(contest, agent)["awards"]}
        if item not in reached:
            raise ValidationError({"item": _("The agent has not reached this award.")})
        transfer_to = (transfer_to or "").strip()
        if choice == "transfer" and not transfer_to:
            raise ValidationError({"transfer_to": _("Name the adult who receives it.")})
        if choice == "cash" and (cash_amount is None or cash_amount <= 0):
            raise ValidationError({"cash_amount": _("State the cash amount.")})
        decision, _created = AwardDecision.objects.update_or_create(
            organization=organization,
            contest=contest,
            agent=agent,
            item=item,
            defaults={
                "choice": choice,
                "decided_by": membership.user,
                "transfer_to": transfer_to if choice == "transfer" else "",
                "cash_amount": cash_amount if choice == "cash" else None,
            },
        )
    return decision


def tracking_save(
    *, organization, membership, contest, agent, day, visits, attended_meeting, note=""
):
    """A supervisor logs the day's tracking of one of their people (once per day; saving
    again updates it)."""
    from .models import TrackingEntry

    with tenant_context(organization):
        if not selectors.agents_in_scope(membership).filter(pk=agent.pk).exists():
            raise ValidationError({"agent": _("This agent is not in your team or branch.")})
        if not contest.period_start <= day <= contest.period_end:
            raise ValidationError({"day": _("Track days inside the contest period.")})
        if visits < 0 or visits > 100:
            raise ValidationError({"visits": _("Enter the number of visits (0–100).")})
        entry, _created = TrackingEntry.objects.update_or_create(
            organization=organization,
            contest=contest,
            agent=agent,
            day=day,
            defaults={
                "visits": visits,
                "attended_meeting": attended_meeting,
                "note": (note or "").strip()[:300],
                "tracked_by": membership.user,
            },
        )
    return entry


def snapshot_take(*, organization, contest, day):
    """Store the evaluation of `day` (policies issued up to it) once; a stored snapshot is
    never rewritten, so later corrections do not change what was evaluated."""
    from .models import EvaluationSnapshot

    with tenant_context(organization):
        existing = (
            EvaluationSnapshot.objects.for_org(organization)
            .filter(contest=contest, taken_on=day)
            .first()
        )
        if existing:
            return existing
        standing = selectors.standing_as_of(contest, day)
        try:
            with transaction.atomic():
                return EvaluationSnapshot.objects.create(
                    organization=organization,
                    contest=contest,
                    taken_on=day,
                    department_total=standing["department_total"],
                    teams=standing["teams"],
                    agents=standing["agents"],
                )
        except IntegrityError:  # taken at the same moment by someone else
            return EvaluationSnapshot.objects.for_org(organization).get(
                contest=contest, taken_on=day
            )


def snapshots_due(*, organization, contest, today):
    """Store every evaluation day of the contest that has passed (the local `today` is
    later) and has no snapshot yet. Returns the snapshots stored or found."""
    return [
        snapshot_take(organization=organization, contest=contest, day=day)
        for day in pace.evaluation_days(contest.period_start, contest.period_end)
        if day < today
    ]


def snapshots_due_everywhere(now=None):
    """Celery beat runs this every few minutes: each organization's evaluation days are
    stored soon after they end at midnight in the organization's own time zone (contests
    over for more than a week are left alone; their page still stores anything missing).
    Returns how many past evaluation days were checked."""
    from campaigns.tenancy import each_organization

    now = now or timezone.now()
    taken = 0
    for organization in each_organization():
        today = timezone.localtime(now, organization.zoneinfo).date()
        contests = Contest.objects.for_org(organization).filter(
            period_start__lt=today, period_end__gte=today - timedelta(days=7)
        )
        for contest in contests:
            taken += len(snapshots_due(organization=organization, contest=contest, today=today))
    return taken


# -- the daily battle report (战报) -----------------------------------------------------------

BATTLE_REPORT_JOB_KIND = "contest.battle_report"  # run by contests/battle_report.py


def battle_report_request(*, organization, contest, day, actor=None):
    """The day's battle report row (one per contest and day), with its PDF job queued
    unless an up-to-date file exists or a job for it is queued or running. Idempotent:
    asking again changes nothing; after a failed job, or once policies of the day or
    earlier changed after it was printed (outdated), it queues a new one."""
    from campaigns import jobs
    from campaigns.models import Job

    from .models import BattleReport

    with tenant_context(organization):
        if not contest.period_start <= day <= contest.period_end:
            raise ValidationError({"day": _("Choose a day inside the contest period.")})
        # Locked: two requests at once cannot both queue a job for the same report.
        reports = BattleReport.objects.for_org(organization).select_for_update()
        report = reports.filter(contest=contest, day=day).first()
        if report is None:
            report = BattleReport(organization=organization, contest=contest, day=day)
            report.full_clean(validate_constraints=False)
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:  # made at the same moment by another request
                report = reports.get(contest=contest, day=day)
        if report.file and not report.outdated:
            return report
        busy = (Job.Status.QUEUED, Job.Status.RUNNING)
        if (
            report.job_id
            and Job.objects.for_org(organization).filter(pk=report.job_id, status__in=busy).exists()
        ):
            return report
        report.job = jobs.job_enqueue(
            organization=organization,
            kind=BATTLE_REPORT_JOB_KIND,
            created_by=actor,
            payload={"report_id": report.pk, "contest_id": contest.pk, "day": day.isoformat()},
            max_attempts=3,
        )
        report.save(update_fields=["job"])
    return report


def battle_reports_due(now=None):
    """Request the battle reports that are due (Celery beat runs this every few minutes).
    For each organization, in its own time zone: a contest whose period contains the local
    date gets that day's report once its report time has passed; a contest that ended
    yesterday gets its last day's report (a report time close to midnight may have been
    missed). A day that already has a report is left alone; a report of the contest made
    outdated by late entries is printed again. Returns the reports queued."""
    import logging

    from campaigns.tenancy import each_organization

    from .models import BattleReport

    now = now or timezone.now()
    requested = []
    for organization in each_organization():
        local = timezone.localtime(now, organization.zoneinfo)
        today = local.date()
        yesterday = today - timedelta(days=1)
        for contest in Contest.objects.for_org(organization).filter(period_start__lte=today):
            reports = BattleReport.objects.for_org(organization).filter(contest=contest)
            days = set(reports.filter(outdated=True).values_list("day", flat=True))
            day = None
            if contest.period_end == yesterday:
                day = yesterday
            elif contest.period_end >= today and local.time() >= contest.report_time:
                day = today
            if day is not None and not reports.filter(day=day).exists():
                days.add(day)
            for due in sorted(days):
                try:
                    requested.append(
                        battle_report_request(organization=organization, contest=contest, day=due)
                    )
                except Exception:  # one broken contest must not hold up every other one
                    logging.getLogger(__name__).exception(
                        "battle report of contest %s for %s not requested", contest.pk, due
                    )
    return requested
