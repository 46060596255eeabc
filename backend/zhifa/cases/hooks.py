"""What other areas of Zhifa do when a case moves: every listener, named here, where a reader of cases/ looks
(the timeline of the case itself is events.py).

The procedure's effects call these functions inside the step's transaction, so a listener's failure undoes the
step. A listener's module depends on cases, so it is imported when the event happens, not at the top.
"""


def filing_requested(*, case, actor, on, opinion: str) -> None:
    """An officer sent a lead for the leader's filing approval (报请立案审批): the case's leader, or every active
    leader of the agency while the lead has none, is notified, with the officer's opinion."""
    from zhifa.accounts.choices import Role
    from zhifa.accounts.models import User
    from zhifa.notifications.services import notify

    leaders = [case.leader] if case.leader_id else list(
        User.objects.filter(unit__agency_id=case.agency_id, role=Role.LEADER, is_active=True))
    notify(recipients=leaders, kind="filing_request", key=f"filing_request:{case.pk}",
           title=f"线索报请立案审批：{case.title}",
           message=f"{actor.full_name or actor.username} 于 {on:%Y-%m-%d} 报请立案。承办人意见：{opinion}",
           link=f"/app/cases/{case.pk}", subject=case)


def person_recused(*, case, person, actor) -> None:
    """The leader ordered someone to withdraw from the case (Art. 43). A legal review of the case they were
    assigned to and have not concluded goes back to the leader for another reviewer."""
    from zhifa.reviews.services import review_reviewer_withdrawn

    review_reviewer_withdrawn(case=case, person=person, actor=actor)


def case_decided(*, case, actor) -> None:
    """A decision was made. Disclosure drafts its public notice (行政执法公示); the notice itself waits for
    the decision's service before it may be published (DOMAIN.md §4)."""
    from zhifa.disclosure.services import notice_draft_from_case

    notice_draft_from_case(case=case)


def live_enforcement(*, case):
    """The fine's enforcement under the decision in force (a voided one, of a revoked decision, is not)."""
    from zhifa.enforcement.selectors import live_enforcement as live

    return live(case=case)


def fine_enforced(*, case) -> bool:
    """Whether the fine's enforcement is open: its payments are then recorded there, by bank receipt."""
    return live_enforcement(case=case) is not None


def fine_arranged_due(*, case):
    """The day the last part of the fine is due where the leader approved a deferral or instalments (Art. 66),
    else None: the case's payment deadline then follows the approved schedule, not the 15 days."""
    from zhifa.enforcement.surcharge import approved_arrangement, payment_schedule

    enforcement = live_enforcement(case=case)
    if enforcement is None or approved_arrangement(enforcement) is None:
        return None
    return max(item.due_on for item in payment_schedule(enforcement))


def enforcement_ended(*, case) -> bool:
    """Whether the fine's enforcement has come to its end (performed, or ended by law: the court completed or
    terminated it), so that the case may close though the fine itself was not paid (DOMAIN.md §9)."""
    from zhifa.enforcement.selectors import enforcement_ended as ended

    return ended(case=case)


def evidence_gathered_since(*, case, on) -> bool:
    """Whether evidence was collected for the case on or after `on`: new facts, for a decision made again."""
    from zhifa.evidence.models import EvidenceItem

    return EvidenceItem.objects.filter(case=case, collected_at__date__gte=on).exists()
