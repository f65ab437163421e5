"""An import cannot exhaust a worker (issue 17, item 3): the web request that takes an
upload, and the memory of the worker process that imports it.

Builds the issue's file as two .xlsx workbooks of 99,990 policy rows: one unpacking to
~289 MB (the file of the issue: refused) and the closest that passes the caps (~95 MB
unpacked, under MAX_UNPACKED_BYTES). The rows carry a long filler column that compresses
well, as formatting and long texts do in real exports. Then, on PostgreSQL:

- the upload through the contest's import page (Django's test client, the broker on Redis
  so that the request only stores the file and queues the job): its wall time, for both
  files (the refused one answers 400 from the zip's directory);
- the dry-run job and then the commit job of the passing file, each run in a fresh Python
  process (as a worker's pool process runs one): its peak RSS (VmHWM) after Django's
  start-up and at the end, and the job's time.

The last line is key=value pairs. Run:

    DATABASE_URL=postgres://campaigns_owner:campaigns@127.0.0.1:5432/campaigns \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/7 .venv/bin/python bench/import_memory.py

It migrates the configured database and removes its own organization afterwards.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

ROWS = int(os.environ.get("ROWS", "99990"))
AGENTS = 100
START = date(2005, 10, 10)
HEADER = ("工号", "保单号", "期交保费", "承保日期", "险种", "卡单号", "备注")


def _rss_mb():
    """This process's peak RSS so far (VmHWM: getrusage's ru_maxrss would carry the
    parent's peak over the fork and exec that started this process)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def run_job_here(organization_id, job_id):
    """In a fresh process: start Django, run one job, report the peak RSS."""
    import django

    django.setup()
    from campaigns import jobs
    from contests.services import import_job  # noqa: F401 - the job kinds

    started_mb = _rss_mb()
    start = time.perf_counter()
    jobs.job_run(organization_id=organization_id, job_id=job_id)
    print(
        json.dumps(
            {"start_mb": started_mb, "peak_mb": _rss_mb(), "seconds": time.perf_counter() - start}
        )
    )


def _cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row_xml(line, cells):
    letters = "ABCDEFG"
    inner = "".join(_cell(f"{letters[i]}{line}", v) for i, v in enumerate(cells))
    return f'<row r="{line}">{inner}</row>'


