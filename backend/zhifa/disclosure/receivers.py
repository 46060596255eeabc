from zhifa.disclosure.services import notice_draft_from_case


def draft_notice_for_decision(sender, case, actor, **kwargs):
    """A decision was made: draft its public notice in the same transaction."""
    notice_draft_from_case(case=case)
