"""The public content of each register, as a disclosure notice (title, body, fields).

The body is what the public page shows (plain text; masking applies). Structured data goes under
`fields` as nested lists and numbers, which the notice's JSON file carries unchanged: for a draw this is
the data a verifier needs.
"""

from __future__ import annotations

import datetime

from zhifa.accounts.models import Agency
from zhifa.cases.choices import PenaltyKind
from zhifa.registers import selectors, statistics
from zhifa.registers.choices import NOT_IN_FORCE, DocumentStatus, MatterStatus, Register
from zhifa.registers.models import (
    AnnualReport,
    CertificationMatter,
    CleanupCampaign,
    InspectionDraw,
    NormativeDocument,
    PowerList,
)
from zhifa.reviews.models import Catalogue


class Content:
    """`due_date`: when a rule fixes the publication deadline (else the notice's default applies)."""

    def __init__(self, title: str, body: str, fields: dict, reference: str = "", due_date: datetime.date | None = None):
        self.title, self.body, self.fields, self.reference, self.due_date = title, body, fields, reference, due_date


def _yes(value: bool) -> str:
    return "是" if value else "否"


def normative_documents(agency: Agency, on: datetime.date) -> Content:
    documents = list(NormativeDocument.objects.filter(agency=agency).prefetch_related("filings")
                     .order_by("-year", "-sequence"))
    lines = [f"截至{on:%Y年%m月%d日}，{agency.name}制定的规范性文件目录如下。", ""]
    items = []
    for i, d in enumerate(documents, 1):
        filing = next(iter(d.filings.all()), None)
        filed = f"；备案：{filing.get_result_display()}{'（' + filing.filing_number + '）' if filing and filing.filing_number else ''}" \
            if filing else ""
        in_force = (f"，{d.effective_on:%Y-%m-%d}施行" if d.effective_on else "") + \
            (f"，有效期至{d.expires_on:%Y-%m-%d}" if d.expires_on else "")
        changed = f"（{d.status_changed_on.isoformat()}）" if d.status_changed_on and d.status != DocumentStatus.VALID \
            else ""
        # past its validity period a document is no longer in force, whatever its recorded status says
        lapsed = d.expires_on is not None and d.expires_on < on and d.status not in NOT_IN_FORCE
        status = "失效（有效期届满）" if lapsed else f"{d.get_status_display()}{changed}"
        lines.append(f"{i}. {d.number}《{d.title}》，{d.issued_on:%Y-%m-%d}印发{in_force}，{status}{filed}")
        items.append({"number": d.number, "title": d.title, "status": DocumentStatus.INVALID if lapsed else d.status,
                      "issued_on": d.issued_on.isoformat(),
                      "effective_on": d.effective_on.isoformat() if d.effective_on else None,
                      "expires_on": d.expires_on.isoformat() if d.expires_on else None})
    return Content(f"{agency.name}规范性文件目录", "\n".join(lines),
                   {"register": Register.NORMATIVE_DOCUMENTS, "documents": items}, on.isoformat())


def cleanup(campaign: CleanupCampaign) -> Content:
    lines = [f"{campaign.title}已于{campaign.concluded_on:%Y年%m月%d日}完成。清理依据：{campaign.basis or '—'}", ""]
    items = []
    for group, label in (("keep", "继续有效"), ("amend", "修订"), ("invalidate", "宣布失效")):
        chosen = [o for o in campaign.outcomes.all() if o.outcome == group]
        lines.append(f"{label}（{len(chosen)}件）：")
        lines.extend(f"  {o.document.number}《{o.document.title}》 理由：{o.reason}" for o in chosen)
        items += [{"number": o.document.number, "title": o.document.title, "outcome": o.outcome} for o in chosen]
    return Content(f"关于{campaign.title}结果的公告", "\n".join(lines),
                   {"register": Register.CLEANUP, "outcomes": items}, f"campaign:{campaign.pk}")


def certification_matters(agency: Agency, on: datetime.date) -> Content:
    matters = list(CertificationMatter.objects.filter(agency=agency).order_by("id"))
    retained = [m for m in matters if m.status == MatterStatus.RETAINED]
    cancelled = [m for m in matters if m.status == MatterStatus.CANCELLED]
    lines = [f"{agency.name}保留的证明事项清单（{len(retained)}项）", ""]
    for i, m in enumerate(retained, 1):
        lines.append(f"{i}. {m.name}｜设定依据：{m.legal_basis}｜开具单位：{m.issuing_body or '—'}｜"
                     f"实行告知承诺制：{_yes(m.notification_commitment)}")
    lines += ["", f"已取消的证明事项（{len(cancelled)}项）", ""]
    for i, m in enumerate(cancelled, 1):
        lines.append(f"{i}. {m.name}｜取消日期：{m.cancelled_on:%Y-%m-%d}｜取消依据：{m.cancellation_basis}")
    item = lambda m: {"name": m.name, "legal_basis": m.legal_basis,  # noqa: E731
                      "notification_commitment": m.notification_commitment}
    return Content(f"{agency.name}证明事项清单", "\n".join(lines),
                   {"register": Register.CERTIFICATION_MATTERS, "retained": [item(m) for m in retained],
                    "cancelled": [item(m) for m in cancelled]}, on.isoformat())


