"""PDF export of a plan: the job renders the print template with WeasyPrint in the worker,
stores the file, and never lets the plan's content make the worker fetch a URL."""

import io
import re
import socket
import time
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from pypdf import PdfReader

from campaigns import jobs, printing, svg_charts
from campaigns.models import Job
from campaigns.plans import charts, pdf, services
from campaigns.plans.models import BudgetLine, Export, Plan, Section, Stage, Task
from campaigns.tenancy import tenant_context
from config.celery import app as celery_app
from tests import job_support
from tests.factories import OrganizationFactory, UserFactory
from tests.job_support import busy_storage, sent_jobs  # noqa: F401

CONTEST_TITLE = "城东营业部个险期交冲刺竞赛方案"
DELETED_MESSAGE = "The plan was deleted before its export could run."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def org(db):
    return OrganizationFactory(name="华夏人寿城东营业部", slug="chengdong")


@pytest.fixture
def user(db):
    return UserFactory(username="wang", first_name="王经理")


def _contest_plan(org, user):
    """The built-in contest plan, plus an anchor date, a relative task and a budget."""
    plan = services.plan_create(
        organization=org, actor=user, title=CONTEST_TITLE, template_key="contest"
    )
    with tenant_context(org):
        Plan.objects.filter(pk=plan.pk).update(
            anchor_date=date(2005, 10, 25), budget_total=Decimal("20000")
        )
        plan = Plan.objects.get(pk=plan.pk)
        first_stage = Stage.objects.for_org(org).filter(plan=plan).order_by("position").first()
        Task.objects.create(
            organization=org,
            plan=plan,
            position=99,
            title="印制竞赛海报",
            owner_name="宣传战报组",
            offset_days=-15,
        )
        BudgetLine.objects.create(
            organization=org,
            plan=plan,
            position=0,
            item="团队达标奖励预留",
            amount=Decimal("12000"),
            stage=first_stage,
        )
        BudgetLine.objects.create(
            organization=org, plan=plan, position=1, item="战报展板制作", amount=Decimal("1234.50")
        )
    return plan


def _small_plan(org, *, title="小型促销方案", body="<p>活动当天签单。</p>"):
    with tenant_context(org):
        plan = Plan.objects.create(
            organization=org,
            kind="decoration_event",
            title=title,
            start_date=date(2009, 5, 1),
            end_date=date(2009, 5, 31),
        )
        Section.objects.create(
            organization=org, plan=plan, position=0, title="活动主题", body_html=body
        )
    return plan


def _export_and_run(org, user, plan):
    export = services.export_request(organization=org, actor=user, plan=plan)
    jobs.job_run(organization_id=org.pk, job_id=export.job_id)
    with tenant_context(org):
        return Export.objects.select_related("job").get(pk=export.pk)


def _pages_text(data):
    """Each page's text with all white space removed (CJK text has none of its own)."""
    reader = PdfReader(io.BytesIO(data))
    return reader, ["".join((page.extract_text() or "").split()) for page in reader.pages]


def _embedded_font_names(reader):
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            for part in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(part["/BaseFont"]))
    return names


