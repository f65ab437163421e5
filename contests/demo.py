"""Demo data of the sales contest for `make run` (registered with campaigns.demo)."""

import random
from datetime import timedelta

from django.utils import timezone

from campaigns.demo import demo_step
from campaigns.models import Membership, Team
from campaigns.plans import services as plan_services
from campaigns.plans.builtin import BUILTIN_TEMPLATES
from campaigns.plans.models import Plan
from campaigns.roles import Role

from . import services as contest_services
from .models import Agent, Contest, Policy


@demo_step("contest", before_plans=True)  # its plan starts nine days ago
def seed_contest_demo(organization):
    """The insurance department runs its contest plan, started nine days ago in its own
    time zone (so the demo shows a contest under way), two agents per team, and a
    deterministic spread of policies for the days so far: some agents past the Hainan
    trip, some below their minimum."""
    manager = Membership.objects.for_org(organization).filter(role=Role.MANAGER).first()
    start = timezone.localtime(timezone.now(), organization.zoneinfo).date() - timedelta(days=9)
    plan = Plan.objects.for_org(organization).filter(template_key="contest").first()
    if plan is None:
        plan = plan_services.plan_create(
            organization=organization,
            actor=manager.user if manager else None,
            title=BUILTIN_TEMPLATES["contest"].spec["title"],
            template_key="contest",
            start_date=start,
        )
    contest = Contest.objects.for_org(organization).filter(plan=plan).first()
    if contest is None:
        contest = contest_services.contest_create(
            organization=organization, plan=plan, calendar_stock=200
        )
    surnames = "赵钱孙李周吴郑王冯陈褚卫"
    agents = []
    for index, team in enumerate(Team.objects.for_org(organization).order_by("pk")):
        for n in (1, 2):
            code = f"A{index + 1:02d}{n}"
            agent = Agent.objects.for_org(organization).filter(code=code).first()
            if agent is None:
                agent = contest_services.agent_save(
                    organization=organization,
                    code=code,
                    team=team,
                    full_time=n == 1,
                    name=surnames[(index * 2 + n - 1) % len(surnames)] + ("伟" if n == 1 else "芳"),
                )
            agents.append(agent)
    if manager is None or Policy.objects.for_org(organization).filter(contest=contest).exists():
        return
    draw = random.Random(20051010)  # noqa: S311 - demo figures, the same on every machine
    today = timezone.localtime(timezone.now(), organization.zoneinfo).date()
    day, serial = contest.period_start, 0
    while day <= min(today, contest.period_end):
        for rank, agent in enumerate(agents):
            # The first agents of the list produce most, the last ones hardly at all.
            for _policy in range(draw.choice((0, 0, 1, 1, 2) if rank < 8 else (0,) * 9 + (1,))):
                serial += 1
                contest_services.policy_record(
                    organization=organization,
                    membership=manager,
                    contest=contest,
                    agent=agent,
                    number=f"8600{serial:05d}",
                    issued_on=day,
                    premium=draw.choice((1000, 1500, 2000, 3000, 3600, 5000, 6000, 8000)),
                    product=draw.choice(("鸿禧", "鸿鑫")),
                    card_number=f"KD{serial:05d}",
                )
        day += timedelta(days=1)
