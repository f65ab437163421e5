"""A large import commits as a background job, a step at a time: its progress (rows done
of rows total) shows on the batch's page and in the API while it runs, a second commit of
the batch is refused, the outcome is the one committing in the request gives, a run that
stops is taken up where it stopped, and the policy table's statistics are refreshed
afterwards (PostgreSQL)."""

import re
import threading
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from campaigns import claimable, jobs
from campaigns.models import Job, Membership
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from contests import services
from contests.models import Agent, Contest, ImportBatch, Policy, PolicyEvent
from contests.services import import_job
from tests.factories import MembershipFactory, OrganizationFactory, TeamFactory, api_token_for

HEADER = "业务员代码,保单号,期交保费,承保日期,险种,卡单号"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def steps(settings):
    """Batches writing more than 5 rows commit as a job, 4 rows of the file a step."""
    settings.CONTEST_IMPORT_JOB_THRESHOLD = 5
    settings.CONTEST_IMPORT_CHUNK_ROWS = 4
    return settings


def _csv(*lines):
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8-sig")


def _preview(org, membership, contest, data):
    """Upload, then run the dry-run job as a worker would."""
    batch = services.policies_import_preview(
        organization=org,
        membership=membership,
        contest=contest,
        upload=SimpleUploadedFile("保单导出.csv", data),
    )
    jobs.job_run(organization_id=org.pk, job_id=batch.job_id)
    return _batch(org, batch)


def _commit(org, membership, contest, batch):
    return services.policies_import_commit(
        organization=org, membership=membership, contest=contest, batch=batch
    )


def _batch(org, batch):
    with tenant_context(org):
        return ImportBatch.objects.for_org(org).select_related("job").get(pk=batch.pk)


def _run_job(org, batch):
    jobs.job_run(organization_id=org.pk, job_id=_batch(org, batch).job_id)
    return _batch(org, batch)


# A file for the world's contest (2026-01): new policies issued late to early, so that the
# desk calendars (5 left) go to other rows than the file's first ones; updates and an
# unchanged row of the policies BASE made; bad rows.
BASE = [
    "alpha-001,U-1,1000,2026-01-03,鸿禧,K-U1",
    "alpha-001,U-2,1000,2026-01-03,鸿禧,K-U2",
    "alpha-001,U-3,1000,2026-01-03,鸿禧,K-U3",
]
FILE = [
    *(f"alpha-001,J-{n},{1000 + n},2026-01-{20 - n:02d},鸿禧,K-{n}" for n in range(1, 10)),
    "alpha-001,U-1,2500,2026-01-03,鸿禧,K-U1",  # updated: premium
    "alpha-001,U-2,1000,2026-01-09,鸿禧,K-U2",  # updated: issue date
    "alpha-001,U-3,1000,2026-01-03,鸿禧,K-U3",  # unchanged
    "alpha-001,J-bad,0,2026-01-05,鸿禧,K-0",  # bad: premium
    "nobody,J-who,3000,2026-01-05,鸿禧,K-00",  # bad: agent
    "alpha-001,J-3,3000,2026-01-06,鸿禧,K-33",  # bad: repeats J-3
    *(f"alpha-001,J-{n},{1000 + n},2026-01-{n - 8:02d},福满堂,K-{n}" for n in range(10, 14)),
]


def _world_state(world, batch):
    """Everything an import may change, the batch's own id left out."""
    org = world.a.org
    with tenant_context(org):
        policies = [
            (*row[:-1], "this batch" if row[-1] == batch.pk else row[-1])
            for row in Policy.objects.for_org(org)
            .order_by("number")
            .values_list(
                "number",
                "agent__code",
                "premium",
                "issued_on",
                "product",
                "card_number",
                "calendar",
                "voided",
                "version",
                "entered_by",
                "import_batch",
            )
        ]
        events = list(
            PolicyEvent.objects.for_org(org)
            .order_by("policy__number", "pk")
            .values_list("policy__number", "action", "changes", "actor")
        )
        contest = Contest.objects.get(pk=world.a.contest.pk)
        batch = ImportBatch.objects.get(pk=batch.pk)
        return {
            "policies": policies,
            "events": events,
            "calendars_taken": contest.calendars_taken,
            "result": batch.summary["result"],
            "status": batch.status,
            "rows": (batch.rows_done, batch.rows_total),
        }


