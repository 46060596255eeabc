"""Where settings come from: the process environment, read through django-environ.

Local mode needs no variables at all: the defaults point at the embedded PostgreSQL and Redis
that `python -m zhifa.localstack` starts under var/ in the repository root.
"""

from pathlib import Path
from urllib.parse import quote

import environ

BACKEND_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = Path(environ.Env().str("ZHIFA_VAR_DIR", default=str(REPO_DIR / "var")))

# FileAwareEnv also reads VAR_FILE=/run/secrets/... for Docker secrets.
env = environ.FileAwareEnv()


def embedded_database_url() -> str:
    # The embedded server listens on a Unix socket in its data directory.
    return f"postgresql://postgres@/zhifa?host={quote(str(VAR_DIR / 'pgdata'))}"


def embedded_redis_url() -> str:
    port_file = VAR_DIR / "redis" / "port"
    port = port_file.read_text().strip() if port_file.exists() else "6390"
    return f"redis://127.0.0.1:{port}/0"
