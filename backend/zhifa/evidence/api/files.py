"""Sending evidence bytes: HTTP Range (206) for playback, the original file name, the hash as ETag and
Repr-Digest (RFC 9530), streamed from the store a piece at a time."""

from __future__ import annotations

import base64
import re

from django.http import HttpResponse, StreamingHttpResponse

from zhifa.core.api.params import is_ascii_int
from zhifa.evidence import storage
from zhifa.exports.http import content_disposition

RANGE = re.compile(r"^\s*bytes\s*=\s*([0-9]*)\s*-\s*([0-9]*)\s*$", re.IGNORECASE | re.ASCII)
# A position of more digits than a bigint holds lies past the end of any file; `int()` of 4,300+ digits raises.
MAX_DIGITS = 18
UNSATISFIABLE = object()


def parse_range(header: str | None, size: int):
    """(start, end) for one satisfiable range, None to send the whole file, UNSATISFIABLE for 416.

    Several ranges at once (multipart/byteranges) are answered with the whole file, as RFC 9110 allows.
    """
    if not header:
        return None
    match = RANGE.match(header)
    if not match:
        return None
    first, last = (_position(text) for text in match.groups())
    if first is None and last is None:
        return None
    if first is None:  # the last N bytes
        if last == 0:
            return UNSATISFIABLE
        return max(0, size - last), size - 1
    end = min(last, size - 1) if last is not None else size - 1
    if first >= size or (last is not None and last < first):
        return UNSATISFIABLE
    return first, end


def _position(text: str) -> int | None:
    """A byte position of the Range header; one too long to read is beyond any file (the size cap)."""
    if not text:
        return None
    return int(text) if is_ascii_int(text, max_digits=MAX_DIGITS) else 10 ** MAX_DIGITS


def etag(sha256: str) -> str:
    return f'"{sha256}"'


def wanted_range(request, *, size: int, sha256: str):
    """The range to send, honouring If-Range (a stale validator means the whole file)."""
    if_range = request.headers.get("If-Range")
    if if_range and if_range.strip() != etag(sha256):
        return None
    return parse_range(request.headers.get("Range"), size)


def describe(byte_range, size: int) -> str:
    if byte_range is None:
        return f"0-{size - 1}/{size}" if size else ""
    if byte_range is UNSATISFIABLE:
        return f"*/{size}"
    return f"{byte_range[0]}-{byte_range[1]}/{size}"


def file_response(request, *, storage_name: str, size: int, sha256: str, filename: str, content_type: str,
                  inline: bool, byte_range) -> HttpResponse:
    fallback = f"evidence-{sha256[:12]}" + (("." + filename.rsplit(".", 1)[-1][:8]) if "." in filename else "")
    if byte_range is UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif request.method == "HEAD":
        response = HttpResponse(status=206 if byte_range else 200, content_type=content_type)
    else:
        start, end = byte_range or (0, size - 1)
        response = StreamingHttpResponse(storage.read_range(storage_name, start, end), content_type=content_type,
                                         status=206 if byte_range else 200)
    if byte_range and byte_range is not UNSATISFIABLE:
        start, end = byte_range
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    elif byte_range is None:
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag(sha256)
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(sha256)).decode()}:"
    response["X-Evidence-SHA256"] = sha256
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
