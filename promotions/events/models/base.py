"""What the event-day models share."""

import secrets

from django.conf import settings

MONEY = {"max_digits": 12, "decimal_places": 2}


USER = settings.AUTH_USER_MODEL


def new_code():
    """An invitation or verification code: short enough to type, too many to guess."""
    return secrets.token_urlsafe(9)
