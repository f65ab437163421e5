"""Uploaded guest lists follow UPLOAD_RETENTION_DAYS like every upload: the file goes, the
import's report stays; one whose job has not finished keeps its file."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns import jobs
from campaigns.tenancy import tenant_context
from campaigns.upload_retention import uploads_expire
from promotions.events import services
from promotions.events.models import GuestImport

pytestmark = pytest.mark.django_db


def _upload(desk, run):
    guest_import = services.guest_import_start(
        organization=desk.org,
        event=desk.event,
        upload=SimpleUploadedFile("g.csv", "手机\n13912340001\n123\n".encode()),
    )
    if run:
        jobs.job_run(organization_id=desk.org.pk, job_id=guest_import.job_id)
    old = timezone.now() - timedelta(days=settings.UPLOAD_RETENTION_DAYS + 1)
    with tenant_context(desk.org):
        GuestImport.objects.filter(pk=guest_import.pk).update(created_at=old)
    return guest_import


def test_an_old_guest_list_loses_its_file_and_keeps_its_report(
    desk, django_capture_on_commit_callbacks
):
    done, waiting = _upload(desk, run=True), _upload(desk, run=False)
    with django_capture_on_commit_callbacks(execute=True):
        uploads_expire()
    with tenant_context(desk.org):
        done, waiting = (GuestImport.objects.get(pk=g.pk) for g in (done, waiting))
    assert done.file.name == "" and done.report["bad"] == 1
    assert waiting.file.name != ""  # its job still reads it
