"""《中华人民共和国行政处罚法》第四条、第三十八条；《民办非企业单位登记管理暂行条例》第二十五条

第四条 公民、法人或者其他组织违反行政管理秩序的行为，应当给予行政处罚的，依照本法由法律、法规、规章规定，并由行政机关依照
本法规定的程序实施。

第三十八条 行政处罚没有依据或者实施主体不具有行政主体资格的，行政处罚无效。……

《民办非企业单位登记管理暂行条例》第二十五条 ……有违法经营额或者违法所得的，予以没收，可以并处违法经营额1倍以上3倍以下或者
违法所得3倍以上5倍以下的罚款。

A fine lies inside the range its ground sets: a fixed amount, or a multiple of the illegal turnover or gains
found; a ground with two ranges allows a fine inside either. Checked on the fine notified and on the fine
decided (DOMAIN.md §3.9).
"""

import pytest

from zhifa.cases.models import Case, GroundFineRange, ViolationGround

from tests.law.scenario import forbidden, ok, snapshot


@pytest.fixture
def multiple_ground(db):
    ground = ViolationGround.objects.create(
        code="TEST-MFQY-25", regulation="《民办非企业单位登记管理暂行条例》", article="第二十五条",
        title="从事营利性经营活动", penalty_kinds=["warning", "confiscation", "fine"])
    GroundFineRange.objects.create(ground=ground, basis="illegal_turnover", minimum=1, maximum=3)
    GroundFineRange.objects.create(ground=ground, basis="illegal_gains", minimum=3, maximum=5)
    return ground


@pytest.fixture
def amount_ground(db):
    ground = ViolationGround.objects.create(
        code="TEST-AMOUNT", regulation="《某规章》", article="第十二条", title="定额罚款的违法行为",
        penalty_kinds=["warning", "fine"])
    GroundFineRange.objects.create(ground=ground, basis="amount", minimum=1000, maximum=5000)
    return ground


def test_a_notified_fine_above_the_multiple_of_the_turnover_is_refused(case_at, multiple_ground, move):
    cid = case_at("investigation_closed", penalties=["warning", "fine"], fine=9000, lead={"grounds": [multiple_ground.pk]})
    before = snapshot(cid)
    body = forbidden(move(cid, "notify", illegal_turnover="2000"), "第二十五条", "第三十八条", case_id=cid, before=before)
    assert "2000元至6000元" in body["detail"]


def test_a_multiple_of_fine_needs_the_turnover_or_gains_found(case_at, multiple_ground, move):
    cid = case_at("investigation_closed", penalties=["warning", "fine"], fine=3000, lead={"grounds": [multiple_ground.pk]})
    before = snapshot(cid)
    body = forbidden(move(cid, "notify"), "第二十五条", case_id=cid, before=before)
    assert "未认定违法经营额" in body["detail"]
    # Either range will do: 3 times gains of 1000 is the lowest lawful fine here.
    assert ok(move(cid, "notify", illegal_gains="1000"))["state"] == "notified"
    assert Case.objects.get(pk=cid).illegal_gains == 1000


def test_the_decided_fine_is_checked_against_the_turnover_found_at_the_decision(case_at, multiple_ground, statement,
                                                                                  move):
    cid = case_at("notified", penalties=["warning", "fine"], fine=5000, start=60, lead={"grounds": [multiple_ground.pk]},
                  notify={"illegal_turnover": "2000"})
    ok(statement(cid, "not_made", 30))
    before = snapshot(cid)
    # The turnover is found lower at the decision: 1–3 times 1000 leaves no room for 5000.
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning", "fine"], fine="5000",
                   content="警告并罚款", illegal_turnover="1000"), "第二十五条", "第四条", case_id=cid, before=before)
    decided = ok(move(cid, "decide", "leader", outcome="penalty", penalties=["warning", "fine"], fine="4000",
                      content="警告并罚款"))
    assert decided["state"] == "decided" and decided["illegal_turnover"] == "2000.00"


def test_a_fixed_amount_range_holds_at_notification_and_decision(case_at, amount_ground, move, apis):
    cid = case_at("investigation_closed", penalties=["warning", "fine"], fine=500, lead={"grounds": [amount_ground.pk]})
    before = snapshot(cid)
    body = forbidden(move(cid, "notify"), "第十二条", "第三十八条", case_id=cid, before=before)
    assert "1000元至5000元" in body["detail"]
    # The detail already says why before anyone fills in the form.
    notify = next(a for a in apis["officer"].get(f"/api/cases/{cid}/").json()["actions"] if a["action"] == "notify")
    assert not notify["allowed"] and any("第十二条" in r["detail"] for r in notify["reasons"])
    assert ok(move(cid, "notify", fine="1000"))["notified_fine"] == "1000.00"


def test_the_grounds_catalogue_shows_the_ranges(apis, multiple_ground):
    ground = ok(apis["officer"].get(f"/api/violation-grounds/{multiple_ground.pk}/"))
    assert {(r["basis"], r["minimum"], r["maximum"]) for r in ground["fine_ranges"]} == {
        ("illegal_turnover", "1.00", "3.00"), ("illegal_gains", "3.00", "5.00")}