def _money(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def discretion_benchmarks(agency: Agency, on: datetime.date) -> Content:
    """行政处罚法 Art. 34: the discretion benchmark in force is published, entry by entry, grouped by ground."""
    entries = list(selectors.discretion_benchmarks_in_force(agency_id=agency.pk, on=on).order_by("ground__code", "code"))
    lines = [f"截至{on:%Y年%m月%d日}，{agency.name}施行的行政处罚裁量基准共{len(entries)}条。", ""]
    items, ground = [], None
    for e in entries:
        if e.ground_id != ground:
            ground = e.ground_id
            lines += ["", f"【{e.ground.regulation}{e.ground.article}】{e.ground.title}"]
        fine = ""
        if e.fine_minimum is not None or e.fine_maximum is not None:
            fine = f"；罚款{_money(e.fine_minimum) if e.fine_minimum is not None else '—'}至" \
                   f"{_money(e.fine_maximum) if e.fine_maximum is not None else '—'}元"
        kinds = "、".join(PenaltyKind(k).label for k in e.penalty_kinds)
        lines.append(f"{e.code} {e.circumstance}：{e.conditions}｜裁量标准：{e.standard}"
                     f"{'｜处罚种类：' + kinds if kinds else ''}{fine}｜{e.effective_on:%Y-%m-%d}起施行")
        items.append({"code": e.code, "ground": e.ground.code, "circumstance": e.circumstance,
                      "penalty_kinds": list(e.penalty_kinds), "effective_on": e.effective_on.isoformat(),
                      "fine_minimum": _money(e.fine_minimum) if e.fine_minimum is not None else None,
                      "fine_maximum": _money(e.fine_maximum) if e.fine_maximum is not None else None})
    return Content(f"{agency.name}行政处罚裁量基准", "\n".join(lines),
                   {"register": Register.DISCRETION_BENCHMARKS, "as_of": on.isoformat(), "entries": items},
                   on.isoformat())


def power_list(power: PowerList) -> Content:
    lines = [f"{power.agency.name}权力清单和责任清单（第{power.version}版，{power.effective_on:%Y年%m月%d日}起施行）", ""]
    for item in power.items.all():
        lines += [f"{item.position}. 【{item.get_kind_display()}】{item.name}{'（' + item.code + '）' if item.code else ''}",
                  f"   设定依据：{item.legal_basis}", f"   责任科室：{item.responsible_unit}",
                  f"   责任事项：{item.responsibilities}", f"   追责情形：{item.accountability}"]
    return Content(f"{power.agency.name}权力清单和责任清单（第{power.version}版）", "\n".join(lines),
                   {"register": Register.POWER_LIST, "version": power.version,
                    "items": [{"name": i.name, "kind": i.kind} for i in power.items.all()]},
                   f"power_list:{power.version}")


def personnel(agency: Agency, on: datetime.date) -> Content:
    people = selectors.personnel_public_list(agency_id=agency.pk, on=on)
    lines = [f"截至{on:%Y年%m月%d日}，{agency.name}持有效执法证件的行政执法人员共{len(people)}名：", "",
             "姓名 | 执法证号 | 证件类别 | 执法领域 | 所在科室"]
    lines += [f"{p['name']} | {p['credential_number']} | {p['category']} | {p['enforcement_area']} | {p['unit']}"
              for p in people]
    return Content(f"{agency.name}行政执法人员名单", "\n".join(lines),
                   {"register": Register.PERSONNEL, "as_of": on.isoformat(),
                    "personnel": [{k: p[k] for k in ("name", "credential_number", "category", "unit")}
                                  for p in people]}, on.isoformat())


def inspection_pool(draw: InspectionDraw) -> Content:
    plan = draw.plan
    names = draw.pool["names"]
    lines = [f"{plan.title}（第{draw.round}轮抽取）", "",
             f"抽查事项：{'；'.join(m.get('name', '') for m in plan.matters)}",
             f"抽取方法：从下列{len(draw.pool['targets'])}个检查对象中随机抽取{plan.target_count}个，"
             f"每个对象从下列{len(draw.pool['inspectors'])}名执法人员中随机匹配{plan.inspectors_per_target}名，"
             "与检查对象有利害关系的人员回避。",
             f"随机种子的 SHA-256 摘要（抽取后公布种子，任何人可据此复核）：{draw.seed_sha256}",
             f"抽取名单的 SHA-256 摘要：{draw.pool_sha256}",
             f"抽取算法：{draw.algorithm}（HMAC-SHA256 计数器 + Fisher–Yates 洗牌，说明见本系统 zhifa/registers/draw.py）",
             "", "检查对象名单（编号 名称）："]
    lines += [f"{t} {names['targets'][str(t)]}" for t in draw.pool["targets"]]
    lines += ["", "执法检查人员名单（编号 姓名）："]
    lines += [f"{i} {names['inspectors'][str(i)]}" for i in draw.pool["inspectors"]]
    lines += ["", f"回避关系：{len(draw.pool['conflicts'])}对（编号见数据文件）"]
    return Content(f"{plan.title}抽取名单及随机种子摘要（第{draw.round}轮）", "\n".join(lines), {
        "register": Register.INSPECTION_POOL, "plan": plan.pk, "round": draw.round,
        "verification": {"algorithm": draw.algorithm, "pool": verification_pool(draw.pool),
                         "pool_sha256": draw.pool_sha256, "seed_sha256": draw.seed_sha256}},
        f"plan:{plan.pk}:round:{draw.round}:pool")


def verification_pool(pool: dict) -> dict:
    """What the commitment's hash covers: ids and rules only (names are for reading)."""
    return {k: pool[k] for k in ("targets", "inspectors", "conflicts", "targets_per_draw", "inspectors_per_target")}


def inspection_results(draw: InspectionDraw) -> Content:
    plan = draw.plan
    names = draw.pool["names"]
    results = {r.organisation_id: r for r in draw.results.all()}
    lines = [f"{plan.title}（第{draw.round}轮）抽取结果及检查结果", "",
             f"抽取时间：{draw.drawn_at:%Y-%m-%d %H:%M}", f"随机种子（已公开，可复核）：{draw.seed}",
             f"种子摘要：{draw.seed_sha256}",
             "复核方法：下载本公示和抽取名单公示的 JSON 数据文件，运行公开的核验程序"
             "（python draw.py 名单公示.json 结果公示.json），显示 OK 即抽取结果与公布的名单和种子一致。",
             "", "序号 | 检查对象 | 检查人员 | 检查结果 | 检查日期"]
    rows = []
    for n, assignment in enumerate(draw.result["assignments"], 1):
        result = results.get(assignment["target"])
        inspectors = "、".join(names["inspectors"][str(i)] for i in assignment["inspectors"])
        outcome = result.get_outcome_display() if result else ""
        day = result.inspected_on.isoformat() if result and result.inspected_on else "—"
        lines.append(f"{n} | {names['targets'][str(assignment['target'])]} | {inspectors} | {outcome} | {day}")
        rows.append({"target": assignment["target"], "outcome": result.outcome if result else "",
                     "inspected_on": day})
    return Content(f"{plan.title}抽查结果（第{draw.round}轮）", "\n".join(lines), {
        "register": Register.INSPECTION_RESULTS, "plan": plan.pk, "round": draw.round,
        "verification": {"algorithm": draw.algorithm, "seed": draw.seed, "seed_sha256": draw.seed_sha256,
                         "pool_sha256": draw.pool_sha256, "result": draw.result},
        "results": rows}, f"plan:{plan.pk}:round:{draw.round}:results")


def annual_report(report: AnnualReport) -> Content:
    body = statistics.as_text(report.figures, agency_name=report.agency.name)
    return Content(f"{report.agency.name}{report.year}年度行政执法统计年报", body,
                   {"register": Register.ANNUAL_REPORT, "year": report.year, "figures": report.figures},
                   f"annual_report:{report.year}", due_date=statistics.annual_report_deadline(report.year))


def major_catalogue(catalogue: Catalogue) -> Content:
    agency = catalogue.agency
    lines = [f"{agency.name}重大执法决定法制审核目录清单（第{catalogue.version}版，{catalogue.effective_on:%Y年%m月%d日}起施行）",
             catalogue.note, ""]
    entries = list(catalogue.entries.all())
    lines += [f"{i}. {e.description}（{e.get_kind_display()}）" for i, e in enumerate(entries, 1)]
    return Content(f"{agency.name}重大执法决定法制审核目录清单（第{catalogue.version}版）", "\n".join(lines),
                   {"register": Register.MAJOR_CATALOGUE, "version": catalogue.version,
                    "entries": [{"kind": e.kind, "description": e.description} for e in entries]},
                   f"catalogue:{catalogue.version}")

