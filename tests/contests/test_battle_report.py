"""The daily battle report (战报): the day's figures, the PDF made by the export job, the
page with its "make the PDF now" and downloads, and the scheduler that requests each
contest's report once its report time has passed in the organization's time zone."""

import io
import re
import threading
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from campaigns import jobs
from campaigns.models import Job
from campaigns.plans.models import Plan, Stage
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests import battle_report_pdf, charts, selectors, services, tasks
from contests.models import Agent, BattleReport, Contest, Policy
from tests import job_support
from tests.factories import MembershipFactory, OrganizationFactory, TeamFactory
from tests.job_support import busy_storage, sent_jobs  # noqa: F401
from tests.sms_support import eager  # noqa: F401

pytestmark = pytest.mark.django_db

TITLE = "城东营业部个险期交冲刺竞赛"
DAY = date(2026, 3, 2)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _contest(org, *, start=date(2026, 3, 1), end=date(2026, 3, 16), title=TITLE):
    """A 16-day contest for 500,000 with three checkpoints (150,000 / 300,000 / 500,000)."""
    with tenant_context(org):
        plan = Plan.objects.create(
            organization=org, kind="contest", title=title, start_date=start, end_date=end
        )
        for name, first, last, target in (
            ("第一阶段", start, date(2026, 3, 5), "150000"),
            ("第二阶段", date(2026, 3, 6), date(2026, 3, 10), "300000"),
            ("第三阶段", date(2026, 3, 11), end, "500000"),
        ):
            Stage.objects.create(
                organization=org,
                plan=plan,
                name=name,
                start_date=first,
                end_date=last,
                cumulative_target=Decimal(target),
            )
        return Contest.objects.create(
            organization=org, plan=plan, period_start=start, period_end=end, goal=Decimal("500000")
        )


@pytest.fixture
def org(db):
    return OrganizationFactory(
        slug="chengdong", name="华夏人寿城东营业部", time_zone="Asia/Shanghai"
    )


@pytest.fixture
def scene(org):
    """Two teams, three agents; on 03-02 张三 issues 7,000 + 5,000, 李四 8,000, 王五 3,000
    (and a voided 50,000); 张三 issued 60,000 the day before, 李四 100,000 the day after."""
    team_one = TeamFactory(organization=org, name="一组")
    team_two = TeamFactory(organization=org, name="二组")
    contest = _contest(org)
    with tenant_context(org):
        zhang = Agent.objects.create(organization=org, code="A01", name="张三", team=team_one)
        li = Agent.objects.create(organization=org, code="A02", name="李四", team=team_one)
        wang = Agent.objects.create(
            organization=org, code="A03", name="王五", team=team_two, full_time=False
        )
        for number, agent, premium, day, voided in (
            ("P1", zhang, "60000", date(2026, 3, 1), False),
            ("P2", zhang, "7000", DAY, False),
            ("P3", zhang, "5000", DAY, False),
            ("P4", li, "8000", DAY, False),
            ("P5", wang, "3000", DAY, False),
            ("P6", wang, "50000", DAY, True),
            ("P7", li, "100000", date(2026, 3, 3), False),
        ):
            Policy.objects.create(
                organization=org,
                contest=contest,
                agent=agent,
                number=number,
                premium=Decimal(premium),
                issued_on=day,
                card_number="K",
                voided=voided,
            )
    staff = MembershipFactory(organization=org, role=Role.BRANCH_STAFF, user__username="cd_staff")
    viewer = MembershipFactory(organization=org, role=Role.ADMIN, user__username="cd_admin")
    return type("Scene", (), {"org": org, "contest": contest, "staff": staff, "viewer": viewer})


def _reports(org):
    with tenant_context(org):
        return list(
            BattleReport.objects.for_org(org)
            .order_by("day", "contest_id")
            .values_list("contest_id", "day", "job__status")
        )


def _job_count(org):
    with tenant_context(org):
        return Job.objects.for_org(org).count()


# -- the day's figures ----------------------------------------------------------------------


