"""Enforcement documents (文书): numbered per agency, kind and year, rendered from templates.

The HTML body is rendered once, when the document is issued, and kept: the document says what it
said on the day. The PDF is rendered from the same HTML.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.template.loader import select_template

from zhifa.cases import hooks, periods
from zhifa.cases.choices import DocumentKind
from zhifa.cases.events import document_issued_event
from zhifa.cases.models import Case, Document
from zhifa.cases.numbering import format_number, next_number
from zhifa.cases.tasks import make_document_pdf
from zhifa.core.exceptions import InvalidInput

# The word after the agency's short name in each kind's number: 潜民罚决〔2023〕3号.
NUMBER_WORDS = {
    DocumentKind.FILING_APPROVAL: "罚立审",
    DocumentKind.INQUIRY_RECORD: "询",
    DocumentKind.INSPECTION_RECORD: "检",
    DocumentKind.INVESTIGATION_REPORT: "调终",
    DocumentKind.PRIOR_NOTICE: "罚告",
    DocumentKind.HEARING_NOTICE: "听通",
    DocumentKind.HEARING_RECORD: "听录",
    DocumentKind.DECISION: "罚决",
    DocumentKind.SERVICE_RECEIPT: "送",
    DocumentKind.CLOSING_REPORT: "结",
    DocumentKind.LEGAL_REVIEW_OPINION: "法审",
    DocumentKind.RECUSAL_DECISION: "回避",
    DocumentKind.EXTENSION_APPROVAL: "延审",
    DocumentKind.ENFORCEMENT_REMINDER: "催",
    DocumentKind.ENFORCEMENT_APPLICATION: "强执申",
}

def remedies_text(agency) -> str:
    """The remedies every decision carries (行政处罚法 Art. 59; 行政复议法 Art. 20, 24; 行政诉讼法 Art. 46)."""
    organ = agency.reconsideration_organ or "本级人民政府"
    return (f"如不服本决定，可以在收到本决定书之日起六十日内向{organ}申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼。")


def document_issue(*, case: Case, kind: str, actor, issued_on: datetime.date, officers=(),
                   content: dict | None = None, replaces: Document | None = None) -> Document:
    """Issue a numbered document. An issued one is never changed (PostgreSQL refuses it); a correction is a
    new document of the same case and kind naming the one it `replaces`."""
    if replaces is not None and (replaces.case_id != case.pk or replaces.kind != kind):
        raise InvalidInput("更正文书应与被更正的文书属于同一案件、同一种类。",
                           "A correction must be of the same case and kind as the document it replaces.",
                           fields={"replaces": ["不是本案同一种类的文书"]})
    year = issued_on.year
    sequence = next_number(agency=case.agency, kind=f"doc:{kind}", year=year)
    number = format_number(f"{case.agency.short_name}{NUMBER_WORDS[kind]}", year, sequence)
    document = Document(agency=case.agency, case=case, kind=kind, number=number, year=year, sequence=sequence,
                        issued_on=issued_on, content=content or {}, created_by=actor, replaces=replaces)
    document.body = render_document_body(document, present=officers)
    document.save()
    if officers:
        document.officers.set(officers)
    document_issued_event(case=case, actor=actor, on=issued_on, document=document)
    # The PDF is made in the background once the document is committed (queue `reports`); a lost
    # message costs nothing, as the download endpoint makes a missing PDF on demand.
    transaction.on_commit(lambda: make_document_pdf.delay(document.pk), robust=True)
    return document


def _signing_officers(case: Case, present, on: datetime.date) -> list:
    """The officers a document names: those present (with the credential they showed that day),
    or else the case's assigned officers."""
    from zhifa.accounts.models import User

    people = [p for p in present if isinstance(p, User)] or \
        list(User.objects.filter(pk__in=[p for p in present if not isinstance(p, User)]))
    if not people:
        return list(case.assignments.select_related("officer"))
    return [{"officer": person, "credential_number": getattr(person.current_credential(on), "number", "")}
            for person in people]


def case_name(case: Case) -> str:
    """The case as a document names it before 一案: the party, then the matter; a title that already starts
    with the party's name is not preceded by it again."""
    party, title = case.party_name or "", case.title or ""
    return title if party and title.startswith(party) else f"{party}{title}"


def render_document_body(document: Document, present=()) -> str:
    template = select_template([f"cases/documents/{document.kind}.html", "cases/documents/base.html"])
    case = document.case
    return template.render({
        "document": document, "case": case, "case_name": case_name(case), "agency": case.agency,
        "content": document.content,
        "title": document.get_kind_display(), "remedies": remedies_text(case.agency),
        "officers": _signing_officers(case, present, document.issued_on),
        "grounds": list(case.grounds.all()),
        # The closing report says how enforcement ended: the decision's live enforcement, not a voided one.
        "enforcement": hooks.live_enforcement(case=case),
        # The day counts a document states, in its words, from their one declaration (periods.py)
        "periods": {"statement": periods.STATEMENT.words(case.statement_period_days),
                    "hearing_request": periods.HEARING_REQUEST.words(),
                    "fine_payment": periods.FINE_PAYMENT.words()},
    })
