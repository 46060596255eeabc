"""《中华人民共和国行政处罚法》第六十一条；《中华人民共和国民事诉讼法》第八十七条至第九十五条

行政处罚法 第六十一条 行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，行政机关应当在七日内依照《中华人民共和国
民事诉讼法》的有关规定，将行政处罚决定书送达当事人。
当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式，将行政处罚决定书等送达当事人。

民事诉讼法 第八十九条 受送达人或者他的同住成年家属拒绝接收诉讼文书的，送达人可以邀请有关基层组织或者所在单位的代表到场，
说明情况，在送达回证上记明拒收事由和日期，由送达人、见证人签名或者盖章，把诉讼文书留在受送达人的住所；也可以把诉讼文书留在
受送达人的住所，并采用拍照、录像等方式记录送达过程，即视为送达。
第九十条 经受送达人同意，人民法院可以采用能够确认其收悉的电子方式送达诉讼文书。……以送达信息到达受送达人特定系统的日期为
送达日期。
第九十一条 直接送达诉讼文书有困难的，可以委托其他人民法院代为送达，或者邮寄送达。邮寄送达的，以回执上注明的收件日期为送达日期。
第九十二条 受送达人是军人的，通过其所在部队团以上单位的政治机关转交。
第九十三条 受送达人被监禁的，通过其所在监所转交。受送达人被采取强制性教育措施的，通过其所在强制性教育机构转交。
第九十五条 受送达人下落不明，或者用本节规定的其他方式无法送达的，公告送达。自发出公告之日起，经过三十日，即视为送达。
公告送达，应当在案卷中记明原因和经过。
"""

import datetime

import pytest

from zhifa.calendar import engine
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import Case

from tests.law.scenario import ago, forbidden, ok, snapshot

WARN = {"outcome": "penalty", "penalties": ["warning"], "content": "给予警告"}


@pytest.fixture
def decided(case_at, statement, move):
    """A warning decided 75 days ago, not yet served (filed 98 days ago; notified and received 94 days ago)."""
    cid = case_at("notified", start=100)
    ok(statement(cid, "not_made", 80))
    ok(move(cid, "decide", "leader", date=ago(75), **WARN))
    return cid


def test_no_electronic_service_without_the_partys_written_consent(decided, move):
    before = snapshot(decided)
    forbidden(move(decided, "serve", date=ago(74), service_method="electronic"), "第六十一条", "第九十条",
              case_id=decided, before=before)


def test_consent_signed_after_the_service_does_not_cover_it(decided, move):
    ok(move(decided, "record_service_consent", date=ago(70), electronic_service_address="xiehui@example.cn"))
    before = snapshot(decided)
    forbidden(move(decided, "serve", date=ago(74), service_method="electronic"), "第六十一条",
              case_id=decided, before=before)


def test_electronic_service_with_recorded_consent_is_served_on_the_day_it_arrives(decided, move, apis):
    # The consent to electronic service is a signed 送达地址确认书 the party gave during the investigation.
    ok(move(decided, "record_service_consent", date=ago(95), electronic_service_address="xiehui@example.cn"))
    served = ok(move(decided, "serve", date=ago(73), service_method="electronic"))
    assert served["state"] == "served" and served["served_on"] == ago(73)
    assert served["electronic_service_consent_on"] == ago(95)
    assert served["electronic_service_address"] == "xiehui@example.cn"


def test_consent_needs_the_address_it_agrees_to(decided, move):
    before = snapshot(decided)
    refused = move(decided, "record_service_consent", date=ago(74))
    assert refused.status_code == 400 and "electronic_service_address" in refused.json()["fields"]
    assert snapshot(decided) == before


