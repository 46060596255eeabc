"""The demo registers (DOMAIN.md §2): the seed's documents and certification matters, and every register
on the public site."""

import datetime

from django.core.management import call_command

from zhifa.disclosure.models import Notice
from zhifa.registers import draw as drawing
from zhifa.registers import publications
from zhifa.registers.choices import Register
from zhifa.registers.models import (
    AnnualReport,
    CertificationMatter,
    InspectionDraw,
    NormativeDocument,
    RegisterPublication,
)


def test_demo_registers_match_the_seed_and_are_published(db, publication_root):
    call_command("load_demo")

    invalid = NormativeDocument.objects.get(number="潜民政发〔2021〕12号")
    assert invalid.status == "invalid" and invalid.status_changed_on == datetime.date(2023, 11, 30)
    assert invalid.status_changes.get().reason.startswith("2023年度规范性文件清理")
    issued = NormativeDocument.objects.get(number="潜民政发〔2023〕37号")
    assert issued.status == "valid"
    assert issued.filings.get().result == "filed" and issued.filings.get().filing_number == "潜司规备〔2023〕21号"

    matters = CertificationMatter.objects.all()
    assert matters.filter(status="retained").count() == 7 and not matters.filter(status="cancelled").exists()
    assert not matters.filter(notification_commitment=True).exists()

    published = set(RegisterPublication.objects.filter(notice__state="published").values_list("register", flat=True))
    assert published == set(Register.values)
    for notice in Notice.objects.filter(register_publication__isnull=False):
        assert (publication_root / notice.url_path).exists()
    assert AnnualReport.objects.get(year=2023).state == "published"

    draw = InspectionDraw.objects.get()
    assert drawing.verify(pool=publications.verification_pool(draw.pool), pool_sha256=draw.pool_sha256,
                          seed_sha256=draw.seed_sha256, seed=draw.seed, result=draw.result) == []

    counts = (NormativeDocument.objects.count(), RegisterPublication.objects.count(), Notice.objects.count())
    call_command("load_demo")
    assert (NormativeDocument.objects.count(), RegisterPublication.objects.count(), Notice.objects.count()) == counts