def test_report_data_counts_the_day_and_everything_up_to_it(scene):
    with tenant_context(scene.org):
        data = selectors.battle_report_data(scene.contest, DAY)

    assert [
        (r["rank"], r["name"], r["team"], r["premium"], r["policies"]) for r in data["top_agents"]
    ] == [
        (1, "张三", "一组", Decimal("12000"), 2),
        (2, "李四", "一组", Decimal("8000"), 1),
        (3, "王五", "二组", Decimal("3000"), 1),
    ]
    # The voided policy never counts; the 100,000 issued on 03-03 is not in yet.
    assert (data["day_total"], data["day_policies"]) == (Decimal("23000"), 4)
    assert data["cumulative"] == Decimal("83000")
    assert data["goal_share"] == "16.6%"
    assert [
        (t["rank"], t["name"], t["total"], t["award"] and t["award"].amount) for t in data["teams"]
    ] == [
        (1, "一组", Decimal("80000"), Decimal("500")),  # 80,000 reaches the 500 tier
        (2, "二组", Decimal("3000"), None),
    ]
    progress = data["progress"]
    assert progress.current.name == "第一阶段"
    assert progress.checkpoint_target == Decimal("150000.00")
    assert progress.expected_today == Decimal("60000.00")  # 2 of the checkpoint's 5 days
    assert progress.ahead is True
    assert progress.shortfall_to_checkpoint == Decimal("67000.00")
    assert progress.required_daily_to_checkpoint == Decimal("16750.00")  # over 03-02..03-05
    assert progress.required_daily_to_goal == Decimal("27800.00")  # 417,000 over 15 days


def test_a_day_without_policies_and_the_top_ten_cut(org):
    team = TeamFactory(organization=org, name="三组")
    contest = _contest(org)
    with tenant_context(org):
        for i in range(12):
            agent = Agent.objects.create(
                organization=org, code=f"B{i:02}", name=f"业务员{i}", team=team
            )
            Policy.objects.create(
                organization=org,
                contest=contest,
                agent=agent,
                number=f"Q{i}",
                premium=Decimal(1000 + i * 100),
                issued_on=DAY,
                card_number="K",
            )
        data = selectors.battle_report_data(contest, DAY)
        quiet = selectors.battle_report_data(contest, date(2026, 3, 4))
    assert [r["name"] for r in data["top_agents"]] == [f"业务员{i}" for i in range(11, 1, -1)]
    assert data["day_total"] == Decimal("18600")
    assert (quiet["top_agents"], quiet["day_total"], quiet["day_policies"]) == ([], 0, 0)
    assert quiet["cumulative"] == Decimal("18600")


def test_the_chart_is_svg_with_its_own_font(scene):
    with tenant_context(scene.org):
        data = selectors.battle_report_data(scene.contest, DAY)
    svg = charts.cumulative_chart_svg(scene.contest, data)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'font-family="Noto Sans CJK SC, sans-serif"' in re.match(r"<svg\b[^>]*>", svg)[0]
    assert "83,000" in svg  # today's total
    # Every checkpoint with its name, date and target; the goal always, though the last
    # checkpoint's target equals it; the report's day; a legend naming each.
    for label in ("第一阶段 03-05 150,000", "第二阶段 03-10 300,000", "第三阶段 03-16 500,000"):
        assert f">{label}</text>" in svg
    assert ">Goal 500,000</text>" in svg or ">目标 500,000</text>" in svg
    texts = re.findall(r">([^<>]+)</text>", svg)
    for legend in ("Cumulative premium", "Checkpoint target", "Goal", "Report day"):
        assert legend in texts or _zh(legend) in texts, legend
    assert ("Report day 03-02" in texts) or ("战报日 03-02" in texts)
    assert svg.count("<polyline") == 1


def _zh(msgid):
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(translation.gettext(msgid))


# -- the PDF --------------------------------------------------------------------------------


def _pages_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, ["".join((page.extract_text() or "").split()) for page in reader.pages]


def test_the_job_prints_the_report_to_pdf(scene, media):
    report = services.battle_report_request(
        organization=scene.org, contest=scene.contest, day=DAY, actor=scene.staff.user
    )
    jobs.job_run(organization_id=scene.org.pk, job_id=report.job_id)

    with tenant_context(scene.org):
        report = BattleReport.objects.select_related("job").get(pk=report.pk)
    assert (report.job.status, report.job.error, report.job.kind) == (
        "done",
        "",
        "contest.battle_report",
    )
    assert report.file.name.endswith(f"battle-report-{scene.contest.pk}-2026-03-02.pdf")
    with report.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    reader, pages = _pages_text(data)
    assert report.job.result == {"bytes": len(data), "pages": len(reader.pages)}
    text = "".join(pages)
    for expected in (
        TITLE,
        "2026-03-02",
        "张三",
        "李四",
        "王五",
        "一组",
        "12,000",
        "23,000",
        "83,000",
        "67,000",
        "16,750",
        "第一阶段",
    ):
        assert expected in text, expected
    # The first page has the running header and the page counter too (no cover).
    assert "华夏人寿城东营业部" in pages[0]
    assert f"第1页/共{len(reader.pages)}页" in pages[0]


