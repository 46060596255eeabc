import functools
import ipaddress
import logging
import re
import uuid

import redis
from asgiref.local import Local
from django import db
from django.conf import settings
from django.http import HttpResponse, JsonResponse

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


# The longest request line gunicorn used to accept (its own limit, now lifted so that Django can answer).
MAX_URL_LENGTH = 8190


class UrlLengthMiddleware:
    """A URL longer than MAX_URL_LENGTH gets 414 in the API's error shape, not gunicorn's HTML page
    (deploy/gunicorn.conf.py lets it through; nginx answers longer ones itself, in the same shape)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", "")) > MAX_URL_LENGTH:
            from zhifa.core.api.errors import error_body

            body = error_body(414, "uri_too_long", f"请求地址过长（不能超过 {MAX_URL_LENGTH} 个字符）。",
                              f"The request URL is too long (at most {MAX_URL_LENGTH} characters).")
            return JsonResponse(body, status=414)
        return self.get_response(request)


class QueryTextMiddleware:
    """Query strings normalised on the way in, as request bodies are (zhifa.core.api.parsers): a filter or
    search parameter never carries NUL, a control or a bidi character into a query or a log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING"):
            from zhifa.core.api.parsers import clean_query_dict

            request.GET = clean_query_dict(request.GET)
        return self.get_response(request)


@functools.cache
def _trusted_proxies(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _is_trusted_proxy(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in _trusted_proxies(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The client's address: behind nginx (a trusted proxy) the X-Real-IP it sets, otherwise the peer."""
    peer = request.META.get("REMOTE_ADDR")
    forwarded = request.headers.get("X-Real-IP", "").strip()
    if forwarded and _is_trusted_proxy(peer):
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            return peer
    return peer


logger = logging.getLogger(__name__)
# A dependency that is down or unreachable, not a bug: PostgreSQL stopped or restarting, Redis gone.
UNAVAILABLE = (db.OperationalError, db.InterfaceError, redis.ConnectionError, redis.TimeoutError)


class DependencyUnavailableMiddleware:
    """While PostgreSQL or Redis is down, answer 503 with Retry-After (JSON in the error shape under
    /api/), not a 500: clients and the load balancer retry, and the next request after the dependency is
    back succeeds (Django re-checks its connections: CONN_HEALTH_CHECKS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        logger.warning("dependency unavailable: %s: %s", type(exception).__name__, exception)
        if request.path.startswith("/api/"):
            from zhifa.core.api.errors import error_body

            response = JsonResponse(error_body(503, "unavailable", "服务暂时不可用，请稍后重试。",
                                               "The service is briefly unavailable; try again shortly."), status=503)
        else:
            response = HttpResponse("服务暂时不可用，请稍后重试。 Service briefly unavailable.", status=503,
                                    content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        return response
