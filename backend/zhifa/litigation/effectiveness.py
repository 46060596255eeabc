"""When an outcome becomes legally effective (发生法律效力), the only moment it may act on the decision
(DOMAIN.md §7): withdraw the notice, restore the registry, refund the fine.

- A reconsideration decision takes effect when it is served (行政复议法 Art. 75 ¶2).
- A first-instance judgment or ruling takes effect when its appeal window (15 days for a judgment, 10 for a
  ruling, from receipt) has passed unappealed (行政诉讼法 Art. 85); appealed, it never does: the second
  instance decides, and its judgment is final on service (Art. 7, 两审终审).
- A mediation document takes effect when the parties sign for it.
"""

from __future__ import annotations

import datetime

from zhifa.litigation import periods
from zhifa.litigation.choices import MatterKind, OutcomeForm
from zhifa.litigation.models import Matter


def outcome_effective_on(matter: Matter) -> datetime.date | None:
    """The day the matter's outcome is (or will be, if nobody appeals) legally effective; None while it has
    none, or after an appeal."""
    if not matter.outcome or not (matter.outcome_received_on or matter.outcome_on):
        return None
    received = matter.outcome_received_on or matter.outcome_on
    appealable = matter.kind == MatterKind.FIRST_INSTANCE and matter.outcome_form in (OutcomeForm.JUDGMENT,
                                                                                     OutcomeForm.RULING)
    if not appealable:
        return received
    if matter.appealed_on:
        return None
    window = periods.APPEAL_JUDGMENT if matter.outcome_form == OutcomeForm.JUDGMENT else periods.APPEAL_RULING
    return window.due(received).due + datetime.timedelta(days=1)

