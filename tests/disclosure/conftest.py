import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture


@pytest.fixture(autouse=True)
def _own_publication_store(publication_root):
    return publication_root


@pytest.fixture
def celery_worker_queues():
    return ("publish", "default")
