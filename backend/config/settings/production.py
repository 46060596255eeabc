"""Production settings: DJANGO_SETTINGS_MODULE=config.settings.production.

Everything comes from the environment (see deploy/.env.example for the full list). Nothing that
matters has a local-mode default: the secret key, the allowed hosts, the database and Redis must be
given, or the process refuses to start. Any variable can instead be read from a file by adding
_FILE to its name (DJANGO_SECRET_KEY_FILE=/run/secrets/django_secret_key), for Docker secrets.

The settings pass `manage.py check --deploy` with no warnings (tests/deploy checks it).
"""

import importlib.util
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F401,F403
from config.settings import CACHES, DATABASES, SPECTACULAR_SETTINGS, STORAGES  # noqa: F401 - modified below
from config.settings.env import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random string of at least 50 characters")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- PostgreSQL ----------------------------------------------------------------------------------
# DATABASE_URL names server, database and user; the password may come separately (DATABASE_PASSWORD
# or DATABASE_PASSWORD_FILE), so that the URL itself need not be a secret.
_test_settings = DATABASES["default"].get("TEST", {})
DATABASES = {"default": env.db_url("DATABASE_URL")}
if env.str("DATABASE_PASSWORD", default=""):
    DATABASES["default"]["PASSWORD"] = env.str("DATABASE_PASSWORD")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = _test_settings
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
DATABASES["default"]["OPTIONS"].setdefault(
    "application_name", env.str("DATABASE_APPLICATION_NAME", default="zhifa")
)
# Behind PgBouncer in transaction mode, server-side cursors must be off.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False
)

# --- Redis: Celery broker, locks and cache --------------------------------------------------------
REDIS_URL = env.str("REDIS_URL")
CACHES = {"default": {**CACHES["default"], "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)

# --- Celery in production -------------------------------------------------------------------------
# Keep Django's JSON logging instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_REDIRECT_STDOUTS = False
# Events for Flower; harmless when nobody listens.
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that loses the broker stops its running acks_late tasks instead of finishing them twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=1000)
# KiB; a worker process that grows past it is replaced after its current task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=512 * 1024)
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default="/var/lib/zhifa/beat/celerybeat-schedule"
)

# --- HTTPS ----------------------------------------------------------------------------------------
# TLS ends at nginx (or at a load balancer in front of it), which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Container health checks call gunicorn directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# `check --deploy` is the gate of every start (the migrate service runs it): it is about the security of
# the running configuration. The OpenAPI schema's naming warnings belong to the test suite
# (`manage.py spectacular --validate --fail-on-warn`), not to the start of production.
SPECTACULAR_SETTINGS = {**SPECTACULAR_SETTINGS, "ENABLE_DJANGO_DEPLOY_CHECK": False}

# --- The electronic seal --------------------------------------------------------------------------
# Documents are signed with the agency's PKCS#12 (DOCUMENT_SIGNING_PKCS12_FILE and
# DOCUMENT_SIGNING_PASSPHRASE_FILE, Docker secrets). Never the demo certificate unless asked for.
DOCUMENT_SIGNING_ALLOW_DEMO = env.bool("DOCUMENT_SIGNING_ALLOW_DEMO", default=False)
DOCUMENT_SIGNING_DEMO_DIR = env.str("DOCUMENT_SIGNING_DEMO_DIR", default="/var/lib/zhifa/signing")

# --- Files ----------------------------------------------------------------------------------------
# Static files are collected into the image at build time and served by whitenoise (nginx proxies
# /static/ and may cache it). Hashed names let them be cached for a year.
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default="/app/static")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MANIFEST_STRICT = False  # a missing static file is a 404, never a 500
MEDIA_ROOT = env.str("DJANGO_MEDIA_ROOT", default="/var/lib/zhifa/media")
# The public disclosure site: static files rendered by the publish workers, served by nginx.
PUBLICATION_ROOT = env.str("PUBLICATION_ROOT", default="/srv/zhifa/publication")
# Its public address: the feed, the sitemap and the canonical links are absolute URLs under it, so it must be
# given, and be an address the public can reach (never this machine's loopback).
PUBLIC_SITE_URL = env.str("PUBLIC_SITE_URL")
_site = urlsplit(PUBLIC_SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.query or _site.fragment \
        or _site.hostname in ("localhost", "0.0.0.0") or _site.hostname.startswith("127.") or _site.hostname == "::1":
    raise ImproperlyConfigured("PUBLIC_SITE_URL must be the public site's public address, "
                               "e.g. https://zhifa.example.gov.cn/disclosure/")
PUBLIC_SITE_URL = PUBLIC_SITE_URL.rstrip("/") + "/"
# The built web app; nginx serves it under /app/ in production.
FRONTEND_DIST_DIR = env.str("FRONTEND_DIST_DIR", default="/app/frontend/dist")

# S3-compatible object storage (MinIO in docker-compose) for evidence and other uploaded files.
# Unset S3_BUCKET keeps files on the filesystem under DJANGO_MEDIA_ROOT.
S3_BUCKET = env.str("S3_BUCKET", default="")
PUBLICATION_BUCKET = env.str("PUBLICATION_BUCKET", default="")
if S3_BUCKET or PUBLICATION_BUCKET:
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured("S3_BUCKET or PUBLICATION_BUCKET is set but django-storages is not installed")
    _s3_options = {
        "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
        "region_name": env.str("S3_REGION", default="us-east-1"),
        "access_key": env.str("S3_ACCESS_KEY_ID"),
        "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
        "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
        "default_acl": None,
    }
if S3_BUCKET:
    # Other uploaded files. Evidence has its own alias, set up in config/settings/storage.py from the
    # same variables (content-addressed keys under evidence/ in the same bucket).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": S3_BUCKET,
            "location": "files",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": env.int("S3_URL_EXPIRE_SECONDS", default=300),
        },
    }
if PUBLICATION_BUCKET:
    # The public site in a bucket behind a CDN: pages are replaced in place, and readable by anyone.
    STORAGES["publication"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3_options, "bucket_name": PUBLICATION_BUCKET, "file_overwrite": True,
                    "querystring_auth": False,
                    # As nginx sends for pages; the CDN may keep hashed assets longer by path.
                    "object_parameters": {"CacheControl": "public, max-age=60, must-revalidate"}},
    }

# --- Logging: JSON lines on stdout, with the request id -------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "config.logging.JSONFormatter",
            "static_fields": {"service": env.str("ZHIFA_SERVICE", default="zhifa")},
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Propagate to the root handler only, once.
        "django": {"level": LOG_LEVEL, "handlers": [], "propagate": True},
        "django.server": {"level": "WARNING", "handlers": [], "propagate": True},
        "django.db.backends": {"level": env.str("LOG_LEVEL_SQL", default="WARNING").upper(), "propagate": True},
        "celery": {"level": LOG_LEVEL, "handlers": [], "propagate": True},
    },
}
