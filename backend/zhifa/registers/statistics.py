"""The annual enforcement statistics report (执法统计年报), computed from the records.

Definitions (all by the agency and the calendar year):
- cases filed: `filed_on` in the year; decided with/without penalty: `decided_on` in the year by
  `decision_outcome`; dropped / transferred: the transition to that state happened in the year. Case type
  is the party kind (registered organisation, illegal organisation, natural person).
- penalties by kind: cases decided in the year with a penalty, counted once per kind imposed; fines and
  confiscations summed in yuan.
- hearings: requested (`hearing_requested_on`) and held (`hearing_held_on`) in the year.
- legal reviews: reviews submitted and concluded in the year; opinions given in the year by outcome;
  major decisions (`is_major`) decided in the year.
- reconsideration and litigation: matters received in the year, by kind, and outcomes of those concluded
  (`zhifa.litigation.selectors.litigation_statistics`).
- disclosure timeliness: decision notices (penalty, deregistration) due in the year: published on or before
  the due date, published late, still unpublished after it, or lawfully not published.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zhifa.cases.choices import CaseState, DecisionOutcome, PartyKind, PenaltyKind
from zhifa.cases.models import Case, TimelineEvent
from zhifa.disclosure.choices import NoticeKind, NoticeState
from zhifa.disclosure.models import Notice
from zhifa.litigation.choices import MatterKind, Outcome
from zhifa.litigation.selectors import litigation_statistics
from zhifa.reviews.choices import ReviewOutcome
from zhifa.reviews.models import Package, Review

TZ = ZoneInfo("Asia/Shanghai")

def litigation_figures(*, agency_id: int, year: int) -> dict:
    """Reconsideration and litigation counts and outcomes, from the litigation register."""
    supplied = litigation_statistics(agency_id=agency_id, year=year)
    return {"matters": supplied["matters"], "reconsiderations": supplied["reconsiderations"],
            "lawsuits": supplied["lawsuits"], "concluded": supplied["concluded"],
            "by_kind": {k.value: supplied["by_kind"].get(k.value, 0) for k in MatterKind},
            "by_outcome": {o.value: supplied["by_outcome"].get(o.value, 0) for o in Outcome},
            "win_rate": supplied["win_rate"]}


def annual_report_deadline(year: int) -> datetime.date:
    """The publication deadline of a year's report: 31 January of the following year (DOMAIN.md §4), a
    fixed date rather than a period, so it is not moved off a day off."""
    return datetime.date(year + 1, 1, 31)


def _year_range(year: int):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def annual_figures(*, agency_id: int, year: int, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    start, end = _year_range(year)
    cases = Case.objects.filter(agency_id=agency_id)
    decided = cases.filter(decided_on__range=(start, end))

    ended = (TimelineEvent.objects.filter(case__agency_id=agency_id, occurred_on__range=(start, end),
                                          to_state__in=[CaseState.DROPPED, CaseState.TRANSFERRED])
             .values("case__party_kind", "to_state").annotate(n=Count("case", distinct=True)))
    ended_counts = {(row["case__party_kind"], row["to_state"]): row["n"] for row in ended}
    filed = dict(cases.filter(filed_on__range=(start, end)).values_list("party_kind").annotate(n=Count("id")))
    outcomes = {(row["party_kind"], row["decision_outcome"]): row["n"]
                for row in decided.values("party_kind", "decision_outcome").annotate(n=Count("id"))}
    by_type = []
    for kind in PartyKind:
        by_type.append({"type": kind.value, "label": kind.label, "filed": filed.get(kind.value, 0),
                        "penalty": outcomes.get((kind.value, DecisionOutcome.PENALTY), 0),
                        "no_penalty": outcomes.get((kind.value, DecisionOutcome.NO_PENALTY), 0),
                        "dropped": ended_counts.get((kind.value, CaseState.DROPPED), 0),
                        "transferred": ended_counts.get((kind.value, CaseState.TRANSFERRED), 0)})
    totals = {key: sum(row[key] for row in by_type)
              for key in ("filed", "penalty", "no_penalty", "dropped", "transferred")}

    penalised = decided.filter(decision_outcome=DecisionOutcome.PENALTY)
    kind_counts = penalised.aggregate(**{kind.value: Count("id", filter=Q(decision_penalties__contains=[kind.value]))
                                         for kind in PenaltyKind})
    money = penalised.aggregate(fines=Sum("decision_fine"), confiscations=Sum("decision_confiscation"))

    reviews = Review.objects.filter(agency_id=agency_id)
    opinions = dict(Package.objects.filter(review__agency_id=agency_id, decided_on__range=(start, end))
                    .exclude(outcome="").values_list("outcome").annotate(n=Count("id")))

    return {
        "year": year,
        "computed_on": today.isoformat(),
        "cases": {"by_type": by_type, "totals": totals},
        "penalties": {
            "by_kind": [{"kind": k.value, "label": k.label, "count": kind_counts[k.value]} for k in PenaltyKind],
            "cases": penalised.count(),
            "fines_yuan": f"{money['fines'] or Decimal(0):.2f}",
            "confiscations_yuan": f"{money['confiscations'] or Decimal(0):.2f}",
        },
        "hearings": {"requested": cases.filter(hearing_requested_on__range=(start, end)).count(),
                     "held": cases.filter(hearing_held_on__range=(start, end)).count()},
        "legal_reviews": {
            "submitted": reviews.filter(submitted_on__range=(start, end)).count(),
            "concluded": reviews.filter(concluded_on__range=(start, end)).count(),
            "opinions": [{"outcome": o.value, "label": o.label, "count": opinions.get(o.value, 0)}
                         for o in ReviewOutcome],
            "major_decisions": decided.filter(is_major=True).count(),
        },
        "litigation": litigation_figures(agency_id=agency_id, year=year),
        "disclosure": _disclosure_timeliness(agency_id=agency_id, start=start, end=end, today=today),
    }


def _disclosure_timeliness(*, agency_id, start, end, today) -> dict:
    notices = Notice.objects.filter(agency_id=agency_id, due_date__range=(start, end),
                                    kind__in=[NoticeKind.PENALTY_DECISION, NoticeKind.DEREGISTRATION])
    on_time = late = pending_overdue = not_published = pending = 0
    for state, due, published_at in notices.values_list("state", "due_date", "published_at"):
        if state == NoticeState.NOT_PUBLISHED:
            not_published += 1
        elif published_at is not None:
            if published_at.astimezone(TZ).date() <= due:
                on_time += 1
            else:
                late += 1
        elif due < today:
            pending_overdue += 1
        else:
            pending += 1
    due_total = on_time + late + pending_overdue + pending
    rate = f"{Decimal(on_time * 100) / Decimal(due_total):.1f}" if due_total else "100.0"
    return {"due": due_total, "on_time": on_time, "late": late, "pending_overdue": pending_overdue,
            "pending": pending, "not_published": not_published, "on_time_rate_percent": rate}


# --- presentations: rows (shared by text, XLSX and SVG) -------------------------------------------


def sections(figures: dict) -> list[tuple[str, list[str], list[list]]]:
    """(section title, header, rows) for every table of the report."""
    cases = figures["cases"]
    case_rows = [[r["label"], r["filed"], r["penalty"], r["no_penalty"], r["dropped"], r["transferred"]]
                 for r in cases["by_type"]]
    t = cases["totals"]
    case_rows.append(["合计", t["filed"], t["penalty"], t["no_penalty"], t["dropped"], t["transferred"]])
    penalties = figures["penalties"]
    reviews = figures["legal_reviews"]
    lit = figures["litigation"]
    disclosure = figures["disclosure"]
    litigation_rows = [["行政复议收案", lit["reconsiderations"]], ["行政诉讼收案（行政应诉）", lit["lawsuits"]],
                       ["已有结果", lit["concluded"]]]
    # in the choices' order: stored figures are jsonb, which does not keep the order of keys
    litigation_rows += [[f"类型：{k.label}", lit["by_kind"].get(k.value, 0)] for k in MatterKind]
    litigation_rows += [[f"结果：{o.label}", lit["by_outcome"].get(o.value, 0)] for o in Outcome]
    if lit.get("win_rate") is not None:
        litigation_rows.append(["胜诉率（%）", f"{float(lit['win_rate']) * 100:.1f}"])
    return [
        ("一、案件办理情况（按当事人类别）", ["类别", "立案", "作出处罚决定", "不予处罚", "撤案", "移送"], case_rows),
        ("二、行政处罚种类", ["处罚种类", "案件数"],
         [[r["label"], r["count"]] for r in penalties["by_kind"]]
         + [["罚款金额合计（元）", penalties["fines_yuan"]], ["没收金额合计（元）", penalties["confiscations_yuan"]]]),
        ("三、听证", ["项目", "件数"], [["申请听证", figures["hearings"]["requested"]],
                                     ["举行听证", figures["hearings"]["held"]]]),
        ("四、重大执法决定法制审核", ["项目", "件数"],
         [["提交法制审核", reviews["submitted"]], ["审核办结", reviews["concluded"]]]
         + [[f"审核意见：{r['label']}", r["count"]] for r in reviews["opinions"]]
         + [["重大执法决定", reviews["major_decisions"]]]),
        ("五、行政复议和行政诉讼", ["项目", "件数"], litigation_rows),
        ("六、行政执法公示及时性", ["项目", "件数"],
         [["应公示", disclosure["due"]], ["按期公示", disclosure["on_time"]], ["逾期公示", disclosure["late"]],
          ["逾期未公示", disclosure["pending_overdue"]], ["尚在公示期限内", disclosure["pending"]],
          ["依法不予公示", disclosure["not_published"]], ["按期公示率（%）", disclosure["on_time_rate_percent"]]]),
    ]


def as_text(figures: dict, *, agency_name: str) -> str:
    """The public page's body: plain-text tables (the site shows the body as preformatted text)."""
    lines = [f"{agency_name}{figures['year']}年度行政执法统计年报", ""]
    for title, header, rows in sections(figures):
        lines.append(title)
        lines.append(" | ".join(header))
        lines.extend(" | ".join(str(cell) for cell in row) for row in rows)
        lines.append("")
    lines.append("统计口径：立案以立案日期、决定以决定日期、听证以申请或举行日期、公示以应公示日期计入本年度。")
    return "\n".join(lines)


