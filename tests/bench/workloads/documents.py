"""Workload 7: a document's PDF, rendering and signing (DOMAIN.md §11), in ms per document.

The document is a two-page penalty decision built in memory (no database rows needed): rendered by WeasyPrint
as `cases.pdf` does (QR code, printed code, the seal placeholder found in the layout), then sealed with a PAdES
signature by the demo agency certificate, the key loaded once per process as in a worker. Figures: signing's
cost per document against rendering's (target: signing adds at most a quarter), and validating a signed PDF
(pyHanko's validator, chain to the demo CA) against the same rendering.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path

from tests.bench.harness import Figure, interleaved

PARAGRAPH = ("<p class=\"lead\">经查明：当事人未按规定参加年度检查，经责令限期参加仍未参加。以上事实，有询问笔录、现场检查笔录"
             "及本机关依法收集的其他证据证实，证据目录附卷备查。当事人在法定期限内提出了陈述、申辩意见，本机关已对当事人"
             "提出的事实、理由和证据进行了复核。</p>")


def _document():
    from zhifa.accounts.models import Agency, User
    from zhifa.cases.models import Document

    agency = Agency(name="潜江市民政局", short_name="潜民", region_code="429005", case_number_prefix="潜民罚立")
    leader = User(username="bench-leader", full_name="刘局长", role="leader")
    body = ("<header class=\"document-header\"><p class=\"agency\">潜江市民政局</p><p class=\"title\">行政处罚决定书</p>"
            "<p class=\"number\">潜民罚决〔2026〕1号</p></header>" + PARAGRAPH * 14 +
            "<footer class=\"signature\"><p class=\"organ\">潜江市民政局</p><p class=\"seal-area\">（印章）</p>"
            "<p class=\"date\">2026年11月7日</p></footer>")
    return Document(agency=agency, kind="decision", number="潜民罚决〔2026〕1号", year=2026, sequence=1,
                    issued_on=datetime.date(2026, 11, 7), body=body, created_by=leader)


def run(spec: dict) -> dict:
    from django.conf import settings

    from zhifa.cases import pdf, signing

    settings.DOCUMENT_SIGNING_DEMO_DIR = str(Path(spec["scratch_dir"]) / "signing")
    settings.DOCUMENT_SIGNING_PKCS12_FILE = ""
    settings.DOCUMENT_SIGNING_ALLOW_DEMO = True
    document = _document()
    credentials = signing.signing_credentials(document.agency)  # made and loaded once, as a worker keeps it
    rendered, page, box = pdf.document_pdf_render(document)
    signed = signing.sign_pdf(rendered, document, box=box, page=page, credentials=credentials)
    assert signing.validate_pdf(signed, credentials.trust_roots).valid, "the benchmark's signature does not validate"

    def timed(work):
        def measure() -> float:
            start = time.perf_counter()
            work()
            return (time.perf_counter() - start) * 1000
        return measure

    samples = interleaved({
        "render": timed(lambda: pdf.document_pdf_render(document)),
        "sign": timed(lambda: signing.sign_pdf(rendered, document, box=box, page=page, credentials=credentials)),
        "validate": timed(lambda: signing.validate_pdf(signed, credentials.trust_roots)),
    }, runs=spec["runs"], warmup=1)
    extra = {"rendered_bytes": len(rendered), "signed_bytes": len(signed)}
    figures = [
        Figure("signing a document's PDF (PAdES, visible seal)", "ms/document", samples["sign"],
               "rendering the same PDF (WeasyPrint)", samples["render"], target="ratio <= 0.25",
               target_ratio=0.25, extra=extra),
        Figure("validating a signed PDF (pyHanko, chain to the CA)", "ms/document", samples["validate"],
               "rendering the same PDF (WeasyPrint)", samples["render"]),
    ]
    return {"figures": [figure.summary() for figure in figures]}
