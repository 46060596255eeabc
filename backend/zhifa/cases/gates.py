"""The legal-review gate (法制审核) of major decisions, as an interface the reviews app plugs into.

The cases app asks three things of whoever provides legal review:
- `major_reason(case)`: the catalogue entry the case's proposed decision matches, or None;
- `on_submit(case, actor, on, data)`: a case was submitted for review (freeze a package, …);
- `refusal(case)`: None when the case has an agreed review of its current package, otherwise a
  Refusal saying why the decision may not be made yet.

Until a provider registers, a major case can be submitted but never decided: the gate fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Refusal:
    """Why the law forbids an action now, in Chinese and English."""

    zh: str
    en: str


class LegalReviewProvider(Protocol):
    def major_reason(self, *, case) -> str | None: ...

    def on_submit(self, *, case, actor, on, data: dict) -> None: ...

    def refusal(self, *, case) -> Refusal | None: ...


_provider: LegalReviewProvider | None = None


def register_legal_review_provider(provider: LegalReviewProvider) -> None:
    global _provider
    _provider = provider


def major_reason(*, case) -> str | None:
    if _provider is not None:
        return _provider.major_reason(case=case)
    from zhifa.cases.major import default_major_reason

    return default_major_reason(case)


def legal_review_submitted(*, case, actor, on, data: dict) -> None:
    if _provider is not None:
        _provider.on_submit(case=case, actor=actor, on=on, data=data)


def legal_review_refusal(*, case) -> Refusal | None:
    if not case.is_major:
        return None
    if _provider is None:
        return Refusal("本案属于重大执法决定，须经法制审核同意后方可作出决定（法制审核模块未启用）。",
                       "A major decision needs an agreed legal review first (legal review is not enabled).")
    return _provider.refusal(case=case)
