"""The feed and the sitemaps are XML whatever the database holds: a control character in a published notice
(written before the input normaliser existed, or by any path that skips it) is dropped, not written."""

import datetime
import xml.etree.ElementTree as ET

from django.test import Client

from zhifa.disclosure import services, site
from zhifa.disclosure.models import Notice

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _published_with_control_characters(decide_case, editors, client_for, django_capture_on_commit_callbacks):
    notice = Notice.objects.get(case=decide_case())
    first, second = (client_for(e) for e in editors)
    first.post(f"/api/disclosures/{notice.pk}/check-redaction/")
    with django_capture_on_commit_callbacks(execute=False):
        assert second.post(f"/api/disclosures/{notice.pk}/approve/").status_code == 200
    services.notice_publish(notice_id=notice.pk)
    # What the database may hold, however it got there.
    Notice.objects.filter(pk=notice.pk).update(masked_title="协会\x0b行政处罚\x01决定\x1f公示\ufffe",
                                               slug=f"{datetime.date.today():%Y%m%d}-{notice.pk}")
    return Notice.objects.get(pk=notice.pk)


def test_feed_and_sitemaps_parse_with_control_characters_in_the_database(
        decide_case, editors, client_for, publication_root, django_capture_on_commit_callbacks):
    notice = _published_with_control_characters(decide_case, editors, client_for, django_capture_on_commit_callbacks)
    services.disclosure_site_rebuild()
    feed = ET.fromstring((publication_root / "feed.atom").read_bytes())
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert "协会行政处罚决定公示" in titles
    index = ET.fromstring((publication_root / "sitemap.xml").read_bytes())
    months = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert months
    for month in (publication_root / "sitemaps").glob("*.xml"):
        locs = [loc.text for loc in ET.fromstring(month.read_bytes()).iter(f"{SITEMAP}loc")]
        assert all(loc.startswith("http") for loc in locs)
    assert any(notice.slug in (m.read_text()) for m in (publication_root / "sitemaps").glob("*.xml"))
    # Served locally as it was written.
    response = Client().get("/disclosure/feed.atom")
    assert response.status_code == 200 and ET.fromstring(response.content) is not None


def test_every_xml_file_of_the_site_is_written_through_the_xml_guard(decide_case, editors, client_for,
                                                                     publication_root,
                                                                     django_capture_on_commit_callbacks):
    _published_with_control_characters(decide_case, editors, client_for, django_capture_on_commit_callbacks)
    for path in site.all_files():
        content = site.site_file(path)
        if path.endswith((".xml", ".atom")):
            ET.fromstring(content)


def test_the_shuanggongshi_workbook_opens_with_a_control_character_in_a_notice(
        decide_case, editors, client_for, django_capture_on_commit_callbacks):
    import io

    import openpyxl

    notice = _published_with_control_characters(decide_case, editors, client_for, django_capture_on_commit_callbacks)
    Notice.objects.filter(pk=notice.pk).update(masked_fields={**notice.masked_fields, "CF_XDR_MC": "协会\x0b名称"})
    response = client_for(editors[0]).get("/api/disclosures/export/?format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(row=2, column=1).value == "协会名称"
