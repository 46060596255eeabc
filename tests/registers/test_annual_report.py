"""The annual statistics report on a known data set, its XLSX and SVG, publication, and the January alerts."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.test import Client

from zhifa.cases.models import Case, TimelineEvent
from zhifa.disclosure import services as disclosure
from zhifa.disclosure.models import Notice
from zhifa.litigation.models import Matter
from zhifa.notifications.models import Notification
from zhifa.registers import alerts, services, statistics
from zhifa.registers.models import AnnualReport
from zhifa.reviews.models import Package, Review

TZ = ZoneInfo("Asia/Shanghai")
D = datetime.date
REPORTS = "/api/registers/annual-reports/"


@pytest.fixture
def known_year(agency, unit, leader, keeper, organisation):
    """2023: five cases filed, five decided (one filed in 2022), one dropped, one hearing, one review
    with two opinions, three reconsideration or litigation matters (two concluded), four decision notices
    (on time, late, overdue, lawfully not published); and a case, a matter and a notice of 2024."""
    serial = iter(range(1, 100))

    def case(party_kind="organisation", filed=None, decided=None, outcome="", penalties=(), fine=None, **extra):
        return Case.objects.create(
            agency=agency, unit=unit, created_by=keeper, title="案", source="report", party_kind=party_kind,
            organisation=organisation if party_kind == "organisation" else None, party_name="当事人",
            received_on=filed - datetime.timedelta(days=5), filed_on=filed, number_year=filed.year,
            number_sequence=next(serial), leader=leader, decided_on=decided, decision_outcome=outcome,
            decision_penalties=list(penalties), decision_fine=fine, notified_on=decided and filed,
            statement_status="not_made", state="decided" if decided else "investigating", **extra)

    case(filed=D(2023, 3, 1), decided=D(2023, 5, 10), outcome="penalty", penalties=["warning", "fine"], fine=5000)
    major = case(filed=D(2023, 4, 1), decided=D(2023, 6, 1), outcome="penalty", penalties=["deregistration"],
                 is_major=True, hearing_requested_on=D(2023, 5, 1), hearing_held_on=D(2023, 5, 15))
    case("person", filed=D(2023, 2, 1), decided=D(2023, 3, 1), outcome="no_penalty")
    case("illegal_organisation", filed=D(2023, 7, 1), decided=D(2023, 8, 1), outcome="penalty", penalties=["ban"])
    case(filed=D(2022, 12, 1), decided=D(2023, 1, 10), outcome="penalty", penalties=["fine"], fine=2000)
    dropped = case(filed=D(2023, 9, 1))
    Case.objects.filter(pk=dropped.pk).update(state="dropped")
    TimelineEvent.objects.create(case=dropped, kind="transition", action="drop", from_state="investigating",
                                 to_state="dropped", occurred_on=D(2023, 10, 1))
    case(filed=D(2024, 1, 5), decided=D(2024, 2, 1), outcome="penalty", penalties=["warning"])  # another year

    review = Review.objects.create(agency=agency, case=major, state="agreed", submitted_on=D(2023, 5, 20),
                                   due_date=D(2023, 6, 5), concluded_on=D(2023, 5, 28))
    for number, outcome, day in ((1, "correct", D(2023, 5, 25)), (2, "agree", D(2023, 5, 28))):
        Package.objects.create(review=review, number=number, submitted_by=keeper, submitted_on=day, content={},
                               content_sha256="0" * 64, outcome=outcome, decided_on=day)

    def notice(due, published=None, state="draft", kind="penalty_decision", **extra):
        at = datetime.datetime.combine(published, datetime.time(9), TZ) if published else None
        return Notice.objects.create(agency=agency, kind=kind, state=state, title="公示", due_date=due,
                                     published_at=at, slug=f"n{due:%Y%m%d}{kind[:3]}" if at else None, **extra)

    def matter(kind, number, received, outcome=""):
        return Matter.objects.create(
            agency=agency, kind=kind, body="潜江市人民法院" if "instance" in kind else "潜江市人民政府",
            external_number=number, plaintiff="当事人", claims="撤销处罚决定", contested_act="行政处罚决定",
            case=major, received_on=received, leader=leader, created_by=keeper, outcome=outcome,
            outcome_document_number=f"{number}判" if outcome else "", outcome_on=received + datetime.timedelta(60)
            if outcome else None, state="closed" if outcome else "open")

    matter("reconsideration", "潜政复〔2023〕3号", D(2023, 6, 20), "upheld")
    matter("first_instance", "（2023）鄂9005行初11号", D(2023, 7, 3), "revoked")
    matter("first_instance", "（2023）鄂9005行初12号", D(2023, 11, 3))
    matter("second_instance", "（2024）鄂96行终1号", D(2024, 2, 1))  # another year

    notice(D(2023, 5, 19), D(2023, 5, 15), "published")
    notice(D(2023, 6, 12), D(2023, 6, 20), "expired")
    notice(D(2023, 8, 10))
    notice(D(2023, 3, 10), state="not_published", not_published_reason="minor_severity")
    notice(D(2023, 8, 10), D(2023, 8, 1), "published", kind="general")
    notice(D(2024, 1, 20), D(2024, 1, 2), "published")
    return 2023


def test_figures_on_a_known_data_set(agency, known_year):
    figures = statistics.annual_figures(agency_id=agency.pk, year=known_year, today=D(2024, 1, 5))
    rows = {r["type"]: r for r in figures["cases"]["by_type"]}
    assert rows["organisation"] | {} == {"type": "organisation", "label": "登记的社会组织", "filed": 3, "penalty": 3,
                                        "no_penalty": 0, "dropped": 1, "transferred": 0}
    assert (rows["person"]["filed"], rows["person"]["no_penalty"]) == (1, 1)
    assert (rows["illegal_organisation"]["filed"], rows["illegal_organisation"]["penalty"]) == (1, 1)
    assert figures["cases"]["totals"] == {"filed": 5, "penalty": 4, "no_penalty": 1, "dropped": 1, "transferred": 0}

    kinds = {r["kind"]: r["count"] for r in figures["penalties"]["by_kind"]}
    assert kinds == {"warning": 1, "fine": 2, "confiscation": 0, "stop_activities": 0, "deregistration": 1, "ban": 1}
    assert figures["penalties"]["cases"] == 4 and figures["penalties"]["fines_yuan"] == "7000.00"
    assert figures["hearings"] == {"requested": 1, "held": 1}

    reviews = figures["legal_reviews"]
    assert (reviews["submitted"], reviews["concluded"], reviews["major_decisions"]) == (1, 1, 1)
    assert {r["outcome"]: r["count"] for r in reviews["opinions"]} == {"agree": 1, "correct": 1,
                                                                       "recommend_transfer": 0}
    assert figures["disclosure"] == {"due": 3, "on_time": 1, "late": 1, "pending_overdue": 1, "pending": 0,
                                     "not_published": 1, "on_time_rate_percent": "33.3"}
    litigation = figures["litigation"]
    assert (litigation["matters"], litigation["reconsiderations"], litigation["lawsuits"],
            litigation["concluded"]) == (3, 1, 2, 2)
    assert litigation["by_kind"] == {"reconsideration": 1, "reconsideration_simple": 0, "first_instance": 2,
                                     "second_instance": 0, "retrial": 0}
    assert {k: n for k, n in litigation["by_outcome"].items() if n} == {"upheld": 1, "revoked": 1}
    assert litigation["win_rate"] == 0.5

    text = statistics.as_text(figures, agency_name="潜江市民政局")
    assert "行政复议收案 | 1" in text and "结果：撤销 | 1" in text and "胜诉率（%） | 50.0" in text
    kinds = [line.split(" | ")[0] for line in text.splitlines() if line.startswith("类型：")]
    assert kinds == ["类型：行政复议（普通程序）", "类型：行政复议（简易程序）", "类型：行政诉讼一审", "类型：行政诉讼二审",
                     "类型：行政诉讼再审"]


def test_report_draft_exports_and_publication(agency, known_year, keeper, editor, client_for, publish, site_text,
                                              publication_root):
    api = client_for(keeper)
    assert api.post(REPORTS, {"year": datetime.date.today().year}, format="json").status_code == 400
    created = api.post(REPORTS, {"year": known_year}, format="json")
    assert created.status_code == 201 and created.json()["state"] == "draft"
    report_id = created.json()["id"]

    sheet = api.get(f"{REPORTS}{report_id}/xlsx/")
    assert sheet.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    cases = [row for row in book.worksheets[0].iter_rows(values_only=True)]
    assert ("合计", 5, 4, 1, 1, 0) in cases

    chart = api.get(f"{REPORTS}{report_id}/chart/")
    assert chart["Content-Type"].startswith("image/svg+xml")
    svg = chart.content.decode()
    assert svg.startswith("<svg") and "<script" not in svg and "潜江市民政局2023年度行政执法统计" in svg

    submitted = api.post(f"{REPORTS}{report_id}/submit/")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert api.post(REPORTS, {"year": known_year}, format="json").status_code == 409
    report = AnnualReport.objects.get(pk=report_id)
    assert report.notice.due_date == D(2024, 1, 31)  # the report's own deadline, not the default 20 working days
    notice = publish(report.notice)
    # published the moment its notice is on the site, not at the next daily run
    assert AnnualReport.objects.get(pk=report_id).state == "published"
    page = site_text(notice)
    assert "潜江市民政局2023年度行政执法统计年报" in page and "合计 | 5 | 4 | 1 | 1 | 0" in page
    assert "按期公示率（%） | 33.3" in page
    assert "类型：行政复议（普通程序） | 1\n类型：行政复议（简易程序） | 0" in page  # in order after a round trip

    # the charts are inline static SVG on the public page, with no script; the workbook is a file beside it.
    # The page's only script is the site's own file (the 适老化 switch): nothing inline.
    assert page.count("<svg") == 1 and "统计图表" in page
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert "<script" not in chart
    assert re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S) == [""]
    assert re.search(r'<script src="(\.\./)+assets/site\.[0-9a-f]+\.js"></script>', page)
    bars = re.findall(r'text-anchor="end">([^<]+)</text>\n<rect[^>]*/>\n<text[^>]*>(\d+)</text>', chart)
    counts = {label: int(n) for label, n in bars}
    assert counts["登记的社会组织"] == 3 and counts["作出处罚决定"] == 4 and counts["撤案"] == 1
    assert counts["罚款"] == 2 and counts["行政诉讼收案"] == 2 and counts["逾期未公示"] == 1
    assert f'href="{notice.slug}.xlsx"' in page
    published = publication_root / "notices" / f"{notice.slug}.xlsx"
    book = openpyxl.load_workbook(published)
    assert ("合计", 5, 4, 1, 1, 0) in list(book.worksheets[0].iter_rows(values_only=True))
    assert ("按期公示率（%）", "33.3") in list(book.worksheets[5].iter_rows(values_only=True))

    # the workbook is part of the site: a full rebuild writes it again byte for byte
    before = published.read_bytes()
    disclosure.disclosure_site_rebuild()
    assert published.read_bytes() == before
    response = Client().get(f"/disclosure/notices/{notice.slug}.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # withdrawn: the page becomes a statement and the workbook leaves the site
    disclosure.notice_withdraw(notice_id=notice.pk, actor=editor, reason="数据更正后重新公布", trigger="editor")
    disclosure.notice_withdraw_publish(notice_id=notice.pk)
    assert not published.exists() and "<svg" not in site_text(notice)


def test_january_alerts_until_published(agency, editor, leader, keeper, publish, client_for):
    sent = alerts.annual_report_alerts_send(today=D(2024, 1, 5))
    report = AnnualReport.objects.get(agency=agency, year=2023)
    assert sent == 2 and report.state == "draft"
    assert Notification.objects.filter(recipient=editor, kind="annual_report_due").count() == 1
    alert = Notification.objects.get(recipient=editor)
    assert "2024年01月31日" in alert.title and alert.due_on == D(2024, 1, 31)
    assert alert.link == f"/app/registers/annual-reports/{report.pk}"
    listed = client_for(editor).get("/api/notifications/").json()["results"]
    assert [(n["kind"], n["due_on"]) for n in listed] == [("annual_report_due", "2024-01-31")]
    assert alerts.annual_report_alerts_send(today=D(2024, 1, 5)) == 0  # once a day
    assert alerts.annual_report_alerts_send(today=D(2024, 2, 1)) == 2
    overdue = Notification.objects.get(recipient=editor, kind="annual_report_overdue")
    assert "逾期" in overdue.title and overdue.due_on == D(2024, 1, 31)

    report = services.annual_report_submit(report_id=report.pk, actor=editor)
    assert alerts.annual_report_alerts_send(today=D(2024, 2, 2)) == 2  # submitted is not yet published
    publish(report.notice)
    assert AnnualReport.objects.get(pk=report.pk).state == "published"
    assert alerts.annual_report_alerts_send(today=D(2024, 2, 3)) == 0
    assert Notification.objects.filter(recipient=editor).count() == 3  # 5 Jan, 1 Feb, 2 Feb: one a day


def test_daily_run_publishes_a_report_whose_notice_went_out_unseen(agency, editor, leader, publish):
    """The safety net: a report whose notice reached the site without the publication signal (records
    loaded by hand) is published by the next daily run."""
    report = services.annual_report_submit(report_id=services.annual_report_draft(
        agency=agency, year=2023, today=D(2024, 1, 5)).pk, actor=editor)
    Notice.objects.filter(pk=report.notice_id).update(
        state="published", published_at=datetime.datetime(2024, 1, 20, 10, tzinfo=TZ), slug="20240120-loaded")
    assert AnnualReport.objects.get(pk=report.pk).state == "submitted"
    assert alerts.annual_report_alerts_send(today=D(2024, 1, 21)) == 0
    assert AnnualReport.objects.get(pk=report.pk).state == "published"


def test_beat_task_drafts_last_years_report(agency, editor):
    """The beat schedule runs the reminders daily; the task drafts last year's report and alerts."""
    from config.settings.celery import CELERY_BEAT_SCHEDULE

    assert any(entry["task"] == "zhifa.registers.tasks.annual_report_reminders"
               for entry in CELERY_BEAT_SCHEDULE.values())
    from zhifa.registers.tasks import annual_report_reminders

    annual_report_reminders.apply()
    year = datetime.date.today().year - 1
    assert AnnualReport.objects.get(agency=agency, year=year).state == "draft"
    assert Notification.objects.get(recipient=editor).due_on == D(year + 1, 1, 31)


def test_notifications_without_a_deadline_have_none(editor):
    from zhifa.notifications.services import notify

    assert notify(recipients=[editor], kind="review_assigned", key="k:1", title="有新的法制审核") == 1
    assert notify(recipients=[editor], kind="review_assigned", key="k:1", title="again", due_on=D(2024, 1, 31)) == 0
    assert Notification.objects.get(recipient=editor).due_on is None  # a repeat of the key changes nothing