def test_leaving_the_decision_at_the_address_needs_a_witness_or_a_recording(decided, move):
    before = snapshot(decided)
    forbidden(move(decided, "serve", date=ago(74), service_method="left_at_address",
                   service_refusal="法定代表人拒绝签收，称不服处罚"), "第八十九条", case_id=decided, before=before)
    refused = move(decided, "serve", date=ago(74), service_method="left_at_address", service_witnesses="园林街道办事处 周某")
    assert refused.status_code == 400 and "service_refusal" in refused.json()["fields"]
    assert snapshot(decided) == before


def test_left_at_the_address_before_a_witness_is_served_and_the_receipt_says_so(decided, move, apis):
    served = ok(move(decided, "serve", date=ago(74), service_method="left_at_address",
                     service_refusal="法定代表人拒绝签收，称不服处罚", service_witnesses="章华社区居委会 周某"))
    assert served["served_on"] == ago(74) and served["service_method"] == "left_at_address"
    receipt = [d for d in apis["officer"].get(f"/api/cases/{decided}/documents/").json() if d["kind"] == "service_receipt"]
    assert "法定代表人拒绝签收" in receipt[0]["body"] and "章华社区居委会 周某" in receipt[0]["body"]


def test_left_at_the_address_with_a_video_record_of_the_service(decided, move):
    served = ok(move(decided, "serve", date=ago(74), service_method="left_at_address",
                     service_refusal="拒绝开门接收", service_recording="执法记录仪视频 ZF-0001-20230512"))
    assert served["service_recording"] == "执法记录仪视频 ZF-0001-20230512"


def test_forwarding_is_not_a_way_to_serve_an_organisation(decided, move):
    before = snapshot(decided)
    forbidden(move(decided, "serve", date=ago(74), service_method="forwarded", service_agent="某部队政治工作部"),
              "第九十二条", case_id=decided, before=before)


def test_entrusted_service_names_who_serves_and_why(decided, move):
    before = snapshot(decided)
    refused = move(decided, "serve", date=ago(74), service_method="entrusted")
    assert refused.status_code == 400
    assert {"service_agent", "reason"} <= set(refused.json()["fields"])
    assert snapshot(decided) == before
    served = ok(move(decided, "serve", date=ago(72), service_method="entrusted", service_agent="武汉市民政局",
                     reason="当事人住所在武汉，直接送达有困难", service_recipient="王建华"))
    assert served["service_agent"] == "武汉市民政局" and served["served_on"] == ago(72)


def test_no_public_notice_before_other_methods_have_failed(decided, move):
    before = snapshot(decided)
    forbidden(move(decided, "serve", date=ago(10), service_method="public_notice", service_published_on=ago(70),
                   service_notice_reason="拟公告送达"), "第九十五条", case_id=decided, before=before)


def test_a_public_notice_says_why_it_was_needed(decided, move):
    before = snapshot(decided)
    refused = move(decided, "serve", date=ago(10), service_method="public_notice", service_published_on=ago(70),
                   party_whereabouts_unknown=True)
    assert refused.status_code == 400 and "service_notice_reason" in refused.json()["fields"]
    assert snapshot(decided) == before


def test_a_public_notice_is_not_service_until_thirty_days_have_passed(decided, move):
    ok(move(decided, "record_service_attempt", date=ago(74), service_method="post", reason="邮件因查无此单位被退回"))
    published = datetime.date.fromisoformat(ago(20))
    before = snapshot(decided)
    forbidden(move(decided, "serve", service_method="public_notice", service_published_on=ago(20),
                   service_notice_reason="邮寄送达被退回，住所地查无此单位"), "第九十五条", case_id=decided, before=before)
    assert Case.objects.get(pk=decided).served_on is None
    assert engine.add_calendar_days(published, 30).due > datetime.date.today()


