"""PDF export: the whole job path against bare WeasyPrint on the same HTML.

    .venv/bin/python bench/pdf_export.py                 # embedded SQLite, 5 rounds
    ROUNDS=10 DATABASE_URL=postgres://campaigns_owner:campaigns@127.0.0.1:5432/campaigns \
        .venv/bin/python bench/pdf_export.py             # PostgreSQL with RLS

Job path: services.export_request + jobs.job_run in this process (queue the job, claim
it, load the plan, render the template, WeasyPrint with the local-only URL fetcher,
store the file, record the result). Bare: `HTML(string=html).write_pdf()` of the same
HTML. Rounds alternate between the two, after one warm-up of each (fonts loaded once per
process, as in a long-lived worker). It migrates the configured database and creates a
throw-away organization with the built-in contest plan, removed again at the end.
The last line is machine-readable key=value pairs.
"""

import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from weasyprint import HTML  # noqa: E402

from campaigns import jobs  # noqa: E402
from campaigns.models import Job, Organization  # noqa: E402
from campaigns.plans import pdf, services  # noqa: E402
from campaigns.plans.models import Export  # noqa: E402
from campaigns.services import organization_create  # noqa: E402
from campaigns.tenancy import tenant_context  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "5"))
SLUG = "bench-pdf-export"


def export_through_job(org, user, plan):
    start = time.perf_counter()
    export = services.export_request(organization=org, actor=user, plan=plan)
    # In-process (eager) mode has already run the job on commit; this call then finds it
    # claimed and returns. With a broker configured, it is this call that runs it.
    jobs.job_run(organization_id=org.pk, job_id=export.job_id)
    elapsed = (time.perf_counter() - start) * 1000
    with tenant_context(org):
        job = Job.objects.get(pk=export.job_id)
    assert job.status == Job.Status.DONE, (job.status, job.error)
    return elapsed, job.result


def export_bare(html):
    start = time.perf_counter()
    data = HTML(string=html).write_pdf()
    return (time.perf_counter() - start) * 1000, len(data)


def cleanup(org, user):
    with tenant_context(org):
        for export in Export.objects.for_org(org):
            if export.file:
                default_storage.delete(export.file.name)
        org.delete()
    if user is not None:
        user.delete()


def main():
    logging.getLogger("celery").setLevel(logging.WARNING)  # one line per eager task
    call_command("migrate", verbosity=0)
    stale = Organization.objects.filter(slug=SLUG).first()
    if stale is not None:  # left by an interrupted run
        cleanup(stale, None)
    user, _ = get_user_model().objects.get_or_create(username="bench-pdf-export")
    org = organization_create(slug=SLUG, name="华夏人寿城东营业部")
    try:
        with tenant_context(org):
            plan = services.plan_create(
                organization=org, actor=user, title="", template_key="contest"
            )
            html = pdf.render_plan_html(plan, organization=org)
        print(f"database: {connection.vendor}, rounds: {ROUNDS}, plan: {plan.title}")
        _, result = export_through_job(org, user, plan)  # warm-up
        export_bare(html)
        print(f"PDF: {result['pages']} pages, {result['bytes']:,} bytes")
        job_times, bare_times = [], []
        for round_number in range(1, ROUNDS + 1):
            job_ms, _ = export_through_job(org, user, plan)
            bare_ms, _ = export_bare(html)
            job_times.append(job_ms)
            bare_times.append(bare_ms)
            print(
                f"round {round_number}: job path {job_ms:7.1f} ms   bare WeasyPrint "
                f"{bare_ms:7.1f} ms"
            )
    finally:
        cleanup(org, user)
    job_median = statistics.median(job_times)
    bare_median = statistics.median(bare_times)
    ratio = job_median / bare_median
    print(
        f"median: job path {job_median:.1f} ms, bare WeasyPrint {bare_median:.1f} ms, "
        f"ratio {ratio:.2f} (aim: within 1.3)"
    )
    print(
        f"job_median_ms={job_median:.1f} bare_median_ms={bare_median:.1f} "
        f"ratio={ratio:.3f} pages={result['pages']} rounds={ROUNDS} db={connection.vendor}"
    )


if __name__ == "__main__":
    main()
