"""Products and prices, hospital channel support, recruiting events, goal figures."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns import money
from campaigns.tenancy import check_same_organization, tenant_context

from .. import rules, selectors
from ..models import (
    GoalFigure,
    Hospital,
    PriceChange,
    Product,
    RecruitingEvent,
    ServiceDelivery,
    SupportService,
)
from .validated_save import save_validated

# The hospital-support catalogue of the plan (第1篇, 渠道支持), in the project's words.
SUPPORT_CATALOGUE = (
    "医疗服务需求与医院经营状况调研",
    "协助制定医疗服务营销计划与制度",
    "医疗市场分析报告与改进建议",
    "重点客户档案与大客户关系管理",
    "健康讲座、义诊等服务项目推广",
    "联合走访客户与市场、设置宣传栏",
    "卫生、社保、医保、保险等外部关系协同",
    "服务半径内居民点卫生服务联系点",
    "医院渠道数据库与营销资讯",
    "医护人员营销培训与科室技能训练",
    "诊前、诊中、诊后一体化客户服务",
    "院外服务网点选址调研与可行性分析",
    "双向转诊协调机制",
)

# -- products and prices --------------------------------------------------------------------


def _price(organization, price):
    """A price as the money input reads it, within the organization's bound for prices."""
    try:
        return rules.parse_money(
            price,
            kind=money.Kind.PRICE,
            ceiling=money.ceiling_for(money.Kind.PRICE, organization.amount_ceilings),
        )
    except ValidationError as exc:
        raise ValidationError({"price": exc.messages}) from None


def product_create(*, organization, name, line, tier, pricing, price, launched_on):
    price = _price(organization, price)
    with tenant_context(organization):
        product = Product(
            organization=organization,
            name=(name or "").strip(),
            line=(line or "").strip(),
            tier=tier,
            pricing=pricing,
            price=price,
            launched_on=launched_on,
        )
        return save_validated(product, "name", _("A product with this name exists."))


def product_change_price(*, organization, actor, product, price, effective_on):
    """Change a price: at most once in any 12 months (refused with the date the next
    change is allowed). The product row is locked so two changes cannot both pass."""
    price = _price(organization, price)
    if effective_on is None:
        raise ValidationError({"effective_on": _("Enter the day the price takes effect.")})
    with tenant_context(organization):
        locked = Product.objects.for_org(organization).select_for_update().get(pk=product.pk)
        if effective_on < locked.launched_on:
            raise ValidationError(
                {
                    "effective_on": _("The product was launched on %(date)s; choose a later day.")
                    % {"date": locked.launched_on}
                }
            )
        if price == locked.price:
            raise ValidationError({"price": _("That is the current price.")})
        last = (
            PriceChange.objects.for_org(organization)
            .filter(product=locked)
            .order_by("-effective_on")
            .values_list("effective_on", flat=True)
            .first()
        )
        refusal = rules.price_change_refusal(last, effective_on)
        if refusal:
            raise ValidationError({"effective_on": refusal})
        change = PriceChange(
            organization=organization,
            product=locked,
            previous_price=locked.price,
            price=price,
            effective_on=effective_on,
            changed_by=actor,
        )
        change.full_clean()
        change.save()
        locked.price = price
        locked.save(update_fields=["price"])
    return change


# -- hospital channel support -----------------------------------------------------------------


def support_catalogue_ensure(*, organization):
    """The 13 support services of the plan, once per organization (renamable there)."""
    with tenant_context(organization):
        existing = set(
            SupportService.objects.for_org(organization).values_list("number", flat=True)
        )
        SupportService.objects.bulk_create(
            [
                SupportService(organization=organization, number=n, name=name)
                for n, name in enumerate(SUPPORT_CATALOGUE, 1)
                if n not in existing
            ]
        )
        return list(SupportService.objects.for_org(organization))


def hospital_add(*, organization, territory, name):
    check_same_organization(organization, territory=territory)
    with tenant_context(organization):
        hospital = Hospital(
            organization=organization, territory=territory, name=(name or "").strip()
        )
        return save_validated(
            hospital, "name", _("This territory already has a partner hospital of that name.")
        )


def delivery_record(*, organization, actor, hospital, service, delivered_on, note=""):
    check_same_organization(organization, hospital=hospital, service=service)
    if delivered_on is None:
        raise ValidationError({"delivered_on": _("Enter the day the service was delivered.")})
    if delivered_on > selectors.today_in(organization):
        raise ValidationError({"delivered_on": _("A delivery cannot be in the future.")})
    with tenant_context(organization):
        delivery = ServiceDelivery(
            organization=organization,
            hospital=hospital,
            service=service,
            delivered_on=delivered_on,
            note=(note or "").strip(),
            recorded_by=actor,
        )
        delivery.full_clean()
        delivery.save()
    return delivery


# -- recruiting events and goal figures -------------------------------------------------------


def event_save(*, organization, kind, title, held_on, territory=None, attendance=0, event=None):
    check_same_organization(organization, territory=territory)
    with tenant_context(organization):
        event = event or RecruitingEvent(organization=organization)
        event.kind, event.title, event.held_on = kind, (title or "").strip(), held_on
        event.territory, event.attendance = territory, attendance
        event.full_clean()
        event.save()
    return event


def goal_figure_record(*, organization, goal, recorded_on, value, note=""):
    check_same_organization(organization, goal=goal)
    if recorded_on is None:
        raise ValidationError({"recorded_on": _("Enter the date of the figure.")})
    try:  # a goal's figure: a target-sized, non-negative number (campaigns.money)
        value = money.parse_amount(
            "" if value is None else value,
            kind=money.Kind.TARGET,
            ceiling=money.ceiling_for(money.Kind.TARGET, organization.amount_ceilings),
        )
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from None
    with tenant_context(organization):
        figure = GoalFigure(
            organization=organization,
            goal=goal,
            recorded_on=recorded_on,
            value=value,
            note=(note or "").strip(),
        )
        figure.full_clean()
        figure.save()
    return figure
