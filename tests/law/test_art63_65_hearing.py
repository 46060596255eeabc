"""《中华人民共和国行政处罚法》第六十三条至第六十五条、第八十五条

第六十三条 行政机关拟作出下列行政处罚决定，应当告知当事人有要求听证的权利，当事人要求听证的，行政机关应当组织听证：
（一）较大数额罚款；（二）没收较大数额违法所得、没收较大价值非法财物；（三）降低资质等级、吊销许可证件；（四）责令停产停业、
责令关闭、限制从业；（五）其他较重的行政处罚；（六）法律、法规、规章规定的其他情形。

第六十四条 听证应当依照以下程序组织：（一）当事人要求听证的，应当在行政机关告知后五日内提出；（二）行政机关应当在举行听证的
七日前，通知当事人及有关人员听证的时间、地点；……（四）听证由行政机关指定的非本案调查人员主持；……

第六十五条 听证结束后，行政机关应当根据听证笔录，依照本法第五十七条的规定，作出决定。

第八十五条 本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。

The hearing window runs from the notice's receipt; a request in time for a posted notice is accepted; 7
full working days lie strictly between the hearing notice and the hearing; the 较大数额 threshold is one
setting per party type, used by the notice, the request guard and the catalogue (DOMAIN.md §3.8).
"""

import datetime

from zhifa.calendar import engine

from tests.law.scenario import ago, forbidden, ok, snapshot

LATER = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()


def test_a_request_more_than_five_working_days_after_receipt_is_late(case_at, move, presider):
    cid = case_at("notified", penalties=["deregistration"], start=40)  # received 34 days ago
    before = snapshot(cid)
    forbidden(move(cid, "request_hearing", hearing_date=LATER, hearing_presider=presider.pk), "第六十四条",
              case_id=cid, before=before)


def test_the_window_runs_from_receipt_so_a_posted_notice_request_in_time_is_accepted(case_at, move, presider):
    cid = case_at("notified", penalties=["deregistration"], start=40, received=False)  # posted 34 days ago
    ok(move(cid, "record_notice_receipt", date=ago(1)))  # the post receipt: received yesterday
    requested = ok(move(cid, "request_hearing", hearing_date=LATER, hearing_presider=presider.pk))
    assert requested["state"] == "hearing"


def test_a_request_before_the_receipt_is_recorded_is_accepted(case_at, move, presider):
    cid = case_at("notified", penalties=["deregistration"], start=40, received=False)
    assert ok(move(cid, "request_hearing", hearing_date=LATER, hearing_presider=presider.pk))["state"] == "hearing"


def test_seven_full_working_days_lie_between_the_hearing_notice_and_the_hearing(case_at, move, presider):
    cid = case_at("notified", penalties=["deregistration"], start=8)  # received 2 days ago
    today = datetime.date.today()
    counting_the_hearing_day = engine.add_working_days(today, 7).due  # only 6 working days strictly between
    before = snapshot(cid)
    forbidden(move(cid, "request_hearing", hearing_date=counting_the_hearing_day.isoformat(),
                   hearing_presider=presider.pk), "第六十四条", case_id=cid, before=before)
    in_time = engine.add_working_days(today, 8).due
    assert ok(move(cid, "request_hearing", hearing_date=in_time.isoformat(), hearing_presider=presider.pk))


def test_an_investigator_never_presides(case_at, move, officers):
    cid = case_at("notified", penalties=["deregistration"], start=8)
    before = snapshot(cid)
    forbidden(move(cid, "request_hearing", hearing_date=LATER, hearing_presider=officers[1].pk), "第六十四条",
              case_id=cid, before=before)


def test_no_decision_before_the_hearing_record(case_at, move, presider, statement):
    cid = case_at("notified", penalties=["deregistration"], start=8)
    ok(move(cid, "request_hearing", hearing_date=LATER, hearing_presider=presider.pk))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["deregistration"], content="撤销登记"),
              "第六十五条", case_id=cid, before=before)


