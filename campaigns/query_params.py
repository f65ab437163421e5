"""Reading a page's query parameters (`?day=`, `?page=`, `?month=`, ids): a value that is
there but wrong answers 400 with a page that names the parameter and says what it should
look like, never a silent fallback to a default (`?day=2026-13-45` used to show today).
A missing or empty parameter takes the view's default.

The readers raise `BadQueryParameter`; `campaigns.views.org_page` turns it into the page
`bad_query.html` (the navigation, the message, a link to the page without the query),
status 400. The API validates its query with serializers instead (a JSON field error)."""

from datetime import date

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SHOWN_CHARACTERS = 40  # of the value, in the message


class BadQueryParameter(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message


def shown(value):
    """The value as the message quotes it: no NUL, not five thousand characters."""
    value = str(value).replace("\x00", "")
    return value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"


def _raw(request, name):
    return (request.GET.get(name) or "").strip()


def query_date(request, name):
    """`?name=YYYY-MM-DD` as a date; None when absent or empty."""
    raw = _raw(request, name)
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw) if len(raw) == len("2026-03-15") else None
    except ValueError:
        day = None
    if day is None:
        raise BadQueryParameter(
            name,
            _("“%(value)s” is not a date: give it as YYYY-MM-DD, e.g. 2026-03-15.")
            % {"value": shown(raw)},
        )
    return day


def query_month(request, name, parse):
    """`?name=YYYY-MM` as the month's first day (`parse` is the feature's month reader,
    None for anything unreadable); None when absent or empty."""
    raw = _raw(request, name)
    if not raw:
        return None
    month = parse(raw)
    if month is None:
        raise BadQueryParameter(
            name,
            _("“%(value)s” is not a month: give it as YYYY-MM, e.g. 2026-03.")
            % {"value": shown(raw)},
        )
    return month


def query_id(request, name):
    """`?name=<id>` as a positive whole number; None when absent or empty. (Whether the
    row exists, and is this organization's, is the selector's 404.)"""
    raw = _raw(request, name)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 2**63:
        raise BadQueryParameter(
            name,
            _("“%(value)s” is not a number that names a record.") % {"value": shown(raw)},
        )
    return int(raw)


def query_page(request, rows, per_page, name="page"):
    """The page of `rows` asked for by `?page=` (the first when absent); a page that is no
    whole number, below 1 or past the last is refused, not replaced by the nearest."""
    paginator = Paginator(rows, per_page)
    raw = _raw(request, name)
    if not raw:
        return paginator.page(1)
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise BadQueryParameter(
            name,
            _("“%(value)s” is not a page number: pages are numbered from 1.")
            % {"value": shown(raw)},
        )
    number = int(raw)
    if number > paginator.num_pages:
        raise BadQueryParameter(
            name,
            ngettext(
                "There is only %(n)d page.", "There are only %(n)d pages.", paginator.num_pages
            )
            % {"n": paginator.num_pages},
        )
    return paginator.page(number)