def _import_once(world, settings, *, threshold):
    """Import FILE over BASE with this threshold; the outcome, then undone."""
    settings.CONTEST_IMPORT_JOB_THRESHOLD = threshold
    settings.CONTEST_IMPORT_CHUNK_ROWS = 4
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    undo = transaction.savepoint()
    batch = _preview(org, manager, contest, _csv(*FILE))
    returned = _commit(org, manager, contest, batch)
    if returned is None:
        assert _batch(org, batch).status == ImportBatch.Status.COMMITTING
        assert _run_job(org, batch).job.status == Job.Status.DONE
    state = _world_state(world, batch)
    transaction.savepoint_rollback(undo)
    return returned, state


@pytest.mark.django_db
def test_the_job_gives_the_outcome_of_the_commit_in_the_request(world, settings):
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    with tenant_context(org):
        Contest.objects.filter(pk=contest.pk).update(calendar_stock=8, calendars_taken=0)
    _commit(org, manager, contest, _preview(org, manager, contest, _csv(*BASE)))  # 3 taken
    in_request, expected = _import_once(world, settings, threshold=10_000)
    assert in_request == expected["result"]
    queued, as_job = _import_once(world, settings, threshold=5)
    assert queued is None
    assert as_job == expected
    assert expected["result"] == {
        "new": 13,
        "updated": 2,
        "unchanged": 1,
        "bad": 3,
        "calendars": 5,
    }
    assert expected["rows"] == (19, 19) and expected["status"] == "committed"
    # first issued, first served across the steps: the 5 earliest new policies
    calendars = sorted(p[3] for p in expected["policies"] if p[6] and p[0].startswith("J-"))
    assert calendars == [date(2026, 1, d) for d in (2, 3, 4, 5, 11)]


@pytest.mark.django_db
def test_a_large_batch_is_queued_and_written_a_step_at_a_time(world, steps, monkeypatch):
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    batch = _preview(org, manager, contest, _csv(*FILE))
    assert (batch.status, batch.rows_total, batch.rows_done) == ("preview", 19, 0)
    assert _commit(org, manager, contest, batch) is None
    queued = _batch(org, batch)
    assert (queued.status, queued.rows_done, queued.rows_total) == ("committing", 0, 19)
    assert (queued.job.kind, queued.job.status) == ("contest.import_commit", "queued")
    assert queued.job.payload == {"batch": batch.pk, "membership": manager.pk}
    with tenant_context(org):  # nothing written before the job runs
        assert not Policy.objects.for_org(org).filter(number__startswith="J-").exists()
    seen = []
    write = services.imports.import_write

    def noting_progress(*args):
        seen.append(_batch(org, batch).rows_done)
        return write(*args)

    monkeypatch.setattr(import_job.imports, "import_write", noting_progress)
    done = _run_job(org, batch)
    assert seen == [0, 4, 8, 12, 16]  # each step sees the ones before it committed
    assert (done.status, done.rows_done, done.job.status) == ("committed", 19, "done")
    assert done.job.result == done.summary["result"] == done.tally
    assert done.summary["result"]["new"] == 16 and done.committed_at is not None


@pytest.mark.django_db
def test_a_second_commit_is_refused_while_it_runs_and_after(world, steps):
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    batch = _preview(org, manager, contest, _csv(*FILE))
    assert _commit(org, manager, contest, batch) is None
    with pytest.raises(ValidationError) as refused:
        _commit(org, manager, contest, batch)
    assert refused.value.messages == ["This file is being imported already: 0 of 19 rows done."]
    with tenant_context(org):
        assert Job.objects.for_org(org).filter(kind="contest.import_commit").count() == 1
    _run_job(org, batch)
    with pytest.raises(ValidationError) as refused:
        _commit(org, manager, contest, batch)
    assert refused.value.messages == ["This file was already imported; nothing changed."]
    with tenant_context(org):
        assert Job.objects.for_org(org).filter(kind="contest.import_commit").count() == 1


