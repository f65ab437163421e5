"""The platform's SMS gateway: one interface (`sending.sms_send`, `inbound.sms_receive`),
backends chosen by settings.SMS_BACKEND like Django's e-mail backends. See docs/sms.md."""
