"""Serves the built web app (frontend/dist) under /app/ in local mode; nginx does it in production.

Unknown paths fall back to index.html so that the app's own router handles deep links.
"""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.static import serve


def serve_app(request, path=""):
    root = Path(settings.FRONTEND_DIST_DIR)
    index = root / "index.html"
    if not index.exists():
        return HttpResponse(
            "<!doctype html><meta charset=utf-8><title>Zhifa</title>"
            "<p>网页端尚未构建：请运行 <code>make run</code>（会自动构建 frontend/）。</p>",
            status=503,
        )
    if path:
        try:
            response = serve(request, path, document_root=root)
            if path.startswith("assets/"):
                response["Cache-Control"] = "public, max-age=31536000, immutable"  # hashed file names
            return response
        except Http404:
            if "." in Path(path).name:
                raise  # a missing asset is a real 404, not a route
    response = serve(request, "index.html", document_root=root)
    response["Cache-Control"] = "no-cache"
    return response
