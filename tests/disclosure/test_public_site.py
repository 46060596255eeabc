"""The public site as a citizen, a search engine and an attacker meet it: absolute addresses from the configured
site address, HEAD and a favicon, search over everything a notice publishes (masked), and the furniture every
Chinese government site carries."""

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.test import Client

from zhifa.disclosure import services
from zhifa.disclosure.models import Notice

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://mzj.qianjiang.gov.cn/zhifa/disclosure/"


def publish(notice, editors, client_for, capture):
    first, second = (client_for(e) for e in editors)
    assert first.post(f"/api/disclosures/{notice.pk}/check-redaction/").status_code == 200
    with capture(execute=False):
        assert second.post(f"/api/disclosures/{notice.pk}/approve/").status_code == 200
    services.notice_publish(notice_id=notice.pk)
    return Notice.objects.get(pk=notice.pk)


@pytest.fixture
def published(decide_case, editors, client_for, django_capture_on_commit_callbacks):
    """A penalty decision published on the site."""
    return publish(Notice.objects.get(case=decide_case()), editors, client_for, django_capture_on_commit_callbacks)


def site_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --- 1. absolute addresses -----------------------------------------------------------------------------------


def test_feed_sitemaps_and_canonical_links_point_at_the_configured_site_address(
        settings, decide_case, editors, client_for, django_capture_on_commit_callbacks, publication_root):
    settings.PUBLIC_SITE_URL = SITE.rstrip("/")  # written without its last slash in the environment
    notice = publish(Notice.objects.get(case=decide_case()), editors, client_for, django_capture_on_commit_callbacks)
    services.disclosure_site_rebuild()
    files = site_files(publication_root)
    assert not [path for path, content in files.items() if b"127.0.0.1" in content or b"localhost" in content]

    feed = ET.fromstring(files["feed.atom"])
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")] + [e.text for e in feed.iter(f"{ATOM}id")]
    assert links and all(link.startswith(SITE) for link in links), links
    entry_links = [link.get("href") for entry in feed.iter(f"{ATOM}entry") for link in entry.iter(f"{ATOM}link")]
    assert entry_links == [f"{SITE}notices/{notice.slug}.html"]

    index = [loc.text for loc in ET.fromstring(files["sitemap.xml"]).iter(f"{SITEMAP}loc")]
    assert index and all(loc.startswith(SITE) for loc in index)
    pages = []
    for loc in index:
        pages += [page.text for page in ET.fromstring(files[loc.removeprefix(SITE)]).iter(f"{SITEMAP}loc")]
    assert f"{SITE}notices/{notice.slug}.html" in pages
    # Every address a crawler is given is a file of the site.
    assert all(page.removeprefix(SITE) in files for page in pages)

    page = files[f"notices/{notice.slug}.html"].decode()
    assert f'<link rel="canonical" href="{SITE}notices/{notice.slug}.html">' in page
