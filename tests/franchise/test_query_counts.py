"""The rollout board and the territory dashboard issue a fixed number of queries, whatever
the number of territories, agreements, months of revenue, hospitals, deliveries and goal
figures (an N+1 slipping in fails here; the bench measures the time)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.plans import services as plan_services
from campaigns.plans.models import Goal
from campaigns.tenancy import tenant_context
from franchise import rules, services

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _grow(scene, start, count):
    """`count` more territories, each with a franchisee, a model B agreement, a hospital
    and three months of revenue; more revenue, hospitals and deliveries for 长沙; and a
    goal figure per goal."""
    catalogue = services.support_catalogue_ensure(organization=scene.org)
    for n in range(start, start + count):
        territory = services.territory_save(
            organization=scene.org, name=f"市场{n:03d}", planned_phase=1 + n % 3
        )
        franchisee = services.franchisee_save(organization=scene.org, name=f"加盟商{n:03d}")
        services.agreement_create(
            organization=scene.org,
            territory=territory,
            franchisee=franchisee,
            model="B",
            start_date=date(2007, 9, 1),
            franchise_fee="200000",
            allotment_share="30",
            royalty_rate="5",
        )
        services.hospital_add(organization=scene.org, territory=territory, name=f"医院{n:03d}")
        for m in range(3):
            services.revenue_submit(
                organization=scene.org,
                membership=scene.manager,
                territory=territory,
                month=rules.add_months(date(2008, 1, 1), m),
                revenue=str(50000 + n * 100 + m),
            )
    for m in range(start, start + count):  # more months for 长沙, the dashboard's territory
        services.revenue_submit(
            organization=scene.org,
            membership=scene.chen,
            territory=scene.t["长沙"],
            month=rules.add_months(date(2007, 9, 1), m),
            revenue=str(60000 + m),
        )
    hospital = services.hospital_add(
        organization=scene.org, territory=scene.t["长沙"], name=f"长沙医院{start}"
    )
    for service in catalogue[:count]:
        services.delivery_record(
            organization=scene.org,
            actor=scene.manager.user,
            hospital=hospital,
            service=service,
            delivered_on=date(2008, 3, 1),
        )
    with tenant_context(scene.org):
        goals = list(Goal.objects.for_org(scene.org))
    for goal in goals:
        services.goal_figure_record(
            organization=scene.org, goal=goal, recorded_on=date(2008, 1, start), value=str(start)
        )


def test_the_board_and_the_dashboard_do_not_grow_with_the_data(client, scene):
    plan = plan_services.plan_create(
        organization=scene.org, actor=scene.manager.user, title="加盟方案", template_key="franchise"
    )
    plan_services.plan_put_in_force(organization=scene.org, actor=scene.manager.user, plan=plan)
    board, dashboard = "/xiang/franchise/", f"/xiang/franchise/territories/{scene.t['长沙'].pk}/"
    _grow(scene, 1, 2)
    client.force_login(scene.manager.user)
    board_small, _page = _queries(client, board)
    client.force_login(scene.chen.user)
    dashboard_small, _page = _queries(client, dashboard)

    _grow(scene, 10, 8)
    client.force_login(scene.manager.user)
    board_large, page = _queries(client, board)
    assert 'data-testid="coverage">12 / 14<' in page  # the new territories are on the board
    client.force_login(scene.chen.user)
    dashboard_large, page = _queries(client, dashboard)
    assert "长沙医院10" in page

    assert board_large == board_small
    assert dashboard_large == dashboard_small
