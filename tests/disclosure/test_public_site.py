"""The public site as a citizen, a search engine and an attacker meet it: absolute addresses from the configured
site address, HEAD and a favicon, search over everything a notice publishes (masked), and the furniture every
Chinese government site carries."""

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.db.models import Q
from django.test import Client
from django.utils import timezone

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


# --- 4. search -----------------------------------------------------------------------------------------------

ANNOUNCEMENT_BODY = ("经调查核实，下列组织未经登记，擅自以社会组织名义开展活动，涉嫌非法社会组织。请广大群众提高警惕。\n\n"
                     "1. 潜江市国学文化促进会（活动地域：潜江市园林街道）\n"
                     "2. 潜江市老年养生健康协会（活动地域：潜江市杨市街道）")


@pytest.fixture
def announcement(editors, client_for, django_capture_on_commit_callbacks):
    """An announcement of illegal organisations, whose names are listed only in its body."""
    notice = services.notice_create(actor=editors[0], kind="illegal_organisations", body=ANNOUNCEMENT_BODY,
                                    title="潜江市民政局关于公布一批涉嫌非法社会组织名单的公告")
    return publish(notice, editors, client_for, django_capture_on_commit_callbacks)


def search(**query) -> str:
    response = Client().get("/disclosure/search/", query)
    assert response.status_code == 200
    return response.content.decode()


def found(page: str) -> list[str]:
    """The notices a results page links to (slugs), in order."""
    results = page.split('<ol class="results">')[1].split("</ol>")[0] if '<ol class="results">' in page else ""
    return re.findall(r'href="/disclosure/notices/([\w-]+)\.html"', results)


def test_a_name_listed_only_in_an_announcements_body_is_found_and_marked(announcement, published):
    page = search(q="养生")
    assert found(page) == [announcement.slug]
    assert "查询结果（1 条）" in page
    assert "<mark>养生</mark>" in page  # the snippet quotes the body where the name stands
    assert "潜江市老年<mark>养生</mark>健康协会" in page
    # The full name, and a word of it with another one (every word must occur).
    assert found(search(q="潜江市老年养生健康协会")) == [announcement.slug]
    assert found(search(q="养生 杨市街道")) == [announcement.slug]
    assert found(search(q="养生 园林街道 不存在的词")) == []
    # "协会" is in both: the decision's party (潜江市龙虾产业协会) and the announcement's list.
    assert set(found(search(q="协会"))) == {announcement.slug, published.slug}
    # The API agrees.
    api = Client().get("/api/public/notices/", {"q": "养生"}).json()["results"]
    assert [result["url"] for result in api] == [f"/disclosure/notices/{announcement.slug}.html"]


def test_bigrams_that_occur_apart_are_not_a_match(announcement):
    """The bigram index only narrows: "养生协会" has all its bigrams' neighbours nowhere together."""
    assert found(search(q="健康促进")) == []
    assert found(search(q="生健")) == [announcement.slug]


def test_filters_by_kind_and_publication_date(announcement, published):
    today = timezone.localdate()  # the site's dates are Beijing dates
    assert found(search(q="协会", kind="illegal_organisations")) == [announcement.slug]
    assert found(search(q="协会", kind="penalty_decision")) == [published.slug]
    assert set(found(search(kind="penalty_decision"))) == {published.slug}  # a kind alone is a search
    assert set(found(search(q="协会", published_after=today.isoformat(), published_before=today.isoformat()))) \
        == {announcement.slug, published.slug}
    assert found(search(q="协会", published_after=(today + datetime.timedelta(days=1)).isoformat())) == []
    assert found(search(q="协会", published_before=(today - datetime.timedelta(days=1)).isoformat())) == []
    # The form keeps what was chosen.
    page = search(q="协会", kind="penalty_decision", published_after=today.isoformat())
    assert '<option value="penalty_decision" selected>' in page and f'value="{today.isoformat()}"' in page
    # Nonsense is refused by name, never a 500.
    page = search(q="协会", kind="secret_cases")
    assert 'role="alert"' in page and "公示类别" not in found(page) and found(page) == []
    api = Client().get("/api/public/notices/", {"kind": "secret_cases"})
    assert api.status_code == 400 and "kind" in str(api.json())
    assert len(Client().get("/api/public/notices/", {"kind": "illegal_organisations"}).json()["results"]) == 1


def test_what_a_searcher_types_is_never_markup(announcement):
    page = search(q='<script>alert(1)</script> 养生" onmouseover="x')
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert 'onmouseover="x' not in page
    page = search(q="养生 <b>")
    assert "<b>" not in page.split("<main")[1]
    # A term that is also markup's own word marks text, and adds no other tag.
    results = search(q="养生 li").split('<ol class="results">')
    assert len(results) == 1  # no notice holds "li"
    results = search(q="养生").split('<ol class="results">')[1].split("</ol>")[0]
    assert set(re.findall(r"<(/?\w+)", results)) == {"li", "/li", "a", "/a", "p", "/p", "time", "/time", "mark",
                                                      "/mark"}


