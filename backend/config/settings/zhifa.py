"""Zhifa's own settings."""

from .env import REPO_DIR, env

# Demo users' password (make run); never used in production settings.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="zhifa-demo")

# The built web app, served under /app/ in local mode.
FRONTEND_DIST_DIR = env.str("FRONTEND_DIST_DIR", default=str(REPO_DIR / "frontend" / "dist"))

# Fines at or above these amounts (yuan) make a decision major, and give the party a right to a hearing.
MAJOR_FINE_THRESHOLD = env.str("MAJOR_FINE_THRESHOLD", default="10000")
HEARING_FINE_THRESHOLD = env.str("HEARING_FINE_THRESHOLD", default="10000")
# A deadline this many calendar days away or less is "due soon".
DEADLINE_DUE_SOON_DAYS = env.int("DEADLINE_DUE_SOON_DAYS", default=3)

# Legal review (法制审核) period, and its one extension with a leader's approval (DOMAIN.md §5).
LEGAL_REVIEW_WORKING_DAYS = env.int("LEGAL_REVIEW_WORKING_DAYS", default=7)
LEGAL_REVIEW_EXTENSION_WORKING_DAYS = env.int("LEGAL_REVIEW_EXTENSION_WORKING_DAYS", default=3)