@pytest.mark.django_db
def test_branch_staff_commit_only_the_files_they_uploaded(world, steps, client):
    org, contest = world.a.org, world.a.contest
    batch = _preview(org, world.a.members[Role.MANAGER], contest, _csv(*FILE[:3]))
    staff = world.a.members[Role.BRANCH_STAFF]
    with pytest.raises(ValidationError) as refused:
        _commit(org, staff, contest, batch)
    assert refused.value.messages == ["You can only import files you uploaded."]
    token = api_token_for(staff.user)
    url = f"/api/v1/alpha/contests/{contest.pk}/policies/import/{batch.pk}"
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.post(f"{url}/commit/", **auth).status_code == 404
    assert client.get(f"{url}/", **auth).status_code == 404
    assert _batch(org, batch).status == ImportBatch.Status.PREVIEW
    with tenant_context(org):
        assert not Policy.objects.for_org(org).filter(number__startswith="J-").exists()
    own = _preview(org, staff, contest, _csv(*FILE[:3]))
    assert client.post(f"{url[: -len(str(batch.pk))]}{own.pk}/commit/", **auth).status_code == 200


@pytest.mark.django_db
def test_the_api_shows_progress_then_the_outcome(world, steps, client):
    org, contest = world.a.org, world.a.contest
    token = api_token_for(world.a.members[Role.MANAGER].user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    client.cookies["django_language"] = "en"
    base = f"/api/v1/alpha/contests/{contest.pk}/policies/import"
    preview = client.post(f"{base}/", {"file": SimpleUploadedFile("export.csv", _csv(*FILE))})
    batch_id = preview.json()["id"]
    _run_job(org, ImportBatch(pk=batch_id))  # the dry run, as a worker would
    preview = client.get(f"{base}/{batch_id}/")
    assert (preview.json()["rows_total"], preview.json()["rows_done"]) == (19, 0)
    committed = client.post(f"{base}/{batch_id}/commit/")
    assert committed.status_code == 202
    body = committed.json()
    assert (body["status"], body["rows_done"], body["rows_total"]) == ("committing", 0, 19)
    assert (body["result"], body["error"]) == (None, "")
    again = client.post(f"{base}/{batch_id}/commit/")
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["This file is being imported already: 0 of 19 rows done."]
    }
    with tenant_context(org):
        ImportBatch.objects.filter(pk=batch_id).update(rows_done=8)
    assert client.get(f"{base}/{batch_id}/").json()["rows_done"] == 8
    with tenant_context(org):
        ImportBatch.objects.filter(pk=batch_id).update(rows_done=0)
    _run_job(org, ImportBatch(pk=batch_id))
    done = client.get(f"{base}/{batch_id}/").json()
    assert (done["status"], done["rows_done"], done["rows_total"]) == ("committed", 19, 19)
    assert done["result"] == {"new": 16, "updated": 0, "unchanged": 0, "bad": 3, "calendars": 10}
    assert client.post(f"{base}/{batch_id}/commit/").json() == {
        "non_field_errors": ["This file was already imported; nothing changed."]
    }
    foreign = world.b.import_batch
    assert client.get(f"{base}/{foreign.pk}/").status_code == 404
    assert client.post(f"{base}/{foreign.pk}/commit/").status_code == 404
    with tenant_context(world.b.org):
        assert ImportBatch.objects.get(pk=foreign.pk).status == ImportBatch.Status.PREVIEW