def test_nothing_unmasked_can_be_searched_for_or_is_quoted(decide_case, editors, client_for,
                                                           django_capture_on_commit_callbacks):
    """An attacker searching for what the masking removed (a reporter's name, a third party's given name, a
    phone number written in the facts) finds nothing, and the index of every notice holds only the bigrams of
    its masked text, in which the scanner finds nothing."""
    from zhifa.core.search import bigrams
    from zhifa.disclosure.masking import pii_findings
    from zhifa.disclosure.selectors import public_search_text

    case = decide_case(reporter="欧阳娜娜", facts="经查，举报人欧阳娜娜反映该会收费，会员（电话13912345678）证实。")
    notice = Notice.objects.get(case=case)
    notice = publish(notice, editors, client_for, django_capture_on_commit_callbacks)
    general = services.notice_create(actor=editors[0], kind="general", title="关于会员张三丰反映情况的说明",
                                     body="联系人手机 13800138000，身份证 11010519491231002X", third_parties=["张三丰"])
    general = publish(general, editors, client_for, django_capture_on_commit_callbacks)
    services.notice_create(actor=editors[0], kind="general", title="草稿：欧阳娜娜", body="手机 13700137000")
    assert "13912345678" in notice.body and "欧阳娜娜" in notice.body  # the original still holds them
    for query in ("欧阳娜娜", "娜娜", "13912345678", "912345678", "11010519491231002X", "13800138000", "三丰",
                  "13700137000", "草稿"):
        assert found(search(q=query)) == [], query
        assert Client().get("/api/public/notices/", {"q": query}).json()["results"] == [], query
    page = search(q="电话")
    assert found(page) == [notice.slug] and "<mark>电话</mark>" in page
    assert "13912345678" not in page and "欧阳" not in page and not pii_findings(page)
    for each in Notice.objects.all():  # drafts included: the index is written when the draft is
        text = public_search_text(each)
        assert not pii_findings(text), each.title
        assert sorted(each.search_bigrams) == bigrams(text)
    for each in Notice.objects.filter(pk__in=[notice.pk, general.pk]):
        assert not {"娜娜", "阳娜", "三丰"} & set(each.search_bigrams)
    assert "会员张某" in general.masked_title and found(search(q="会员张某")) == [general.slug]  # the third party keeps the surname


# --- 5. what a government site carries -----------------------------------------------------------------------


def html_pages(root: Path) -> dict[str, str]:
    pages = {str(p.relative_to(root)): p.read_text() for p in root.rglob("*.html")}
    pages["(search)"] = search(q="协会")
    return pages


def test_every_page_carries_the_sites_sponsor_and_registrations_as_configured(
        settings, published, announcement, publication_root):
    settings.PUBLIC_SITE_SPONSOR = "潜江市民政局（测试）"
    settings.PUBLIC_SITE_CONTACT = "潜江市章华中路 民政局办公室"
    settings.PUBLIC_SITE_CODE = "4290050099"
    settings.PUBLIC_SITE_ICP = "鄂ICP备12345678号-1"
    settings.PUBLIC_SITE_PSB = "鄂公网安备42900502000777号"
    services.disclosure_site_rebuild()
    pages = html_pages(publication_root)
    assert len(pages) > 8
    for name, page in pages.items():
        footer = page.split('<footer class="site">')[1]
        assert "主办单位：潜江市民政局（测试）" in footer, name
        assert "联系方式：潜江市章华中路 民政局办公室" in footer, name
        assert "网站标识码：4290050099" in footer, name
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener noreferrer">鄂ICP备12345678号-1</a>' in footer, name
        assert "鄂公网安备42900502000777号</a>" in footer, name
        assert "<title>" in page and "- 潜江市民政局（测试）</title>" in page, name
    assert "潜江市民政局（测试）" in (publication_root / "feed.atom").read_text()
    # A registration not (yet) made is left out, not shown empty.
    settings.PUBLIC_SITE_PSB = ""
    services.disclosure_site_rebuild()
    page = (publication_root / "index.html").read_text()
    assert "公网安备" not in page and "网站标识码：4290050099" in page


def test_each_notice_has_its_information_box(published, announcement, publication_root, agency):
    for notice, document_number in ((published, published.masked_fields["CF_WSH"]), (announcement, "无")):
        page = (publication_root / notice.url_path).read_text()
        box = page.split('<section class="infobox" aria-label="信息索引">')[1].split("</section>")[0]
        entries = dict(re.findall(r"<dt>(.+?)</dt><dd>(.+?)</dd>", box))
        day = timezone.localtime(notice.published_at).date()
        assert entries["索引号"] == f"{agency.credit_code or agency.region_code}/{day.year}-{notice.pk:05d}"
        assert entries["发布机构"] == agency.name
        assert entries["文号"] == document_number and document_number
        assert entries["分类"] == notice.get_kind_display()
        assert re.sub(r"<[^>]+>", "", entries["发布日期"]) == day.isoformat()
    assert published.masked_fields["CF_WSH"].startswith("潜民罚")
    # 索引号 identify one notice each, for good.
    numbers = [re.search(r"<dt>索引号</dt><dd>(.+?)</dd>", (publication_root / n.url_path).read_text())[1]
               for n in (published, announcement)]
    assert len(set(numbers)) == 2
    services.disclosure_site_rebuild()
    assert numbers[0] in (publication_root / published.url_path).read_text()


