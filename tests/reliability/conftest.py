"""Fixtures of the reliability suite (see world.py)."""

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.reliability.world import World


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    old_root = settings.PUBLICATION_ROOT
    settings.PUBLICATION_ROOT = str(tmp_path_factory.mktemp("publication"))
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", verbosity=0)
            yield World()
            transaction.set_rollback(True)
    finally:
        settings.PUBLICATION_ROOT = old_root