def _no_network(monkeypatch):
    """Record (and refuse) every attempt to open a network connection."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during a PDF export")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


# -- the job --------------------------------------------------------------------------------


def test_export_job_writes_the_whole_plan_as_a_chinese_pdf(org, user, media):
    plan = _contest_plan(org, user)

    export = _export_and_run(org, user, plan)

    job = export.job
    assert (job.status, job.attempts, job.error) == ("done", 1, "")
    assert export.filename == f"{CONTEST_TITLE}.pdf"
    assert export.file.name.startswith("exports/")
    assert export.file.name.endswith(f"/plan-{plan.pk}-export-{export.pk}.pdf")
    assert default_storage.exists(export.file.name)
    with export.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    reader, pages = _pages_text(data)
    assert job.result == {"bytes": len(data), "pages": len(reader.pages)}
    assert len(reader.pages) >= 5
    text = "".join(pages)

    # Cover: organization, title, owner; no running header or page footer on it.
    cover = pages[0]
    assert "华夏人寿城东营业部" in cover
    assert CONTEST_TITLE in cover
    assert "王经理" in cover
    assert "共" not in cover and "页" not in cover
    # Every later page has the organization in its header and "第 X 页 / 共 Y 页" below.
    total = len(reader.pages)
    for number, page in enumerate(pages[1:], start=2):
        assert "华夏人寿城东营业部" in page
        assert f"第{number}页/共{total}页" in page

    # Numbered sections, from the template's text and from the plan's tables.
    assert "一、竞赛背景与目标" in text
    assert "二、阶段安排与进度检查点" in text
    body_headings = re.findall(r"([一二三四五六七八九十]+)、", "".join(pages[2:]))
    assert body_headings[:3] == ["一", "二", "三"]
    # Table figures, grouped by thousands; the budget total is the sum of its lines.
    for figure in (
        "500,000",
        "125,000",
        "250,000",
        "375,000",
        "12,000",
        "1,234.50",
        "13,234.50",
        "20,000",
        "6,765.50",
    ):
        assert figure in text, figure
    # The relative task's date is resolved from the anchor date (2005-10-25 − 15 days).
    assert "印制竞赛海报" in text and "2005-10-10" in text
    assert "−15" in text
    # The chart is drawn as text: its y axis has 400,000, a figure no table holds.
    assert "400,000" in text and "10-10–10-13" in text

    # Table of contents: every chapter with the page its heading is on.
    toc = pages[1]
    headings = re.findall(r"([一二三四五六七八九十]+、[^.…\d]+?)\.+(\d+)", toc)
    assert len(headings) >= 10
    for heading, page_number in headings:
        found = [i + 1 for i, page in enumerate(pages) if i > 1 and heading in page]
        assert found and int(page_number) == found[0], heading

    # The CJK font is embedded (subset), not left to the reader's machine.
    fonts = _embedded_font_names(reader)
    assert any("NotoSansCJK" in name.replace("-", "").replace(" ", "") for name in fonts), fonts


def test_rendered_html_follows_the_print_rules(org, user):
    plan = _contest_plan(org, user)
    with tenant_context(org):
        html = pdf.render_plan_html(plan, organization=org)
    assert '<html lang="zh-CN">' in html
    assert "target-counter(attr(href), page)" in html
    assert '"第 " counter(page) " 页 / 共 " counter(pages) " 页"' in html
    margin_boxes = re.findall(r"@(?:top|bottom)-\w+\s*\{[^}]*\}", html)
    styled = [box for box in margin_boxes if "font-family" in box]
    assert {"@top-left", "@top-right", "@bottom-center"} <= {b.split()[0] for b in styled}
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) == 2
    assert all('font-family="Noto Sans CJK SC, sans-serif"' in tag for tag in svgs)
    for number in "一二三四五六七八九":
        assert f"{number}、" in html
    assert "十二、" in html


def test_an_english_organization_gets_english_page_numbers(user):
    org = OrganizationFactory(name="Sino Life East", default_language="en")
    plan = _small_plan(org, title="Spring promotion")
    with tenant_context(org):
        html = pdf.render_plan_html(plan, organization=org)
    assert '"Page " counter(page) " of " counter(pages)' in html
    assert "一、活动主题" in html
    assert '<html lang="zh-CN">' in html  # the plan's own text is still Chinese


def test_export_of_a_deleted_plan_fails_with_a_readable_reason(org, user, media):
    plan = _small_plan(org)
    export = services.export_request(organization=org, actor=user, plan=plan)
    with tenant_context(org):
        Plan.objects.filter(pk=plan.pk).delete()

    jobs.job_run(organization_id=org.pk, job_id=export.job_id)

    with tenant_context(org):
        job = Job.objects.get(pk=export.job_id)
        export = Export.objects.get(pk=export.pk)
    with translation.override(org.default_language):
        expected = translation.gettext(DELETED_MESSAGE)
    assert (job.status, job.attempts, job.error) == ("failed", 1, expected)
    assert job.finished_at is not None
    assert (export.plan_id, export.file.name, export.filename) == (None, "", "")


def test_a_failing_render_ends_failed_with_a_readable_reason(org, user, media, monkeypatch):
    def broken(html):
        raise ValueError("decimal.InvalidOperation deep inside the layout")

    monkeypatch.setattr(printing, "render_pdf", broken)
    plan = _small_plan(org)
    export = services.export_request(organization=org, actor=user, plan=plan)
    jobs.job_run(organization_id=org.pk, job_id=export.job_id)

    with tenant_context(org):
        job = Job.objects.get(pk=export.job_id)
        export = Export.objects.get(pk=export.pk)
    with translation.override(org.default_language):
        expected = translation.gettext(
            "The PDF could not be made; the error was logged for the support team. Try again later."
        )
    assert (job.status, job.attempts, job.error) == ("failed", 1, expected)
    assert "InvalidOperation" not in job.error
    assert export.file.name == ""


def test_section_with_a_remote_image_exports_without_touching_the_network(
    org, user, media, monkeypatch
):
    # Written past the services (which would sanitise it), as an old row might be.
    plan = _small_plan(
        org,
        body='<p>见下图</p><img src="http://example.com/x.png">'
        '<img src="https://example.com/y.png">',
    )
    attempts = _no_network(monkeypatch)

    export = _export_and_run(org, user, plan)

    assert export.job.status == "done", export.job.error
    assert attempts == []
    with export.file.open("rb") as handle:
        _, pages = _pages_text(handle.read())
    assert "一、活动主题" in "".join(pages)


def test_write_pdf_refuses_remote_resources_without_a_request(monkeypatch):
    attempts = _no_network(monkeypatch)
    asked = []
    fetch = printing.LocalOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(printing.LocalOnlyURLFetcher, "fetch", spy)
    html = (
        '<html lang="zh-CN"><head><link rel="stylesheet" href="https://example.com/a.css">'
        '<style>@import url("http://example.com/b.css");</style></head><body>'
        '<p>你好</p><img src="http://example.com/x.png"><img src="file:///etc/hostname">'
        "</body></html>"
    )

    data = printing.write_pdf(html)

    assert data.startswith(b"%PDF-")
    assert attempts == []
    assert "http://example.com/x.png" in asked and "file:///etc/hostname" in asked


# -- the URL fetcher ------------------------------------------------------------------------


def test_fetcher_serves_data_urls():
    response = printing.local_only_fetcher("data:text/plain;base64,5L2g5aW9")
    assert response.read() == "你好".encode()


def test_fetcher_serves_static_and_media_files(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "logo.svg").write_text("<svg/>")
    app_css = settings.STATICFILES_DIRS[0] / "css" / "app.css"

    media = printing.local_only_fetcher((tmp_path / "logo.svg").as_uri())
    static = printing.local_only_fetcher(app_css.as_uri())
    by_static_url = printing.local_only_fetcher("file:///static/css/app.css")

    assert (media.read(), media.content_type) == (b"<svg/>", "image/svg+xml")
    assert static.read() == app_css.read_bytes()
    assert static.content_type == "text/css"
    assert by_static_url.read() == app_css.read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x.png",
        "file:///etc/passwd",
        "file://example.com/static/css/app.css",
        "//example.com/x.png",
        "x.png",
    ],
)
def test_fetcher_refuses_remote_urls_and_other_files(url):
    with pytest.raises(ValueError):
        printing.local_only_fetcher(url)


def test_fetcher_refuses_escapes_from_the_allowed_directories(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    (media / "link.txt").symlink_to(secret)
    settings.MEDIA_ROOT = str(media)

    for url in (
        f"{media.as_uri()}/../secret.txt",
        f"{media.as_uri()}/link.txt",
        f"{media.as_uri()}/missing.png",
        "file:///media/../../etc/passwd",
    ):
        with pytest.raises(ValueError):
            printing.local_only_fetcher(url)


# -- small pure parts -----------------------------------------------------------------------


def test_filename_is_the_title_without_characters_file_systems_refuse():
    plan = SimpleNamespace(pk=7, title='春季/促销:方案*?"<>|第1版')
    assert pdf.pdf_filename(plan) == "春季 促销 方案 第1版.pdf"
    assert pdf.pdf_filename(SimpleNamespace(pk=7, title="///")) == "plan-7.pdf"


def test_css_string_cannot_end_the_string_or_the_style_element():
    value = printing.css_string('A"B\\C</style><script>x</script> 营业部')
    assert value.startswith('"') and value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner and "<" not in inner and ">" not in inner
    assert "\\" not in inner.replace("\\0000", "")
    assert "营业部" in inner


def _stage(name, target, start=None, end=None):
    return SimpleNamespace(name=name, cumulative_target=target, start_date=start, end_date=end)


def test_stage_chart_draws_each_stage_with_its_target():
    stages = [
        _stage("第一阶段:全面动员", Decimal("125000"), date(2005, 10, 10), date(2005, 10, 13)),
        _stage("第二阶段", Decimal("250000")),
        _stage("<第三&阶段>", Decimal("375000")),
        _stage("第四阶段", Decimal("500000")),
    ]
    svg = charts.stage_targets_svg(stages, goal=Decimal("500000"))
    root = ET.fromstring(svg)  # well-formed: names are escaped
    assert root.get("font-family") == "Noto Sans CJK SC, sans-serif"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"125,000", "250,000", "375,000", "500,000"} <= set(texts)
    assert {"第一阶段", "全面动员", "第二阶段", "<第三&阶段>", "10-10 – 10-13"} <= set(texts)
    assert {"0", "100,000", "400,000"} <= set(texts)  # y-axis values
    assert len(list(root.iter("{http://www.w3.org/2000/svg}rect"))) == 4


def test_charts_are_empty_when_there_is_nothing_to_draw():
    assert charts.stage_targets_svg([]) == ""
    assert charts.stage_targets_svg([_stage("第一阶段", None)]) == ""
    assert charts.timeline_svg([SimpleNamespace(title="无日期", due=None)]) == ""


def test_timeline_chart_places_tasks_between_the_plan_dates():
    tasks = [
        SimpleNamespace(title="印制海报", due=date(2009, 5, 2)),
        SimpleNamespace(title="活动当天", due=date(2009, 5, 17)),
    ]
    svg = charts.timeline_svg(tasks, date(2009, 5, 1), date(2009, 5, 31), anchor=date(2009, 5, 17))
    root = ET.fromstring(svg)
    assert root.get("font-family") == "Noto Sans CJK SC, sans-serif"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"印制海报", "活动当天", "2009-05-01", "2009-05-31"} <= set(texts)
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) == 2


def test_number_grouping():
    assert [svg_charts.number_grouped(v) for v in (Decimal("500000"), Decimal("1234.5"), 0)] == [
        "500,000",
        "1,234.50",
        "0",
    ]


# -- a real worker ----------------------------------------------------------------------------


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_real_worker_on_redis_takes_an_export_from_queued_to_done(settings, tmp_path):
    from celery.contrib.testing.worker import start_worker

    settings.MEDIA_ROOT = str(tmp_path)
    org = OrganizationFactory(name="华夏人寿城东营业部")
    user = UserFactory()
    plan = _small_plan(org, title="真实队列导出测试")
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        export = services.export_request(organization=org, actor=user, plan=plan)

        def status():
            with tenant_context(org):
                return Job.objects.get(pk=export.job_id).status

        assert status() in ("queued", "running", "done")
        deadline = time.monotonic() + 60
        while status() not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
    with tenant_context(org):
        export = Export.objects.select_related("job").get(pk=export.pk)
    assert (export.job.status, export.job.attempts, export.job.error) == ("done", 1, "")
    assert export.filename == "真实队列导出测试.pdf"
    assert default_storage.exists(export.file.name)
    assert export.job.result["bytes"] == default_storage.size(export.file.name)


@pytest.mark.parametrize("check", job_support.CHECKS, ids=lambda c: c.__name__)
def test_the_export_job_on_the_one_machine(check, org, user, media, request):
    """Claim, retry with backoff, give up and the sweeper, through the plan PDF export."""
    export = services.export_request(organization=org, actor=user, plan=_small_plan(org))

    def stored():
        with tenant_context(org):
            return Export.objects.get(pk=export.pk)

    def done():
        name = stored().file.name
        assert name.startswith("exports/") and name.endswith(
            f"/plan-{export.plan_id}-export-{export.pk}.pdf"
        )
        assert (media / name).read_bytes().startswith(b"%PDF-")

    def nothing_made():
        assert (stored().file.name, stored().filename) == ("", "")
        assert not media.exists() or list(media.rglob("*.pdf")) == []

    check(job_support.job_user(request, org, export.job, done=done, nothing_made=nothing_made))