def test_category_pages_are_paged_and_publishing_rewrites_only_the_last_pages(
        monkeypatch, editors, client_for, django_capture_on_commit_callbacks, publication_root):
    from zhifa.disclosure import site

    monkeypatch.setattr(site, "CATEGORY_SIZE", 2)
    notices = []
    for number in range(1, 6):
        notice = services.notice_create(actor=editors[0], kind="general", title=f"通知公告第{number}号",
                                        body="正文。")
        notices.append(publish(notice, editors, client_for, django_capture_on_commit_callbacks))
    first_page = (publication_root / "category/general/1.html").read_bytes()
    front = (publication_root / "category/general.html").read_text()
    assert "每页 2 条，第 1 页最早" in front
    assert [f"category/general/{n}.html" for n in (3, 2, 1)] == re.findall(r'href="\.\./(category/general/\d\.html)"',
                                                                            front)

    def listed(n):
        page = (publication_root / f"category/general/{n}.html").read_text()
        return re.findall(r"通知公告第(\d)号</a>", page)

    assert [listed(1), listed(2), listed(3)] == [["2", "1"], ["4", "3"], ["5"]]  # newest first within a page
    assert not (publication_root / "category/general/4.html").exists()
    page2 = (publication_root / "category/general/2.html").read_text()
    assert 'href="1.html" rel="prev"' in page2 and 'href="3.html" rel="next"' in page2
    assert 'rel="next"' not in (publication_root / "category/general/3.html").read_text()
    assert "第 2 页（共 3 页）" in page2

    # A sixth fills the last page and leaves the earlier pages alone; a seventh opens page 4, and page 3 links it.
    os_times = {n: (publication_root / f"category/general/{n}.html").stat().st_mtime_ns for n in (1, 2)}
    for number in (6, 7):
        notice = services.notice_create(actor=editors[0], kind="general", title=f"通知公告第{number}号", body="正文。")
        notices.append(publish(notice, editors, client_for, django_capture_on_commit_callbacks))
    assert {n: (publication_root / f"category/general/{n}.html").stat().st_mtime_ns for n in (1, 2)} == os_times
    assert (publication_root / "category/general/1.html").read_bytes() == first_page
    assert [listed(3), listed(4)] == [["6", "5"], ["7"]]
    assert 'href="4.html" rel="next"' in (publication_root / "category/general/3.html").read_text()

    # Withdrawing one takes it off its page; no notice changes page.
    services.notice_withdraw(notice_id=notices[2].pk, actor=editors[0], reason="内容有误", trigger="editor")
    services.notice_withdraw_publish(notice_id=notices[2].pk)
    assert [listed(1), listed(2), listed(3), listed(4)] == [["2", "1"], ["4"], ["6", "5"], ["7"]]

    # What publishing wrote is what a rebuild writes.
    incremental = site_files(publication_root)
    for path in incremental:
        (publication_root / path).unlink()
    services.disclosure_site_rebuild()
    assert site_files(publication_root) == incremental

    public = Client()
    assert public.get("/disclosure/category/general/4.html").status_code == 200
    for missing in ("category/general/5.html", "category/general/0.html", "category/nonsense/1.html",
                    "category/general/01.html", "category/general/-1.html"):
        assert public.get(f"/disclosure/{missing}").status_code == 404, missing


def test_the_elderly_mode_switch_is_a_labelled_button_and_its_script_is_part_of_the_site(
        published, publication_root):
    from zhifa.disclosure import site

    script = (publication_root / site.JS_PATH).read_text()
    assert "localStorage" in script and "aria-pressed" in script
    css = (publication_root / site.CSS_PATH).read_text()
    assert re.search(r"html\.care body\{font-size:(\d+)px", css) and \
        int(re.search(r"html\.care body\{font-size:(\d+)px", css)[1]) >= 20
    for name, page in html_pages(publication_root).items():
        assert '<button type="button" id="care-switch" class="care-switch" aria-pressed="false" hidden>适老化模式' \
               '</button>' in page, name
        src = re.search(r'<script src="([^"]+)"></script>', page)[1]
        if name == "(search)":
            assert src == f"/disclosure/{site.JS_PATH}"
        else:
            assert (publication_root / name).parent.joinpath(src).resolve() == (publication_root / site.JS_PATH).resolve()


def test_in_the_demo_data_a_name_from_the_2023_announcement_is_found(db, publication_root):
    """The finding, as reported: "养生" found nothing, and "协会" one notice."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    announcement = Notice.objects.get(kind="illegal_organisations", state="published")
    assert "潜江市老年养生健康协会" in announcement.masked_body and "养生" not in announcement.masked_title
    assert found(search(q="养生")) == [announcement.slug]
    assert found(search(q="潜江市老年养生健康协会")) == [announcement.slug]
    with_association = Notice.objects.filter(state="published").filter(
        Q(masked_title__contains="协会") | Q(masked_body__contains="协会"))
    assert len(found(search(q="协会"))) == min(with_association.count(), 50) > 1