@pytest.mark.parametrize("check", job_support.CHECKS, ids=lambda c: c.__name__)
def test_the_report_job_on_the_one_machine(check, scene, media, request):
    """Claim, retry with backoff, give up and the sweeper, through the battle report job."""
    report = services.battle_report_request(
        organization=scene.org, contest=scene.contest, day=DAY, actor=scene.staff.user
    )

    def stored():
        with tenant_context(scene.org):
            return BattleReport.objects.get(pk=report.pk)

    def done():
        name = stored().file.name
        assert name.startswith("battle-reports/")
        assert name.endswith(f"/battle-report-{scene.contest.pk}-2026-03-02.pdf")
        assert (media / name).read_bytes().startswith(b"%PDF-") and stored().made_at is not None

    def nothing_made():
        assert (stored().file.name, stored().made_at) == ("", None)
        assert not media.exists() or list(media.rglob("*.pdf")) == []

    check(
        job_support.job_user(request, scene.org, report.job, done=done, nothing_made=nothing_made)
    )


def test_the_print_html_follows_the_print_rules(scene):
    with tenant_context(scene.org):
        html = battle_report_pdf.render_battle_report_html(
            scene.contest, DAY, organization=scene.org
        )
    assert '<html lang="zh-CN">' in html
    margin_boxes = re.findall(r"@(?:top|bottom)-\w+\s*\{[^}]*\}", html)
    assert margin_boxes and all(
        "font-family" in box for box in margin_boxes if "content: none" not in box
    )
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) == 1 and 'font-family="Noto Sans CJK SC, sans-serif"' in svgs[0]


def test_a_deleted_report_fails_its_job_with_a_readable_message(scene):
    report = services.battle_report_request(organization=scene.org, contest=scene.contest, day=DAY)
    with tenant_context(scene.org):
        BattleReport.objects.filter(pk=report.pk).delete()
    jobs.job_run(organization_id=scene.org.pk, job_id=report.job_id)
    with tenant_context(scene.org):
        job = Job.objects.get(pk=report.job_id)
    from django.utils import translation

    with translation.override(scene.org.default_language):  # job messages: the org's language
        expected = translation.gettext(
            "The battle report was deleted before its PDF could be made."
        )
    assert (job.status, job.error) == ("failed", expected)


# -- requesting a report --------------------------------------------------------------------


def test_requesting_is_idempotent(scene, media):
    first = services.battle_report_request(organization=scene.org, contest=scene.contest, day=DAY)
    again = services.battle_report_request(organization=scene.org, contest=scene.contest, day=DAY)
    assert again.pk == first.pk and again.job_id == first.job_id
    assert _reports(scene.org) == [(scene.contest.pk, DAY, "queued")]
    assert _job_count(scene.org) == 1

    jobs.job_run(organization_id=scene.org.pk, job_id=first.job_id)
    services.battle_report_request(organization=scene.org, contest=scene.contest, day=DAY)
    assert _job_count(scene.org) == 1  # the file exists: nothing more to do


def test_a_failed_job_is_queued_again_on_request(scene):
    report = services.battle_report_request(organization=scene.org, contest=scene.contest, day=DAY)
    with tenant_context(scene.org):
        Job.objects.filter(pk=report.job_id).update(status="failed", error="boom")
    again = services.battle_report_request(organization=scene.org, contest=scene.contest, day=DAY)
    assert again.pk == report.pk and again.job_id != report.job_id
    assert _reports(scene.org) == [(scene.contest.pk, DAY, "queued")]


def test_a_day_outside_the_period_is_refused(scene):
    with pytest.raises(ValidationError) as caught:
        services.battle_report_request(
            organization=scene.org, contest=scene.contest, day=date(2026, 3, 17)
        )
    assert "day" in caught.value.message_dict
    assert _reports(scene.org) == [] and _job_count(scene.org) == 0


