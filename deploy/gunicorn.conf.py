"""gunicorn configuration for Zhifa's `web` service.

    gunicorn -c deploy/gunicorn.conf.py

Every value can be changed through the environment (documented in deploy/.env.example), so the
same file serves a small bureau and a provincial deployment. Logs are JSON lines on stdout, in the
same shape as Django's and Celery's (config/logging.py).
"""

import multiprocessing
import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# The backend package sits beside deploy/ both in the repository and in the image (/app).
chdir = os.environ.get("ZHIFA_BACKEND_DIR") or str(Path(__file__).resolve().parents[1] / "backend")
wsgi_app = "config.wsgi:application"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]

# Threads let a worker wait on PostgreSQL or a slow upload without blocking its siblings; the
# process count follows the CPUs. 2 cores: 3 processes x 4 threads = 12 requests at once.
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", min(multiprocessing.cpu_count() + 1, 9)))
threads = _int("GUNICORN_THREADS", 4)
# gthread's timeout only catches a worker whose main loop hangs, not a long request in a thread;
# a tus PATCH of several GB may run for an hour and must not be killed.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps upstream connections alive; stay open a little longer than nginx does.
keepalive = _int("GUNICORN_KEEPALIVE", 75)
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The heartbeat file must live in memory: a disk-backed /tmp can block workers under I/O load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Request limits: nginx already refuses larger ones; these protect gunicorn if reached directly.
# The request line is limited only by gunicorn's ceiling (0: 1 MB): at 8190 gunicorn would answer an over-long URL with its own HTML 414,
# Django answers it in the API's error shape (zhifa.core.middleware.UrlLengthMiddleware, 8190 characters).
limit_request_line = 0
limit_request_fields = 100

# Django decides what is HTTPS from X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER); gunicorn need not.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "zhifa-web"
# No runtime control socket (gunicorn >= 25): containers are managed by signals and restarts.
control_socket_disable = True

# --- Logging: JSON on stdout ----------------------------------------------------------------------
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "true").lower() in ("1", "true", "yes") else None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "config.logging.JSONFormatter",
            "static_fields": {"service": os.environ.get("ZHIFA_SERVICE", "web")},
        },
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
    },
    "root": {"level": loglevel.upper(), "handlers": ["stdout"]},
    "loggers": {
        # Both propagate to the root handler, which Django's LOGGING replaces with the same formatter.
        "gunicorn.error": {"level": loglevel.upper(), "handlers": [], "propagate": True},
        "gunicorn.access": {
            "level": "INFO" if accesslog else "WARNING",
            "handlers": [],
            "propagate": True,
        },
    },
}
