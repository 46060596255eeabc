"""The application's URLs plus one bench-only view: a public-site page rendered by Django per request, the
alternative to serving the published file that workload 5 measures nginx against."""

from django.http import Http404, HttpResponse
from django.urls import path

from config.urls import urlpatterns as application_urls
from zhifa.disclosure import site


def render_public_page(request, path: str):
    content = site.render_file(path)
    if content is None:
        raise Http404
    return HttpResponse(content, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/rendered/<path:path>", render_public_page), *application_urls]