# -- the scheduler ----------------------------------------------------------------------------


def _at(*args):
    return datetime(*args, tzinfo=UTC)


def test_the_report_is_requested_once_its_time_has_passed_in_the_org_time_zone(scene):
    assert scene.contest.report_time.isoformat() == "20:00:00"

    assert services.battle_reports_due(now=_at(2026, 3, 2, 11, 59)) == []  # 19:59 in Shanghai
    assert _reports(scene.org) == []

    made = services.battle_reports_due(now=_at(2026, 3, 2, 12, 1))  # 20:01 in Shanghai
    assert [(r.contest_id, r.day) for r in made] == [(scene.contest.pk, DAY)]
    assert _reports(scene.org) == [(scene.contest.pk, DAY, "queued")]
    assert _job_count(scene.org) == 1

    assert services.battle_reports_due(now=_at(2026, 3, 2, 12, 6)) == []  # idempotent
    assert services.battle_reports_due(now=_at(2026, 3, 2, 15, 59)) == []  # 23:59 local
    assert _reports(scene.org) == [(scene.contest.pk, DAY, "queued")]
    assert _job_count(scene.org) == 1


def test_each_organization_keeps_its_own_clock(scene):
    london = OrganizationFactory(slug="london", name="London", time_zone="UTC")
    contest = _contest(london, title="London contest")

    # 12:01 UTC: 20:01 in Shanghai, but only 12:01 in London.
    services.battle_reports_due(now=_at(2026, 3, 2, 12, 1))
    assert _reports(london) == []
    # 20:01 UTC: London's turn; in Shanghai it is already 04:01 on 03-03 (not yet due).
    made = services.battle_reports_due(now=_at(2026, 3, 2, 20, 1))
    assert [(r.contest_id, r.day) for r in made] == [(contest.pk, DAY)]
    assert _reports(scene.org) == [(scene.contest.pk, DAY, "queued")]


def test_no_report_outside_the_period_except_the_last_days_catch_up(scene):
    for moment in (
        _at(2026, 2, 28, 12, 30),  # before the contest
        _at(2026, 3, 18, 12, 30),
    ):  # two days after its last day (03-16)
        assert services.battle_reports_due(now=moment) == []
    assert _reports(scene.org) == []

    # 00:10 on 03-17 in Shanghai: the last day's report was missed, so it is made now.
    made = services.battle_reports_due(now=_at(2026, 3, 16, 16, 10))
    assert [r.day for r in made] == [date(2026, 3, 16)]
    assert services.battle_reports_due(now=_at(2026, 3, 16, 16, 15)) == []


def test_the_beat_task_calls_the_scheduler(monkeypatch):
    monkeypatch.setattr(services, "battle_reports_due", lambda: ["r1", "r2"])
    assert tasks.schedule_battle_reports() == 2
    entry = settings.CELERY_BEAT_SCHEDULE["battle-reports"]
    assert entry == {"task": "contests.tasks.schedule_battle_reports", "schedule": 300.0}


# -- the page -----------------------------------------------------------------------------------


def _page_url(contest, **query):
    url = f"/chengdong/contests/{contest.pk}/reports/"
    return url + "".join(f"?{k}={v}" for k, v in query.items())


def test_the_page_shows_the_day_and_makes_the_pdf(client, scene, media):
    client.force_login(scene.viewer.user)
    page = client.get(_page_url(scene.contest, day="2026-03-02"))
    assert page.status_code == 200
    body = page.content.decode()
    top = body.split('data-testid="top-agents"')[1].split("</table>")[0]
    assert top.index("张三") < top.index("李四") < top.index("王五")
    assert "12,000" in top
    assert ">83,000<" in body and ">23,000<" in body
    assert "<svg" in body
    assert 'data-testid="make-pdf"' not in body  # the admin reads, branch staff make

    client.force_login(scene.staff.user)
    assert 'data-testid="make-pdf"' in client.get(_page_url(scene.contest)).content.decode()
    made = client.post(
        f"/chengdong/contests/{scene.contest.pk}/reports/make/", {"day": "2026-03-02"}
    )
    assert made.status_code == 302 and made["Location"].endswith("?day=2026-03-02")
    client.post(f"/chengdong/contests/{scene.contest.pk}/reports/make/", {"day": "2026-03-02"})
    assert _reports(scene.org) == [(scene.contest.pk, DAY, "queued")]
    assert _job_count(scene.org) == 1
    listed = client.get(_page_url(scene.contest, day="2026-03-02")).content.decode()
    assert 'data-status="queued"' in listed and 'hx-trigger="load delay:2s"' in listed

    with tenant_context(scene.org):
        report = BattleReport.objects.get(contest=scene.contest, day=DAY)
    download = f"/chengdong/contests/{scene.contest.pk}/reports/{report.pk}/download/"
    assert client.get(download).status_code == 404  # no file yet
    jobs.job_run(organization_id=scene.org.pk, job_id=report.job_id)
    listed = client.get(_page_url(scene.contest, day="2026-03-02")).content.decode()
    assert download in listed and "hx-trigger" not in listed
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "2026-03-02.pdf" in response["Content-Disposition"]


