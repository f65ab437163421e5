"""The plan journey in real Chromium: a manager creates the contest plan from its
template, edits a section in place, moves the anchor date (a relative task follows),
exports the PDF and downloads it — on a desktop, with nothing leaving localhost."""

import contextlib
import io
from urllib.parse import urlparse

import pytest
from django.conf import settings
from pypdf import PdfReader

from campaigns.roles import Role
from config.celery import app as celery_app
from tests.browser_support import sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(transactional_db):
    org = OrganizationFactory(slug="alpha", name="阿尔法寿险营销部")
    return MembershipFactory(organization=org, user__username="alpha_manager", role=Role.MANAGER)


def _worker():
    """A real Celery worker when a broker is configured; in-process jobs otherwise."""
    if not settings.CELERY_BROKER_URL:
        return contextlib.nullcontext()
    from celery.contrib.testing.worker import start_worker

    celery_app.control.purge()
    return start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


def test_manager_runs_the_contest_plan_from_template_to_pdf(page, live_server, manager):
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    base = live_server.url
    sign_in(page, base, "alpha_manager", "alpha")

    # New plan from the contest template.
    page.get_by_role("link", name="方案").first.click()
    page.locator("#id_title").fill("十月期交竞赛")
    page.select_option("#id_source", "template:contest")
    page.get_by_role("button", name="创建方案").click()
    # The template asks for the contest's start, proposed in the future.
    assert page.locator("#id_template_date").input_value() > "2026-01-01"
    page.get_by_test_id("create-from-template").click()
    page.wait_for_url(f"{base}/alpha/plans/*/")
    assert page.locator("h1").first.inner_text() == "十月期交竞赛"
    assert page.get_by_test_id("no-findings").is_visible()
    assert "500,000" in page.locator("#part-goals").inner_text()

    # Edit the first section in place (htmx): no page load, the list shows the change.
    first = page.locator("#list-sections > li").first
    first.get_by_role("button", name="编辑").click()
    page.locator("#list-sections [name=title]").fill("竞赛目的与总体要求")
    editor = page.locator("#list-sections .richtext-area")
    editor.fill("全员行动，确保十月完成目标。")
    editor.press("Control+a")
    page.locator("#list-sections").get_by_role("button", name="加粗 / Bold").click()
    page.locator("#list-sections").get_by_role("button", name="保存").click()
    heading = page.locator("#list-sections > li h3").first
    heading.filter(has_text="竞赛目的与总体要求").wait_for()
    assert heading.inner_text() == "一、竞赛目的与总体要求"
    body = page.locator("#list-sections > li .section-body").first
    assert body.locator("b, strong").inner_text() == "全员行动，确保十月完成目标。"

    # A task counted from the anchor date, then move the anchor date: the task follows.
    page.get_by_test_id("add-tasks").click()
    page.locator("#new-tasks [name=title]").fill("赛前动员会")
    page.locator("#new-tasks [name=offset_days]").fill("-3")
    page.locator("#new-tasks").get_by_role("button", name="保存").click()
    task = page.locator("#list-tasks > li", has_text="赛前动员会")
    task.wait_for()
    page.get_by_test_id("edit-plan").click()
    page.locator("#plan-header #id_anchor_date").fill("2005-10-10")
    page.locator("#plan-header").get_by_role("button", name="保存").click()
    page.get_by_test_id("anchor-date").filter(has_text="2005-10-10").wait_for()
    # The task list reloads itself: no page reload needed.
    due = page.locator("#list-tasks > li", has_text="赛前动员会").get_by_test_id("task-due")
    due.filter(has_text="2005-10-07").wait_for()

    # Export the PDF through the job and download it.
    with _worker():
        page.get_by_test_id("export-pdf").click()
        link = page.get_by_test_id("download-pdf")
        link.wait_for(timeout=60_000)
        with page.expect_download() as info:
            link.click()
    pdf = info.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert pdf.startswith(b"%PDF")
    assert "十月期交竞赛" in text and "竞赛目的与总体要求" in text

    hosts = {urlparse(url).hostname for url in seen}
    assert hosts <= {"localhost", "127.0.0.1"}, hosts


def test_plan_page_fits_a_phone(browser, live_server, manager):
    from campaigns.plans import services

    plan = services.plan_create(
        organization=manager.organization,
        actor=manager.user,
        title="电信日活动",
        template_key="telecom_day",
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("alpha_manager")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/alpha/")
    page.goto(f"{live_server.url}/alpha/plans/{plan.pk}/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # Keyboard: the first section's edit button is reachable and opens the form in place.
    page.locator("#list-sections > li").first.get_by_role("button", name="编辑").focus()
    page.keyboard.press("Enter")
    page.locator("#list-sections [name=title]").wait_for()
    context.close()


def _sign_in(page, base):
    sign_in(page, base, "alpha_manager", "alpha")


def test_errors_conflicts_and_cancel_show_in_place(page, live_server, manager):
    from campaigns.models import Section
    from campaigns.plans import services
    from campaigns.tenancy import tenant_context

    org = manager.organization
    plan = services.plan_create(
        organization=org, actor=manager.user, title="竞赛", template_key="contest"
    )
    _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/alpha/plans/{plan.pk}/")

    # A bad stage on Add: the form comes back with the message, in place.
    page.get_by_test_id("add-stages").click()
    new = page.locator("#new-stages")
    new.locator("[name=name]").fill("第五阶段")
    new.locator("[name=start_date]").fill("2005-10-30")
    new.locator("[name=end_date]").fill("2005-10-26")
    new.get_by_role("button", name="保存").click()
    new.locator(".errors, .field-error").first.wait_for()
    # Cancel closes the form again.
    new.get_by_role("button", name="取消").click()
    page.get_by_test_id("add-stages").wait_for()
    assert page.locator("#new-stages form").count() == 0

    # Someone else saves the section while it is open here: the conflict shows, with theirs.
    first = page.locator("#list-sections > li").first
    first.get_by_role("button", name="编辑").click()
    page.locator("#list-sections [name=title]").fill("我的标题")
    with tenant_context(org):
        section = Section.objects.for_org(org).filter(plan=plan).order_by("position").first()
    services.part_update(
        organization=org,
        actor=manager.user,
        plan=plan,
        slug="sections",
        item=section,
        version=section.version,
        data={"title": "别人的标题"},
    )
    page.locator("#list-sections").get_by_role("button", name="保存").click()
    conflict = page.get_by_test_id("conflict")
    conflict.wait_for()
    assert "别人的标题" in conflict.inner_text() and "我的标题" in conflict.inner_text()

    # Saving again from the refreshed form goes through; Enter made two paragraphs.
    editor = page.locator("#list-sections .richtext-area")
    editor.fill("第一段")
    editor.press("End")
    editor.press("Enter")
    editor.type("第二段")
    page.locator("#list-sections").get_by_role("button", name="保存").click()
    page.locator("#list-sections h3", has_text="我的标题").wait_for()
    with tenant_context(org):
        body = Section.objects.get(pk=section.pk).body_html
    assert "<p>第一段</p>" in body and "<p>第二段</p>" in body
