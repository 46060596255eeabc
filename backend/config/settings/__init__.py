"""Settings, one module per concern. Everything comes from the environment (see env.py)."""

from .django import *  # noqa: F401,F403
from .rest_framework import *  # noqa: F401,F403
from .celery import *  # noqa: F401,F403
from .history import *  # noqa: F401,F403
from .zhifa import *  # noqa: F401,F403
from .storage import *  # noqa: F401,F403
from .signing import *  # noqa: F401,F403