def test_the_page_day_defaults_to_today_kept_inside_the_period(client, scene):
    client.force_login(scene.viewer.user)
    today = timezone.localtime(timezone.now(), scene.org.zoneinfo).date()
    expected = min(max(today, scene.contest.period_start), scene.contest.period_end)
    body = client.get(_page_url(scene.contest)).content.decode()
    assert f'name="day" value="{expected.isoformat()}"' in body
    # A day asked for outside the contest is refused with a message (not moved inside).
    outside = client.get(_page_url(scene.contest, day="2030-01-01"))
    assert outside.status_code == 400
    assert 'data-testid="bad-query"' in outside.content.decode()


def test_the_detail_page_links_to_the_battle_report(client, scene):
    client.force_login(scene.viewer.user)
    body = client.get(f"/chengdong/contests/{scene.contest.pk}/").content.decode()
    assert f'href="{_page_url(scene.contest)}"' in body


# -- late entries ------------------------------------------------------------------------------


def _printed(scene, day=DAY):
    report = services.battle_report_request(organization=scene.org, contest=scene.contest, day=day)
    jobs.job_run(organization_id=scene.org.pk, job_id=report.job_id)
    with tenant_context(scene.org):
        return BattleReport.objects.get(pk=report.pk)


def _entry(scene, number, day, premium="10000"):
    with tenant_context(scene.org):
        agent = Agent.objects.get(code="A02")
    return services.policy_record(
        organization=scene.org,
        membership=scene.staff,
        contest=scene.contest,
        agent=agent,
        number=number,
        premium=premium,
        issued_on=day,
        card_number="K",
    )


def test_a_late_entry_has_the_report_printed_again_with_it(
    scene, media, django_capture_on_commit_callbacks
):
    report = _printed(scene)
    first_file = report.file.name
    assert (report.outdated, report.made_at is not None) == (False, True)

    _entry(scene, "LATER", date(2026, 3, 5))  # after the report's day: it still holds
    with tenant_context(scene.org):
        assert not BattleReport.objects.get(pk=report.pk).outdated
    _entry(scene, "LATE", DAY)  # the report's own day, entered the next morning
    with tenant_context(scene.org):
        assert BattleReport.objects.get(pk=report.pk).outdated

    # 09:00 on 03-03 in Shanghai, before that day's report time: the outdated one is redone.
    made = services.battle_reports_due(now=_at(2026, 3, 3, 1, 0))
    assert [(r.pk, r.day) for r in made] == [(report.pk, DAY)]
    assert _job_count(scene.org) == 2
    with tenant_context(scene.org):
        job_id = BattleReport.objects.get(pk=report.pk).job_id
    with django_capture_on_commit_callbacks(execute=True):
        jobs.job_run(organization_id=scene.org.pk, job_id=job_id)

    with tenant_context(scene.org):
        again = BattleReport.objects.get(pk=report.pk)
    assert again.outdated is False and again.file.name != first_file
    assert not again.file.storage.exists(first_file)  # the old PDF is removed
    with again.file.open("rb") as handle:
        text = "".join(_pages_text(handle.read())[1])
    assert "33,000" in text  # the day's total with the late 10,000
    assert services.battle_reports_due(now=_at(2026, 3, 3, 1, 5)) == []  # up to date now


