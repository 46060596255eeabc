"""The public site in local mode (nginx serves the same files in production), and the search page,
which works without JavaScript."""

import mimetypes

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from zhifa.core.exceptions import InvalidInput
from zhifa.disclosure import selectors, site
from zhifa.disclosure.api.views import public_search_params
from zhifa.disclosure.store import publication_store

mimetypes.add_type("application/atom+xml", ".atom")


@require_safe
def serve_public_file(request, path=""):
    if path == "" or path.endswith("/"):
        path += "index.html"
    try:
        content = publication_store().read(path)
    except ValueError:
        raise Http404 from None
    if content is None:
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith(("xml", "json")):
        content_type += "; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable" if path.startswith("assets/") \
        else "public, max-age=60"
    response["X-Content-Type-Options"] = "nosniff"
    return head_or_get(request, response)


def head_or_get(request, response: HttpResponse) -> HttpResponse:
    """HEAD is answered as GET is (link checkers, crawlers and monitors ask it first), with the same headers and
    length, and no body: as nginx answers it for the same files."""
    if request.method == "HEAD":
        length = len(response.content)
        response.content = b""
        response["Content-Length"] = str(length)
    return response


@require_safe
def search_page(request):
    try:
        params = public_search_params(request.GET)
        error = None
    except InvalidInput as exc:
        params, error = {}, "；".join(m for messages in exc.fields.values() for m in messages)
    searched = any(request.GET.get(k) for k in ("q", "credit_code", "document_number"))
    results = list(selectors.public_notices(**params)[:50]) if searched and not error else []
    html = render_to_string("disclosure/search.html", {
        "root": "/disclosure/", "css_path": site.CSS_PATH, "query": request.GET, "results": results,
        "searched": searched, "error": error,
        "categories": [(k, label) for k, label in site.NoticeKind.choices],
    })
    return head_or_get(request, HttpResponse(html))


