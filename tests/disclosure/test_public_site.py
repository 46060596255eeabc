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


# --- 2. HEAD and the favicon ---------------------------------------------------------------------------------


def test_head_is_answered_like_get_on_every_public_address_django_serves(published, publication_root):
    """Link checkers, crawlers and uptime monitors ask HEAD first: a 405 reads as a broken site."""
    public = Client()
    for path in ("/disclosure/", "/disclosure/index.html", f"/disclosure/notices/{published.slug}.html",
                 f"/disclosure/notices/{published.slug}.json", "/disclosure/feed.atom", "/disclosure/sitemap.xml",
                 "/disclosure/favicon.svg", "/disclosure/search/", "/disclosure/search/?q=协会"):
        get, head = public.get(path), public.head(path)
        assert get.status_code == 200 and head.status_code == 200, path
        assert head["Content-Type"] == get["Content-Type"], path
        assert int(head["Content-Length"]) == len(get.content) > 0, path
        assert head.content == b"", path
    assert public.head("/disclosure/notices/19990101-1.html").status_code == 404
    # Only reading is allowed.
    assert public.post("/disclosure/index.html").status_code == 405
    assert public.put("/disclosure/search/").status_code == 405


def test_every_page_links_the_site_emblem(published, publication_root):
    emblem = (publication_root / "favicon.svg").read_bytes()
    svg = ET.fromstring(emblem)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert not svg.findall(".//{http://www.w3.org/2000/svg}script") and b"href" not in emblem  # inert image
    response = Client().get("/disclosure/favicon.svg")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    pages = [p for p in publication_root.rglob("*.html")] + [None]
    for page in pages:
        html = (page.read_text() if page else Client().get("/disclosure/search/").content.decode())
        href = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)">', html)
        assert href, page
        if page:  # relative to the page: it resolves to the emblem wherever the site is served from
            assert (page.parent / href[1]).resolve() == (publication_root / "favicon.svg").resolve()
        else:
            assert href[1] == "/disclosure/favicon.svg"
