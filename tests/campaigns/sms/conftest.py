from tests.sms_support import eager  # noqa: F401
