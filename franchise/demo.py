"""Demo data of the franchise strategy for the health-management franchisor: Hunan's 13
cities in the plan's three phases, six agreements (陈立's 长沙 is the franchisee login's),
a year of revenue, issued statements with a correction, hospitals, products, events.

Called by campaigns/demo.py inside the organization's tenant context; made once (an
organization that already has territories is left as it is)."""

from datetime import date
from decimal import Decimal

from campaigns.demo import demo_step
from campaigns.models import Membership
from campaigns.plans.models import Goal, Plan, PlanKind
from campaigns.roles import Role

from . import rules, services
from .models import Territory

# (name, planned phase, status, established on)
TERRITORIES = (
    ("长沙", 1, "strong_market", date(2007, 11, 15)),
    ("株洲", 1, "model_market", date(2007, 12, 10)),
    ("湘潭", 1, "model_market", date(2007, 12, 20)),
    ("衡阳", 1, "signed", None),
    ("岳阳", 1, "model_market", date(2008, 3, 1)),
    ("常德", 2, "signed", None),
    ("益阳", 2, "negotiating", None),
    ("郴州", 2, "open", None),
    ("邵阳", 2, "open", None),
    ("娄底", 2, "open", None),
    ("永州", 2, "open", None),
    ("怀化", 2, "open", None),
    ("张家界", 3, "open", None),
)
# (territory, franchisee, model, start, fee, deposit, allotment %, royalty %, base revenue)
AGREEMENTS = (
    ("长沙", "长沙康健加盟中心", "B", date(2007, 9, 1), "300000", "0", "40", "5", 180000),
    ("株洲", "株洲颐和健康", "A", date(2007, 10, 1), "150000", "50000", "0", "0", 90000),
    ("湘潭", "湘潭仁和健康", "B", date(2007, 10, 1), "200000", "0", "35", "4.5", 110000),
    ("衡阳", "衡阳康宁健康", "B", date(2008, 3, 1), "200000", "0", "35", "5", 70000),
    ("岳阳", "岳阳洞庭健康", "A", date(2007, 11, 1), "150000", "50000", "0", "0", 95000),
    ("常德", "常德德康健康", "B", date(2008, 6, 1), "180000", "0", "30", "5", 60000),
)
HOSPITALS = {
    "长沙": ("湘雅附属医院", "长沙市中心医院"),
    "株洲": ("株洲市人民医院",),
    "湘潭": ("湘潭市第一人民医院",),
}
PRODUCTS = (
    ("基础体检套餐", "体检", "mid", "clear_price", "380", date(2007, 9, 1)),
    ("就医陪诊", "陪诊", "low", "clear_price", "120", date(2007, 9, 1)),
    ("居家护理", "护理", "mid", "clear_price", "260", date(2008, 1, 10)),
    ("高端健康管理年卡", "健康管理", "high", "skimming", "6800", date(2008, 3, 1)),
    ("慢病随访", "健康管理", "low", "clear_price", "90", date(2008, 6, 1)),
)
EVENTS = (
    ("roadshow", "健康管理公司行·长沙站", date(2007, 9, 20), "长沙", 260),
    ("roadshow", "健康管理公司行·衡阳站", date(2007, 11, 18), "衡阳", 180),
    ("roadshow", "健康管理公司行·岳阳站", date(2008, 2, 23), "岳阳", 150),
    ("briefing", "特许加盟说明会（常德）", date(2008, 5, 16), "常德", 95),
)
LAST_REVENUE_MONTH = date(2008, 8, 1)


