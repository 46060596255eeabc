import re
import uuid

from asgiref.local import Local

_current = Local()
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str | None:
    return getattr(_current, "request_id", None)


class RequestIdMiddleware:
    """Gives every request an id (or keeps a sane X-Request-ID from the proxy) for logs and history."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        _current.request_id = request.request_id
        try:
            response = self.get_response(request)
        finally:
            _current.request_id = None
        response["X-Request-ID"] = request.request_id
        return response


def client_ip(request) -> str | None:
    # nginx sets X-Real-IP; REMOTE_ADDR is the proxy itself behind it.
    return request.headers.get("X-Real-IP") or request.META.get("REMOTE_ADDR")