def test_no_decision_dated_before_the_hearing(case_at, move, presider, agree_review, deliberate):
    cid = case_at("notified", penalties=["deregistration"], start=60)  # received 54 days ago
    ok(move(cid, "request_hearing", date=ago(53), hearing_date=ago(30), hearing_presider=presider.pk))
    ok(move(cid, "record_hearing", date=ago(30), hearing_record="当事人承认未参加年检。"))
    agree_review(cid, submitted=25, agreed=20)
    ok(deliberate(cid, 15))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", date=ago(31), outcome="penalty", penalties=["deregistration"],
                   content="撤销登记"), "第六十五条", case_id=cid, before=before)
    assert ok(move(cid, "decide", "leader", date=ago(10), outcome="penalty", penalties=["deregistration"],
                   content="撤销登记", serious_finding="听证后仍认定情节严重"))["state"] == "decided"


def test_a_deliberation_before_the_hearing_does_not_count(case_at, move, presider, agree_review, deliberate):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    ok(deliberate(cid, 53))
    ok(move(cid, "request_hearing", date=ago(52), hearing_date=ago(30), hearing_presider=presider.pk))
    ok(move(cid, "record_hearing", date=ago(30), hearing_record="当事人提出新的证据。"))
    agree_review(cid, submitted=25, agreed=20)
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", date=ago(10), outcome="penalty", penalties=["deregistration"],
                   content="撤销登记"), "第五十七条", "第六十五条", case_id=cid, before=before)


def test_the_large_fine_threshold_is_set_per_party_type(case_at, move, presider, apis):
    # 6,000 yuan: a large fine for a person (threshold 5,000), not for an organisation (10,000).
    organisation = case_at("notified", penalties=["fine"], fine=6000, start=8)
    before = snapshot(organisation)
    forbidden(move(organisation, "request_hearing", hearing_date=LATER, hearing_presider=presider.pk), "第六十三条",
              case_id=organisation, before=before)
    notice = next(d for d in apis["officer"].get(f"/api/cases/{organisation}/documents/").json()
                  if d["kind"] == "prior_notice")
    assert "要求举行听证" not in notice["body"]

    person = case_at("notified", penalties=["fine"], fine=6000, start=8,
                     lead={"party_kind": "person", "organisation": None, "person_name": "王某某"})
    notice = next(d for d in apis["officer"].get(f"/api/cases/{person}/documents/").json()
                  if d["kind"] == "prior_notice")
    assert "要求举行听证" in notice["body"]
    assert ok(move(person, "request_hearing", hearing_date=LATER, hearing_presider=presider.pk))["state"] == "hearing"


def test_a_new_notice_after_a_hearing_opens_a_new_hearing_window(case_at, move, presider, statement):
    cid = case_at("notified", penalties=["confiscation"], start=60)
    ok(move(cid, "request_hearing", date=ago(53), hearing_date=ago(30), hearing_presider=presider.pk))
    ok(move(cid, "record_hearing", date=ago(30), hearing_record="当事人提出新的事实。"))
    # The hearing changed the facts: the party is notified again, and may ask for a hearing again.
    ok(move(cid, "notify", notice_received_on=ago(0)))
    ok(statement(cid, "waived", 0))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["confiscation"], content="没收违法所得"),
              "第六十四条", case_id=cid, before=before)


def test_the_published_catalogue_uses_the_same_threshold(case_at, agency):
    """Art. 58 and the 重大执法决定法制审核目录: a fine entry without an amount of its own applies the one
    较大数额 setting for the party's type."""
    import datetime as dt

    from zhifa.reviews.services_catalogue import catalogue_publish_version

    catalogue_publish_version(agency=agency, entries=[{"kind": "fine_threshold", "description": "拟处较大数额罚款的"}],
                              effective_on=dt.date(2022, 1, 1))
    from zhifa.cases.models import Case

    organisation = case_at("investigation_closed", penalties=["fine"], fine=6000)
    person = case_at("investigation_closed", penalties=["fine"], fine=6000,
                     lead={"party_kind": "person", "organisation": None, "person_name": "王某某"})
    assert not Case.objects.get(pk=organisation).is_major
    assert Case.objects.get(pk=person).is_major
