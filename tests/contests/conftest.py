import pytest
from django.utils import translation


@pytest.fixture
def in_english(client, settings):
    """Messages read in English: the services' (override) and the pages' (the language
    cookie, which wins over the organization's default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
