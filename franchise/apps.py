from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FranchiseConfig(AppConfig):
    name = "franchise"
    verbose_name = _("Franchise strategy")

    def ready(self):
        from campaigns.modules import register_module
        from campaigns.navigation import register_navigation
        from campaigns.plans.models import PlanKind
        from campaigns.roles import register_permissions

        from . import permissions
        from .permissions import Perm

        register_permissions(Perm, labels=permissions.LABELS, matrix=permissions.MATRIX)
        register_module(
            PlanKind.FRANCHISE,
            PlanKind.FRANCHISE.label,
            permission_prefixes=["franchise"],
            order=10,
        )
        register_navigation("franchise_home", _("Franchise"), Perm.VIEW_TERRITORY, order=30)
        from . import home

        home.register()
        # Register on import: the statement PDF job kind, the demo data.
        from . import demo, statement_pdf  # noqa: F401
