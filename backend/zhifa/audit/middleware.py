import pghistory.middleware

from zhifa.core.middleware import client_ip


class HistoryContextMiddleware(pghistory.middleware.HistoryMiddleware):
    """Stamps every history row written during a request with who, from where, and through what."""

    def get_context(self, request):
        context = super().get_context(request)
        context.update(
            request_id=getattr(request, "request_id", None),
            ip=client_ip(request),
            origin="admin" if request.path.startswith("/admin/") else "api",
        )
        return context
