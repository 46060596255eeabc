"""《中华人民共和国行政处罚法》第六十一条；《中华人民共和国民事诉讼法》第八十七条、第九十五条

行政处罚法 第六十一条 行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，行政机关应当在七日内依照《中华人民共和国
民事诉讼法》的有关规定，将行政处罚决定书送达当事人。
民事诉讼法 第八十七条 送达诉讼文书必须有送达回证，由受送达人在送达回证上记明收到日期，签名或者盖章。受送达人在送达回证上的
签收日期为送达日期。
第九十五条 ……自发出公告之日起，经过三十日，即视为送达。

A decision takes effect when it is served: a revoked organisation's registry status changes on the service
date (the deemed date of a public notice), not on the decision date (DOMAIN.md §3.10).
"""

import pytest

from tests.law.scenario import ago, ok

REVOKE = {"outcome": "penalty", "penalties": ["deregistration"], "content": "撤销潜江市龙虾产业协会登记",
          "serious_finding": "连续两年不参加年度检查，经催告仍不参加，且已停止开展活动，属情节严重"}


@pytest.fixture
def revoked(case_at, agree_review, statement, move, deliberate):
    """A revocation decided 75 days ago after review and deliberation, not yet served."""
    cid = case_at("notified", penalties=["deregistration"], start=100)
    ok(statement(cid, "not_made", 85))
    agree_review(cid, submitted=82, agreed=80)
    ok(deliberate(cid, 76))
    ok(move(cid, "decide", "leader", date=ago(75), **REVOKE))
    return cid


def test_a_revoked_organisation_stays_registered_until_the_decision_is_served(revoked, organisation):
    organisation.refresh_from_db()
    assert organisation.status == "normal"


def test_the_registry_status_changes_on_the_service_date(revoked, move, organisation):
    ok(move(revoked, "serve", date=ago(74), service_method="in_person", service_recipient="王建华"))
    organisation.refresh_from_db()
    assert organisation.status == "deregistered" and organisation.status_changed_on.isoformat() == ago(74)


def test_a_revocation_served_by_public_notice_takes_effect_on_the_deemed_date(revoked, move, organisation):
    ok(move(revoked, "record_service_attempt", date=ago(74), service_method="post", reason="邮件被退回"))
    served = ok(move(revoked, "serve", service_method="public_notice", service_published_on=ago(70),
                     service_notice_reason="邮寄被退回，住所地已无人办公"))
    organisation.refresh_from_db()
    assert organisation.status == "deregistered"
    assert organisation.status_changed_on.isoformat() == served["served_on"]
