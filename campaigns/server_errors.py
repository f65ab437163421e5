"""The answer of a request that failed on the server (`handler500` in config/urls.py).

The database going away under a request (PostgreSQL restarting, the connection cut, a
failover) is no bug of the request: its transaction is rolled back with the connection,
and trying again shortly is the right thing to do. It answers 503 with `Retry-After` and
a sentence saying so (the API as JSON, pages as a page), not the generic 500. It touches
neither the database nor the request's user (both may be what failed). Django logs the
exception either way. Every other failure answers the 500 of `api_errors` (JSON under
/api/, the plain page elsewhere).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .api_errors import server_error as plain_server_error

RETRY_AFTER_SECONDS = 30


def database_unavailable_message():
    return _(
        "The database could not be reached (it may be restarting), so this request was not "
        "completed. Try again in a minute."
    )


def server_error(request):
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return plain_server_error(request)
    message = database_unavailable_message()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "database_unavailable"}, status=503)
    else:
        html = render_to_string("503.html", {"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
