"""Importing the policy system's export: the dry run (what committing would do, every bad
row with its reasons) and the commit (an upsert by policy number, in one transaction).
Each row follows the entry rules of the entry page (contests.rules.entries)."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from campaigns.tenancy import tenant_context

from .. import selectors
from ..models import Agent, ImportBatch, Policy, PolicyEvent
from ..policy_export import read_export, refuse_oversized
from ..rules import entries
from . import import_store, policies
from .battle_reports import battle_reports_mark_outdated

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
                policies.history_value(
                    agents_by_pk.get(current.agent_id) if f == "agent" else getattr(current, f)
                ),
                policies.history_value(v),
            ]
            for f, v in values.items()
            if (current.agent_id != v.pk if f == "agent" else getattr(current, f) != v)
        }
        if not changes:
            outcome.unchanged.append(row)
        else:
            try:
                policies.policy_check_changeable(membership=membership, policy=current)
            except ValidationError as exc:
                outcome.bad.append((row, exc.messages))
            else:
                outcome.updated.append((row, current, values, changes))
    return outcome


_ROW_ERROR_ORDER = ("agent", *(f for f in policies.POLICY_FIELDS if f != "agent"), "__all__")


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
    values, field_errors = entries.entry_fields(
        contest.period_start,
        contest.period_end,
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
    calendars = policies.take_calendars(organization, contest, len(fresh))
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
    Policy.objects.bulk_update(changed, [*policies.POLICY_FIELDS, "version"], batch_size=500)
    PolicyEvent.objects.bulk_create(events, batch_size=1000)
    if days:
        battle_reports_mark_outdated(organization=organization, contest=contest, day=min(days))
    return calendars