@pytest.mark.django_db
def test_the_page_follows_the_job_then_shows_the_outcome(world, steps, client):
    org, contest = world.a.org, world.a.contest
    client.force_login(world.a.members[Role.BRANCH_STAFF].user)
    client.cookies["django_language"] = "en"
    kwargs = {"org_slug": "alpha", "contest_id": contest.pk}
    page_url = reverse("contest_import", kwargs=kwargs)
    client.post(page_url, {"file": SimpleUploadedFile("export.csv", _csv(*FILE))})
    with tenant_context(org):
        batch = ImportBatch.objects.for_org(org).latest("pk")
    batch = _run_job(org, batch)  # the dry run, as a worker would
    commit_url = reverse("contest_import_commit", kwargs={**kwargs, "batch_id": batch.pk})
    response = client.post(commit_url)
    assert response["Location"] == f"{page_url}?batch={batch.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "The file is being imported in the background; see its progress below." in page
    assert "0 of 19 rows done" in page and 'data-status="committing"' in page
    assert f'hx-get="{page_url}?batch={batch.pk}" hx-trigger="load delay:1s"' in page
    again = client.get(client.post(commit_url)["Location"]).content.decode()
    assert "This file is being imported already: 0 of 19 rows done." in again
    with tenant_context(org):
        ImportBatch.objects.filter(pk=batch.pk).update(rows_done=12)
    polled = client.get(f"{page_url}?batch={batch.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "12 of 19 rows done" in polled and '<progress max="19" value="12">' in polled
    with tenant_context(org):
        ImportBatch.objects.filter(pk=batch.pk).update(rows_done=0)
    _run_job(org, batch)
    done = client.get(f"{page_url}?batch={batch.pk}").content.decode()
    assert 'data-status="committed"' in done and "hx-get" not in done.split("import-batch")[1]
    assert ": 16 new, 0 updated, 0 unchanged; 3 bad rows left out." in done
    assert "rows done" not in done


@pytest.mark.django_db
def test_a_job_that_cannot_read_the_file_stops_and_says_why(world, steps, client):
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    batch = _preview(org, manager, contest, _csv(*FILE))
    _commit(org, manager, contest, batch)
    batch.file.storage.delete(batch.file.name)
    stopped = _run_job(org, batch)
    message = "上传的文件已不可用，请重新上传。"  # the job speaks the organization's language
    assert (stopped.status, stopped.job.status, stopped.job.error) == ("failed", "failed", message)
    with tenant_context(org):
        assert not Policy.objects.for_org(org).filter(number__startswith="J-").exists()
    with pytest.raises(ValidationError) as refused:
        _commit(org, manager, contest, batch)
    assert refused.value.messages == [
        "This file's import stopped; upload the file again to import the rows that are missing."
    ]
    client.force_login(manager.user)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("contest_import", kwargs={"org_slug": "alpha", "contest_id": contest.pk}),
        {"batch": batch.pk},
    ).content.decode()
    assert f"The import stopped after 0 of 19 rows. {message}" in page


class _WorkerKilled(BaseException):
    """What a killed worker looks like from inside: the run ends mid-step, nothing after."""


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_taken_up_where_it_stopped(world, settings, monkeypatch):
    _, expected = _import_once(world, settings, threshold=10_000)
    settings.CONTEST_IMPORT_JOB_THRESHOLD = 5
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    batch = _preview(org, manager, contest, _csv(*FILE))
    _commit(org, manager, contest, batch)
    write, calls = services.imports.import_write, []

    def dies_in_the_third_step(*args):
        calls.append(1)
        if len(calls) == 3:
            raise _WorkerKilled
        return write(*args)

    monkeypatch.setattr(import_job.imports, "import_write", dies_in_the_third_step)
    with pytest.raises(_WorkerKilled):
        _run_job(org, batch)
    lost = _batch(org, batch)
    assert (lost.status, lost.rows_done, lost.job.status) == ("committing", 8, "running")
    with tenant_context(org):
        # the first 8 rows by issue date, two of them bad, are written
        assert Policy.objects.for_org(org).filter(import_batch=batch).count() == 6
    with tenant_context(org):  # its lease expires unrenewed: the sweeper queues it again
        Job.objects.filter(pk=lost.job_id).update(
            lease_expires_at=timezone.now() - timedelta(seconds=1)
        )
    assert claimable.sweep_stale(specs=[jobs.JOB_ROWS])["requeued"] == 1
    done = _run_job(org, batch)
    assert (done.status, done.rows_done, done.job.status, done.job.attempts) == (
        "committed",
        19,
        "done",
        2,
    )
    assert _world_state(world, batch) == expected


