from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "promotions"
    verbose_name = _("Promotions and bundles")

    def ready(self):
        from campaigns.modules import register_module
        from campaigns.navigation import register_navigation
        from campaigns.plans.models import PlanKind
        from campaigns.roles import register_permissions

        from . import permissions
        from .permissions import Perm

        register_permissions(Perm, labels=permissions.LABELS, matrix=permissions.MATRIX)
        # Family networks and the channels that sell them: one module (bundles.*).
        register_module(
            PlanKind.FAMILY_BUNDLE,
            PlanKind.FAMILY_BUNDLE.label,
            permission_prefixes=["bundles"],
            order=50,
        )
        register_navigation("bundle_list", _("Family networks"), Perm.VIEW_BUNDLES, order=40)
        from . import home

        home.register()
        # Registers the SMS reply handler ("bundle.confirm"), the job kinds and what a new
        # organization starts with (tiers, the marketing channel, family-network settings),
        # and the demo data.
        from .bundles import demo, report_xlsx, services  # noqa: F401
        from .channels import statement_pdf  # noqa: F401
