"""The project's URLs with `bench/bare/` in front: a trivial view through the same
middleware, the baseline of the HTTP benchmarks. Mounted only by bench/settings.py."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]

handler500 = "campaigns.server_errors.server_error"  # as config/urls.py
