"""Demo data for `make run`: four organizations, one login per role that applies, the
plans each would run, and what each feature app adds (registered with `demo_step`).

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
    # built-in template keys to start a plan from; they are also the modules (plan kinds,
    # campaigns/modules.py) the organization runs
    plans: tuple = ()
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
                slug=spec.slug, defaults={"name": spec.name, "modules": list(spec.plans)}
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
                _run_steps(organization, spec, before_plans=True)
                _demo_plans(organization, spec)
                _run_steps(organization, spec, before_plans=False)
    return logins


# (template key, step, runs before the plans are made), in registration order.
_STEPS = []


def demo_step(template_key, *, before_plans=False):
    """Register `step(organization)` to fill a demo organization that runs plans of
    `template_key` (feature apps register theirs from AppConfig.ready()). A step that
    makes its plan itself (to date it) runs before the plans."""

    def register(step):
        _STEPS.append((template_key, step, before_plans))
        return step

    return register


def _run_steps(organization, spec, *, before_plans):
    for template_key, step, early in _STEPS:
        if early == before_plans and template_key in spec.plans:
            step(organization)


def _demo_plans(organization, spec):
    """One plan per template the organization would use, made once."""
    from .plans import services as plan_services
    from .plans.builtin import BUILTIN_TEMPLATES
    from .plans.models import Plan

    manager = Membership.objects.for_org(organization).filter(role=Role.MANAGER).first()
    for key in spec.plans:
        if not Plan.objects.for_org(organization).filter(template_key=key).exists():
            actor = manager.user if manager else None
            plan = plan_services.plan_create(
                organization=organization,
                actor=actor,
                title=BUILTIN_TEMPLATES[key].spec["title"],
                template_key=key,
            )
            # The demo works by its plans: each is its kind's plan in force (the franchise
            # board reads it), as a manager would choose.
            plan_services.plan_put_in_force(organization=organization, actor=actor, plan=plan)
