"""API errors: service ValidationErrors become 400 with field errors, an EditConflict a 409
with what is stored now; nothing else leaks."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, parsers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import EditConflict


def exception_handler(exc, context):
    if isinstance(exc, EditConflict):
        return Response(
            {"detail": str(exc.message), "current": exc.current}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = dict(exc.message_dict)
            if "__all__" in detail:
                detail["non_field_errors"] = detail.pop("__all__")
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, also answering 400 for JSON nested deeper than Python's decoder
    goes (it raises RecursionError, which DRF's parser lets through as a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from exc


# Django's own error answers (a URL no route matches, a request refused before any view,
# an unhandled exception) are pages; under /api/ they answer JSON `{"detail": ...}` like
# every other API error (config/urls.py handler400/403/404/500; declared in the schema by
# campaigns.api_schema).
def _is_api(request):
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": _("Malformed request.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        message = _("You do not have permission to perform this action.")
        return JsonResponse({"detail": message}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)
