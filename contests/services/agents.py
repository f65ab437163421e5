"""The contest's agents."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from campaigns.tenancy import check_same_organization, tenant_context

from ..models import Agent


def agent_save(*, organization, code, name, team, full_time=True, active=True, agent=None):
    check_same_organization(organization, team=team)
    with tenant_context(organization):
        agent = agent or Agent(organization=organization)
        agent.code, agent.name, agent.team = code.strip(), name.strip(), team
        agent.full_time, agent.active = full_time, active
        agent.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                agent.save()
        except IntegrityError as exc:
            raise ValidationError({"code": _("An agent with this code exists.")}) from exc
    return agent
