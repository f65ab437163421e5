from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns platform")

    def ready(self):
        # Job kinds register their handlers on import; workers and web both need them.
        import contests.battle_report  # noqa: F401

        from .plans import pdf  # noqa: F401

        # What every new organization starts with (here its SMS webhook secret), made when
        # it is created, however it is created, so that reading a page never writes.
        post_save.connect(_set_up_organization, sender="campaigns.Organization",
                          dispatch_uid="campaigns.set_up_organization")


def _set_up_organization(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .sms.webhook import webhook_settings_create

        webhook_settings_create(instance)
