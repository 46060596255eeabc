"""Zhifa's own settings."""

from .env import REPO_DIR, env

# Demo users' password (make run); never used in production settings.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="zhifa-demo")

# The built web app, served under /app/ in local mode.
FRONTEND_DIST_DIR = env.str("FRONTEND_DIST_DIR", default=str(REPO_DIR / "frontend" / "dist"))
