"""Franchise at national scale on PostgreSQL: 1,000 territories, 60 months of revenue each.

Prints the rollout board's and a territory dashboard's server time (median) beside the
raw SQL of the same figures, their ratios and the pages' query counts (at two sizes, to
show they are fixed). The last line is key=value pairs.

    DATABASE_URL=postgres://campaigns_owner:campaigns@127.0.0.1:5432/campaigns \\
        .venv/bin/python bench/franchise.py

It migrates the configured database and removes its own organizations afterwards.
"""

import os
import statistics
import sys
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DEBUG", "0")  # as in production: no query log, cached templates

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from campaigns import services as org_services  # noqa: E402
from campaigns.models import Organization  # noqa: E402
from campaigns.plans import services as plan_services  # noqa: E402
from campaigns.roles import Role  # noqa: E402
from campaigns.tenancy import tenant_context  # noqa: E402
from franchise import rules, services  # noqa: E402
from franchise.models import (  # noqa: E402
    Agreement,
    Franchisee,
    Hospital,
    RevenueReport,
    Territory,
)

TERRITORIES = int(os.environ.get("TERRITORIES", "1000"))
MONTHS = int(os.environ.get("MONTHS", "60"))
ROUNDS = int(os.environ.get("ROUNDS", "31"))
START = date(2007, 9, 1)
STATUSES = ["open", "negotiating", "signed", "model_market", "strong_market"]


def build(org, manager, territories, months):
    """Territories in three phases, one model B agreement and two hospitals each, `months`
    of revenue each; the first territory gets a year of issued statements."""
    with tenant_context(org):
        plan_services.plan_create(
            organization=org, actor=manager.user, title="加盟方案", template_key="franchise"
        )
        Territory.objects.bulk_create(
            Territory(
                organization=org,
                name=f"市场{i:04d}",
                position=i,
                planned_phase=1 + i % 3,
                status=STATUSES[i % 5],
                established_on=date(2007, 11, 1) if i % 5 >= 3 else None,
            )
            for i in range(territories)
        )
        ids = list(Territory.objects.for_org(org).order_by("position").values_list("pk", flat=True))
        Franchisee.objects.bulk_create(
            Franchisee(organization=org, name=f"加盟商{i:04d}") for i in range(territories)
        )
        franchisees = list(
            Franchisee.objects.for_org(org).order_by("name").values_list("pk", flat=True)
        )
        Agreement.objects.bulk_create(
            Agreement(
                organization=org,
                territory_id=t,
                franchisee_id=f,
                model="B",
                start_date=START,
                franchise_fee=Decimal("200000"),
                allotment_share=Decimal("30"),
                royalty_rate=Decimal("5"),
            )
            for t, f in zip(ids, franchisees, strict=True)
        )
        agreements = list(
            Agreement.objects.for_org(org)
            .order_by("territory__position")
            .values_list("pk", flat=True)
        )
        Hospital.objects.bulk_create(
            Hospital(organization=org, territory_id=t, name=f"医院{n}")
            for t in ids
            for n in range(2)
        )
        month_list = [rules.add_months(START, n) for n in range(months)]
        batch = []
        for index, agreement_id in enumerate(agreements):
            for n, month in enumerate(month_list):
                batch.append(
                    RevenueReport(
                        organization=org,
                        agreement_id=agreement_id,
                        month=month,
                        revenue=Decimal(50000 + (index * 37 + n * 11) % 90000),
                    )
                )
            if len(batch) >= 20000:
                RevenueReport.objects.bulk_create(batch)
                batch = []
        RevenueReport.objects.bulk_create(batch)
        first = Agreement.objects.for_org(org).get(pk=agreements[0])
    # As autovacuum would leave them: fresh statistics, and no dead rows left by earlier
    # runs' clean-up for the scans to step over.
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE franchise_revenuereport, franchise_agreement, franchise_territory, "
            "franchise_franchisee, franchise_hospital"
        )
    for month in month_list[:12]:
        statement = services.statement_compute(organization=org, agreement=first, month=month)
        with tenant_context(org):  # issued without queuing 12 PDFs
            type(statement).objects.for_org(org).filter(pk=statement.pk).update(status="issued")
    return first.territory_id


def median_ms(call, rounds=ROUNDS):
    return medians_ms(call, rounds=rounds)[0]


def medians_ms(*calls, rounds=ROUNDS):
    """Each call's median time, the calls taking turns round by round, so that a busy
    moment of the machine falls on a page and its raw SQL alike."""
    for call in calls:
        call()
    times = [[] for _ in calls]
    for _ in range(rounds):
        for call, kept in zip(calls, times, strict=True):
            start = time.perf_counter()
            call()
            kept.append((time.perf_counter() - start) * 1000)
    return [statistics.median(kept) for kept in times]


