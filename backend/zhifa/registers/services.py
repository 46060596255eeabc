"""Every write to the registers. Keyword-only, transactional; refusals raise InvalidInput (400),
Conflict (409) or PermissionRefused (403) with Chinese and English text."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zhifa.accounts.models import Agency, User
from zhifa.cases.choices import FineBasis, PenaltyKind
from zhifa.core.concurrency import apply_changes, lock_for_update
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.disclosure import services as disclosure
from zhifa.disclosure.choices import NoticeKind, NoticeState
from zhifa.disclosure.models import Notice
from zhifa.registers import draw as drawing
from zhifa.registers import publications, rules, selectors, statistics
from zhifa.registers.choices import (
    NOT_IN_FORCE,
    CampaignState,
    CleanupOutcomeKind,
    DocumentStatus,
    FilingResult,
    InspectionOutcome,
    MatterStatus,
    PlanState,
    PowerKind,
    Register,
    ReportState,
)
from zhifa.registers.models import (
    DiscretionBenchmark,
    AnnualReport,
    CertificationMatter,
    CleanupCampaign,
    CleanupOutcome,
    DocumentAttachment,
    DocumentFiling,
    DocumentStatusChange,
    InspectionDraw,
    InspectionPlan,
    InspectionResult,
    InspectorConnection,
    NormativeDocument,
    PowerItem,
    PowerList,
    RegisterPublication,
)
from zhifa.registers.numbers import parse_document_number
from zhifa.registry.models import Organisation
from zhifa.reviews.catalogue import catalogue_current


def _require_keeper(actor: User, agency_id: int | None = None) -> None:
    if not rules.is_register_keeper.test(actor) or (agency_id is not None and not actor.is_superuser
                                               and actor.agency_id != agency_id):
        raise PermissionRefused("须由本机关的系统管理员、负责人、法制审核人员或公示管理员办理",
                                "Only the agency's administrators, leaders, legal reviewers or disclosure editors.")


def _required(**values) -> None:
    missing = {name: ["此项为必填项"] for name, value in values.items() if value in (None, "", [], {})
               or (isinstance(value, str) and not value.strip())}
    if missing:
        raise InvalidInput("请填写：" + "、".join(missing), "Required: " + ", ".join(missing), fields=missing)


# --- normative documents --------------------------------------------------------------------


def _check_dates(issued_on, effective_on, expires_on) -> None:
    errors = {}
    if effective_on and issued_on and effective_on < issued_on:
        errors["effective_on"] = ["施行日期不能早于印发日期"]
    if expires_on and issued_on and expires_on < issued_on:
        errors["expires_on"] = ["有效期不能早于印发日期"]
    if errors:
        raise InvalidInput("日期先后有误", "Dates are out of order.", fields=errors)


@transaction.atomic
def normative_document_create(*, actor: User, number: str, title: str, issuing_unit: str,
                              issued_on: datetime.date, effective_on=None, expires_on=None,
                              full_text: str = "") -> NormativeDocument:
    _require_keeper(actor)
    _required(title=title, issuing_unit=issuing_unit, issued_on=issued_on)
    parsed = parse_document_number(number)
    if parsed.year != issued_on.year:
        raise InvalidInput(f"文号年份 {parsed.year} 与印发日期 {issued_on:%Y} 年不一致",
                           "The number's year must be the year of issue.",
                           fields={"number": ["文号年份应与印发年份一致"]})
    _check_dates(issued_on, effective_on, expires_on)
    agency_id = actor.agency_id
    if NormativeDocument.objects.filter(agency_id=agency_id, prefix=parsed.prefix, year=parsed.year,
                                        sequence=parsed.sequence).exists():
        raise InvalidInput(f"文号 {parsed} 已登记", f"{parsed} is already registered.", code="duplicate",
                           fields={"number": ["本机关已登记该文号"]})
    try:
        with transaction.atomic():
            document = NormativeDocument.objects.create(
                agency_id=agency_id, number=str(parsed), prefix=parsed.prefix, year=parsed.year,
                sequence=parsed.sequence, title=title.strip(), issuing_unit=issuing_unit.strip(), issued_on=issued_on,
                effective_on=effective_on, expires_on=expires_on, full_text=full_text, created_by=actor)
    except IntegrityError:  # a concurrent registration of the same number
        raise InvalidInput(f"文号 {parsed} 已登记", f"{parsed} is already registered.", code="duplicate",
                           fields={"number": ["本机关已登记该文号"]}) from None
    return document


@transaction.atomic
def normative_document_update(*, document_id: int, actor: User, expected_version: int | None = None,
                              **changes) -> NormativeDocument:
    document = lock_for_update(NormativeDocument.objects.all(), document_id, expected_version=expected_version)
    _require_keeper(actor, document.agency_id)
    allowed = {"title", "issuing_unit", "effective_on", "expires_on", "full_text"}
    if unknown := set(changes) - allowed:
        raise InvalidInput("文号、印发日期和效力状态不能直接修改", "Those fields cannot be edited.",
                           fields={name: ["不能直接修改"] for name in unknown})
    if not apply_changes(document, changes):
        return document
    _required(title=document.title, issuing_unit=document.issuing_unit)
    _check_dates(document.issued_on, document.effective_on, document.expires_on)
    document.version += 1
    document.save()
    return document


def _change_status(document: NormativeDocument, *, actor, to_status: str, on, reason: str, campaign=None) -> None:
    if to_status not in DocumentStatus.values:
        raise InvalidInput("效力状态无效", "Unknown status.", fields={"to_status": ["无效的状态"]})
    _required(on=on, reason=reason)
    if document.status in NOT_IN_FORCE:
        raise Conflict(f"该文件已{document.get_status_display()}，状态不能再变更",
                       "The document is no longer in force; its status cannot change.")
    if to_status == document.status and to_status != DocumentStatus.AMENDED:
        raise Conflict(f"该文件已是“{document.get_status_display()}”状态", "The document already has that status.")
    if on < document.issued_on:
        raise InvalidInput("状态变更日期不能早于印发日期", "The date precedes the document's issue.",
                           fields={"on": ["不能早于印发日期"]})
    DocumentStatusChange.objects.create(document=document, from_status=document.status, to_status=to_status, on=on,
                                        reason=reason.strip(), campaign=campaign, actor=actor)
    document.status, document.status_changed_on = to_status, on
    document.version += 1
    document.save()


@transaction.atomic
def normative_document_change_status(*, document_id: int, actor: User, to_status: str, on: datetime.date | None,
                                     reason: str, expected_version: int | None = None) -> NormativeDocument:
    """Amend, declare invalid (宣布失效) or repeal: always with a date and a reason, recorded."""
    document = lock_for_update(NormativeDocument.objects.all(), document_id, expected_version=expected_version)
    _require_keeper(actor, document.agency_id)
    _change_status(document, actor=actor, to_status=to_status, on=on, reason=reason)
    return document


@transaction.atomic
def document_filing_submit(*, document_id: int, actor: User, filing_body: str, submitted_on: datetime.date,
                           filing_number: str = "", note: str = "") -> DocumentFiling:
    document = lock_for_update(NormativeDocument.objects.all(), document_id)
    _require_keeper(actor, document.agency_id)
    _required(filing_body=filing_body, submitted_on=submitted_on)
    if submitted_on < document.issued_on:
        raise InvalidInput("报送备案日期不能早于印发日期", "Filed before issue.", fields={"submitted_on": ["不能早于印发日期"]})
    if document.filings.filter(result=FilingResult.PENDING).exists():
        raise Conflict("该文件已有一份在审的备案，请先登记审查结果", "A filing is already under review.")
    return DocumentFiling.objects.create(document=document, filing_body=filing_body.strip(), submitted_on=submitted_on,
                                         filing_number=filing_number.strip(), note=note)


@transaction.atomic
def document_filing_record_result(*, filing_id: int, actor: User, result: str, result_on: datetime.date | None,
                                  filing_number: str = "", note: str = "",
                                  expected_version: int | None = None) -> DocumentFiling:
    filing = lock_for_update(DocumentFiling.objects.select_related("document"), filing_id,
                             expected_version=expected_version)
    _require_keeper(actor, filing.document.agency_id)
    if result not in FilingResult.values or result == FilingResult.PENDING:
        raise InvalidInput("请选择审查结果", "Choose a result.", fields={"result": ["请选择审查结果"]})
    _required(result_on=result_on)
    if filing.result != FilingResult.PENDING:
        raise Conflict("该备案已登记审查结果", "The filing already has a result.")
    if result_on < filing.submitted_on:
        raise InvalidInput("结果日期不能早于报送日期", "Result precedes submission.", fields={"result_on": ["不能早于报送日期"]})
    if result == FilingResult.FILED and not (filing_number or filing.filing_number):
        raise InvalidInput("准予备案须登记备案登记号", "A filed document needs its filing number.",
                           fields={"filing_number": ["请填写备案登记号"]})
    filing.result, filing.result_on = result, result_on
    filing.filing_number = filing_number.strip() or filing.filing_number
    filing.note = note or filing.note
    filing.version += 1
    filing.save()
    return filing


MAX_ATTACHMENT = 50 * 1024 * 1024


@transaction.atomic
def document_attachment_add(*, document_id: int, actor: User, uploaded_file, name: str = "") -> DocumentAttachment:
    document = NormativeDocument.objects.get(pk=document_id)
    _require_keeper(actor, document.agency_id)
    if uploaded_file is None or not uploaded_file.size:
        raise InvalidInput("请选择要上传的附件", "Choose a file.", fields={"file": ["请选择文件"]})
    if uploaded_file.size > MAX_ATTACHMENT:
        raise InvalidInput("附件不能超过 50 MB", "Attachments are limited to 50 MB.", fields={"file": ["不能超过 50 MB"]})
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return DocumentAttachment.objects.create(document=document, name=(name or uploaded_file.name)[:200],
                                             file=uploaded_file, sha256=digest.hexdigest(), size=uploaded_file.size,
                                             uploaded_by=actor)


# --- cleanup campaigns (清理) ----------------------------------------------------------------------


@transaction.atomic
def cleanup_campaign_create(*, actor: User, title: str, started_on: datetime.date, basis: str = "") -> CleanupCampaign:
    _require_keeper(actor)
    _required(title=title, started_on=started_on)
    return CleanupCampaign.objects.create(agency_id=actor.agency_id, title=title.strip(), basis=basis,
                                          started_on=started_on)


@transaction.atomic
def cleanup_outcome_record(*, campaign_id: int, actor: User, document_id: int, outcome: str,
                           reason: str) -> CleanupOutcome:
    campaign = lock_for_update(CleanupCampaign.objects.all(), campaign_id)
    _require_keeper(actor, campaign.agency_id)
    if campaign.state != CampaignState.OPEN:
        raise Conflict("清理已完成，不能再登记结果", "The campaign is concluded.")
    if outcome not in CleanupOutcomeKind.values:
        raise InvalidInput("请选择清理结果", "Choose keep, amend or invalidate.", fields={"outcome": ["无效的清理结果"]})
    _required(reason=reason)
    document = NormativeDocument.objects.filter(pk=document_id, agency_id=campaign.agency_id).first()
    if document is None:
        raise InvalidInput("请选择本机关的规范性文件", "Unknown document.", fields={"document": ["文件不存在"]})
    if document.status in NOT_IN_FORCE:
        raise InvalidInput(f"{document.number}已{document.get_status_display()}，无需清理", "The document is not in force.",
                           fields={"document": ["该文件已不再有效"]})
    result, _ = CleanupOutcome.objects.update_or_create(campaign=campaign, document=document,
                                                        defaults={"outcome": outcome, "reason": reason.strip()})
    return result


@transaction.atomic
def cleanup_campaign_conclude(*, campaign_id: int, actor: User, concluded_on: datetime.date | None,
                              expected_version: int | None = None) -> CleanupCampaign:
    """Apply the outcomes (invalidate → 失效, amend → 已修订, dated the conclusion, reasoned by the campaign) and
    draft the notice publishing them."""
    campaign = lock_for_update(CleanupCampaign.objects.all(), campaign_id, expected_version=expected_version)
    _require_keeper(actor, campaign.agency_id)
    _required(concluded_on=concluded_on)
    if campaign.state != CampaignState.OPEN:
        raise Conflict("清理已完成", "The campaign is already concluded.")
    if concluded_on < campaign.started_on:
        raise InvalidInput("完成日期不能早于开始日期", "Concluded before it started.", fields={"concluded_on": ["不能早于开始日期"]})
    outcomes = list(campaign.outcomes.select_related("document"))
    if not outcomes:
        raise InvalidInput("尚未登记任何文件的清理结果", "No outcomes recorded.", fields={"outcomes": ["请先登记清理结果"]})
    target = {CleanupOutcomeKind.INVALIDATE: DocumentStatus.INVALID, CleanupOutcomeKind.AMEND: DocumentStatus.AMENDED}
    for outcome in outcomes:
        if outcome.outcome in target:
            document = NormativeDocument.objects.select_for_update().get(pk=outcome.document_id)
            _change_status(document, actor=actor, to_status=target[outcome.outcome], on=concluded_on,
                           reason=f"{campaign.title}：{outcome.reason}", campaign=campaign)
    campaign.state, campaign.concluded_on = CampaignState.CONCLUDED, concluded_on
    campaign.version += 1
    campaign.save()
    register_publish(actor=actor, register=Register.CLEANUP, object_id=campaign.pk)
    return campaign


# --- certification matters ---------------------------------------------------------------------


# --- discretion benchmark (行政处罚裁量基准, 行政处罚法 Art. 34) ---------------------------------------------


@transaction.atomic
def discretion_benchmark_create(*, actor: User, code: str, ground, circumstance: str, conditions: str,
                                standard: str, effective_on: datetime.date, penalty_kinds=(),
                                fine_minimum=None, fine_maximum=None) -> DiscretionBenchmark:
    """An entry of the benchmark: what penalty applies on one ground in one degree of circumstances. It stays
    within what the ground provides (its penalty kinds and, for a fixed-amount range, its amounts)."""
    _require_keeper(actor)
    _required(code=(code or "").strip(), ground=ground, circumstance=(circumstance or "").strip(),
              conditions=(conditions or "").strip(), standard=(standard or "").strip(), effective_on=effective_on)
    code = code.strip()
    errors = {}
    if DiscretionBenchmark.objects.filter(agency_id=actor.agency_id, code=code).exists():
        errors["code"] = ["本机关已有该编号的裁量基准条目"]
    outside = [k for k in penalty_kinds if k not in ground.penalty_kinds]
    if outside:
        errors["penalty_kinds"] = [f"{ground.regulation}{ground.article}未规定：{'、'.join(PenaltyKind(k).label for k in outside)}"]
    if (fine_minimum is not None or fine_maximum is not None) and PenaltyKind.FINE not in penalty_kinds:
        errors["fine_minimum"] = ["处罚种类不含罚款的，不填罚款幅度"]
    if fine_minimum is not None and fine_maximum is not None and fine_maximum < fine_minimum:
        errors["fine_maximum"] = ["罚款上限不能低于下限"]
    for amount in ground.fine_ranges.filter(basis=FineBasis.AMOUNT):
        low, high = fine_minimum, fine_maximum
        if (low is not None and low < amount.minimum) or (high is not None and high > amount.maximum):
            errors["fine_maximum"] = [f"罚款幅度须在{ground.regulation}{ground.article}规定的 {amount.minimum}–{amount.maximum} 元之内"]
    if errors:
        raise InvalidInput("裁量基准条目不符合处罚依据。", "The entry does not fit its ground.", fields=errors)
    return DiscretionBenchmark.objects.create(
        agency_id=actor.agency_id, code=code, ground=ground, circumstance=circumstance.strip(),
        conditions=conditions.strip(), standard=standard.strip(), effective_on=effective_on,
        penalty_kinds=list(penalty_kinds), fine_minimum=fine_minimum, fine_maximum=fine_maximum, created_by=actor)


@transaction.atomic
def discretion_benchmark_repeal(*, benchmark_id: int, actor: User, on: datetime.date, reason: str,
                                expected_version: int | None = None) -> DiscretionBenchmark:
    """An entry is repealed from a day on, never deleted or rewritten: decisions made under it keep citing it
    as it stood."""
    benchmark = lock_for_update(DiscretionBenchmark.objects.all(), benchmark_id, expected_version=expected_version)
    _require_keeper(actor, benchmark.agency_id)
    _required(on=on, reason=(reason or "").strip())
    if benchmark.repealed_on:
        raise Conflict(f"该裁量基准条目已于 {benchmark.repealed_on:%Y-%m-%d} 废止。", "Already repealed.")
    if on <= benchmark.effective_on:
        raise InvalidInput("废止日期应晚于施行日期", "Repeal after the entry took effect.",
                           fields={"on": ["废止日期应晚于施行日期"]})
    benchmark.repealed_on, benchmark.repeal_reason = on, reason.strip()
    benchmark.version += 1
    benchmark.save()
    return benchmark


@transaction.atomic
def certification_matter_create(*, actor: User, name: str, legal_basis: str, issuing_body: str = "",
                                purpose: str = "", notification_commitment: bool = False) -> CertificationMatter:
    _require_keeper(actor)
    _required(name=name, legal_basis=legal_basis)
    if CertificationMatter.objects.filter(agency_id=actor.agency_id, name=name.strip()).exists():
        raise InvalidInput("已登记同名证明事项", "A matter with that name exists.", code="duplicate",
                           fields={"name": ["已登记同名证明事项"]})
    return CertificationMatter.objects.create(agency_id=actor.agency_id, name=name.strip(), legal_basis=legal_basis,
                                              issuing_body=issuing_body, purpose=purpose,
                                              notification_commitment=notification_commitment)


@transaction.atomic
def certification_matter_update(*, matter_id: int, actor: User, expected_version: int | None = None,
                                **changes) -> CertificationMatter:
    matter = lock_for_update(CertificationMatter.objects.all(), matter_id, expected_version=expected_version)
    _require_keeper(actor, matter.agency_id)
    if unknown := set(changes) - {"legal_basis", "issuing_body", "purpose", "notification_commitment"}:
        raise InvalidInput("这些字段不能直接修改", "Those fields cannot be edited.",
                           fields={name: ["不能直接修改"] for name in unknown})
    if matter.status == MatterStatus.CANCELLED:
        raise Conflict("已取消的证明事项不能修改", "A cancelled matter cannot be edited.")
    if not apply_changes(matter, changes):
        return matter
    _required(legal_basis=matter.legal_basis)
    matter.version += 1
    matter.save()
    return matter


@transaction.atomic
def certification_matter_cancel(*, matter_id: int, actor: User, on: datetime.date | None, basis: str,
                                expected_version: int | None = None) -> CertificationMatter:
    matter = lock_for_update(CertificationMatter.objects.all(), matter_id, expected_version=expected_version)
    _require_keeper(actor, matter.agency_id)
    _required(on=on, basis=basis)
    if matter.status == MatterStatus.CANCELLED:
        raise Conflict("该证明事项已取消", "Already cancelled.")
    matter.status, matter.cancelled_on, matter.cancellation_basis = MatterStatus.CANCELLED, on, basis.strip()
    matter.version += 1
    matter.save()
    return matter


# --- power and responsibility lists ------------------------------------------------------------------


POWER_ITEM_FIELDS = ("name", "kind", "legal_basis", "responsible_unit", "responsibilities", "accountability")


@transaction.atomic
def power_list_create_version(*, actor: User, effective_on: datetime.date, items: list[dict],
                              note: str = "") -> PowerList:
    """A list is never edited in place: each change is a new, complete version."""
    _require_keeper(actor)
    _required(effective_on=effective_on)
    errors = []
    if not items:
        errors.append("清单不能为空")
    for index, item in enumerate(items, 1):
        missing = [f for f in POWER_ITEM_FIELDS if not str(item.get(f) or "").strip()]
        if missing:
            errors.append(f"第{index}项缺少：{'、'.join(missing)}")
        elif item["kind"] not in PowerKind.values:
            errors.append(f"第{index}项：权力类型无效")
    if errors:
        raise InvalidInput("清单内容有误", "The list has errors.", fields={"items": errors})
    latest = PowerList.objects.select_for_update().filter(agency_id=actor.agency_id).order_by("-version").first()
    power = PowerList.objects.create(agency_id=actor.agency_id, version=(latest.version + 1) if latest else 1,
                                     effective_on=effective_on, note=note, created_by=actor)
    PowerItem.objects.bulk_create([
        PowerItem(power_list=power, position=index, code=str(item.get("code") or "")[:40],
                  **{f: str(item[f]).strip() for f in POWER_ITEM_FIELDS})
        for index, item in enumerate(items, 1)])
    return power


# --- random inspections (双随机、一公开) -----------------------------------------------------------------


@transaction.atomic
def inspection_plan_create(*, actor: User, title: str, year: int, matters: list[dict], target_count: int,
                           target_types=(), target_statuses=(), registered_before=None) -> InspectionPlan:
    _require_keeper(actor)
    _required(title=title, year=year, matters=matters)
    if any(not str(m.get("name") or "").strip() for m in matters):
        raise InvalidInput("每个抽查事项须有名称", "Every matter needs a name.", fields={"matters": ["抽查事项须有名称"]})
    if not target_count or target_count < 1:
        raise InvalidInput("抽取对象数至少为1", "Draw at least one target.", fields={"target_count": ["至少为1"]})
    return InspectionPlan.objects.create(
        agency_id=actor.agency_id, title=title.strip(), year=year, matters=list(matters), target_count=target_count,
        target_types=list(target_types), target_statuses=list(target_statuses), registered_before=registered_before,
        created_by=actor)


@transaction.atomic
def inspection_connection_record(*, actor: User, inspector: User, organisation: Organisation,
                                 reason: str) -> InspectorConnection:
    _require_keeper(actor, organisation.agency_id)
    _required(reason=reason)
    connection, _ = InspectorConnection.objects.update_or_create(
        inspector=inspector, organisation=organisation,
        defaults={"agency_id": organisation.agency_id, "reason": reason.strip(), "recorded_by": actor})
    return connection


def _pool(plan: InspectionPlan, on: datetime.date) -> dict:
    targets = list(selectors.inspection_targets(plan).values_list("id", "name"))
    inspectors = [(u.pk, u.full_name or u.username)
                  for u in selectors.inspection_inspectors(agency_id=plan.agency_id, on=on)]
    k = plan.inspectors_per_target
    if not targets:
        raise InvalidInput("按筛选条件没有可抽取的检查对象", "The target pool is empty.", code="empty_pool",
                           fields={"target_pool": ["检查对象名单为空"]})
    if len(targets) < plan.target_count:
        raise InvalidInput(f"检查对象只有{len(targets)}个，少于计划抽取的{plan.target_count}个",
                           "The target pool is smaller than the number to draw.", code="pool_too_small",
                           fields={"target_pool": [f"对象数{len(targets)}少于抽取数{plan.target_count}"]})
    if len(inspectors) < k:
        raise InvalidInput(f"持有效执法证的执法人员只有{len(inspectors)}名，每个对象须{k}名",
                           "Too few credentialed officers.", code="pool_too_small",
                           fields={"inspector_pool": [f"执法人员少于{k}名"]})
    conflicts = selectors.inspection_conflicts(agency_id=plan.agency_id, organisation_ids=[t for t, _ in targets],
                                               inspector_ids=[i for i, _ in inspectors], on=on)
    eligible_targets = sum(1 for t, _ in targets
                           if sum(1 for i, _ in inspectors if (i, t) not in conflicts) >= k)
    if eligible_targets < plan.target_count:
        raise InvalidInput(f"回避后可抽取的检查对象只有{eligible_targets}个，少于计划抽取的{plan.target_count}个",
                           "After conflicts, too few targets have enough inspectors.", code="pool_too_small",
                           fields={"target_pool": ["回避后可抽取的对象不足"]})
    return {"targets": [t for t, _ in targets], "inspectors": [i for i, _ in inspectors],
            "conflicts": sorted([i, o] for i, o in conflicts), "targets_per_draw": plan.target_count,
            "inspectors_per_target": k,
            "names": {"targets": {str(t): name for t, name in targets},
                      "inspectors": {str(i): name for i, name in inspectors}},
            "conflict_reasons": {f"{i}:{o}": reason for (i, o), reason in conflicts.items()}}


@transaction.atomic
def inspection_plan_commit(*, plan_id: int, actor: User, reason: str = "",
                           expected_version: int | None = None) -> InspectionDraw:
    """Freeze the pools, generate a secret seed, and draft the notice publishing the pool and the seed's
    SHA-256. A plan already drawn gets a new round only with a reason (the old round stays on record)."""
    plan = lock_for_update(InspectionPlan.objects.all(), plan_id, expected_version=expected_version)
    _require_keeper(actor, plan.agency_id)
    current = selectors.current_draw(plan)
    if current is not None and not current.is_drawn:
        raise Conflict("本计划已公布抽取名单和种子摘要，尚未抽取", "The plan is committed and awaits its draw.",
                       code="already_committed")
    if current is not None:
        if not reason.strip():
            raise InvalidInput("重新抽取须说明理由", "A new draw needs a reason.", fields={"reason": ["请说明重新抽取的理由"]})
        if current.results.exclude(outcome=InspectionOutcome.PENDING).exists():
            raise Conflict("已录入检查结果，不能重新抽取", "Results are recorded; the draw cannot be replaced.")
        InspectionDraw.objects.filter(pk=current.pk).update(superseded_reason=reason.strip(),
                                                            superseded_at=timezone.now())
    pool = _pool(plan, timezone.localdate())
    seed = secrets.token_hex(32)
    draw = InspectionDraw.objects.create(
        plan=plan, round=(current.round + 1) if current else 1, pool=pool,
        pool_sha256=drawing.sha256_hex(drawing.canonical_json(publications.verification_pool(pool))),
        seed=seed, seed_sha256=drawing.seed_commitment(seed), algorithm=drawing.ALGORITHM,
        committed_by=actor, committed_at=timezone.now())
    draw.commitment_notice = register_publish(actor=actor, register=Register.INSPECTION_POOL, object_id=draw.pk)
    draw.save(update_fields=["commitment_notice"])
    plan.state = PlanState.COMMITTED
    plan.version += 1
    plan.save()
    return draw


@transaction.atomic
def inspection_plan_draw(*, plan_id: int, actor: User) -> InspectionDraw:
    """Run the draw of the current round once. Re-running is refused: the result is already fixed."""
    plan = lock_for_update(InspectionPlan.objects.all(), plan_id)
    if not (rules.can_draw.test(actor) and (actor.is_superuser or actor.agency_id == plan.agency_id)):
        raise PermissionRefused("抽取须由本机关负责人或系统管理员执行", "Only a leader or an administrator may draw.")
    draw = selectors.current_draw(plan)
    if draw is None:
        raise Conflict("须先公布抽取名单和随机种子摘要", "Commit the pool and the seed first.", code="not_committed")
    draw = InspectionDraw.objects.select_for_update().get(pk=draw.pk)
    if draw.is_drawn:
        raise Conflict(f"第{draw.round}轮已于{timezone.localtime(draw.drawn_at):%Y-%m-%d %H:%M}抽取，结果不能重新生成；"
                       "如确需重新抽取，须说明理由另行公布新的名单和种子",
                       "This round is already drawn; a new draw must be a new, published round.", code="already_drawn")
    notice = draw.commitment_notice
    if notice is None or notice.state != NoticeState.PUBLISHED:
        raise Conflict("抽取名单和随机种子摘要尚未公示，公示后方可抽取",
                       "The pool and seed commitment must be published before the draw.", code="commitment_unpublished")
    result = drawing.run_draw(publications.verification_pool(draw.pool), draw.seed)
    draw.result, draw.drawn_at, draw.drawn_by = result, timezone.now(), actor
    draw.save()
    InspectionResult.objects.bulk_create([
        InspectionResult(draw=draw, position=n, organisation_id=a["target"], inspector_ids=a["inspectors"])
        for n, a in enumerate(result["assignments"], 1)])
    plan.state = PlanState.DRAWN
    plan.version += 1
    plan.save()
    return draw


@transaction.atomic
def inspection_result_record(*, result_id: int, actor: User, outcome: str, inspected_on: datetime.date | None,
                             findings: str = "", expected_version: int | None = None) -> InspectionResult:
    result = lock_for_update(InspectionResult.objects.select_related("draw__plan"), result_id,
                             expected_version=expected_version)
    plan = result.draw.plan
    if not rules.can_record_inspection.test(actor, result) or (not actor.is_superuser and actor.agency_id != plan.agency_id):
        raise PermissionRefused("检查结果须由抽中的检查人员或登记簿管理人员录入",
                                "Only the drawn inspectors or a register keeper may record the result.")
    if result.draw.superseded_at:
        raise Conflict("该轮抽取已被重新抽取取代", "This round was superseded.")
    if outcome not in InspectionOutcome.values or outcome == InspectionOutcome.PENDING:
        raise InvalidInput("请选择检查结果", "Choose an outcome.", fields={"outcome": ["请选择检查结果"]})
    _required(inspected_on=inspected_on)
    if inspected_on < timezone.localtime(result.draw.drawn_at).date():
        raise InvalidInput("检查日期不能早于抽取日期", "Inspected before the draw.", fields={"inspected_on": ["不能早于抽取日期"]})
    result.outcome, result.inspected_on, result.findings = outcome, inspected_on, findings
    result.version += 1
    result.save()
    if not result.draw.results.filter(outcome=InspectionOutcome.PENDING).exists():
        InspectionPlan.objects.filter(pk=plan.pk).update(state=PlanState.CONCLUDED, version=plan.version + 1)
    return result


# --- annual report ----------------------------------------------------------------------------------


@transaction.atomic
def annual_report_draft(*, agency: Agency, year: int, today: datetime.date | None = None) -> AnnualReport:
    """Compute (or recompute) the year's figures. A report already submitted for publication is fixed."""
    today = today or timezone.localdate()
    if not 2000 <= year < today.year:
        raise InvalidInput("只能统计已结束的年度", "Only a finished year can be reported.", fields={"year": ["年度无效"]})
    report = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
    figures = statistics.annual_figures(agency_id=agency.pk, year=year, today=today)
    if report is None:
        return AnnualReport.objects.create(agency=agency, year=year, figures=figures, computed_at=timezone.now())
    if report.state != ReportState.DRAFT:
        raise Conflict("年报已提交公示，不能重新统计", "The report was submitted for publication.")
    report.figures, report.computed_at = figures, timezone.now()
    report.version += 1
    report.save()
    return report