@demo_step("franchise")
def seed_franchise(organization):
    if Territory.objects.for_org(organization).exists():
        return
    manager = (
        Membership.objects.for_org(organization)
        .filter(role=Role.MANAGER)
        .select_related("user", "organization")
        .first()
    )
    login = (
        Membership.objects.for_org(organization)
        .filter(role=Role.FRANCHISEE)
        .select_related("user")
        .first()
    )
    territories = {}
    for position, (name, phase, _status, _established) in enumerate(TERRITORIES, 1):
        territories[name] = services.territory_save(
            organization=organization, name=name, planned_phase=phase, position=position
        )
    events = {}
    for kind, title, held_on, where, attendance in EVENTS:
        events[where] = services.event_save(
            organization=organization,
            kind=kind,
            title=title,
            held_on=held_on,
            territory=territories[where],
            attendance=attendance,
        )
    agreements = {}
    for index, (where, company, model, start, fee, deposit, share, rate, base) in enumerate(
        AGREEMENTS
    ):
        franchisee = services.franchisee_save(
            organization=organization,
            name=company,
            recruited_at=events.get(where),
            account=login.user if (index == 0 and login) else None,
        )
        agreements[where] = services.agreement_create(
            organization=organization,
            territory=territories[where],
            franchisee=franchisee,
            model=model,
            start_date=start,
            franchise_fee=fee,
            deposit=deposit,
            allotment_share=share,
            royalty_rate=rate,
            fee_paid_on=start,
            deposit_paid_on=start if model == "A" else None,
        )
        _revenue(organization, manager, territories[where], start, base)
    for name, _phase, status, established in TERRITORIES:
        if established:
            services.territory_set_status(
                organization=organization,
                territory=territories[name],
                status=status,
                on=established,
            )
        elif status in ("negotiating", "open"):
            services.territory_set_status(
                organization=organization,
                territory=territories[name],
                status=status,
                on=date(2008, 6, 1),
            )
    _statements(organization, manager, agreements["长沙"])
    _hospitals(organization, manager, territories)
    _products(organization, manager)
    _goal_figures(organization)


def _revenue(organization, manager, territory, start, base):
    month, n = start, 0
    while month <= LAST_REVENUE_MONTH:
        revenue = Decimal(base) * (Decimal(100 + 4 * n) / 100) + Decimal("0.50") * n
        services.revenue_submit(
            organization=organization,
            membership=manager,
            territory=territory,
            month=month,
            revenue=revenue.quantize(rules.FEN),
        )
        month, n = rules.add_months(month, 1), n + 1


def _statements(organization, manager, agreement):
    """长沙: September to November issued (September locked), a correction of October
    charged on December's statement, which stays a draft for the manager to issue."""
    for month in ("2007-09", "2007-10", "2007-11"):
        statement = services.statement_compute(
            organization=organization, agreement=agreement, month=month
        )
        services.statement_issue(organization=organization, statement=statement, actor=manager.user)
        if month == "2007-09":
            services.statement_lock(organization=organization, statement=statement)
    services.revenue_correct(
        organization=organization,
        actor=manager.user,
        agreement=agreement,
        month="2007-10",
        revenue="190000",
        reason="补录团体客户体检收入",
    )
    services.statement_compute(organization=organization, agreement=agreement, month="2007-12")


def _hospitals(organization, manager, territories):
    catalogue = services.support_catalogue_ensure(organization=organization)
    day = 0
    for where, names in HOSPITALS.items():
        for name in names:
            hospital = services.hospital_add(
                organization=organization, territory=territories[where], name=name
            )
            for service in catalogue[day % 4 :: 3][:4]:
                day += 1
                services.delivery_record(
                    organization=organization,
                    actor=manager.user,
                    hospital=hospital,
                    service=service,
                    delivered_on=date(2008, 1, 1 + day % 28),
                )


def _products(organization, manager):
    products = [
        services.product_create(
            organization=organization,
            name=name,
            line=line,
            tier=tier,
            pricing=pricing,
            price=price,
            launched_on=launched,
        )
        for name, line, tier, pricing, price, launched in PRODUCTS
    ]
    services.product_change_price(
        organization=organization,
        actor=manager.user,
        product=products[0],
        price="420",
        effective_on=date(2008, 9, 1),
    )


def _goal_figures(organization):
    plan = Plan.objects.for_org(organization).filter(kind=PlanKind.FRANCHISE, in_force=True).first()
    if plan is None:
        return
    goals = {g.metric: g for g in Goal.objects.for_org(organization).filter(plan=plan)}
    share = goals.get("渠道市场占有率")
    if share:
        services.goal_figure_record(
            organization=organization,
            goal=share,
            recorded_on=date(2008, 6, 30),
            value="62",
            note="合作医院渠道抽样",
        )
    brand = goals.get("三年内成为区域健康管理行业第一品牌")
    if brand:
        services.goal_figure_record(
            organization=organization,
            goal=brand,
            recorded_on=date(2008, 6, 30),
            value="2",
            note="区域品牌排名第2（行业协会调查）",
        )
