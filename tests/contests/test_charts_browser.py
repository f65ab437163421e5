"""In Chromium at 390 px (a phone) and 1366 px: the contest's progress chart shows the goal,
every checkpoint's label and date, a legend and today's marker, and no two labels of the
progress or team chart overlap (bounding boxes of ECharts' SVG <text> elements), nor leave
the chart's box."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.plans.builtin import CONTEST_SPEC
from campaigns.plans.models import Plan, Stage
from campaigns.roles import Role
from campaigns.tenancy import tenant_context
from contests.models import Agent, Contest, Policy
from tests.browser_support import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["第一阶段:开门红", "第二阶段:稳步推进", "第三阶段:咬紧目标", "第四阶段:全力冲刺"]


@pytest.fixture
def contest(transactional_db):
    """A 16-day contest that started five days ago: four checkpoints to 500,000, the seed's
    team fund tiers (50,000 / 80,000 / 150,000), three teams with 62,000 between them."""
    org = OrganizationFactory(slug="alpha", name="寿险营销一部", time_zone="Asia/Shanghai")
    today = timezone.localdate(timezone=org.zoneinfo)
    start = today - timedelta(days=5)
    teams = [TeamFactory(organization=org, name=name) for name in ("一组", "二组", "三组")]
    MembershipFactory(organization=org, user__username="manager", role=Role.MANAGER)
    with tenant_context(org):
        plan = Plan.objects.create(
            organization=org,
            kind="contest",
            title="冲刺竞赛",
            start_date=start,
            end_date=start + timedelta(days=15),
        )
        for i, name in enumerate(NAMES):
            Stage.objects.create(
                organization=org,
                plan=plan,
                name=name,
                start_date=start + timedelta(days=4 * i),
                end_date=start + timedelta(days=4 * i + 3),
                cumulative_target=Decimal(125000 * (i + 1)),
                position=i,
            )
        contest = Contest.objects.create(
            organization=org,
            plan=plan,
            period_start=plan.start_date,
            period_end=plan.end_date,
            goal=Decimal("500000"),
            rules=CONTEST_SPEC["extra"],
        )
        for n, (team, premium) in enumerate(zip(teams, ("52000", "8000", "2000"), strict=True)):
            agent = Agent.objects.create(
                organization=org, code=f"A{n}", name=f"业务员{n}", team=team
            )
            Policy.objects.create(
                organization=org,
                contest=contest,
                agent=agent,
                number=f"P{n}",
                premium=Decimal(premium),
                issued_on=start + timedelta(days=1),
                card_number="K",
            )
    return contest, start, today


LABEL_BOXES = """(selector) => {
  const chart = document.querySelector(selector);
  const box = chart.getBoundingClientRect();
  const texts = [...chart.querySelectorAll("svg text")]
    .map((t) => ({text: t.textContent, r: t.getBoundingClientRect()}))
    .filter((t) => t.text.trim() && t.r.width > 0 && t.r.height > 0);
  return {
    box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
    texts: texts.map((t) => ({
      text: t.text, left: t.r.left, right: t.r.right, top: t.r.top, bottom: t.r.bottom,
    })),
  };
}"""


def _overlaps(texts, slack=1.0):
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if (
                a["left"] < b["right"] - slack
                and b["left"] < a["right"] - slack
                and a["top"] < b["bottom"] - slack
                and b["top"] < a["bottom"] - slack
            ):
                pairs.append((a["text"], b["text"]))
    return pairs


def _outside(drawn, slack=1.0):
    box = drawn["box"]
    return [
        t["text"]
        for t in drawn["texts"]
        if t["left"] < box["left"] - slack or t["right"] > box["right"] + slack
    ]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_charts_answer_the_question_and_no_labels_overlap(page, live_server, contest, width):
    contest, start, today = contest
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url
    sign_in(page, base, "manager", "alpha")
    page.goto(f"{base}/alpha/contests/{contest.pk}/")
    for chart in ("progress-chart", "team-chart"):
        page.locator(f'[data-chart="{chart}"] svg text').first.wait_for()
    page.wait_for_timeout(300)  # ECharts' first animation frame has settled the labels

    progress = page.evaluate(LABEL_BOXES, '[data-chart="progress-chart"]')
    words = [t["text"] for t in progress["texts"]]
    joined = " ".join(words)
    assert "目标 500,000" in words  # the goal line's label
    for i in range(4):  # each checkpoint's date and target (its name may be cut with …)
        end = start + timedelta(days=4 * i + 3)
        assert f"{end:%m-%d} · {125000 * (i + 1):,}" in words, (i, words)
        assert NAMES[i][:3] in joined
    assert any(w.startswith(f"Today {today:%m-%d}") or w.startswith("今天") for w in words), words
    for legend in ("累计保费", "目标"):
        assert words.count(legend) >= 1, legend
    overlaps = _overlaps(progress["texts"])
    assert overlaps == [], overlaps
    assert _outside(progress) == []

    team = page.evaluate(LABEL_BOXES, '[data-chart="team-chart"]')
    team_words = [t["text"] for t in team["texts"]]
    for label in ("50,000 → 200", "80,000 → 500", "150,000 → 1,000"):
        assert label in team_words, team_words
    overlaps = _overlaps(team["texts"])
    assert overlaps == [], overlaps
    assert _outside(team) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
