import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from zhifa.accounts.choices import Role


@pytest.fixture(autouse=True)
def publication_root(tmp_path, settings, monkeypatch):
    root = tmp_path / "publication"
    settings.PUBLICATION_ROOT = str(root)
    monkeypatch.setenv("PUBLICATION_ROOT", str(root))
    return root


@pytest.fixture
def celery_worker_queues():
    return ("default", "publish")


@pytest.fixture
def adviser(make_user):
    return make_user(Role.LEGAL_ADVISER, full_name="周律师")
