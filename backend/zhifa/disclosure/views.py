"""The public site in local mode (nginx serves the same files in production), and the search page,
which works without JavaScript."""

import mimetypes
import re

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
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


SEARCH_FIELDS = ("q", "credit_code", "document_number", "kind", "published_after", "published_before")
SEARCH_LIMIT = 50
SNIPPET_AROUND = 40


def highlight(text: str, terms: list[str]) -> str:
    """The text, escaped, with every occurrence of a term marked (<mark>); safe to put into the page."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last:match.start()]), mark_safe(f"<mark>{escape(match.group())}</mark>")]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def field_values(value) -> list[str]:
    """The strings a notice's fields hold (not their keys): what a snippet may quote."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in field_values(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in field_values(item)]
    return []


def snippet(notice, terms: list[str]) -> str:
    """Where the notice's masked body or fields say what was searched for: a few words either side, marked. The
    title is shown anyway; without a term in the rest, the body's opening."""
    texts = [" ".join(notice.masked_body.split()),
             *(" ".join(text.split()) for text in field_values(notice.masked_fields))]
    for text in texts:
        lowered = text.lower()
        found = [i for term in terms if (i := lowered.find(term.lower())) >= 0]
        if found:
            start = max(0, min(found) - SNIPPET_AROUND)
            end = min(len(text), min(found) + SNIPPET_AROUND * 2)
            return highlight(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""), terms)
    opening = texts[0] if texts and texts[0] else ""
    return escape(opening[:SNIPPET_AROUND * 2] + ("…" if len(opening) > SNIPPET_AROUND * 2 else ""))


@require_safe
def search_page(request):
    """The public search, without JavaScript: by words anywhere in a notice (title, body, an announcement's
    listed names, fields), credit code or document number, narrowed by kind and publication date. Only masked
    content is searched and shown."""
    try:
        params = public_search_params(request.GET)
        error = None
    except InvalidInput as exc:
        params, error = {}, "；".join(m for messages in exc.fields.values() for m in messages)
    searched = any(request.GET.get(k) for k in SEARCH_FIELDS)
    results, more = [], False
    if searched and not error:
        # No total: counting every match of a common word would cost what the page itself does not.
        notices = list(selectors.public_notices(**params)[:SEARCH_LIMIT + 1])
        more, notices = len(notices) > SEARCH_LIMIT, notices[:SEARCH_LIMIT]
        terms = selectors.search_terms(params.get("q", ""))
        results = [{"notice": notice, "title": highlight(notice.masked_title, terms),
                    "snippet": snippet(notice, terms)} for notice in notices]
    html = render_to_string("disclosure/search.html", {
        "root": "/disclosure/", "css_path": site.CSS_PATH, "js_path": site.JS_PATH, "query": request.GET,
        "results": results, "more": more, "limit": SEARCH_LIMIT, "searched": searched, "error": error,
        "categories": [(k, label) for k, label in site.NoticeKind.choices],
        "furniture": site.furniture(),
    })
    return head_or_get(request, HttpResponse(html))
