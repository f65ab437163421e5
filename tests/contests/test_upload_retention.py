"""Uploaded policy files are deleted after UPLOAD_RETENTION_DAYS by the periodic job; the
batches stay, their page says the file is no longer kept, and committing an old preview
asks for the file again."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from campaigns import tasks
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import services
from contests.models import ImportBatch

pytestmark = pytest.mark.django_db


def _batch(org_world):
    with tenant_context(org_world.org):
        return ImportBatch.objects.get(pk=org_world.import_batch.pk)


def _age(org_world, days, **fields):
    with tenant_context(org_world.org):
        ImportBatch.objects.filter(pk=org_world.import_batch.pk).update(
            created_at=timezone.now() - timedelta(days=days), **fields
        )


def test_the_job_is_scheduled_and_the_default_is_30_days():
    assert settings.CELERY_BEAT_SCHEDULE["expire-uploads"]["task"] == (
        "campaigns.tasks.expire_uploads"
    )
    assert settings.UPLOAD_RETENTION_DAYS == 30


def test_files_older_than_the_retention_period_are_deleted_rows_kept(
    world, django_capture_on_commit_callbacks
):
    a, b = world.a, world.b
    storage = a.import_batch.file.storage
    names = {_batch(a).file.name, _batch(b).file.name}
    assert all(storage.exists(n) for n in names)
    _age(a, 31)
    _age(b, 29)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_uploads() == 1
    old, recent = _batch(a), _batch(b)
    assert (old.file.name, old.original_name, old.summary["new"]) == ("", "alpha.csv", 1)
    assert not storage.exists(a.import_batch.file.name)
    assert recent.file.name == b.import_batch.file.name and storage.exists(recent.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_uploads() == 0  # nothing left to do: idempotent


def test_a_batch_being_imported_keeps_its_file(world, django_capture_on_commit_callbacks):
    _age(world.a, 90, status=ImportBatch.Status.COMMITTING)
    _age(world.b, 90)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_uploads() == 1
    assert _batch(world.a).file.name != ""


def test_the_batch_page_says_the_file_is_no_longer_kept(
    client, world, django_capture_on_commit_callbacks
):
    a = world.a
    client.force_login(a.members[Role.MANAGER].user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/alpha/contests/{a.contest.pk}/import/?batch={a.import_batch.pk}"
    page = client.get(url).content.decode()
    assert 'data-testid="file-not-kept"' not in page and 'data-testid="commit-import"' in page
    _age(a, 31)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.expire_uploads()
    page = client.get(url).content.decode()
    assert "The uploaded file is no longer kept: uploaded files are deleted after 30 days." in page
    assert 'data-testid="commit-import"' not in page
    assert "alpha.csv" in page  # the batch and what it found are still there
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.policies_import_commit(
            organization=a.org,
            membership=a.members[Role.MANAGER],
            contest=a.contest,
            batch=_batch(a),
        )
    assert refused.value.messages == ["The uploaded file is no longer available; upload it again."]
