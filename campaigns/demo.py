"""Demo data for `make run`: four organizations, one login per role that applies.

Idempotent: running it again finds what exists and resets the demo passwords. This is
one of the explicit cross-tenant paths (it enters each organization's context in turn).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Branch, Membership, Organization, Team
from .roles import Role
from .tenancy import tenant_context

DEMO_PASSWORD = "demo-2026"


@dataclass(frozen=True)
class DemoOrg:
    slug: str
    name: str
    plans: tuple = ()  # built-in template keys to start a plan from
    branches: tuple = ()
    teams: tuple = ()  # (team name, branch name)
    # (role, username, full name, branch or None, team or None)
    people: tuple = ()


DEMO_ORGS = (
    DemoOrg(
        slug="xiangjian-health",
        name="湘健健康管理连锁",
        plans=("franchise",),
        branches=("长沙总部",),
        people=(
            (Role.ADMIN, "health_admin", "周敏", None, None),
            (Role.MANAGER, "health_manager", "刘洋", None, None),
            (Role.FRANCHISEE, "health_franchisee", "陈立", None, None),
        ),
    ),
    DemoOrg(
        slug="insurance-sales",
        name="寿险分公司营销一部",
        plans=("contest",),
        branches=("营销一部",),
        teams=tuple((f"{n}组", "营销一部") for n in "一二三四五六"),
        people=(
            (Role.ADMIN, "ins_admin", "王芳", None, None),
            (Role.MANAGER, "ins_manager", "杨晓红", None, None),
            (Role.BRANCH_STAFF, "ins_staff", "熊小云", None, "一组"),
        ),
    ),
    DemoOrg(
        slug="litian-decor",
        name="力天装饰",
        plans=("decoration_event",),
        branches=("城东门店", "城西门店"),
        people=(
            (Role.ADMIN, "decor_admin", "李强", None, None),
            (Role.MANAGER, "decor_manager", "赵静", None, None),
            (Role.BRANCH_STAFF, "decor_staff", "孙磊", "城东门店", None),
            (Role.MANAGER, "consultant", "钱进", None, None),
        ),
    ),
    DemoOrg(
        slug="mobile-city",
        name="移动通信市分公司",
        plans=("telecom_day", "family_bundle"),
        branches=("城区营业部", "东县分公司", "西县分公司"),
        people=(
            (Role.ADMIN, "mobile_admin", "吴刚", None, None),
            (Role.MANAGER, "mobile_manager", "郑丽", None, None),
            (Role.BRANCH_STAFF, "mobile_staff", "黄涛", "城区营业部", None),
            (Role.MANAGER, "consultant", "钱进", None, None),
        ),
    ),
)


def seed_demo():
    """Create or refresh the demo organizations. Returns the logins as
    (org slug, role, username, password) rows."""
    User = get_user_model()
    logins = []
    for spec in DEMO_ORGS:
        with transaction.atomic():
            organization, _ = Organization.objects.update_or_create(
                slug=spec.slug, defaults={"name": spec.name}
            )
            with tenant_context(organization):
                branches = {
                    name: Branch.objects.get_or_create(organization=organization, name=name)[0]
                    for name in spec.branches
                }
                teams = {
                    name: Team.objects.update_or_create(
                        organization=organization,
                        name=name,
                        defaults={"branch": branches.get(branch)},
                    )[0]
                    for name, branch in spec.teams
                }
                for role, username, full_name, branch, team in spec.people:
                    user, _ = User.objects.get_or_create(username=username)
                    # Chinese names read family name first: keep the whole name in one field.
                    user.first_name, user.last_name = full_name, ""
                    user.is_active = True
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                    Membership.objects.update_or_create(
                        organization=organization,
                        user=user,
                        defaults={
                            "role": role,
                            "branch": branches.get(branch),
                            "team": teams.get(team),
                        },
                    )
                    logins.append((spec.slug, role.value, username, DEMO_PASSWORD))
                if "contest" in spec.plans:  # first: its plan starts nine days ago
                    _demo_contest(organization)
                _demo_plans(organization, spec)
                if "franchise" in spec.plans:
                    from franchise.demo import seed_franchise

                    seed_franchise(organization)
                if "family_bundle" in spec.plans:
                    from promotions.bundles.demo import seed_bundle_demo

                    seed_bundle_demo(organization)
    return logins


def _demo_contest(organization):
    """The insurance department runs its contest plan, started nine days ago in its own
    time zone (so the demo shows a contest under way), two agents per team, and a
    deterministic spread of policies for the days so far: some agents past the Hainan
    trip, some below their minimum."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from contests import services as contest_services
    from contests.models import Agent, Contest, Policy

    from .plans import services as plan_services
    from .plans.builtin import BUILTIN_TEMPLATES
    from .plans.models import Plan

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


def _demo_plans(organization, spec):
    """One plan per template the organization would use, made once."""
    from .plans import services as plan_services
    from .plans.builtin import BUILTIN_TEMPLATES
    from .plans.models import Plan

    manager = Membership.objects.for_org(organization).filter(role=Role.MANAGER).first()
    for key in spec.plans:
        if not Plan.objects.for_org(organization).filter(template_key=key).exists():
            plan_services.plan_create(
                organization=organization,
                actor=manager.user if manager else None,
                title=BUILTIN_TEMPLATES[key].spec["title"],
                template_key=key,
            )
