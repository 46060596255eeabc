"""The static public site, rendered from PostgreSQL.

Every file is a pure function of the database (`render_file`), so publishing one notice rewrites only
the files it appears in (`files_for_notice`), and `rebuild_disclosure_site` — which renders every
file — gives byte-identical output. Archives are by day, month and year, so the cost of publishing
does not grow with the number of notices already published.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from zhifa.disclosure.choices import NoticeKind, NoticeState
from zhifa.disclosure.models import ArchiveMonth, Notice
from zhifa.disclosure import verify  # the verification page (验真): its own files under verify/

TZ = ZoneInfo("Asia/Shanghai")
HAS_PAGE = [NoticeState.PUBLISHED, NoticeState.WITHDRAWN, NoticeState.EXPIRED]
LISTED = [NoticeState.PUBLISHED]
HOME_SIZE, CATEGORY_SIZE, FEED_SIZE = 20, 20, 50
CATEGORIES = [k for k in NoticeKind.values]

SITE_CSS = render_to_string("disclosure/site.css").encode()
CSS_PATH = f"assets/site.{hashlib.sha256(SITE_CSS).hexdigest()[:12]}.css"
# The one script: the 适老化 (elderly-friendly) switch. Every page works without it.
SITE_JS = render_to_string("disclosure/site.js").encode()
JS_PATH = f"assets/site.{hashlib.sha256(SITE_JS).hexdigest()[:12]}.js"
# The site's emblem, linked from every page (browsers show it in tabs and bookmarks).
FAVICON = render_to_string("disclosure/favicon.svg").encode()
FAVICON_PATH = "favicon.svg"
ASSETS = {CSS_PATH: SITE_CSS, JS_PATH: SITE_JS, FAVICON_PATH: FAVICON}


def local_date(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(TZ).date()


def notice_json(notice: Notice) -> bytes:
    """The canonical published content of a notice; its SHA-256 is printed on the page."""
    content = {
        "title": notice.masked_title, "kind": notice.kind, "fields": notice.masked_fields, "body": notice.masked_body,
        "publication_end": notice.publication_end.isoformat() if notice.publication_end else None,
        "published_at": notice.published_at.astimezone(TZ).isoformat(),
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# What a list entry shows (_list.html, feed.atom): lists read these columns, not whole notices.
LIST_COLUMNS = ("id", "kind", "state", "masked_title", "slug", "published_at")


def _listed():
    return Notice.objects.filter(state__in=LISTED).order_by("-published_at", "-id").only(*LIST_COLUMNS)


def _with_page():
    return Notice.objects.filter(state__in=HAS_PAGE)


def site_url() -> str:
    """The public site's configured address (PUBLIC_SITE_URL), ending in "/": the feed, the sitemaps and the
    canonical links are absolute URLs under it, whatever address the file was rendered or requested at."""
    return settings.PUBLIC_SITE_URL.rstrip("/") + "/"


def furniture() -> dict:
    """What the footer of every page says of the site (settings PUBLIC_SITE_*): 主办单位, contact, 网站标识码,
    ICP备案号, 公网安备号."""
    return {"sponsor": settings.PUBLIC_SITE_SPONSOR, "contact": settings.PUBLIC_SITE_CONTACT,
            "code": settings.PUBLIC_SITE_CODE, "icp": settings.PUBLIC_SITE_ICP, "psb": settings.PUBLIC_SITE_PSB}


def _page(template: str, root: str = "../", **context) -> bytes:
    """Pages link to each other relatively (root is the way back to the site's top), so the site
    works wherever it is served from: Django, nginx or a bucket."""
    context["root"] = root
    context.setdefault("css_path", CSS_PATH)
    context.setdefault("js_path", JS_PATH)
    context["furniture"] = furniture()
    context.setdefault("categories", [(k, NoticeKind(k).label) for k in CATEGORIES])
    context["site_url"] = site_url()
    return render_to_string(f"disclosure/{template}", context).encode()


def _day_range(day: datetime.date):
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=TZ)
    return start, start + datetime.timedelta(days=1)


def _month_range(year: int, month: int):
    start = datetime.datetime(year, month, 1, tzinfo=TZ)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=TZ)
    return start, end


def month_of(moment: datetime.datetime) -> datetime.date:
    return local_date(moment).replace(day=1)


def months_recount(months=None) -> None:
    """Recount the archive months given (every month when None) from the notices: ArchiveMonth holds what
    the month lists and category totals show. Call it, under the site lock, before rendering the files of
    notices that were published, withdrawn or expired."""
    notices = _with_page()
    counts = ArchiveMonth.objects.all()
    if months is not None:
        months = sorted(set(months))
        if not months:
            return
        spans = Q()
        for month in months:
            start, end = _month_range(month.year, month.month)
            spans |= Q(published_at__gte=start, published_at__lt=end)
        notices, counts = notices.filter(spans), counts.filter(month__in=months)
    rows = (notices.annotate(month=TruncMonth("published_at", tzinfo=TZ)).values("month", "kind")
            .annotate(total=Count("id"), listed=Count("id", filter=Q(state__in=LISTED))).order_by())
    counts.delete()
    ArchiveMonth.objects.bulk_create(ArchiveMonth(month=row["month"].astimezone(TZ).date(), kind=row["kind"],
                                                  total=row["total"], listed=row["listed"]) for row in rows)


def _month_counts() -> list[dict]:
    """Each month with notices, newest first: how many have a page, and how many are listed."""
    return list(ArchiveMonth.objects.values("month").annotate(total=Sum("total"), listed=Sum("listed"))
                .filter(total__gt=0).order_by("-month"))


# --- one function per kind of file ---------------------------------------------------------


def _home() -> bytes:
    return _page("home.html", root="", canonical="index.html", notices=list(_listed()[:HOME_SIZE]), months=list(_month_counts()[:12]))


# Category pages: the front page (category/<kind>.html) shows the latest; the numbered pages
# (category/<kind>/<n>.html) hold every notice of the kind that has a page, CATEGORY_SIZE each, counted from
# the oldest. A notice keeps its page for good (withdrawn and expired notices keep their place, unlisted), so
# publishing the newest notice rewrites the last page or two, never the whole category.


def _category_pages(kind: str) -> int:
    with_page = ArchiveMonth.objects.filter(kind=kind).aggregate(total=Sum("total"))["total"] or 0
    return -(-with_page // CATEGORY_SIZE)


def _category(kind: str) -> bytes:
    notices = list(_listed().filter(kind=kind)[:CATEGORY_SIZE])
    total = ArchiveMonth.objects.filter(kind=kind).aggregate(listed=Sum("listed"))["listed"] or 0
    pages = list(range(_category_pages(kind), 0, -1))
    return _page("category.html", kind=kind, kind_label=NoticeKind(kind).label, notices=notices, total=total,
                 pages=pages, page_size=CATEGORY_SIZE)


def _category_page(kind: str, number: int) -> bytes | None:
    pages = _category_pages(kind)
    if not 1 <= number <= pages:
        return None
    members = _with_page().filter(kind=kind).order_by("published_at", "id").only(*LIST_COLUMNS)
    members = members[(number - 1) * CATEGORY_SIZE:number * CATEGORY_SIZE]
    notices = sorted((n for n in members if n.state in LISTED), key=lambda n: (n.published_at, n.id), reverse=True)
    return _page("category_page.html", root="../../", kind=kind, kind_label=NoticeKind(kind).label,
                 notices=notices, number=number, pages=pages)


def _category_page_of(notice: Notice) -> int:
    earlier = _with_page().filter(kind=notice.kind).filter(
        Q(published_at__lt=notice.published_at) | Q(published_at=notice.published_at, id__lt=notice.id)).count()
    return earlier // CATEGORY_SIZE + 1


def _archive_index() -> bytes:
    return _page("archive_index.html", months=list(_month_counts()))


def _archive_month(year: int, month: int) -> bytes:
    start, end = _month_range(year, month)
    days = (_with_page().filter(published_at__gte=start, published_at__lt=end)
            .annotate(day=TruncDate("published_at", tzinfo=TZ)).values("day")
            .annotate(total=Count("id"), listed=Count("id", filter=Q(state__in=LISTED))).order_by("-day"))
    return _page("archive_month.html", year=year, month=month, days=list(days))


def _archive_day(day: datetime.date) -> bytes:
    start, end = _day_range(day)
    notices = list(_listed().filter(published_at__gte=start, published_at__lt=end))
    return _page("archive_day.html", day=day, notices=notices)


def _notice_page(notice: Notice) -> bytes:
    if notice.state == NoticeState.WITHDRAWN:
        return _page("notice_withdrawn.html", notice=notice, statement=getattr(notice, "withdrawal_statement", None))
    if notice.state == NoticeState.EXPIRED:
        return _page("notice_expired.html", notice=notice)
    content = notice_json(notice)
    fields = [(label, notice.masked_fields.get(code, "")) for code, label in FIELD_LABELS
              if notice.masked_fields.get(code) not in (None, "")]
    extra = {}
    if (figures := _annual_report_figures(notice)) is not None:
        from zhifa.registers import statistics  # the register's own presentation; imported late (no cycle)

        # as_svg escapes every text it writes, so the chart can go into the page as it is
        extra = {"chart_svg": mark_safe(statistics.as_svg(figures, agency_name=notice.agency.name)),
                 "xlsx_path": f"{notice.slug}.xlsx"}
    info = {"index_number": index_number(notice), "publisher": notice.agency.name,
            "document_number": (notice.masked_fields or {}).get("CF_WSH", "")}
    return _page("notice.html", notice=notice, fields=fields, sha256=hashlib.sha256(content).hexdigest(),
                 json_path=f"{notice.slug}.json", canonical=notice.url_path, info=info, **extra)


def index_number(notice: Notice) -> str:
    """The notice's 索引号 (政府信息公开 index number): the publishing agency's code (its unified social credit
    code, or its region code), the year of publication and the notice's number. It never changes."""
    agency = notice.agency
    return f"{agency.credit_code or agency.region_code}/{local_date(notice.published_at).year}-{notice.pk:05d}"


# --- registers: the annual statistics report's page shows its charts and links its workbook --------

ANNUAL_REPORT = "annual_report"  # zhifa.registers.choices.Register.ANNUAL_REPORT


def _annual_report_figures(notice: Notice) -> dict | None:
    fields = notice.masked_fields or {}
    if notice.kind == NoticeKind.REGISTER and fields.get("register") == ANNUAL_REPORT \
            and isinstance(fields.get("figures"), dict):
        return fields["figures"]
    return None


def _annual_report_xlsx(notice: Notice) -> bytes | None:
    figures = _annual_report_figures(notice)
    if figures is None or notice.state != NoticeState.PUBLISHED:
        return None
    from zhifa.registers import statistics

    return statistics.as_xlsx(figures, agency_name=notice.agency.name)


def _feed() -> bytes:
    notices = list(_listed()[:FEED_SIZE])
    updated = notices[0].published_at if notices else datetime.datetime(2000, 1, 1, tzinfo=TZ)
    return _page("feed.atom", notices=notices, updated=updated)


def _sitemap_index() -> bytes:
    return _page("sitemap_index.xml", months=list(_month_counts()))


def _sitemap_month(year: int, month: int) -> bytes:
    start, end = _month_range(year, month)
    # A month holds every notice published in it, and is rewritten whenever one is: its entries are
    # written here from two columns, not through the template engine, so that a busy month costs little.
    loc = escape(site_url())
    entries = "".join(
        f"<url><loc>{loc}notices/{escape(slug)}.html</loc><lastmod>{local_date(published_at):%Y-%m-%d}</lastmod></url>\n"
        for slug, published_at in _with_page().filter(published_at__gte=start, published_at__lt=end)
        .order_by("published_at", "id").values_list("slug", "published_at"))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n").encode()


FIELD_LABELS = [
    ("CF_XDR_MC", "行政相对人名称"), ("CF_XDR_LB", "行政相对人类别"), ("CF_XDR_SHXYM", "统一社会信用代码"),
    ("CF_XDR_SHZZ", "社会组织登记证号"), ("CF_FRDB", "法定代表人"), ("CF_WSH", "行政处罚决定书文号"),
    ("CF_WFXW", "违法行为类型"), ("CF_SY", "违法事实"), ("CF_YJ", "处罚依据"), ("CF_CFLB", "处罚类别"),
    ("CF_NR", "处罚内容"), ("CF_NR_FK", "罚款金额（万元）"), ("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）"),
    ("CF_NR_ZKDX", "暂扣或吊销证照名称及编号"), ("CF_JDRQ", "处罚决定日期"), ("CF_YXQ", "处罚有效期"),
    ("CF_GSJZQ", "公示截止期"), ("CF_CFJG", "处罚机关"), ("CF_CFJGDM", "处罚机关统一社会信用代码"),
    ("CF_SJLY", "数据来源单位"), ("CF_SJLYDM", "数据来源单位统一社会信用代码"), ("BZ", "备注"),
]

# --- paths ----------------------------------------------------------------------------------

_NOTICE = re.compile(r"^notices/(?P<slug>[\w-]+)\.(?P<ext>html|json|xlsx)$")
_DAY = re.compile(r"^archive/(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\.html$")
_MONTH = re.compile(r"^archive/(?P<y>\d{4})-(?P<m>\d{2})\.html$")
_SITEMAP = re.compile(r"^sitemaps/(?P<y>\d{4})-(?P<m>\d{2})\.xml$")
_CATEGORY = re.compile(r"^category/(?P<kind>\w+)\.html$")
_CATEGORY_PAGE = re.compile(r"^category/(?P<kind>\w+)/(?P<n>[1-9]\d{0,8})\.html$")


def render_file(path: str) -> bytes | None:
    """The content of one file of the site as the database says now; None means it should not exist."""
    fixed = {"index.html": _home, "archive/index.html": _archive_index, "feed.atom": _feed,
             "sitemap.xml": _sitemap_index}
    if path in fixed:
        return fixed[path]()
    if path.startswith(verify.PREFIX):
        return verify.render_file(path)
    if path in ASSETS:
        return ASSETS[path]
    if match := _NOTICE.match(path):
        notice = _with_page().select_related("withdrawal_statement", "agency").filter(slug=match["slug"]).first()
        if notice is None:
            return None
        if match["ext"] == "json":
            return notice_json(notice) if notice.state == NoticeState.PUBLISHED else None
        if match["ext"] == "xlsx":
            return _annual_report_xlsx(notice)
        return _notice_page(notice)
    if match := _CATEGORY.match(path):
        return _category(match["kind"]) if match["kind"] in CATEGORIES else None
    if match := _CATEGORY_PAGE.match(path):
        return _category_page(match["kind"], int(match["n"])) if match["kind"] in CATEGORIES else None
    if match := _DAY.match(path):
        return _archive_day(datetime.date(int(match["y"]), int(match["m"]), int(match["d"])))
    if match := _MONTH.match(path):
        return _archive_month(int(match["y"]), int(match["m"]))
    if match := _SITEMAP.match(path):
        return _sitemap_month(int(match["y"]), int(match["m"]))
    return None


def files_for_notice(notice: Notice) -> list[str]:
    """Every file a change to this notice can alter: its own pages and the indexes it appears on."""
    day = local_date(notice.published_at)
    # Its category page, the one before (which links to a new last page) and any after (a notice published
    # with an earlier date moves the later ones along).
    first = max(1, _category_page_of(notice) - 1)
    return [
        f"notices/{notice.slug}.html", f"notices/{notice.slug}.json", "index.html",
        *(f"category/{kind}.html" for kind in CATEGORIES),  # a handful of short pages: always kept current
        *(f"category/{notice.kind}/{n}.html" for n in range(first, _category_pages(notice.kind) + 1)),
        "archive/index.html", f"archive/{day:%Y-%m}.html", f"archive/{day:%Y-%m-%d}.html", "feed.atom",
        "sitemap.xml", f"sitemaps/{day:%Y-%m}.xml", *ASSETS,
        *([f"notices/{notice.slug}.xlsx"] if _annual_report_figures(notice) is not None else []),
    ]


def all_files() -> list[str]:
    """Every file of the site, for a full rebuild."""
    paths = {"index.html", "archive/index.html", "feed.atom", "sitemap.xml", *ASSETS}
    paths |= {f"category/{kind}.html" for kind in CATEGORIES}
    paths |= {f"category/{kind}/{n}.html" for kind in CATEGORIES for n in range(1, _category_pages(kind) + 1)}
    for slug, published_at in _with_page().values_list("slug", "published_at").iterator(chunk_size=5000):
        day = local_date(published_at)
        paths |= {f"notices/{slug}.html", f"notices/{slug}.json", f"archive/{day:%Y-%m}.html",
                  f"archive/{day:%Y-%m-%d}.html", f"sitemaps/{day:%Y-%m}.xml"}
    reports = _with_page().filter(kind=NoticeKind.REGISTER, masked_fields__register=ANNUAL_REPORT)
    paths |= {f"notices/{slug}.xlsx" for slug in reports.values_list("slug", flat=True)}
    paths |= set(verify.all_files())
    return sorted(paths)


def write_notice_files(store, notices) -> int:
    """After these notices were published, withdrawn or expired: recount their months and write every file
    they appear in, each once. Returns how many files were written."""
    months_recount(month_of(notice.published_at) for notice in notices)
    return write_files(store, list(dict.fromkeys(path for notice in notices for path in files_for_notice(notice))))


# Characters XML 1.0 does not allow (C0 controls but tab and line breaks, lone surrogates, U+FFFE/U+FFFF): a
# feed or sitemap holding one is not XML, and every reader refuses the whole file.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XML_SUFFIXES = (".xml", ".atom")


def xml_safe(content: bytes) -> bytes:
    """The file without the characters XML forbids, whatever the database holds."""
    return XML_ILLEGAL.sub("", content.decode("utf-8", "replace")).encode("utf-8")


def site_file(path: str) -> bytes | None:
    """What is written for a path: the rendered file, made valid XML where the file is XML. Every file of
    the public site is written through here."""
    content = render_file(path)
    if content is not None and path.endswith(XML_SUFFIXES):
        content = xml_safe(content)
    return content


def write_files(store, paths) -> int:
    """Render and write (or remove) each path; returns how many files were written."""
    written = 0
    for path in paths:
        content = site_file(path)
        if content is None:
            store.delete(path)
        else:
            store.write(path, content)
            written += 1
    return written
