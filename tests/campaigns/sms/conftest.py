import pytest

from tests.sms_support import eager  # noqa: F401


@pytest.fixture(autouse=True)
def _english(in_english):
    """These tests read messages in English."""
