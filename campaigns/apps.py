from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns platform")

    def ready(self):
        # Registers on import, for web and worker alike: the kinds of claimable row the one
        # sweeper sweeps (campaigns/claimable.py: jobs, SMS), the plan PDF job kind, and what
        # a new organization starts with here (its SMS webhook secret). Feature apps
        # register theirs from their own ready().
        from django.contrib.auth.signals import user_login_failed

        from . import jobs  # noqa: F401
        from .plans import pdf  # noqa: F401

        # Every failed sign-in, by any path, counts against its address (password
        # spraying; campaigns/signin_throttle.py says why this is a signal).
        from .signin_throttle import count_failed_sign_in
        from .sms import sending, webhook  # noqa: F401

        user_login_failed.connect(count_failed_sign_in, dispatch_uid="signin_address_throttle")
