"""Cases built straight in the database at a given stage, for document and export tests.

The procedure itself is tested through the API elsewhere; these tests need many cases quickly, with
every field a document or a ledger row shows filled in.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from zhifa.cases.choices import PenaltyKind
from zhifa.cases.models import Case, CaseDeadline, CaseOfficer
from zhifa.cases.numbering import format_number, next_number

TODAY = datetime.date.today()


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


STAGES = ["lead", "filed", "investigating", "investigation_closed", "notified", "hearing", "decided", "served",
          "closed"]


def make_case(*, agency, unit, officers, leader, organisation=None, grounds=(), state="decided",
              title="未按规定参加年度检查", penalties=("deregistration",), fine=None, hearing=False, presider=None,
              overdue=False, **fields) -> Case:
    """A case at `state`, with the dates and data of every step before it."""
    reached = STAGES.index({"executing": "served", "archived": "closed"}.get(state, state))

    def at(stage):
        return reached >= STAGES.index(stage)

    party = organisation.name if organisation else fields.get("person_name", "张某某")
    penalty_text = "、".join(PenaltyKind(p).label for p in penalties)
    data = dict(
        agency=agency, unit=unit, state=state, title=title, source="annual_inspection", received_on=ago(90),
        party_kind="organisation" if organisation else "person", organisation=organisation, party_name=party,
        facts=f"{party}2022、2023年度连续两年未参加年度检查，经责令限期参加仍未参加。", act_date=ago(400),
        created_by=officers[0],
    )
    if at("filed"):
        sequence = next_number(agency=agency, kind="case", year=ago(80).year)
        data.update(number_year=ago(80).year, number_sequence=sequence, leader=leader, filed_on=ago(80),
                    number=format_number(agency.case_number_prefix, ago(80).year, sequence))
    if at("investigating"):
        data.update(investigation_started_on=ago(79))
    if at("investigation_closed"):
        data.update(investigation_closed_on=ago(60), proposed_outcome="penalty", proposed_penalties=list(penalties),
                    proposed_fine=fine,
                    proposed_content=f"撤销{party}登记" if "deregistration" in penalties else penalty_text,
                    is_major=bool({"deregistration", "stop_activities", "ban"} & set(penalties)),
                    major_reason="拟作出撤销登记决定" if "deregistration" in penalties else "")
    if at("notified"):
        data.update(notified_on=ago(50), notified_penalties=list(penalties), notified_fine=fine,
                    statement_status="not_made", statement_summary="当事人在法定期限内未提出陈述、申辩。")
    if hearing and at("hearing"):
        data.update(hearing_requested_on=ago(48), hearing_date=ago(35), hearing_notice_on=ago(47),
                    hearing_presider=presider, hearing_held_on=ago(35), procedure="hearing",
                    hearing_record="调查人员陈述违法事实、证据和处罚依据；当事人法定代表人称协会已停止活动，对事实无异议。",
                    statement_status="heard", statement_summary="当事人在听证中陈述、申辩，经复核不成立。")
    if at("decided"):
        data.update(decided_on=ago(30), decided_by=leader, decision_outcome="penalty",
                    decision_penalties=list(penalties), decision_fine=fine,
                    decision_content=f"撤销{party}登记，收缴其登记证书正本、副本和印章。" if "deregistration" in penalties else "",
                    decision_basis="")
    if at("served"):
        data.update(service_method="in_person", served_on=ago(28), execution_started_on=ago(27))
    if at("closed"):
        data.update(closed_on=ago(10), certificate_collected=True, seal_collected=True,
                    fine_paid_amount=fine, fine_paid_on=ago(20) if fine else None)
    data.update(fields)
    case = Case.objects.create(**data)
    if grounds:
        case.grounds.set(grounds)
    for index, officer in enumerate(officers):
        CaseOfficer.objects.create(case=case, officer=officer, credential_number=officer.current_credential().number,
                                   is_lead=index == 0)
    if overdue or (at("filed") and not at("decided")):
        due = ago(1) if overdue else TODAY + datetime.timedelta(days=20)
        CaseDeadline.objects.create(case=case, kind="decision", basis="《行政处罚法》第六十条", start_date=ago(80),
                                    period="90日", due_date=due)
    return case


def fine_case(**kwargs) -> Case:
    return make_case(penalties=("warning", "fine"), fine=Decimal("5000.00"), **kwargs)
