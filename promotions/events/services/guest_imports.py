"""Importing a guest list as a background job, so that the web request that takes the
upload only stores it (a few cheap refusals aside: size, type, a workbook's unpacked size
from its directory) and answers at once. The job (kind "events.guests_import", one of the
organization's import slots: docs/jobs.md) reads the stored file with `guests_import` and
keeps what it did, or would do, on the `GuestImport`: counts, and the bad rows by line.

`guest_import_start` is the one way in, for the page, the API and any other list of
guests (e.g. a list of customers to invite): it takes the upload and whether to commit;
`guest_import_commit` imports a checked file's valid rows (the stored file, read again)."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import jobs, tabular
from campaigns.tenancy import check_same_organization, tenant_context

from ..models import GuestImport
from .guests import IMPORT_WRONG_TYPE, guests_import

GUEST_IMPORT_JOB = "events.guests_import"
LISTED_ERRORS = 1000  # bad rows kept for the page and the API (the count is exact)
MAX_ATTEMPTS = 3


def guest_import_start(
    *, organization, event, upload, actor=None, commit=False, default_channel=None
):
    """Store the uploaded guest list and queue the job that reads it (a dry run unless
    `commit`). Refuses at once, with nothing stored, a file too large, empty, of another
    type or a workbook unpacking past the limit. Returns the GuestImport (its job
    queued). `default_channel`: the channel of rows that name none."""
    check_same_organization(organization, event=event, default_channel=default_channel)
    tabular.check_upload(upload, tabular.Wording(IMPORT_WRONG_TYPE))
    original_name = (upload.name or "").rsplit("/", 1)[-1][:255]
    extension = original_name.rsplit(".", 1)[-1].lower() if "." in original_name else "csv"
    with tenant_context(organization):
        guest_import = GuestImport(
            organization=organization,
            event=event,
            uploaded_by=actor,
            original_name=original_name,
            commit=commit,
            default_channel=default_channel,
        )
        upload.seek(0)
        guest_import.file.save(
            f"guests-{event.pk}.{extension[:5]}", ContentFile(upload.read()), save=False
        )
        _queue(organization, guest_import, actor)
    return guest_import


def guest_import_commit(*, organization, guest_import, actor=None):
    """Import the valid rows of a file that was checked (a dry run that finished): the
    stored file is read again by a new job, against the guests as they are then. Once
    only: a second commit (or one of a file already importing) is refused."""
    check_same_organization(organization, guest_import=guest_import)
    with tenant_context(organization):
        current = GuestImport.objects.for_org(organization).select_related("job")
        current = current.filter(pk=guest_import.pk).first()
        if current is None or current.commit:
            raise ValidationError(
                _("This file is being imported or was imported already."), code="already"
            )
        report = current.report or {}
        if (
            current.job is None
            or current.job.status != current.job.Status.DONE
            or (report.get("refused"))
        ):
            raise ValidationError(
                _("Only a file that was checked without being refused can be imported."),
                code="not_checked",
            )
        if not current.file:
            raise ValidationError(_("The uploaded file is no longer available; upload it again."))
        if (
            not GuestImport.objects.for_org(organization)
            .filter(pk=current.pk, commit=False)
            .update(commit=True)
        ):
            raise ValidationError(
                _("This file is being imported or was imported already."), code="already"
            )
        current.commit = True
        _queue(organization, current, actor)
    return current


def _queue(organization, guest_import, actor):
    guest_import.report = None
    guest_import.job = None
    guest_import.full_clean()
    guest_import.save()
    guest_import.job = jobs.job_enqueue(
        organization=organization,
        kind=GUEST_IMPORT_JOB,
        # the report in the uploader's language, as the page that takes the upload
        payload={"guest_import": guest_import.pk, "language": translation.get_language()},
        created_by=actor,
        max_attempts=MAX_ATTEMPTS,
    )
    guest_import.save(update_fields=["job", "report"])


@jobs.job_handler(GUEST_IMPORT_JOB, is_import=True, label=gettext_lazy("Guest list import"))
def guest_import_run(job):
    """Read the stored file (the dry run or the commit, as the upload asked) and keep the
    report; the guests it adds commit with the job's "done" mark or not at all. A file
    refused as a whole is an outcome, not a failure: the report says why."""
    with translation.override(job.payload.get("language") or translation.get_language()):
        return _run(job)


def _run(job):
    organization = job.organization
    guest_import = (
        GuestImport.objects.for_org(organization)
        .select_related("event", "uploaded_by", "default_channel")
        .filter(pk=job.payload.get("guest_import"))
        .first()
    )
    if guest_import is None:
        raise LookupError(_("The guest list import was deleted."))
    try:
        if not guest_import.file:
            raise ValidationError(_("The uploaded file is no longer available; upload it again."))
        with guest_import.file.open("rb") as stored:
            data = stored.read()
        report = guests_import(
            organization=organization,
            event=guest_import.event,
            data=data,
            name=guest_import.original_name,
            actor=guest_import.uploaded_by,
            commit=guest_import.commit,
            default_channel=guest_import.default_channel,
        )
    except ValidationError as exc:
        outcome = {"refused": " ".join(exc.messages)}
    except OSError:
        outcome = {"refused": _("The uploaded file is no longer available; upload it again.")}
    else:
        outcome = {
            "committed": report.committed,
            "new": len(report.new),
            "found": len(report.found),
            "bad": len(report.errors),
            "errors": [{"line": line, "message": m} for line, m in report.errors[:LISTED_ERRORS]],
        }
    GuestImport.objects.for_org(organization).filter(pk=guest_import.pk).update(report=outcome)
    return {k: v for k, v in outcome.items() if k != "errors"}
