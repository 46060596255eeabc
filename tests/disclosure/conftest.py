import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture


@pytest.fixture(autouse=True)
def publication_root(tmp_path, settings, monkeypatch):
    """A fresh publication store per test, shared with any worker the test starts."""
    root = tmp_path / "publication"
    settings.PUBLICATION_ROOT = str(root)
    monkeypatch.setenv("PUBLICATION_ROOT", str(root))
    return root


@pytest.fixture
def celery_worker_queues():
    return ("publish", "default")
