"""Importing the policy system's export: the dry run (what committing would do, every bad
row with its reasons), made by a job on the stored file (the request that takes the
upload only stores it), and the commit (an upsert by policy number). A batch writing up to
CONTEST_IMPORT_JOB_THRESHOLD rows commits in the request, in one transaction; a larger
one commits as a background job (contests/services/import_job.py) that shows its
progress. Each row follows the entry rules of the entry page (contests.rules.entries)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Lookup, Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from campaigns import jobs, money
from campaigns.models import Membership
from campaigns.roles import Role
from campaigns.tenancy import check_same_organization, tenant_context

from .. import policy_export, selectors
from ..models import Agent, ImportBatch, Policy, PolicyEvent
from ..policy_export import read_export
from ..rules import entries
from . import import_store, policies
from .battle_reports import battle_reports_mark_outdated

IMPORT_JOB_KIND = "contest.import_commit"  # run by contests/services/import_job.py
PREVIEW_JOB_KIND = "contest.import_preview"  # the dry run (`import_batch_check`), a job too

IMPORT_LISTED_ROWS = 1000  # bad rows and updates kept for the preview page (counts are exact)


# Policy numbers (or ids) per query: few on SQLite (its limit on query parameters), many
# on PostgreSQL, where each query may scan the contest's policies (before statistics
# exist) and the values go as one array parameter (`_AnyOf`).
_LOOKUP_CHUNK = {"postgresql": 20_000}


_LOOKUP_CHUNK_DEFAULT = 500


def policies_import_preview(*, organization, membership, contest, upload):
    """Take an uploaded export for the dry run: refuse at once, storing nothing, a file too
    large, of another type or a workbook unpacking past the limit (cheap checks); store the
    file in an ImportBatch ("checking") and queue the job that reads it
    (`import_batch_check`, kind "contest.import_preview", one of the organization's import
    slots), so the request never reads the rows. Returns the batch."""
    policy_export.check_upload(upload)
    original_name = (upload.name or "").rsplit("/", 1)[-1][:255]
    upload.seek(0)
    extension = "xlsx" if upload.read(2) == b"PK" else "csv"
    upload.seek(0)
    with tenant_context(organization):
        batch = ImportBatch(
            organization=organization,
            contest=contest,
            uploaded_by=membership.user,
            original_name=original_name,
            status=ImportBatch.Status.CHECKING,
            summary={},
        )
        batch.file.save(f"policies-{contest.pk}.{extension}", upload, save=False)
        batch.save()
        batch.job = jobs.job_enqueue(
            organization=organization,
            kind=PREVIEW_JOB_KIND,
            # the reasons in the uploader's language, as the page that takes the upload
            payload={
                "batch": batch.pk,
                "membership": membership.pk,
                "language": translation.get_language(),
            },
            created_by=membership.user,
            max_attempts=3,
        )
        batch.save(update_fields=["job"])
    return batch


def import_batch_check(*, organization, batch_id, membership_id):
    """The dry run of a stored batch (the preview job): read the file, check every row
    with the entry rules (as the member who uploaded it: their scope) and count what
    committing would do; the batch becomes a preview. A file refused as a whole (too many
    rows, empty, unreadable, missing columns) makes the batch "refused" with the reason,
    and its file is deleted. Changes no policy. Returns the counts, or the refusal."""
    with tenant_context(organization):
        batches = ImportBatch.objects.for_org(organization)
        batch = (
            batches.select_related("contest")
            .filter(pk=batch_id, status=ImportBatch.Status.CHECKING)
            .first()
        )
        if batch is None:
            return None
        membership = (
            Membership.objects.for_org(organization)
            .select_related("user")
            .filter(pk=membership_id)
            .first()
        )
        try:
            if membership is None:
                raise ValidationError(
                    _("The member who uploaded this file has left the organization.")
                )
            sheet = stored_sheet(batch)
            outcome = import_outcome(
                organization, membership, batch.contest, sheet.rows, lock=False
            )
        except ValidationError as exc:
            refused = " ".join(exc.messages)
            if batch.file:
                name, storage = batch.file.name, batch.file.storage
                transaction.on_commit(lambda: storage.delete(name))
            batches.filter(pk=batch.pk).update(
                status=ImportBatch.Status.REFUSED, summary={"refused": refused}, file=""
            )
            return {"refused": refused}
        batches.filter(pk=batch.pk).update(
            status=ImportBatch.Status.PREVIEW,
            summary=outcome.summary(sheet),
            rows_total=len(sheet.rows),
        )
    return outcome.counts()


def import_batch_check_committable(*, membership, batch):
    """Branch staff import only the files they uploaded (managers any, as with entries):
    the one check of it, made by the commit whichever way it is asked for."""
    if membership.role == Role.BRANCH_STAFF and batch.uploaded_by_id != membership.user_id:
        raise ValidationError(_("You can only import files you uploaded."), code="not_own_import")


def policies_import_commit(*, organization, membership, contest, batch):
    """Import a previewed batch: its stored file is read and checked again (the data may
    have changed since the preview) and only the valid rows are written, as an upsert by
    policy number: new numbers are created (taking desk calendars first issued, first
    served), changed ones updated, identical ones left alone.

    A batch that writes up to CONTEST_IMPORT_JOB_THRESHOLD rows (new and updated, as
    previewed) commits here, in one transaction, and the outcome (counts and calendars) is
    returned. A larger one is queued as a job that commits a step at a time, showing its
    progress on the batch (`rows_done` of `rows_total`); this returns None then.

    A batch commits at most once: committing it again, or while it is being committed, is
    refused with a ValidationError (one conditional update decides, so two commits at the
    same moment cannot both proceed)."""
    check_same_organization(organization, contest=contest, batch=batch)
    if batch.contest_id != contest.pk:
        raise ValidationError(_("This file was uploaded for another contest."))
    import_batch_check_committable(membership=membership, batch=batch)
    summary = batch.summary or {}
    in_steps = summary.get("new", 0) + summary.get("updated", 0) > (
        settings.CONTEST_IMPORT_JOB_THRESHOLD
    )
    with tenant_context(organization):
        previewed = ImportBatch.objects.for_org(organization).filter(
            pk=batch.pk, contest=contest, status=ImportBatch.Status.PREVIEW
        )
        if in_steps:
            if not previewed.update(status=ImportBatch.Status.COMMITTING, rows_done=0, tally={}):
                _refuse_second_commit(organization, batch)
            job = jobs.job_enqueue(
                organization=organization,
                kind=IMPORT_JOB_KIND,
                payload={"batch": batch.pk, "membership": membership.pk},
                created_by=membership.user,
            )
            ImportBatch.objects.for_org(organization).filter(pk=batch.pk).update(job=job)
            batch.status, batch.job, batch.rows_done = ImportBatch.Status.COMMITTING, job, 0
            return None
        if not previewed.update(status=ImportBatch.Status.COMMITTED, committed_at=timezone.now()):
            _refuse_second_commit(organization, batch)
        sheet = stored_sheet(batch)
        outcome = import_outcome(organization, membership, contest, sheet.rows, lock=True)
        result = outcome.counts()
        result["calendars"] = import_write(organization, membership, contest, batch, outcome)
        batch.status = ImportBatch.Status.COMMITTED
        batch.summary = {**batch.summary, "result": result}
        batch.rows_done = batch.rows_total = len(sheet.rows)
        ImportBatch.objects.for_org(organization).filter(pk=batch.pk).update(
            summary=batch.summary, rows_total=batch.rows_total, rows_done=batch.rows_done
        )
    return result


def _refuse_second_commit(organization, batch):
    """The batch is no longer a preview: say what it is instead."""
    now = ImportBatch.objects.for_org(organization).filter(pk=batch.pk).first()
    if now is not None and now.status == ImportBatch.Status.CHECKING:
        raise ValidationError(
            _("This file is still being checked; import it once its preview is shown."),
            code="import_checking",
        )
    if now is not None and now.status == ImportBatch.Status.REFUSED:
        raise ValidationError(
            _("This file was refused as a whole; nothing can be imported from it."),
            code="import_refused",
        )
    if now is not None and now.status == ImportBatch.Status.COMMITTING:
        raise ValidationError(
            _("This file is being imported already: %(done)s of %(total)s rows done.")
            % {"done": now.rows_done, "total": now.rows_total},
            code="import_running",
        )
    if now is not None and now.status == ImportBatch.Status.FAILED:
        raise ValidationError(
            _(
                "This file's import stopped; upload the file again to import the rows "
                "that are missing."
            ),
            code="import_stopped",
        )
    raise ValidationError(
        _("This file was already imported; nothing changed."), code="already_imported"
    )


def stored_sheet(batch):
    """The batch's stored file, read again (gone after the retention period:
    campaigns/upload_retention.py)."""
    if not batch.file:
        raise ValidationError(_("The uploaded file is no longer available; upload it again."))
    try:
        with batch.file.open("rb") as stored:
            data = stored.read()
    except OSError as exc:
        raise ValidationError(
            _("The uploaded file is no longer available; upload it again.")
        ) from exc
    return read_export(data, batch.original_name)


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


def import_agents(organization, membership):
    """The organization's agents by code and the pks of those in the member's scope."""
    agents = {a.code: a for a in Agent.objects.for_org(organization)}
    in_scope = set(selectors.agents_in_scope(membership).values_list("pk", flat=True))
    return agents, in_scope


def import_outcome(organization, membership, contest, rows, *, lock, agents=None, known=None):
    """Sort the rows with three kinds of query whatever their number: the agents and the
    member's scope once (or `agents`, as `import_agents` returns them), the contest's
    policies with the rows' numbers in chunks (locked when `lock`; with `known`, as
    `import_known_policies` returns it, only the policies it names, by id)."""
    agents, in_scope = agents or import_agents(organization, membership)
    agents_by_pk = {a.pk: a for a in agents.values()}
    existing = _policies_numbered(
        organization, contest, {r.number for r in rows}, lock=lock, known=known
    )
    outcome = _ImportOutcome()
    for row in rows:
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
        premium_ceiling=money.ceiling_for(money.Kind.PREMIUM, contest.organization.amount_ceilings),
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


def import_known_policies(organization, contest, rows):
    """The ids of the contest's policies with the rows' numbers, by number, read once
    (unlocked) for a whole file: what the import job's steps lock (`known` of
    `import_outcome`)."""
    numbers = sorted({r.number for r in rows if r.number})
    policies = Policy.objects.for_org(organization).filter(contest=contest).order_by()
    found = {}
    for part in _in_parts(numbers):
        found.update(policies.filter(_matching("number", part)).values_list("number", "pk"))
    return found


def _policies_numbered(organization, contest, numbers, *, lock, known=None):
    """The contest's policies with these numbers, by number (locked when `lock`). With
    `known` (`import_known_policies`) only the policies it names are read, by id, as they
    are now: a number it does not name is taken as new, and if someone entered it since,
    the unique constraint refuses the write (`import_write` says so)."""
    policies = Policy.objects.for_org(organization).filter(contest=contest).order_by()
    if lock:
        policies = policies.select_for_update()
    if known is None:
        field, values = "number", sorted(n for n in numbers if n)
    else:
        field, values = "pk", sorted(known[n] for n in numbers if n in known)
    found = {}
    for part in _in_parts(values):
        found.update((p.number, p) for p in policies.filter(_matching(field, part)))
    if known is not None:  # a policy renumbered since keeps only its new number's row
        found = {n: p for n, p in found.items() if n in numbers}
    return found


def _in_parts(values):
    chunk = _LOOKUP_CHUNK.get(connection.vendor, _LOOKUP_CHUNK_DEFAULT)
    return (values[start : start + chunk] for start in range(0, len(values), chunk))


def _matching(field, values):
    """`field` is one of `values`: on PostgreSQL as one array parameter (`= ANY(%s)`;
    Django takes longer to build an IN list of 20,000 parameters than PostgreSQL takes to
    answer it), elsewhere as IN."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), values)
    return Q(**{f"{field}__in": values})


class _AnyOf(Lookup):
    """`lhs = ANY(%s)` with the list `rhs` as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


def import_write(organization, membership, contest, batch, outcome):
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
