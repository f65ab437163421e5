"""Uploaded import files are kept for UPLOAD_RETENTION_DAYS (default 30), then deleted by
the periodic job "expire-uploads" (Celery beat, hourly; docs/production.md). The rows stay
— a policy import batch keeps its counts, its bad rows and its history — only the file
goes, and the row's file field is emptied so its page can say the file is no longer kept.

A feature registers the models that hold uploads from its AppConfig.ready():

    retained_upload(ImportBatch, since="created_at", unless=Q(status="committing"))

`unless` names rows whose file is still needed however old it is (an import running)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .tenancy import each_organization


@dataclass(frozen=True)
class RetainedUpload:
    model: type
    field: str
    since: str
    unless: Q | None


RETAINED = []


def retained_upload(model, *, field="file", since="created_at", unless=None):
    RETAINED.append(RetainedUpload(model, field, since, unless))


def uploads_expire(now=None, kinds=None):
    """Delete the files uploaded more than UPLOAD_RETENTION_DAYS ago, in every
    organization. Each row's field is emptied by a conditional update (a row changed
    meanwhile is left for the next run) and its file deleted once that is committed.
    Returns how many files were deleted."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.UPLOAD_RETENTION_DAYS)
    kinds = RETAINED if kinds is None else kinds
    deleted = 0
    for organization in each_organization():
        for kind in kinds:
            rows = kind.model.objects.for_org(organization)
            due = rows.filter(**{f"{kind.since}__lt": before}).exclude(**{kind.field: ""})
            if kind.unless is not None:
                due = due.exclude(kind.unless)
            for pk, name in due.values_list("pk", kind.field):
                if rows.filter(pk=pk, **{kind.field: name}).update(**{kind.field: ""}):
                    storage = kind.model._meta.get_field(kind.field).storage
                    transaction.on_commit(lambda s=storage, n=name: s.delete(n))
                    deleted += 1
    return deleted