def raw_board(org):
    """The board's figures in plain SQL: the territories, counts by status, the plan, each
    phase's markets planned and established by its end, and the goals with their latest
    figure (value, date and note)."""
    with tenant_context(org), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, name, status, planned_phase, established_on "
            "FROM franchise_territory ORDER BY position, name"
        )
        cursor.fetchall()
        cursor.execute("SELECT status, count(*) FROM franchise_territory GROUP BY status")
        cursor.fetchall()
        cursor.execute(
            "SELECT id, title FROM campaigns_plan WHERE kind = 'franchise' "
            "ORDER BY updated_at DESC, id DESC LIMIT 1"
        )
        plan_id = cursor.fetchone()[0]
        cursor.execute(
            "SELECT s.id, s.name, s.start_date, s.end_date, s.cumulative_target, "
            "count(t.id) FILTER (WHERE t.planned_phase = s.rn), "
            "count(t.id) FILTER (WHERE t.established_on <= s.end_date) "
            "FROM (SELECT *, row_number() OVER (ORDER BY start_date) AS rn "
            "FROM campaigns_stage WHERE plan_id = %s) s "
            "CROSS JOIN franchise_territory t GROUP BY 1, 2, 3, 4, 5",
            [plan_id],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT g.id, g.metric, g.target_value, g.unit, f.value, f.recorded_on, f.note "
            "FROM campaigns_goal g LEFT JOIN LATERAL (SELECT value, recorded_on, note "
            "FROM franchise_goalfigure WHERE goal_id = g.id "
            "ORDER BY recorded_on DESC, id DESC LIMIT 1) f ON true "
            "WHERE g.plan_id = %s ORDER BY g.position, g.id",
            [plan_id],
        )
        cursor.fetchall()


def raw_dashboard(org, territory_id):
    """The dashboard's figures in plain SQL: agreement, months of revenue, statements,
    hospitals with delivery counts, and the territory's rank over the last 12 months."""
    with tenant_context(org), connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.*, f.name FROM franchise_agreement a JOIN franchise_franchisee "
            "f ON f.id = a.franchisee_id WHERE a.territory_id = %s",
            [territory_id],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT r.month, r.revenue FROM franchise_revenuereport r JOIN "
            "franchise_agreement a ON a.id = r.agreement_id WHERE a.territory_id = %s "
            "ORDER BY r.month",
            [territory_id],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT s.id, s.month, s.total, s.status FROM franchise_royaltystatement "
            "s JOIN franchise_agreement a ON a.id = s.agreement_id "
            "WHERE a.territory_id = %s",
            [territory_id],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT h.id, h.name, count(d.id) FROM franchise_hospital h LEFT JOIN "
            "franchise_servicedelivery d ON d.hospital_id = h.id "
            "WHERE h.territory_id = %s GROUP BY h.id",
            [territory_id],
        )
        cursor.fetchall()
        cursor.execute(
            "WITH latest AS (SELECT max(month) AS m FROM franchise_revenuereport), "
            "totals AS (SELECT t.id, coalesce(sum(r.revenue), 0) AS total "
            "FROM franchise_territory t LEFT JOIN franchise_agreement a ON a.territory_id = t.id "
            "LEFT JOIN franchise_revenuereport r ON r.agreement_id = a.id AND r.month > "
            "(SELECT m FROM latest) - interval '12 months' GROUP BY t.id) "
            "SELECT 1 + count(*) FILTER (WHERE total > (SELECT total FROM totals WHERE id = %s)), "
            "count(*) FROM totals",
            [territory_id],
        )
        cursor.fetchall()


def empty_board(client, url):
    """The board page with its reads and schematic replaced by empty ones: what the page
    costs before any of its own work (the fixed cost of a signed-in page here)."""
    from franchise import charts, selectors

    board, schematic = selectors.rollout_board, charts.territory_schematic
    selectors.rollout_board = lambda organization: {
        "plan": None,
        "territories": [],
        "phases": [],
        "status_counts": [],
        "covered": 0,
        "total": 0,
        "goals": [],
    }
    charts.territory_schematic = lambda territories: {}
    try:
        client.get(url)
    finally:
        selectors.rollout_board, charts.territory_schematic = board, schematic


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def org_with_manager(slug, name):
    org = org_services.organization_create(slug=slug, name=name)
    with tenant_context(org):
        manager = org_services.member_add(
            organization=org, username=f"{slug}-m", password="Bench-password-1", role=Role.MANAGER
        )
    return org, manager


