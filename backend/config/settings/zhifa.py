"""Zhifa's own settings."""

from .env import env

# Demo users' password (make run); never used in production settings.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="zhifa-demo")
