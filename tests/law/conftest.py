"""Scenarios written from the statutes: a case is moved through the API to the point where the law forbids
the next step, the step is attempted, and the refusal must name the article and change nothing."""

import pytest

from zhifa.accounts.choices import Role

from tests.law.scenario import LEADERS, PASS, ago, ok  # noqa: F401 - used by the fixtures


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.LEGAL_REVIEWER, full_name="陈审核", legal_qualification=True)


@pytest.fixture
def presider(make_user):
    return make_user(Role.LEGAL_REVIEWER, full_name="周主持", legal_qualification=True)


@pytest.fixture
def case_at(apis, move, lead_payload, officers):
    """case_at(stage, penalties=..., fine=..., start=60, received=True, lead={...}) -> case id.

    Day `start` days ago the lead comes in; filing, investigation and its close follow a day apart; the
    notice is issued on day start-6 and, with received=True, received on the spot."""

    def build(stage, penalties=("warning",), fine=None, start=60, received=True, lead=None, notify=None):
        payload = {**lead_payload, "received_on": ago(start), **(lead or {})}
        cid = ok(apis["officer"].post("/api/cases/", payload, format="json"), 201)["id"]
        ok(move(cid, "file", "leader", date=ago(start - 2)))
        if stage == "filed":
            return cid
        ok(move(cid, "start_investigation", date=ago(start - 3)))
        ok(apis["officer"].post(f"/api/cases/{cid}/documents/", {
            "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(start - 4),
            "place": "询问室", "subject": "法定代表人", "record": "问：是否参加年检？答：没有。"}, format="json"), 201)
        proposal = {"proposed_outcome": "penalty", "proposed_penalties": list(penalties), "proposed_content": "拟处罚"}
        if fine is not None:
            proposal["proposed_fine"] = str(fine)
        ok(move(cid, "close_investigation", date=ago(start - 5), **proposal))
        if stage == "investigation_closed":
            return cid
        extra = {"notice_received_on": ago(start - 6)} if received else {}
        ok(move(cid, "notify", date=ago(start - 6), **extra, **(notify or {})))
        return cid

    return build


@pytest.fixture
def statement(apis):
    """statement(cid, status, day, **more) -> response of recording the party's statement (or its absence)."""

    def record(cid, status, day, **more):
        return apis["officer"].post(f"/api/cases/{cid}/statement/", {
            "status": status, "summary": {"heard": "当事人陈述已复核", "not_made": "期限内未提出",
                                          "waived": "当事人书面放弃陈述、申辩"}[status],
            "date": ago(day), **more}, format="json")

    return record


@pytest.fixture
def agree_review(apis, move, client_for, reviewer):
    """agree_review(cid, submitted=day, agreed=day) -> the review, agreed on day `agreed` ago."""

    def agree(cid, submitted, agreed):
        ok(move(cid, "submit_review", date=ago(submitted), discretion="依裁量基准，情节严重"))
        review = apis["officer"].get(f"/api/reviews/?case={cid}&ordering=-id").json()["results"][0]
        ok(apis["leader"].post(f"/api/reviews/{review['id']}/assign/", {"reviewer": reviewer.pk}, format="json"))
        return ok(client_for(reviewer).post(f"/api/reviews/{review['id']}/outcome/", {
            "package": review["current_package"], "outcome": "agree", "verdicts": PASS, "opinion": "同意。",
            "date": ago(agreed)}, format="json"))

    return agree


@pytest.fixture
def deliberate(move):
    def run(cid, day, conclusion="同意拟处罚意见。"):
        return move(cid, "deliberate", "leader", date=ago(day), minutes="局务会集体讨论。", attendees=LEADERS,
                    conclusion=conclusion)

    return run
