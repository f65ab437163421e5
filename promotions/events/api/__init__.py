"""Event-day API: /api/v1/<org>/events/... — thin views over the same services and
selectors as the pages, by topic:

- `events`: events (started from a plan), their settings and offers (first-N places and
  who holds them), the agenda, the dashboard, the lead channels;
- `guests`: guests (register, import, check-in, the customer form) and 51 cards;
- `signings`: signings, their corrections (a stale `version` is a 409) and voids;
- `draws`: prize pools, prizes, sealing, draws, handing over, revealing, verifying;
- `vendors`: vendors, their deposit ledger and orders;
- `followups`: the follow-up lists (split, re-split) and contacts.

Lists are paged (campaigns.pagination). Mobiles are masked (138****1234) everywhere but
on a single guest read by the desk roles, who call and check in guests, and on a single
follow-up read by the employee whose list it is on (or a manager).
"""
