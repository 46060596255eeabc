"""Settings for benchmark processes only: production settings plus the peer app for django-simple-history.

Never imported by the application. Used by the bench workers and the gunicorn server they start.
"""

from config.settings import *  # noqa: F401,F403
from config.settings import INSTALLED_APPS

try:
    import simple_history  # noqa: F401
except ImportError:  # the `bench` extra is not installed: the peer comparison is skipped
    PEER_AVAILABLE = False
else:
    PEER_AVAILABLE = True
    INSTALLED_APPS = [*INSTALLED_APPS, "simple_history", "tests.bench.peer"]

DEBUG = False
# History recording by django-simple-history is switched on only while the peer variant is measured.
SIMPLE_HISTORY_ENABLED = False
# The no-op task whose throughput workload 4 sets beside publishing's.
CELERY_IMPORTS = ("tests.bench.tasks",)
# The application's URLs and a bench-only view rendering a public page per request (workload 5).
ROOT_URLCONF = "tests.bench.urls"
