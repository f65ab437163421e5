from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "promotions"
    verbose_name = _("Promotions and bundles")

    def ready(self):
        # Registers the SMS reply handler ("bundle.confirm"), the job kinds and what a new
        # organization starts with (tiers, the marketing channel, family-network settings).
        from .bundles import report_xlsx, services  # noqa: F401
        from .channels import statement_pdf  # noqa: F401
