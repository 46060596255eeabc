from django.apps import AppConfig


class PeerConfig(AppConfig):
    """django-simple-history on Zhifa's own case models: the peer for the audited-writes benchmark."""

    name = "tests.bench.peer"
    label = "bench_peer"
    default_auto_field = "django.db.models.BigAutoField"
