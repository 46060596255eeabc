"""What other areas of Zhifa do when a case moves: every listener, named here, where a reader of cases/ looks
(the timeline of the case itself is events.py).

The procedure's effects call these functions inside the step's transaction, so a listener's failure undoes the
step. A listener's module depends on cases, so it is imported when the event happens, not at the top.
"""


def case_decided(*, case, actor) -> None:
    """A decision was made. Disclosure drafts its public notice (行政执法公示); the notice itself waits for
    the decision's service before it may be published (DOMAIN.md §4)."""
    from zhifa.disclosure.services import notice_draft_from_case

    notice_draft_from_case(case=case)


def fine_enforced(*, case) -> bool:
    """Whether the fine's enforcement is open: its payments are then recorded there, by bank receipt."""
    from zhifa.enforcement.models import Enforcement

    return Enforcement.objects.filter(case=case).exists()


def enforcement_ended(*, case) -> bool:
    """Whether the fine's enforcement has come to its end (performed, or ended by law: the court completed or
    terminated it), so that the case may close though the fine itself was not paid (DOMAIN.md §9)."""
    from zhifa.enforcement.selectors import enforcement_ended as ended

    return ended(case=case)
