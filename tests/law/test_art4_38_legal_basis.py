"""《中华人民共和国行政处罚法》第四条、第五条、第三十八条；《社会团体登记管理条例》第三十条

第四条 公民、法人或者其他组织违反行政管理秩序的行为，应当给予行政处罚的，依照本法由法律、法规、规章规定，并由行政机关依照
本法规定的程序实施。

第五条 ……设定和实施行政处罚必须以事实为依据，与违法行为的事实、性质、情节以及社会危害程度相当。

第三十八条 行政处罚没有依据或者实施主体不具有行政主体资格的，行政处罚无效。……

《社会团体登记管理条例》第三十条 社会团体有下列情形之一的，由登记管理机关给予警告，责令改正，可以限期停止活动，并可以责令撤换
直接负责的主管人员；情节严重的，予以撤销登记；构成犯罪的，依法追究刑事责任：……

A decision imposes only the penalty kinds its grounds provide; a revocation on an Art. 30-pattern ground
records the finding of 情节严重 with its reasons (DOMAIN.md §3.9).
"""

from zhifa.cases.models import ViolationGround

from tests.law.scenario import forbidden, ok, snapshot


def test_a_penalty_the_ground_does_not_provide_is_refused(case_at, statement, move):
    warning_only = ViolationGround.objects.create(
        code="TEST-WARN", regulation="《某条例》", article="第一条", title="仅可警告的违法行为", penalty_kinds=["warning"])
    cid = case_at("notified", penalties=["warning", "fine"], fine=3000, start=60, lead={"grounds": [warning_only.pk]})
    ok(statement(cid, "not_made", 30))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning", "fine"], fine="3000",
                   content="警告并罚款"), "第三十八条", case_id=cid, before=before)
    assert ok(move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告"))["state"] == "decided"


def test_a_revocation_under_article_30_needs_a_finding_of_serious_circumstances(case_at, agree_review, statement,
                                                                                move, deliberate):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    ok(statement(cid, "not_made", 40))
    agree_review(cid, submitted=30, agreed=28)
    ok(deliberate(cid, 20))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["deregistration"], content="撤销登记"),
              "情节严重", case_id=cid, before=before)
    decided = ok(move(cid, "decide", "leader", outcome="penalty", penalties=["deregistration"], content="撤销登记",
                      serious_finding="连续两年不参加年检，经催告仍不参加，已停止活动，属情节严重"))
    assert decided["state"] == "decided" and "情节严重" in decided["serious_finding"]