def as_xlsx(figures: dict, *, agency_name: str) -> bytes:
    """The workbook; the same figures always give the same bytes, because the public site's copy must
    come out byte-identical when the site is rebuilt."""
    from zhifa.exports.tables import XlsxBook  # noqa: PLC0415 - the one tabular writer

    book = XlsxBook()
    stamp = datetime.datetime.fromisoformat(figures["computed_on"])
    book.properties.created = book.properties.modified = stamp
    for title, header, rows in sections(figures):
        book.add_sheet(title.split("、", 1)[-1][:31], [[f"{agency_name}{figures['year']}年度 {title}"], header, *rows])
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible_zip(buffer.getvalue(), stamp)


MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _reproducible_zip(data: bytes, stamp: datetime.datetime) -> bytes:
    """The same archive with every entry dated 1980-01-01 and the workbook's modified time set to `stamp`
    (openpyxl writes the time of saving into both)."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = MODIFIED.sub(rb"\g<1>" + f"{stamp:%Y-%m-%dT%H:%M:%SZ}".encode() + rb"\g<2>", content)
            archive.writestr(zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0)), content,
                             compress_type=zipfile.ZIP_DEFLATED)
    return target.getvalue()


def chart_groups(figures: dict) -> list[tuple[str, list[tuple[str, int]]]]:
    """(chart title, [(bar label, count), ...]) for the report's bar charts."""
    cases, penalties = figures["cases"], figures["penalties"]
    totals, reviews = cases["totals"], figures["legal_reviews"]
    lit, disclosure = figures["litigation"], figures["disclosure"]
    return [
        ("立案（按当事人类别）", [(r["label"], r["filed"]) for r in cases["by_type"]]),
        ("办理结果", [("作出处罚决定", totals["penalty"]), ("不予处罚", totals["no_penalty"]),
                  ("撤案", totals["dropped"]), ("移送", totals["transferred"])]),
        ("行政处罚种类", [(r["label"], r["count"]) for r in penalties["by_kind"]]),
        ("听证和法制审核", [("申请听证", figures["hearings"]["requested"]), ("举行听证", figures["hearings"]["held"]),
                      ("提交法制审核", reviews["submitted"]), ("审核办结", reviews["concluded"]),
                      ("重大执法决定", reviews["major_decisions"])]),
        ("行政复议和行政诉讼", [("行政复议收案", lit["reconsiderations"]), ("行政诉讼收案", lit["lawsuits"]),
                         ("已有结果", lit["concluded"])]),
        ("行政执法公示及时性", [("按期公示", disclosure["on_time"]), ("逾期公示", disclosure["late"]),
                         ("逾期未公示", disclosure["pending_overdue"])]),
    ]


def as_svg(figures: dict, *, agency_name: str) -> str:
    """Static bar charts in one SVG (no script), one per group of `chart_groups`, each scaled to its own
    largest count. Every text is XML-escaped."""
    row, heading, left, width = 24, 34, 190, 360
    title = f"{escape(agency_name)}{figures['year']}年度行政执法统计"
    body, y = [], 40
    for group, bars in chart_groups(figures):
        top = max([value for _, value in bars] + [1])
        body.append(f'<text x="10" y="{y + 20}" font-size="14" font-weight="bold">{escape(group)}</text>')
        y += heading
        for label, value in bars:
            bar = round(width * value / top)
            body.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
            body.append(f'<rect x="{left}" y="{y + 3}" width="{bar}" height="16" fill="#2f6fb0"/>')
            body.append(f'<text x="{left + bar + 6}" y="{y + 15}">{int(value)}</text>')
            y += row
    total_width, height = left + width + 60, y + 10
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_width}" height="{height}" '
        f'viewBox="0 0 {total_width} {height}" role="img" font-family="sans-serif" font-size="13">',
        f"<title>{title}</title>", f'<text x="10" y="22" font-size="16">{title}</text>', *body, "</svg>"])
