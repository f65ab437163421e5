"""What the franchise services share: constants, organization checks, saving."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import RolloutStatus

STATEMENT_PDF_JOB_KIND = "franchise.statement_pdf"
ESTABLISHED = {RolloutStatus.MODEL_MARKET, RolloutStatus.STRONG_MARKET}

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


def _same_org(organization, **objects):
    for field, obj in objects.items():
        if obj is not None and obj.organization_id != organization.pk:
            raise ValidationError({field: _("Choose one of this organization's entries.")})


def _clean_save(obj, field_for_duplicates=None, duplicate_message=None):
    obj.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if field_for_duplicates is None:
            raise
        raise ValidationError({field_for_duplicates: duplicate_message}) from exc
    return obj


def today_in(organization) -> date:
    return timezone.localdate(timezone=organization.zoneinfo)