def test_a_public_notice_after_a_failed_attempt_is_served_thirty_days_after_publication(decided, move):
    ok(move(decided, "record_service_attempt", date=ago(74), service_method="post", reason="邮件因查无此单位被退回"))
    ok(move(decided, "record_service_attempt", date=ago(72), service_method="in_person", reason="住所地已无人办公"))
    served = ok(move(decided, "serve", service_method="public_notice", service_published_on=ago(70),
                     service_notice_reason="邮寄送达被退回，直接送达时住所地已无人办公，下落不明"))
    deemed = engine.add_calendar_days(datetime.date.fromisoformat(ago(70)), 30).due
    assert served["served_on"] == deemed.isoformat()
    assert [a["method"] for a in served["service_attempts"]] == ["post", "in_person"]


def test_a_party_whose_whereabouts_are_unknown_may_be_served_by_public_notice(decided, move):
    served = ok(move(decided, "serve", service_method="public_notice", service_published_on=ago(70),
                     party_whereabouts_unknown=True, service_notice_reason="当事人已停止活动，负责人下落不明"))
    assert served["state"] == "served"


def test_publishing_the_notice_in_time_meets_the_seven_days_and_serves_thirty_days_later(decided, move):
    """Art. 61's days ask the bureau to serve; a notice published in them is on time, although the party counts
    as served only when Art. 95's 30 days have passed."""
    ok(move(decided, "record_service_attempt", date=ago(74), service_method="post", reason="邮件因查无此单位被退回"))
    published = ok(move(decided, "publish_service_notice", date=ago(72),
                        service_notice_reason="邮寄送达被退回，住所地查无此单位"))
    assert published["state"] == "decided" and published["service_published_on"] == ago(72)
    last = Case.objects.get(pk=decided).events_timeline.order_by("-id").first()
    assert last.action == "publish_service_notice" and last.reason == "邮寄送达被退回，住所地查无此单位"
    service_row = Case.objects.get(pk=decided).deadlines.get(kind=DeadlineKind.SERVICE)
    assert service_row.met_on.isoformat() == ago(72) and service_row.met_on <= service_row.due_date
    # Published once: a second notice is refused and changes nothing.
    before = snapshot(decided)
    forbidden(move(decided, "publish_service_notice", date=ago(70), service_notice_reason="再次公告"), "第九十五条",
              case_id=decided, before=before)
    # Served on the deemed day, without entering the publication again.
    served = ok(move(decided, "serve", service_method="public_notice"))
    deemed = engine.add_calendar_days(datetime.date.fromisoformat(ago(72)), 30).due
    assert served["served_on"] == deemed.isoformat()
    assert served["service_notice_reason"] == "邮寄送达被退回，住所地查无此单位"


def test_no_service_notice_is_published_before_other_methods_have_failed(decided, move, apis):
    before = snapshot(decided)
    actions = {a["action"]: a for a in apis["officer"].get(f"/api/cases/{decided}/").json()["actions"]}
    assert not actions["publish_service_notice"]["allowed"]
    assert "第九十五条" in actions["publish_service_notice"]["reasons"][0]["article"]
    forbidden(move(decided, "publish_service_notice", date=ago(72), service_notice_reason="拟公告送达"), "第九十五条",
              case_id=decided, before=before)
    refused = move(decided, "publish_service_notice", date=ago(72), party_whereabouts_unknown=True)
    assert refused.status_code == 400 and "service_notice_reason" in refused.json()["fields"]
    assert snapshot(decided) == before


def test_a_public_notice_is_not_a_failed_attempt(decided, move):
    refused = move(decided, "record_service_attempt", date=ago(74), service_method="public_notice", reason="公告")
    assert refused.status_code == 400 and "service_method" in refused.json()["fields"]


def test_the_serve_form_names_the_methods_fields(decided, apis):
    actions = {a["action"]: a for a in apis["officer"].get(f"/api/cases/{decided}/").json()["actions"]}
    names = {f["name"] for f in actions["serve"]["fields"]}
    assert {"service_method", "service_refusal", "service_witnesses", "service_recording", "service_agent",
            "service_published_on", "service_notice_reason"} <= names
    assert actions["record_service_attempt"]["allowed"] and actions["record_service_consent"]["allowed"]
