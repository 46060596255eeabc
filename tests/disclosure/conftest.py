import datetime

import pytest

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from zhifa.accounts.choices import Role
from zhifa.cases import services as cases

TODAY = datetime.date.today()


def ago(days):
    return TODAY - datetime.timedelta(days=days)


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


@pytest.fixture
def editors(make_user):
    return make_user(Role.DISCLOSURE_EDITOR, full_name="赵公示"), make_user(Role.DISCLOSURE_EDITOR, full_name="钱公示")


@pytest.fixture
def decide_case(officers, leader, organisation, ground):
    """decide_case(penalties, fine=None, facts=...) -> a case decided through the real procedure."""

    def decide(penalties=("warning", "fine"), fine=5000, facts="该会违规收费。", reporter="", content=None):
        case = cases.case_create(actor=officers[0], officers=officers, title="违规收费案", source="report",
                                 received_on=ago(40), party_kind="organisation", organisation=organisation,
                                 grounds=[ground], facts=facts, act_date=ago(100), reporter_name=reporter)

        def move(action, who, day, **data):
            return cases.case_transition(case_id=case.pk, actor=who, action=action, data={"date": ago(day), **data})

        move("file", leader, 30)
        move("start_investigation", officers[0], 29)
        cases.investigative_record_create(case_id=case.pk, actor=officers[0], kind="inquiry_record",
                                          officers=officers, on=ago(28), content={"record": "问答"})
        move("close_investigation", officers[0], 20, proposed_outcome="penalty", proposed_penalties=list(penalties),
             proposed_fine=fine, proposed_content=content or "警告，并处罚款。")
        move("notify", officers[0], 19)
        cases.case_record_statement(case_id=case.pk, actor=officers[0], status="not_made", summary="未提出",
                                    on=ago(10))
        return move("decide", leader, 5, outcome="penalty", penalties=list(penalties), fine=fine,
                    content=content or "警告，并处罚款5000元。", basis="《社会团体登记管理条例》第三十条")

    return decide
