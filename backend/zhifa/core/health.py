import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """200 when PostgreSQL and the Celery broker answer; 503 naming the part that does not."""
    result = {"status": "ok", "database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means the database is not usable
        result["database"] = f"error: {exc.__class__.__name__}"
    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
    except Exception as exc:  # noqa: BLE001
        result["broker"] = f"error: {exc.__class__.__name__}"
    healthy = result["database"] == "ok" and result["broker"] == "ok"
    if not healthy:
        result["status"] = "unavailable"
    return JsonResponse(result, status=200 if healthy else 503)