def annual_report_prepare(*, actor: User, year: int) -> AnnualReport:
    """A keeper asks for (or refreshes) a year's draft."""
    _require_keeper(actor)
    return annual_report_draft(agency=Agency.objects.get(pk=actor.agency_id), year=year)


@transaction.atomic
def annual_report_submit(*, report_id: int, actor: User, expected_version: int | None = None) -> AnnualReport:
    report = lock_for_update(AnnualReport.objects.select_related("agency"), report_id,
                             expected_version=expected_version)
    _require_keeper(actor, report.agency_id)
    if report.state != ReportState.DRAFT:
        raise Conflict("年报已提交公示", "Already submitted.")
    report.notice = register_publish(actor=actor, register=Register.ANNUAL_REPORT, object_id=report.pk)
    report.state = ReportState.SUBMITTED
    report.version += 1
    report.save()
    return report


def annual_report_published(*, notice_id: int) -> int:
    """The submitted report carried by this notice is published: called as the notice reaches the public
    site (`zhifa.disclosure.signals.notice_published`). Returns how many reports changed (0 or 1)."""
    return AnnualReport.objects.filter(notice_id=notice_id, state=ReportState.SUBMITTED).update(
        state=ReportState.PUBLISHED, version=F("version") + 1)


def annual_report_sync(*, report: AnnualReport) -> AnnualReport:
    """The daily run's safety net: a submitted report whose notice is on the public site is published,
    even if the publication's own signal was missed (e.g. a notice published by a restored backup)."""
    if report.state == ReportState.SUBMITTED and report.notice_id and Notice.objects.filter(
            pk=report.notice_id, state=NoticeState.PUBLISHED).exists():
        annual_report_published(notice_id=report.notice_id)
        report.refresh_from_db(fields=["state", "version"])
    return report


