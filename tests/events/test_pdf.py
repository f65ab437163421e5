"""The event report PDF (a job, WeasyPrint, text read back) and the event chapter of the
plan's PDF with the sealed pools' hashes."""

import io

import pytest
from pypdf import PdfReader

from campaigns import jobs
from campaigns.plans import services as plan_services
from campaigns.plans.models import Export
from campaigns.tenancy import tenant_context
from promotions.events import services
from promotions.events.models import EventReport

from .conftest import mobiles

pytestmark = pytest.mark.django_db


def text_of(data):
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def test_event_report_pdf_prints_the_dashboard(desk):
    dm = desk.channels["DM单页"]
    guests = [desk.guest(m, channel=dm, community="阳光花园") for m in mobiles(3)]
    desk.sign(guests[0], "86000")
    desk.stock_eggs(("电饭煲", 10, 1))
    report = services.event_report_request(organization=desk.org, event=desk.event)
    jobs.job_run(organization_id=desk.org.pk, job_id=report.job_id)
    with tenant_context(desk.org):
        report = EventReport.objects.select_related("job").get(pk=report.pk)
        data = report.file.read()
    assert report.job.status == "done", report.job.error
    text = text_of(data)
    assert "DM单页" in text and "86000" in text and "电饭煲" in text
    assert desk.egg_pool.seed_sha256[:16] in text


def test_plan_pdf_prints_the_offers_and_the_seal_hash(desk):
    pool = desk.stock_eggs(("电饭煲", 10, 1))
    export = plan_services.export_request(
        organization=desk.org, actor=desk.manager.user, plan=desk.plan
    )
    jobs.job_run(organization_id=desk.org.pk, job_id=export.job_id)
    with tenant_context(desk.org):
        export = Export.objects.select_related("job").get(pk=export.pk)
        data = export.file.read()
    assert export.job.status == "done", export.job.error
    text = text_of(data)
    assert "前30名砸金蛋" in text and "9.5折" in text
    assert pool.seed_sha256[:20] in text and pool.seed not in text
