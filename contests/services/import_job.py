"""Committing a large import as a background job (kind "contest.import_commit", queued by
`imports.policies_import_commit`), a step at a time so that its progress shows.

The file's rows are sorted by issue date (then line), as the in-request commit hands out
desk calendars, and cut into steps of CONTEST_IMPORT_CHUNK_ROWS rows. Which of the file's
numbers are policies already is looked up once, before the steps (unlocked). Each step
is its own transaction and does what the in-request commit does for the whole file: check
its rows against those policies as they are then (locked and read again by id), write
them, take their calendars, and add its counts to the batch's `tally` and its rows to
`rows_done`, so the page and the API see the progress while the job runs. Steps go in
order, so the calendars go to the same policies as they would in one transaction, and the
outcome is the same. A number that was no policy when the job started is written as new:
if someone entered it meanwhile, the unique constraint refuses the step (see below).

A run that stops (a worker lost: the sweeper queues the job again) is taken up where it
stopped: each step locks the batch, starts at its `rows_done` and goes on only while the
job's claim is held, so two runs never write the same step. A step that
fails (a policy number entered meanwhile by someone else) stops the import: the steps
before it stay imported, the batch says it stopped and why, and importing the file again
counts those rows as unchanged. After the last step the policy table's statistics are
refreshed (ANALYZE on PostgreSQL), so the next leaderboard is not planned on statistics
from before the import.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs
from campaigns.models import Membership
from campaigns.tenancy import tenant_context

from ..models import ImportBatch, Policy
from . import imports

logger = logging.getLogger(__name__)

_COUNTS = ("new", "updated", "unchanged", "bad", "calendars")


class ImportStopped(Exception):
    """A step was refused; the job fails with this message (the user's language)."""


class _RunSuperseded(Exception):
    """The batch moved on without this run (the sweeper gave the job to another run)."""


@jobs.job_handler(imports.PREVIEW_JOB_KIND, is_import=True, label=gettext_lazy("Policy file check"))
def import_preview_job(job):
    """The dry run of an uploaded batch (`imports.import_batch_check`), its reasons in the
    uploader's language."""
    with translation.override(job.payload.get("language") or translation.get_language()):
        return imports.import_batch_check(
            organization=job.organization,
            batch_id=job.payload["batch"],
            membership_id=job.payload["membership"],
        )


@jobs.job_handler(
    imports.IMPORT_JOB_KIND,
    own_transactions=True,
    is_import=True,
    label=gettext_lazy("Policy import"),
)
def import_commit_job(job):
    """Commit the batch of `job.payload` a step at a time; returns the outcome."""
    organization = job.organization
    with tenant_context(organization):
        batch = (
            ImportBatch.objects.for_org(organization)
            .select_related("contest")
            .filter(pk=job.payload["batch"])
            .first()
        )
        membership = (
            Membership.objects.for_org(organization)
            .select_related("user")
            .filter(pk=job.payload["membership"])
            .first()
        )
    if batch is None or batch.status != ImportBatch.Status.COMMITTING:
        return batch.summary.get("result") if batch is not None else None
    try:
        if membership is None:
            raise ImportStopped(_("The member who started this import has left the organization."))
        try:
            result = _commit_in_steps(organization, membership, batch, job)
        except ValidationError as exc:
            raise ImportStopped(" ".join(exc.messages)) from exc
    except _RunSuperseded:
        return None
    except Exception:
        _stopped(organization, batch, job)
        raise
    _refresh_policy_statistics()
    return result


def _commit_in_steps(organization, membership, batch, job):
    contest = batch.contest
    rows = sorted(
        imports.stored_sheet(batch).rows,
        key=lambda row: (row.issued_on or datetime.date.max, row.line),
    )
    with tenant_context(organization):
        agents = imports.import_agents(organization, membership)
        # Which of the file's numbers are policies already, looked up once; each step
        # locks and reads again only those (a number entered since: see the module).
        known = imports.import_known_policies(organization, contest, rows)
    step = max(1, settings.CONTEST_IMPORT_CHUNK_ROWS)
    while True:
        with tenant_context(organization):
            held = _hold(organization, batch, job)
            start = held.rows_done
            if start >= len(rows):
                result = {k: held.tally.get(k, 0) for k in _COUNTS}
                ImportBatch.objects.for_org(organization).filter(pk=batch.pk).update(
                    status=ImportBatch.Status.COMMITTED,
                    committed_at=timezone.now(),
                    summary={**held.summary, "result": result},
                )
                return result
            part = rows[start : start + step]
            outcome = imports.import_outcome(
                organization, membership, contest, part, lock=True, agents=agents, known=known
            )
            counts = outcome.counts()
            counts["calendars"] = imports.import_write(
                organization, membership, contest, batch, outcome
            )
            ImportBatch.objects.for_org(organization).filter(pk=batch.pk).update(
                rows_done=start + len(part),
                tally={k: held.tally.get(k, 0) + counts[k] for k in _COUNTS},
            )


def _hold(organization, batch, job):
    """The batch, locked for one step, while it is this run's to write: still committing
    and the job's claim still held. The step starts where the batch's `rows_done` says,
    read under the lock, so a run taken up again never writes a step twice."""
    held = (
        ImportBatch.objects.for_org(organization)
        .select_for_update()
        .filter(pk=batch.pk, status=ImportBatch.Status.COMMITTING)
        .first()
    )
    if held is None or not jobs.job_claim_held(job):
        raise _RunSuperseded
    return held


def _stopped(organization, batch, job):
    """Mark the batch stopped (the job's error says why), if this run still holds it."""
    with tenant_context(organization):
        if jobs.job_claim_held(job):
            ImportBatch.objects.for_org(organization).filter(
                pk=batch.pk, status=ImportBatch.Status.COMMITTING
            ).update(status=ImportBatch.Status.FAILED)


def _refresh_policy_statistics():
    """ANALYZE the policy table after a large import (PostgreSQL): autovacuum would, but
    not before the next leaderboard is planned. The runtime role owns no table, so it
    calls the owner's function for it (migration contests 0014); the import is committed
    either way."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT contests_analyze_policy()")
    except DatabaseError:
        logger.exception("could not refresh the statistics of %s", Policy._meta.db_table)
