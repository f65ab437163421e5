"""Walk the URL configuration: every named route under an organization, with its kwargs.

New routes join the tenant-isolation and role tests automatically; a route with a kwarg
this module cannot fill makes those tests fail until OBJECT_KWARGS learns it.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from campaigns.plans.parts import PART_TYPES

# kwarg name → how to pick an object of an organization (a World.Org) for it
OBJECT_KWARGS = {
    "member_id": lambda o, route: o.members["manager"].pk,
    "branch_id": lambda o, route: o.branch.pk,
    "team_id": lambda o, route: o.team.pk,
    "plan_id": lambda o, route: o.plan.pk,
    "export_id": lambda o, route: o.export.pk,
    "invitation_id": lambda o, route: o.invitation.pk,
    "contest_id": lambda o, route: o.contest.pk,
    "agent_id": lambda o, route: o.agent.pk,
    "policy_id": lambda o, route: o.policy.pk,
    "item_id": lambda o, route: o.parts[route.part_slug].pk,
    "batch_id": lambda o, route: o.import_batch.pk,
    "report_id": lambda o, route: o.battle_report.pk,
    "territory_id": lambda o, route: o.franchise.territory.pk,
    "agreement_id": lambda o, route: o.franchise.agreement.pk,
    "statement_id": lambda o, route: o.franchise.statement.pk,
    "question_id": lambda o, route: o.franchise.question.pk,
    "product_id": lambda o, route: o.franchise.product.pk,
    "hospital_id": lambda o, route: o.franchise.hospital.pk,
    "goal_id": lambda o, route: o.franchise.goal.pk,
    "registration_id": lambda o, route: o.registration.pk,
    "bundle_member_id": lambda o, route: o.bundle_member.pk,
    "message_id": lambda o, route: o.sms_message.pk,
    "channel_id": lambda o, route: o.channel.pk,
    "channel_statement_id": lambda o, route: o.statement.pk,
    # event days (World._events)
    "event_id": lambda o, route: o.events.event.pk,
    "guest_id": lambda o, route: o.events.guest.pk,
    "card_id": lambda o, route: o.events.card.pk,
    "signing_id": lambda o, route: o.events.signing.pk,
    "quota_id": lambda o, route: o.events.quota.pk,
    "pool_id": lambda o, route: o.events.pool.pk,
    "prize_id": lambda o, route: o.events.prize.pk,
    "draw_id": lambda o, route: o.events.draw.pk,
    "agenda_item_id": lambda o, route: o.events.agenda_item.pk,
    "vendor_id": lambda o, route: o.events.vendor.pk,
    "followup_id": lambda o, route: o.events.followup.pk,
    "event_report_id": lambda o, route: o.events.report.pk,
    "guest_import_id": lambda o, route: o.events.guest_import.pk,
    "campaign_id": lambda o, route: o.events.campaign.pk,
    "ranking_report_id": lambda o, route: o.events.ranking_report.pk,
    # Telecom Day, items 5–9 (tests/telecom_world.py)
    "gift_id": lambda o, route: o.events.gift.pk,
    "movement_id": lambda o, route: o.events.gift_issue.pk,
    "quiz_question_id": lambda o, route: o.events.quiz_question.pk,
    "wheel_id": lambda o, route: o.events.wheel.pk,
    "spin_id": lambda o, route: o.events.spin.pk,
}


@dataclass(frozen=True)
class Route:
    name: str
    kwarg_names: tuple
    api: bool
    fixed: dict = field(default_factory=dict)  # kwargs with a fixed value (the part slug)

    @property
    def part_slug(self):
        if "part" in self.fixed:
            return self.fixed["part"]
        if self.name in ("section_move", "api_section_move"):
            return "sections"
        return self.name.removeprefix("api_").removesuffix("_item")

    def __str__(self):
        return "-".join([self.name, *self.fixed.values()])


def org_routes():
    """Every route taking org_slug; a route with <part> once per kind of part."""
    found = []

    def walk(patterns, prefix_kwargs, prefix):
        for p in patterns:
            kwargs = prefix_kwargs | set(p.pattern.converters)
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, kwargs, route)
            elif isinstance(p, URLPattern) and "org_slug" in kwargs:
                if not p.name:
                    raise AssertionError(f"route {route} under an organization has no name")
                names = tuple(sorted(kwargs - {"org_slug", "part"}))
                api = route.startswith("api/")
                if "part" in kwargs:
                    found.extend(Route(p.name, names, api, {"part": s}) for s in PART_TYPES)
                else:
                    found.append(Route(p.name, names, api))

    walk(get_resolver().url_patterns, set(), "")
    return found


def url_for(route, org_world, slug=None):
    kwargs = {"org_slug": slug or org_world.org.slug, **route.fixed}
    for name in route.kwarg_names:
        if name not in OBJECT_KWARGS:
            raise AssertionError(f"tests/urlwalk.py: add {name!r} to OBJECT_KWARGS")
        kwargs[name] = OBJECT_KWARGS[name](org_world, route)
    return reverse(route.name, kwargs=kwargs)


def hook_routes():
    """Routes without a signed-in user whose organization comes from the URL (`hook_org`)
    and a signature: the provider webhooks. Walked by their own isolation tests."""
    found = []

    def walk(patterns, prefix_kwargs):
        for p in patterns:
            kwargs = prefix_kwargs | set(p.pattern.converters)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, kwargs)
            elif isinstance(p, URLPattern) and "hook_org" in kwargs:
                found.append(p.name)

    walk(get_resolver().url_patterns, set())
    return found
