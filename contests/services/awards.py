"""An agent's choice for an award they reached."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from campaigns.tenancy import tenant_context

from .. import selectors
from ..models import AwardDecision
from ..rules import awards


def award_decide(
    *, organization, membership, contest, agent, item, choice, transfer_to="", cash_amount=None
):
    """Record an agent's choice for an award they reached: item 3 the belt or two bowl
    sets; items 4–5 keep, transfer to a named adult, or cash at a stated amount."""
    with tenant_context(organization):
        if not selectors.agents_in_scope(membership).filter(pk=agent.pk).exists():
            raise ValidationError({"agent": _("This agent is not in your team or branch.")})
        if choice not in awards.AWARD_CHOICES.get(item, ()):
            raise ValidationError({"choice": _("This choice does not fit that award.")})
        reached = {a.item for a in selectors.agent_standing(contest, agent)["awards"]}
        if item not in reached:
            raise ValidationError({"item": _("The agent has not reached this award.")})
        transfer_to = (transfer_to or "").strip()
        if choice == "transfer" and not transfer_to:
            raise ValidationError({"transfer_to": _("Name the adult who receives it.")})
        if choice == "cash" and (cash_amount is None or cash_amount <= 0):
            raise ValidationError({"cash_amount": _("State the cash amount.")})
        decision, _created = AwardDecision.objects.update_or_create(
            organization=organization,
            contest=contest,
            agent=agent,
            item=item,
            defaults={
                "choice": choice,
                "decided_by": membership.user,
                "transfer_to": transfer_to if choice == "transfer" else "",
                "cash_amount": cash_amount if choice == "cash" else None,
            },
        )
    return decision