def _after_the_lookup(monkeypatch, meanwhile):
    """Run `meanwhile()` (someone else's entries) once the job has looked up which of the
    file's numbers are policies, before its first step."""
    lookup = services.imports.import_known_policies

    def then_someone_else_writes(*args):
        known = lookup(*args)
        meanwhile()
        return known

    monkeypatch.setattr(import_job.imports, "import_known_policies", then_someone_else_writes)


@pytest.mark.django_db
def test_a_number_entered_meanwhile_by_someone_else_stops_the_import(world, steps, monkeypatch):
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    staff = world.a.members[Role.BRANCH_STAFF]
    batch = _preview(org, manager, contest, _csv(*FILE))
    _commit(org, manager, contest, batch)

    def enters_j9():  # a row of the third step (by issue date), new when previewed
        services.policy_record(
            organization=org,
            membership=staff,
            contest=contest,
            agent=world.a.agent,
            number="J-9",
            premium=Decimal("7000"),
            issued_on=date(2026, 1, 11),
            card_number="K-J9",
        )

    _after_the_lookup(monkeypatch, enters_j9)
    stopped = _run_job(org, batch)
    message = "其中部分保单号刚刚已由他人录入，请重新预览文件。"  # the organization's language
    assert (stopped.status, stopped.job.status, stopped.job.error) == ("failed", "failed", message)
    assert stopped.rows_done == 8  # the two steps before it stay imported, no row after
    with tenant_context(org):
        imported = Policy.objects.for_org(org).filter(import_batch=batch)
        assert sorted(imported.values_list("number", flat=True)) == [
            "J-10",
            "J-11",
            "J-12",
            "J-13",
            "U-1",
            "U-3",
        ]
        theirs = Policy.objects.for_org(org).get(number="J-9")
        assert (theirs.premium, theirs.import_batch_id) == (Decimal("7000"), None)
        assert not Policy.objects.for_org(org).filter(number="J-8").exists()


@pytest.mark.django_db
def test_each_step_sees_the_policies_as_they_are_then(world, settings, monkeypatch):
    """A policy corrected or renumbered after the job looked the numbers up is read again
    in its step: the outcome is the one committing in the request after those changes."""
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    _commit(org, manager, contest, _preview(org, manager, contest, _csv(*BASE)))

    def someone_corrects():
        with tenant_context(org):
            u2, u3 = (
                Policy.objects.for_org(org).filter(number__in=["U-2", "U-3"]).order_by("number")
            )
        for policy, data in ((u2, {"issued_on": date(2026, 1, 9)}), (u3, {"number": "U-9"})):
            services.policy_correct(
                organization=org,
                membership=manager,
                contest=contest,
                policy=policy,
                version=policy.version,
                data=data,
            )

    undo = transaction.savepoint()
    someone_corrects()
    in_request, expected = _import_once(world, settings, threshold=10_000)
    transaction.savepoint_rollback(undo)
    # U-2's new date is the file's (unchanged now); U-3 is no more (U-3 of the file is new)
    assert in_request == {"new": 14, "updated": 1, "unchanged": 1, "bad": 3, "calendars": 7}
    _after_the_lookup(monkeypatch, someone_corrects)
    queued, as_job = _import_once(world, settings, threshold=5)
    assert queued is None
    assert as_job == expected