# --- publishing: one notice per register publication -----------------------------------------------------


def _content(register: str, agency: Agency, object_id: int | None, on: datetime.date):
    def get(model):
        obj = model.objects.filter(pk=object_id, **({"agency": agency} if hasattr(model, "agency") else {})).first()
        if obj is None:
            raise InvalidInput("要公示的对象不存在", "Unknown object.", fields={"object_id": ["对象不存在"]})
        return obj

    if register == Register.NORMATIVE_DOCUMENTS:
        return publications.normative_documents(agency, on)
    if register == Register.CERTIFICATION_MATTERS:
        return publications.certification_matters(agency, on)
    if register == Register.DISCRETION_BENCHMARKS:
        return publications.discretion_benchmarks(agency, on)
    if register == Register.PERSONNEL:
        return publications.personnel(agency, on)
    if register == Register.POWER_LIST:
        power = get(PowerList) if object_id else selectors.power_list_current(agency_id=agency.pk)
        if power is None:
            raise InvalidInput("尚未制定权责清单", "No power list yet.", fields={"object_id": ["尚无权责清单"]})
        return publications.power_list(power)
    if register == Register.MAJOR_CATALOGUE:
        catalogue = catalogue_current(agency_id=agency.pk)
        if catalogue is None:
            raise InvalidInput("尚未制定重大执法决定法制审核目录", "No catalogue yet.", fields={"register": ["尚无目录"]})
        return publications.major_catalogue(catalogue)
    if register == Register.CLEANUP:
        campaign = get(CleanupCampaign)
        if campaign.state != CampaignState.CONCLUDED:
            raise Conflict("清理完成后方可公布结果", "Conclude the campaign first.")
        return publications.cleanup(campaign)
    if register == Register.ANNUAL_REPORT:
        return publications.annual_report(get(AnnualReport))
    if register in (Register.INSPECTION_POOL, Register.INSPECTION_RESULTS):
        draw = InspectionDraw.objects.select_related("plan").filter(pk=object_id, plan__agency=agency).first()
        if draw is None:
            raise InvalidInput("抽取记录不存在", "Unknown draw.", fields={"object_id": ["抽取记录不存在"]})
        if register == Register.INSPECTION_RESULTS and not draw.is_drawn:
            raise Conflict("尚未抽取，不能公布抽取结果", "Not drawn yet.")
        return (publications.inspection_pool if register == Register.INSPECTION_POOL
                else publications.inspection_results)(draw)
    raise InvalidInput("无效的登记簿", "Unknown register.", fields={"register": ["无效的登记簿"]})


@transaction.atomic
def register_publish(*, actor: User, register: str, object_id: int | None = None,
                     on: datetime.date | None = None):
    """Draft the disclosure notice carrying the register's current public content. The editors then check
    the redaction and approve it as any other notice; approval publishes it to the static site."""
    _require_keeper(actor)
    agency = Agency.objects.get(pk=actor.agency_id)
    content = _content(register, agency, object_id, on or timezone.localdate())
    notice = disclosure.notice_create(actor=actor, kind=NoticeKind.REGISTER, title=content.title, body=content.body,
                                      fields=content.fields, due_date=content.due_date)
    RegisterPublication.objects.create(agency=agency, register=register, reference=content.reference, notice=notice,
                                       created_by=actor)
    return notice