def write_xlsx(path, rows, filler_bytes):
    """A one-sheet workbook of `rows` policy rows, each with a filler cell of
    `filler_bytes` characters; streamed into the zip (never held whole)."""
    filler = ("备注文本" * (filler_bytes // 12 + 1))[: filler_bytes // 3]
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName'
            '="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="保单" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            sheet.write(_row_xml(1, HEADER).encode())
            chunk = []
            for n in range(rows):
                cells = (
                    f"A{n % AGENTS:05d}",
                    f"M{n:09d}",
                    str(1000 + n % 9000),
                    (START + timedelta(days=n % 16)).isoformat(),
                    "鸿禧",
                    f"K{n}",
                    filler,
                )
                chunk.append(_row_xml(n + 2, cells))
                if len(chunk) == 1000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write("".join(chunk).encode())
            sheet.write(b"</sheetData></worksheet>")
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    return os.path.getsize(path), unpacked


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from campaigns import services as org_services
    from campaigns.tabular import MAX_UNPACKED_BYTES
    from config.celery import app as celery_app

    if connection.vendor != "postgresql" or settings.CELERY_TASK_ALWAYS_EAGER:
        sys.exit("bench/import_memory.py needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL")
    call_command("migrate", verbosity=0)
    work = Path(tempfile.mkdtemp(prefix="import-memory-"))
    t0 = time.perf_counter()
    big = write_xlsx(work / "refused.xlsx", ROWS, 2_700)
    fits = write_xlsx(work / "passes.xlsx", ROWS, int(MAX_UNPACKED_BYTES * 0.93 / ROWS) - 420)
    print(
        f"built in {time.perf_counter() - t0:.1f} s: {ROWS:,} rows; refused file "
        f"{big[0] / 2**20:.1f} MB unpacking to {big[1] / 2**20:.0f} MB; passing file "
        f"{fits[0] / 2**20:.1f} MB unpacking to {fits[1] / 2**20:.0f} MB "
        f"(cap {MAX_UNPACKED_BYTES / 2**20:.0f} MB)"
    )
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    org = org_services.organization_create(slug=slug, name="Bench import memory")
    try:
        _measure(org, slug, work, big, fits)
    finally:
        celery_app.control.purge()
        org_services_cleanup(org)
        for path in work.iterdir():
            path.unlink()
        work.rmdir()


def org_services_cleanup(org):
    import django

    from campaigns.tenancy import tenant_context
    from contests.models import Policy

    with tenant_context(org):
        Policy.objects.for_org(org).delete()
        for model in ("contests.ImportBatch", "contests.Contest", "contests.Agent"):
            django.apps.apps.get_model(model).objects.for_org(org).delete()
        org.delete()


def _measure(org, slug, work, big, fits):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from campaigns import services as org_services
    from campaigns.models import Team
    from campaigns.plans import services as plan_services
    from campaigns.roles import Role
    from campaigns.tenancy import tenant_context
    from config.celery import app as celery_app
    from contests import services
    from contests.models import Agent, ImportBatch, Policy

    with tenant_context(org):
        manager = org_services.member_add(
            organization=org, username=f"{slug}-m", password="Bench-password-1", role=Role.MANAGER
        )
        plan = plan_services.plan_create(
            organization=org, actor=manager.user, title="竞赛", template_key="contest"
        )
        contest = services.contest_create(organization=org, plan=plan, calendar_stock=10**6)
        team = Team.objects.create(organization=org, name="一组")
        Agent.objects.bulk_create(
            Agent(organization=org, code=f"A{i:05d}", name=f"业务员{i}", team=team)
            for i in range(AGENTS)
        )
    celery_app.control.purge()
    if True:
        client = Client()
        client.force_login(manager.user)
        client.cookies["django_language"] = "en"
        url = f"/{slug}/contests/{contest.pk}/import/"

        def upload(path):
            data = path.read_bytes()
            start = time.perf_counter()
            response = client.post(url, {"file": SimpleUploadedFile(path.name, data)})
            took = (time.perf_counter() - start) * 1000
            if response.status_code == 400:
                text = response.content.decode()
                found = re.search(r"The workbook unpacks to more than [^<]*", text)
                print(f"  {path.name} refused: {found.group(0) if found else '?'}")
            return response.status_code, took

        client.get(url)  # warm up: the first request loads URLs and templates
        refused_status, refused_ms = upload(work / "refused.xlsx")
        status, request_ms = upload(work / "passes.xlsx")
        print(f"upload of the refused file: {refused_status} in {refused_ms:.0f} ms")
        print(f"upload of the passing file: {status} in {request_ms:.0f} ms (job queued)")
        assert (refused_status, status) == (400, 302), (refused_status, status)
        with tenant_context(org):
            batch = ImportBatch.objects.for_org(org).latest("pk")

        def in_a_worker_process(job_id):
            answer = subprocess.run(
                [sys.executable, __file__, "--job", str(org.pk), str(job_id)],
                capture_output=True,
                text=True,
                check=True,
                env=os.environ,
            )
            return json.loads(answer.stdout.strip().splitlines()[-1])

        preview = in_a_worker_process(batch.job_id)
        with tenant_context(org):
            batch.refresh_from_db()
        assert batch.status == "preview", (batch.status, batch.summary)
        print(
            f"dry-run job: {batch.summary['rows']:,} rows in {preview['seconds']:.1f} s; worker "
            f"RSS {preview['start_mb']:.0f} MB after start-up, peak {preview['peak_mb']:.0f} MB"
        )
        services.policies_import_commit(
            organization=org, membership=manager, contest=contest, batch=batch
        )
        with tenant_context(org):
            batch.refresh_from_db()
        commit = in_a_worker_process(batch.job_id)
        with tenant_context(org):
            batch.refresh_from_db()
            imported = Policy.objects.for_org(org).count()
        assert batch.status == "committed", batch.status
        print(
            f"commit job: {imported:,} policies in {commit['seconds']:.1f} s; worker RSS "
            f"{commit['start_mb']:.0f} MB after start-up, peak {commit['peak_mb']:.0f} MB"
        )
        print(
            f"rows={ROWS} refused_unpacked_mb={big[1] / 2**20:.0f} "
            f"passing_unpacked_mb={fits[1] / 2**20:.0f} refused_request_ms={refused_ms:.0f} "
            f"request_ms={request_ms:.0f} worker_start_mb={preview['start_mb']:.0f} "
            f"preview_peak_mb={preview['peak_mb']:.0f} preview_s={preview['seconds']:.1f} "
            f"commit_peak_mb={commit['peak_mb']:.0f} commit_s={commit['seconds']:.1f}"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--job"]:
        run_job_here(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
