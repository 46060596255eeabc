"""File downloads: Chinese file names (RFC 6266 / RFC 5987), SHA-256 as ETag and Repr-Digest."""

from __future__ import annotations

import base64
import re
from urllib.parse import quote

from django.http import FileResponse, HttpResponseNotModified, StreamingHttpResponse

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')


def safe_filename(name: str) -> str:
    return _UNSAFE.sub("_", name).strip(" .") or "download"


def content_disposition(filename: str, *, fallback: str, inline: bool = False) -> str:
    """`attachment; filename="export-7.xlsx"; filename*=UTF-8''%E6%A1%88…`

    The plain `filename` is an ASCII stand-in for old clients; every current browser uses `filename*`.
    """
    filename = safe_filename(filename)
    ascii_name = safe_filename(fallback.encode("ascii", "ignore").decode())
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _etag(sha256: str) -> str:
    return f'"{sha256}"'


def file_download(request, fileobj, *, filename: str, fallback: str, content_type: str, sha256: str = "",
                  size: int | None = None, inline: bool = False):
    """A FileResponse for a stored file; 304 when the client already holds this exact file."""
    if sha256:
        wanted = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
        if _etag(sha256) in wanted:
            fileobj.close()
            response = HttpResponseNotModified()
            response["ETag"] = _etag(sha256)
            return response
    response = FileResponse(fileobj, content_type=content_type)
    _headers(response, filename=filename, fallback=fallback, sha256=sha256, size=size, inline=inline)
    return response


def stream_download(chunks, *, filename: str, fallback: str, content_type: str):
    """A StreamingHttpResponse for a file made while it is sent (no hash known in advance)."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    _headers(response, filename=filename, fallback=fallback)
    return response


def _headers(response, *, filename, fallback, sha256="", size=None, inline=False) -> None:
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    if sha256:
        response["ETag"] = _etag(sha256)
        response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(sha256)).decode()}:"
    if size is not None:
        response["Content-Length"] = str(size)
