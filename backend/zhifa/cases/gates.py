"""The legal-review gate (法制审核) of major decisions, as an interface the reviews app plugs into.

The cases app asks three things of whoever provides legal review:
- `major_reason(case, penalties, fine)`: the catalogue entry the given penalties (notified or decided; by
  default those proposed) match, or None;
- `on_submit(case, actor, on, data)`: a case was submitted for review (freeze a package, …);
- `refusal(case, decided, on)`: None when the case has an agreed review, concluded on or before `on`, of
  exactly what is being decided (`decided`: outcome, penalties, fine), otherwise a Refusal saying why the
  decision may not be made yet.

The provider is named below (`LEGAL_REVIEW_PROVIDER`), where a reader of cases/ finds it; it is imported
on first use because the reviews app depends on cases. If it can't be loaded, a major case can be submitted
but never decided: the gate fails closed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Protocol

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Refusal:
    """Why the law forbids an action now, in Chinese and English."""

    zh: str
    en: str


class LegalReviewProvider(Protocol):
    def major_reason(self, *, case, penalties=None, fine=None) -> str | None: ...

    def on_submit(self, *, case, actor, on, data: dict) -> None: ...

    def refusal(self, *, case, decided=None, on=None) -> Refusal | None: ...


# The legal review (法制审核) of Art. 58 is the reviews app's: its review of the case, concluded and agreed.
LEGAL_REVIEW_PROVIDER = "zhifa.reviews.gate.ReviewGate"


@functools.cache
def _provider() -> LegalReviewProvider | None:
    try:
        return import_string(LEGAL_REVIEW_PROVIDER)()
    except ImportError:
        return None


def major_reason(*, case, penalties=None, fine=None) -> str | None:
    if (provider := _provider()) is not None:
        return provider.major_reason(case=case, penalties=penalties, fine=fine)
    from zhifa.cases.major import default_major_reason

    return default_major_reason(case, penalties, fine)


def legal_review_submitted(*, case, actor, on, data: dict) -> None:
    if (provider := _provider()) is not None:
        provider.on_submit(case=case, actor=actor, on=on, data=data)


def legal_review_refusal(*, case, decided=None, on=None) -> Refusal | None:
    if not case.is_major:
        return None
    if (provider := _provider()) is None:
        return Refusal("本案属于重大执法决定，须经法制审核同意后方可作出决定（法制审核模块未启用；行政处罚法第五十八条）。",
                       "A major decision needs an agreed legal review first (legal review is not enabled; Art. 58).")
    return provider.refusal(case=case, decided=decided, on=on)
