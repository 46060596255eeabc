"""The national 双公示 penalty-notice fields (DOMAIN.md §4), filled from a decided case."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import strip_tags

from zhifa.cases.choices import DocumentKind, PartyKind, PenaltyKind
from zhifa.cases.models import Case

# Column codes in the order of the credit platform's layout.
COLUMNS = ["CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_SHZZ", "CF_FRDB", "CF_WSH", "CF_WFXW", "CF_SY",
           "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF", "CF_NR_ZKDX", "CF_JDRQ", "CF_YXQ", "CF_GSJZQ",
           "CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "BZ"]

CERTIFICATE_NAMES = {"social_group": "社会团体法人登记证书", "private_non_enterprise": "民办非企业单位登记证书",
                     "foundation": "基金会法人登记证书"}


def _wan(amount) -> str:
    """Yuan → 万元, as the platform expects (e.g. 0.5 for 5000 yuan)."""
    if amount is None:
        return ""
    return f"{(Decimal(amount) / Decimal(10000)).normalize():f}"


def decision_document(case: Case):
    return case.documents.filter(kind=DocumentKind.DECISION).order_by("-id").first()


def penalty_fields(case: Case, *, publication_end) -> dict[str, str]:
    organisation = case.organisation
    is_person = case.party_kind == PartyKind.PERSON
    decision = decision_document(case)
    penalties = case.decision_penalties or []
    revoked = PenaltyKind.DEREGISTRATION in penalties and organisation
    return {
        "CF_XDR_MC": case.party_name,
        "CF_XDR_LB": "自然人" if is_person else "法人及非法人组织",
        "CF_XDR_SHXYM": organisation.credit_code if organisation else "",
        "CF_XDR_SHZZ": organisation.certificate_number if organisation else "",
        "CF_FRDB": organisation.legal_representative if organisation else "",
        "CF_WSH": decision.number if decision else "",
        "CF_WFXW": "；".join(g.title for g in case.grounds.all()),
        "CF_SY": case.facts,
        "CF_YJ": case.decision_basis or "；".join(f"{g.regulation}{g.article}" for g in case.grounds.all()),
        "CF_CFLB": "；".join(PenaltyKind(p).label for p in penalties) or "不予处罚",
        "CF_NR": case.decision_content,
        "CF_NR_FK": _wan(case.decision_fine),
        "CF_NR_WFFF": _wan(case.decision_confiscation),
        "CF_NR_ZKDX": f"{CERTIFICATE_NAMES[organisation.type]} {organisation.certificate_number}" if revoked else "",
        "CF_JDRQ": case.decided_on.isoformat() if case.decided_on else "",
        "CF_YXQ": "2099-12-31" if revoked else (case.decided_on.isoformat() if case.decided_on else ""),
        "CF_GSJZQ": publication_end.isoformat() if publication_end else "",
        "CF_CFJG": case.agency.name,
        "CF_CFJGDM": case.agency.credit_code,
        "CF_SJLY": case.agency.name,
        "CF_SJLYDM": case.agency.credit_code,
        "BZ": change_note(case),
    }


def change_note(case: Case) -> str:
    """What an effective 变更 changed the served decision to, stated beside it in the notice."""
    changes = case.decision_changes()
    if not changes:
        return ""
    last = changes[-1]
    return (f"变更说明：本决定经{last.get('body', '')}{last.get('document_number', '')}变更，"
            f"自{last['effective_on']}起执行变更后的决定：{case.decision_content}")


def decision_text(case: Case) -> str:
    """The served decision as plain text: the published body must match it except for masking; a decision
    changed by an effective outcome carries the change after it."""
    decision = decision_document(case)
    if decision is None:
        return ""
    lines = [line.strip() for line in strip_tags(decision.body).splitlines()]
    return "\n".join([line for line in lines if line] + ([note] if (note := change_note(case)) else []))
