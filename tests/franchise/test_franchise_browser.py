"""In Chromium, on a phone: a franchisee signs in, sees only their territory, submits a
month's revenue, and downloads the issued royalty statement (a real PDF); a manager runs
the rollout board (a dot opens its territory, a status count its list, a goal its page)."""

import io
from datetime import date
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from campaigns import jobs
from campaigns.plans import services as plan_services
from campaigns.plans.models import Goal
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from franchise import services
from tests.browser_support import sign_in
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def franchisor(transactional_db):
    org = OrganizationFactory(slug="xiang", name="湘健健康管理连锁")
    manager = MembershipFactory(organization=org, user__username="manager", role=Role.MANAGER)
    chen = MembershipFactory(organization=org, user__username="chen", role=Role.FRANCHISEE)
    with tenant_context(org):
        chen = type(chen).objects.select_related("user", "organization").get(pk=chen.pk)
    mine = services.territory_save(organization=org, name="长沙", planned_phase=1)
    other = services.territory_save(organization=org, name="株洲", planned_phase=1)
    chen_co = services.franchisee_save(organization=org, name="长沙康健", account=chen.user)
    wang_co = services.franchisee_save(organization=org, name="株洲颐和")
    agreement = services.agreement_create(
        organization=org,
        territory=mine,
        franchisee=chen_co,
        model="B",
        start_date=date(2007, 9, 1),
        franchise_fee="300000",
        royalty_rate="5",
    )
    services.agreement_create(
        organization=org,
        territory=other,
        franchisee=wang_co,
        model="A",
        start_date=date(2007, 9, 1),
        franchise_fee="1",
        deposit="1",
    )
    services.revenue_submit(
        organization=org, membership=chen, territory=mine, month="2007-09", revenue="128000.50"
    )
    statement = services.statement_compute(organization=org, agreement=agreement, month="2007-09")
    services.statement_issue(organization=org, statement=statement, actor=manager.user)
    with tenant_context(org):
        statement.refresh_from_db()
    jobs.job_run(organization_id=org.pk, job_id=statement.job_id)  # no worker in tests
    return {"org": org, "territory": mine, "statement": statement, "manager": manager}


def test_franchisee_submits_revenue_and_downloads_the_statement(page, live_server, franchisor):
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    sign_in(page, base, "chen", "xiang")
    page.locator('nav.mainnav a[href="/xiang/franchise/"]').click()
    # One territory: the franchise page is its dashboard.
    assert page.get_by_test_id("territory-name").inner_text() == "长沙"
    assert "株洲" not in page.content()

    form = page.get_by_test_id("revenue-form")
    form.locator("[name=month]").fill("2007-10")
    form.locator("[name=revenue]").fill("-5")
    form.locator("button[type=submit]").click()
    page.locator("#revenue .field-error[role=alert]").first.wait_for()
    assert "2007-10" not in page.get_by_test_id("revenue-table").inner_text()
    form = page.get_by_test_id("revenue-form")
    form.locator("[name=month]").fill("2007-10")
    form.locator("[name=revenue]").fill("135000")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("revenue-saved").wait_for()  # htmx swapped the panel in place
    page.get_by_test_id("revenue-table").filter(has_text="135,000").wait_for()
    page.locator(".chart svg").first.wait_for()

    page.get_by_test_id("statements").get_by_role("link", name="2007-09").click()
    assert page.get_by_test_id("statement-total").inner_text() == "6,400.03"
    assert "128,000.50 × 5.00% = 6,400.03" in page.get_by_test_id("statement-lines").inner_text()
    with page.expect_download() as download_info:
        page.get_by_test_id("statement-pdf").click()
    path = download_info.value.path()
    text = "".join(
        "".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(path.read_bytes())).pages
    )
    assert "128,000.50×5.00%=6,400.03" in text
    assert {urlparse(url).hostname for url in seen} <= {"localhost", "127.0.0.1"}


def test_manager_runs_the_board_on_a_phone(page, live_server, franchisor):
    org = franchisor["org"]
    plan = plan_services.plan_create(
        organization=org,
        actor=franchisor["manager"].user,
        title="加盟方案",
        template_key="franchise",
    )
    plan_services.plan_put_in_force(organization=org, actor=franchisor["manager"].user, plan=plan)
    xiangtan = services.territory_save(organization=org, name="湘潭", planned_phase=2)
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    sign_in(page, base, "manager", "xiang")
    page.goto(f"{base}/xiang/franchise/")
    assert page.get_by_test_id("coverage").inner_text() == "2 / 3"
    chart = page.locator('[data-chart="territory-schematic"]')
    chart.locator("svg").wait_for()

    # A dot opens its territory: click where ECharts drew 湘潭.
    x, y = page.evaluate(
        """() => {
          const el = document.querySelector('[data-chart="territory-schematic"]');
          const chart = echarts.getInstanceByDom(el);
          for (const [i, s] of chart.getOption().series.entries()) {
            const dot = s.data.find(d => d[2] === "湘潭");
            if (dot) return chart.convertToPixel({seriesIndex: i}, [dot[0], dot[1]]);
          }
        }"""
    )
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()  # relative to the viewport, now that the chart is in it
    # The dots grow in when drawn: point and click until the dot answers (a few tries).
    territory_url = f"{base}/xiang/franchise/territories/{xiangtan.pk}/"
    for _attempt in range(10):
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.mouse.click(box["x"] + x, box["y"] + y)
        try:
            page.wait_for_url(territory_url, timeout=1000)
            break
        except PlaywrightTimeoutError:
            continue
    page.wait_for_url(territory_url)

    # Sign 湘潭 to a franchisee typed by part of the name, picked from the suggestions.
    form = page.get_by_test_id("agreement-form")
    form.locator("[name=franchisee]").press_sequentially("株洲")
    page.locator("#franchisee-options option[value=株洲颐和]").wait_for(state="attached")
    form.locator("[name=franchisee]").fill("株洲颐和")
    form.locator("[name=model]").select_option("A")
    form.locator("[name=start_date]").fill("2008-05-01")
    form.locator("[name=franchise_fee]").fill("120000")
    form.locator("button[type=submit]").click()
    page.get_by_text("株洲颐和").first.wait_for()

    # The board's count of signed markets opens the list filtered by that status.
    page.goto(f"{base}/xiang/franchise/")
    assert page.get_by_test_id("coverage").inner_text() == "3 / 3"
    page.get_by_test_id("count-signed").click()
    page.wait_for_url(f"{base}/xiang/franchise/territories/?status=signed")
    names = page.get_by_test_id("territories").locator("tbody a").all_inner_texts()
    assert sorted(names) == sorted(["长沙", "株洲", "湘潭"])

    # A goal's page records its next figure.
    with tenant_context(org):
        goal = Goal.objects.for_org(org).filter(plan=plan).order_by("position", "pk").first()
    page.goto(f"{base}/xiang/franchise/")
    page.get_by_test_id("goals").get_by_role("link").first.click()
    form = page.get_by_test_id("goal-figure-form")
    form.locator("[name=recorded_on]").fill("2008-06-30")
    form.locator("[name=value]").fill("61")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("goal-figures").filter(has_text="2008-06-30").wait_for()
    assert page.get_by_test_id("goal-metric").inner_text() == goal.metric
    assert {urlparse(url).hostname for url in seen} <= {"localhost", "127.0.0.1"}
