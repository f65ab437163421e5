import pytest
from django.utils import translation

from tests.sms_support import eager  # noqa: F401


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Tests read messages in English: the services' (the active language) and the
    pages' (the language cookie wins over the organization's default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
