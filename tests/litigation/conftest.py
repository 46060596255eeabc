import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from zhifa.accounts.choices import Role


@pytest.fixture(autouse=True)
def _own_publication_store(publication_root):
    return publication_root


@pytest.fixture
def celery_worker_queues():
    return ("default", "publish")


@pytest.fixture
def adviser(make_user):
    return make_user(Role.LEGAL_ADVISER, full_name="周律师")