def test_corrections_voids_and_imports_mark_the_reports_they_change(scene, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = _printed(scene)
    manager = MembershipFactory(organization=scene.org, role=Role.MANAGER)

    def outdated():
        with tenant_context(scene.org):
            value = BattleReport.objects.get(pk=report.pk).outdated
            BattleReport.objects.filter(pk=report.pk).update(outdated=False)
        return value

    with tenant_context(scene.org):
        p7 = Policy.objects.get(number="P7")  # issued 03-03, after the report's day
    services.policy_correct(
        organization=scene.org,
        membership=manager,
        contest=scene.contest,
        policy=p7,
        version=p7.version,
        data={"premium": "90000"},
    )
    assert outdated() is False
    services.policy_correct(
        organization=scene.org,
        membership=manager,
        contest=scene.contest,
        policy=p7,
        version=p7.version + 1,
        data={"issued_on": DAY},
    )
    assert outdated() is True  # moved into the report's day
    with tenant_context(scene.org):
        p2 = Policy.objects.get(number="P2")
    services.policy_void(
        organization=scene.org, membership=manager, contest=scene.contest, policy=p2
    )
    assert outdated() is True
    data = "工号,保单号,期交保费,承保日期,卡单号\nA01,IMP-1,1000,2026-03-01,K".encode()
    batch = services.policies_import_preview(
        organization=scene.org,
        membership=manager,
        contest=scene.contest,
        upload=SimpleUploadedFile("a.csv", data),
    )
    from campaigns import jobs as _jobs

    _jobs.job_run(organization_id=scene.org.pk, job_id=batch.job_id)  # the dry run, as a worker
    with tenant_context(scene.org):
        batch.refresh_from_db()
    services.policies_import_commit(
        organization=scene.org, membership=manager, contest=scene.contest, batch=batch
    )
    assert outdated() is True


def test_a_change_while_the_pdf_is_made_leaves_it_outdated(scene, media, monkeypatch):
    """The job clears the mark before it reads the figures, so a policy saved while it
    renders (here: during the render) marks the report again and it is printed again."""
    report = _printed(scene)
    _entry(scene, "LATE", DAY)
    render = battle_report_pdf.render_battle_report_html

    def render_and_enter_meanwhile(contest, day, *, organization):
        html = render(contest, day, organization=organization)
        _entry(scene, "DURING", DAY, premium="500")
        return html

    monkeypatch.setattr(battle_report_pdf, "render_battle_report_html", render_and_enter_meanwhile)
    again = services.battle_report_request(organization=scene.org, contest=scene.contest, day=DAY)
    jobs.job_run(organization_id=scene.org.pk, job_id=again.job_id)
    with tenant_context(scene.org):
        after = BattleReport.objects.select_related("job").get(pk=report.pk)
    assert after.job.status == "done" and after.outdated is True


def test_the_page_says_when_a_printed_report_is_outdated(client, scene, media):
    _printed(scene)
    client.force_login(scene.viewer.user)
    assert 'data-testid="outdated"' not in client.get(_page_url(scene.contest)).content.decode()
    _entry(scene, "LATE", DAY)
    assert 'data-testid="outdated"' in client.get(_page_url(scene.contest)).content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager")
def test_an_entry_made_while_the_report_prints_neither_waits_nor_is_lost(scene, media, monkeypatch):
    """While the job makes the day's PDF (its transaction open), a late entry for that day
    is saved at once in its own transaction, and the report stays due to be printed again
    (the job used to hold the report's row while printing, so entries waited for it)."""
    real_render = battle_report_pdf.render_battle_report_html
    seen = {}

    def render_while_someone_enters(contest, day, *, organization):
        html = real_render(contest, day, organization=organization)

        def enter():
            try:
                _entry(scene, "DURING", DAY)
                seen["entered"] = True
            finally:
                connection.close()

        thread = threading.Thread(target=enter)
        thread.start()
        thread.join(timeout=10)
        seen["waited"] = thread.is_alive()
        return html

    monkeypatch.setattr(battle_report_pdf, "render_battle_report_html", render_while_someone_enters)
    report = services.battle_report_request(
        organization=scene.org, contest=scene.contest, day=DAY
    )  # the job runs after this commits
    assert seen == {"entered": True, "waited": False}
    with tenant_context(scene.org):
        report = BattleReport.objects.get(pk=report.pk)
        assert Policy.objects.for_org(scene.org).filter(number="DURING").exists()
    assert report.file and report.outdated  # printed, and due again with the new entry
