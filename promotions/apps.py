from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "promotions"
    verbose_name = _("Promotions and bundles")

    def ready(self):
        # Registers the SMS reply handler ("bundle.confirm") and the job kinds.
        from . import bundles_report, bundles_services, channels_statement  # noqa: F401

        post_save.connect(_set_up_organization, sender="campaigns.Organization",
                          dispatch_uid="promotions.set_up_organization")


def _set_up_organization(sender, instance, created, raw=False, **kwargs):
    """A new organization gets the seed's bundle tiers, the marketing department's channel
    and its family-network settings with it, so that reading a page never writes."""
    if created and not raw:
        from .bundles_services import organization_set_up

        organization_set_up(organization=instance)
