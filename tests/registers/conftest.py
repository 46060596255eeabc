import datetime

import pytest

from zhifa.accounts.choices import Role
from zhifa.disclosure import services as disclosure

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _own_publication_store(publication_root):
    """Every test publishes into a fresh store of its own (tests/conftest.py)."""
    return publication_root


@pytest.fixture
def editor(make_user):
    return make_user(Role.DISCLOSURE_EDITOR, full_name="赵公示")


@pytest.fixture
def keeper(make_user):
    return make_user(Role.LEGAL_REVIEWER, full_name="陈法规")


@pytest.fixture
def publish(editor, leader):
    """publish(notice) -> the notice after the editor workflow and a synchronous publication."""

    def run(notice):
        disclosure.notice_check_redaction(notice_id=notice.pk, actor=editor)
        disclosure.notice_approve(notice_id=notice.pk, actor=leader)
        return disclosure.notice_publish(notice_id=notice.pk)

    return run


@pytest.fixture
def site_text(publication_root):
    """site_text(notice) -> the HTML of the notice's public page."""

    def read(notice):
        return (publication_root / "notices" / f"{notice.slug}.html").read_text(encoding="utf-8")

    return read