def franchisee_login(org, slug, territory_id):
    """A franchisee-role login holding the territory: the dashboard as its owner sees it."""
    with tenant_context(org):
        member = org_services.member_add(
            organization=org,
            username=f"{slug}-f",
            password="Bench-password-1",
            role=Role.FRANCHISEE,
        )
        Franchisee.objects.for_org(org).filter(
            pk__in=Agreement.objects.for_org(org)
            .filter(territory_id=territory_id)
            .values("franchisee_id")
        ).update(account=member.user)
    client = Client()
    client.force_login(member.user)
    return client


def main():
    if connection.vendor != "postgresql":
        sys.exit("bench/franchise.py measures PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    slug = f"bench-f-{uuid.uuid4().hex[:8]}"
    try:
        t0 = time.perf_counter()
        org, manager = org_with_manager(slug, "Bench franchise")
        territory_id = build(org, manager, TERRITORIES, MONTHS)
        small_org, small_manager = org_with_manager(f"{slug}-s", "Bench small")
        small_territory = build(small_org, small_manager, 10, 6)
        print(
            f"built {TERRITORIES} territories x {MONTHS} months "
            f"({TERRITORIES * MONTHS} revenue reports) in {time.perf_counter() - t0:.1f}s"
        )

        client, small_client = Client(), Client()
        client.force_login(manager.user)
        small_client.force_login(small_manager.user)
        owner = franchisee_login(org, slug, territory_id)
        small_owner = franchisee_login(small_org, f"{slug}-s", small_territory)
        board_url, small_board = f"/{slug}/franchise/", f"/{slug}-s/franchise/"
        dash_url = f"/{slug}/franchise/territories/{territory_id}/"
        small_dash = f"/{slug}-s/franchise/territories/{small_territory}/"
        board_ms, board_raw_ms, fixed_ms = medians_ms(
            lambda: client.get(board_url),
            lambda: raw_board(org),
            lambda: empty_board(client, board_url),
        )
        dash_ms, dash_raw_ms = medians_ms(
            lambda: owner.get(dash_url), lambda: raw_dashboard(org, territory_id)
        )
        manager_dash_ms = median_ms(lambda: client.get(dash_url))
        # The floor of a page here: session, membership, navigation, base template, a form
        # (the products page, with no products).
        floor_ms = median_ms(lambda: client.get(f"/{slug}/franchise/products/"))
        board_q, board_q_small = (
            queries_of(client, board_url),
            queries_of(small_client, small_board),
        )
        dash_q, dash_q_small = queries_of(owner, dash_url), queries_of(small_owner, small_dash)
        print(
            f"rollout board: median {board_ms:.1f} ms, {board_q} queries "
            f"({board_q_small} with 10 territories); raw SQL {board_raw_ms:.1f} ms"
        )
        print(
            f"territory dashboard (its franchisee): median {dash_ms:.1f} ms, {dash_q} queries "
            f"({dash_q_small} with 10 territories); raw SQL {dash_raw_ms:.1f} ms; "
            f"the manager's view with its forms: {manager_dash_ms:.1f} ms"
        )
        print(f"floor: an empty page of the same app takes {floor_ms:.1f} ms")
        own_ratio = (board_ms - fixed_ms) / board_raw_ms
        print(
            "the board's fixed cost (the same page with no data: session, user, organization, "
            f"membership, transaction, templates) {fixed_ms:.1f} ms = "
            f"{fixed_ms / board_raw_ms:.2f}x its raw SQL; its own work "
            f"{board_ms - fixed_ms:.1f} ms = {own_ratio:.2f}x"
        )
        print(
            f"board_ms={board_ms:.1f} board_raw_ms={board_raw_ms:.1f} "
            f"board_ratio={board_ms / board_raw_ms:.2f} dashboard_ms={dash_ms:.1f} "
            f"dashboard_raw_ms={dash_raw_ms:.1f} dashboard_ratio={dash_ms / dash_raw_ms:.2f} "
            f"floor_ms={floor_ms:.1f} manager_dashboard_ms={manager_dash_ms:.1f} "
            f"board_fixed_ms={fixed_ms:.1f} board_own_ratio={own_ratio:.2f} "
            f"queries={board_q}+{dash_q} queries_small={board_q_small}+{dash_q_small}"
        )
    finally:
        for organization in Organization.objects.filter(slug__startswith=slug):
            with tenant_context(organization):
                for model in (
                    "StatementLine",
                    "RevenueCorrection",
                    "RoyaltyStatement",
                    "RevenueReport",
                    "ServiceDelivery",
                    "Hospital",
                    "Agreement",
                    "Franchisee",
                    "Territory",
                ):
                    apps.get_model("franchise", model).objects.for_org(organization).delete()
                organization.delete()


if __name__ == "__main__":
    main()