def _policy_table_analyzed():
    """How many times the policy table was ANALYZEd by hand (autovacuum counts apart)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = %s",
            [Policy._meta.db_table],
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_large_import_refreshes_the_policy_statistics(world, steps):
    org, manager, contest = world.a.org, world.a.members[Role.MANAGER], world.a.contest
    before = _policy_table_analyzed()
    _commit(org, manager, contest, _preview(org, manager, contest, _csv(*FILE[:4])))
    assert _policy_table_analyzed() == before  # a small import: autovacuum will do
    batch = _preview(org, manager, contest, _csv(*FILE[4:]))
    _commit(org, manager, contest, batch)
    assert _run_job(org, batch).status == ImportBatch.Status.COMMITTED
    assert _policy_table_analyzed() == before + 1


def _scene(agents=1):
    """An organization with a manager and a contest in 2005-10 (for tests with their own
    transactions, where the world fixture would be slow)."""
    from campaigns.plans.models import Plan

    org = OrganizationFactory()
    team = TeamFactory(organization=org)
    manager = MembershipFactory(organization=org, role=Role.MANAGER)
    with tenant_context(org):
        plan = Plan.objects.create(
            organization=org,
            kind="contest",
            title="竞赛",
            start_date=date(2005, 10, 10),
            end_date=date(2005, 10, 25),
        )
        contest = Contest.objects.create(
            organization=org,
            plan=plan,
            period_start=plan.start_date,
            period_end=plan.end_date,
            goal=Decimal("500000"),
            calendar_stock=100,
        )
        for n in range(agents):
            Agent.objects.create(organization=org, code=f"A{n}", name=f"业务员{n}", team=team)
        membership = Membership.objects.select_related("user").get(pk=manager.pk)
    return org, membership, contest


def _rows(count):
    return [f"A{n % 3},R-{n:05d},{1000 + n},2005-10-{10 + n % 16},鸿禧,K-{n}" for n in range(count)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_commits_at_the_same_moment_queue_one_job(settings):
    settings.CONTEST_IMPORT_JOB_THRESHOLD = 5
    org, membership, contest = _scene(agents=3)
    batch = _preview(org, membership, contest, _csv(*_rows(20)))
    barrier = threading.Barrier(2)
    outcomes = []

    def commit():
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):  # (the active language is the thread's)
                outcomes.append(_commit(org, membership, contest, batch))
        except ValidationError as exc:
            outcomes.append(exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=commit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if settings.CELERY_BROKER_URL:
        celery_app.control.purge()  # nobody runs the job here
    # one queued the job; the other waited for it and was refused (without a broker the
    # job runs in the first thread as soon as it commits, so it may be done by then)
    queued, refused = sorted(outcomes, key=lambda outcome: outcome is not None)
    assert queued is None
    assert re.fullmatch(
        r"This file is being imported already: \d+ of 20 rows done\.|"
        r"This file was already imported; nothing changed\.",
        " ".join(refused),
    )
    with tenant_context(org):
        assert Job.objects.for_org(org).filter(kind="contest.import_commit").count() == 1


@pytest.mark.postgres
@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_shows_the_progress_while_it_imports(settings):
    """A Celery worker on the real Redis runs the job; polled from another connection,
    the batch shows rows done strictly between none and all while it runs (committing in
    one transaction, it would jump from 0 to all)."""
    from celery.contrib.testing.worker import start_worker

    settings.CONTEST_IMPORT_JOB_THRESHOLD = 100
    settings.CONTEST_IMPORT_CHUNK_ROWS = 50
    org, membership, contest = _scene(agents=3)
    batch = _preview(org, membership, contest, _csv(*_rows(2000)))
    celery_app.control.purge()
    seen = []
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert _commit(org, membership, contest, batch) is None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            polled = _batch(org, batch)
            seen.append(polled.rows_done)
            if polled.status != ImportBatch.Status.COMMITTING:
                break
            time.sleep(0.01)
    done = _batch(org, batch)
    assert (done.status, done.rows_done, done.rows_total) == ("committed", 2000, 2000)
    assert (done.job.status, done.job.attempts) == ("done", 1)
    assert [n for n in seen if 0 < n < 2000], seen
    assert seen == sorted(seen)  # progress never goes back
    assert done.summary["result"] == {
        "new": 2000,
        "updated": 0,
        "unchanged": 0,
        "bad": 0,
        "calendars": 100,
    }
    with tenant_context(org):
        assert Policy.objects.for_org(org).filter(import_batch=batch).count() == 2000
