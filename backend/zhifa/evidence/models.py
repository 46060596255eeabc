"""The evidence locker: recorder devices and their custody, evidence items and their files, uploads,
the access log, fixity checks and alarms, disposal with tombstones.

Integrity rules kept by PostgreSQL itself, so that no code path (bulk update, raw SQL, the admin)
can break them:
- a stored original's content address, size and key never change, and it is never deleted;
- an evidence item is never deleted (disposal leaves the row, a tombstone and the hash), and its file
  reference never changes;
- an item used as case evidence can never be disposed;
- the access log, the custody ledger, fixity checks and tombstones are append-only.
"""

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models

from zhifa.accounts.models import Agency, Unit
from zhifa.cases.choices import CaseState
from zhifa.cases.models import Case
from zhifa.evidence.choices import (
    AccessAction,
    AccessOutcome,
    AlarmStatus,
    CustodyAction,
    DerivativeKind,
    DeviceStatus,
    DisposalStatus,
    EvidenceKind,
    FixityResult,
    FixityTrigger,
    ItemStatus,
    UploadStatus,
)

USER = settings.AUTH_USER_MODEL
APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
NEVER_DELETED = pgtrigger.Protect(name="never_deleted", operation=pgtrigger.Delete)


@pghistory.track()
class RecorderDevice(models.Model):
    """执法记录仪: a body-worn recorder. Who holds it is kept by the custody ledger."""

    agency = models.ForeignKey(Agency, verbose_name="所属机关", on_delete=models.PROTECT, related_name="+")
    serial_number = models.CharField("设备序列号", max_length=60)
    model = models.CharField("型号", max_length=100, blank=True)
    status = models.CharField("状态", max_length=16, choices=DeviceStatus.choices, default=DeviceStatus.IN_SERVICE)
    in_service_on = models.DateField("投入使用日期", null=True, blank=True)
    holder = models.ForeignKey(USER, verbose_name="当前持有人", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="devices_held", help_text="由领用、归还登记维护")
    note = models.TextField("备注", blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法记录仪"
        ordering = ["agency_id", "serial_number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "serial_number"], name="device_serial_unique_per_agency"),
        ]

    def __str__(self):
        return f"{self.serial_number}（{self.model}）" if self.model else self.serial_number


@pghistory.track(pghistory.InsertEvent())
class DeviceCustody(models.Model):
    """The device ledger: one row per handover (领用) or return (归还). Append-only."""

    device = models.ForeignKey(RecorderDevice, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField("登记事项", max_length=16, choices=CustodyAction.choices)
    holder = models.ForeignKey(USER, verbose_name="领用或归还人", on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField("交接时间")
    recorded_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法记录仪领用归还台账"
        ordering = ["device_id", "occurred_at", "id"]
        indexes = [models.Index(fields=["device", "occurred_at", "id"], name="custody_device_time")]
        triggers = [APPEND_ONLY]


@pghistory.track(exclude=["last_checked_at", "last_result"])
class StoredFile(models.Model):
    """An original's bytes, stored once under their content address however many items share them.

    The key is evidence/originals/<ab>/<cd>/<sha256>. Identical content uploaded twice is one stored file
    and two evidence items. The file is deleted from storage (purged) only when every item and derivative
    using it has been disposed; the row and its hash stay.
    """

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    size = models.PositiveBigIntegerField("大小（字节）")
    storage_name = models.CharField("存储键", max_length=300)
    content_type = models.CharField("文件类型", max_length=120)
    type_label = models.CharField("类型说明", max_length=60, blank=True)
    created_at = models.DateTimeField("入库时间", auto_now_add=True)
    last_checked_at = models.DateTimeField("最近校验时间", null=True, blank=True)
    last_result = models.CharField("最近校验结果", max_length=16, choices=FixityResult.choices, blank=True)
    purged_at = models.DateTimeField("内容销毁时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "原始文件"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["last_checked_at", "id"], name="stored_file_fixity_due",
                         condition=models.Q(purged_at__isnull=True)),
        ]
        triggers = [
            NEVER_DELETED,
            pgtrigger.Protect(name="content_address_immutable", operation=pgtrigger.Update,
                              condition=pgtrigger.AnyChange("sha256", "size", "storage_name")),
        ]

    def __str__(self):
        return self.sha256


@pghistory.track()
class EvidenceItem(models.Model):
    """One piece of evidence: what it is, who collected it when and where, and its original file."""

    agency = models.ForeignKey(Agency, verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="承办科室", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="evidence_items")
    procedure_step = models.CharField("办案环节", max_length=32, choices=CaseState.choices, blank=True)
    kind = models.CharField("证据种类", max_length=32, choices=EvidenceKind.choices)
    title = models.CharField("名称", max_length=200)
    description = models.TextField("说明", blank=True)
    collected_at = models.DateTimeField("收集（录制）时间", null=True, blank=True)
    collected_place = models.CharField("收集（录制）地点", max_length=200, blank=True)

    # The original file: never changes once the item exists.
    file = models.ForeignKey(StoredFile, verbose_name="原始文件", on_delete=models.PROTECT, related_name="items")
    filename = models.CharField("原始文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=120)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)

    # Footage (执法记录仪视音频): the device, the officer wearing it, start and end.
    device = models.ForeignKey(RecorderDevice, verbose_name="执法记录仪", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="recordings")
    device_serial = models.CharField("设备序列号", max_length=60, blank=True)
    recording_officer = models.ForeignKey(USER, verbose_name="佩戴人员", on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="recordings")
    recorded_from = models.DateTimeField("录制开始", null=True, blank=True)
    recorded_to = models.DateTimeField("录制结束", null=True, blank=True)

    # Used as evidence in the case: kept permanently from then on.
    is_case_evidence = models.BooleanField("已作为定案证据", default=False)
    admitted_at = models.DateTimeField("列为定案证据时间", null=True, blank=True)
    admitted_by = models.ForeignKey(USER, verbose_name="列为定案证据人", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")

    retain_until = models.DateField("保存期限至", null=True, blank=True, help_text="空：永久保存")
    status = models.CharField("状态", max_length=24, choices=ItemStatus.choices, default=ItemStatus.ACTIVE)
    disposed_at = models.DateTimeField("销毁时间", null=True, blank=True)

    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_by = models.ForeignKey(USER, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("入库时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "证据"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "-id"], name="evidence_agency"),
            models.Index(fields=["case", "-id"], name="evidence_case"),
            models.Index(fields=["agency", "unit", "-id"], name="evidence_agency_unit"),
            models.Index(fields=["agency", "kind", "-id"], name="evidence_agency_kind"),
            models.Index(fields=["agency", "-collected_at", "-id"], name="evidence_agency_collected"),
            models.Index(fields=["device", "-recorded_from"], name="evidence_device_recorded"),
            models.Index(fields=["retain_until"], name="evidence_retention_due",
                         condition=models.Q(status="active", is_case_evidence=False)),
        ]
        constraints = [
            models.CheckConstraint(name="evidence_admitted_needs_case",
                                   condition=models.Q(is_case_evidence=False) | models.Q(case__isnull=False)),
            models.CheckConstraint(name="evidence_case_evidence_never_disposed",
                                   condition=models.Q(is_case_evidence=False) | ~models.Q(status=ItemStatus.DISPOSED)),
            models.CheckConstraint(name="evidence_recording_in_order",
                                   condition=models.Q(recorded_from__isnull=True) | models.Q(recorded_to__isnull=True)
                                   | models.Q(recorded_to__gte=models.F("recorded_from"))),
        ]
        triggers = [
            NEVER_DELETED,
            pgtrigger.Protect(name="original_immutable", operation=pgtrigger.Update,
                              condition=pgtrigger.AnyChange("file", "sha256", "size")),
        ]

    def __str__(self):
        return self.title


@pghistory.track()
class Collector(models.Model):
    """A collecting officer of an evidence item (at least the uploader; usually two officers)."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="collectors")
    officer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="evidence_collected")

    class Meta:
        verbose_name = verbose_name_plural = "证据收集人"
        ordering = ["item_id", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "officer"], name="collector_once_per_item")]


@pghistory.track()
class FootageInterruption(models.Model):
    """A break in a recording. The law wants the reason stated."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="interruptions")
    started_at = models.DateTimeField("中断时间")
    ended_at = models.DateTimeField("恢复时间", null=True, blank=True)
    reason = models.CharField("中断原因", max_length=300)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "录制中断"
        ordering = ["item_id", "started_at", "id"]
        constraints = [
            models.CheckConstraint(name="interruption_has_reason", condition=~models.Q(reason="")),
            models.CheckConstraint(name="interruption_in_order",
                                   condition=models.Q(ended_at__isnull=True)
                                   | models.Q(ended_at__gte=models.F("started_at"))),
        ]


@pghistory.track()
class Derivative(models.Model):
    """A redacted or transcoded copy (or a poster frame, or a playback proxy): a separate file with its own
    hash, linked to its original, which stays as it was."""

    original = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="derivatives")
    kind = models.CharField("种类", max_length=16, choices=DerivativeKind.choices)
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="derivatives")
    filename = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=120)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField("处理说明", max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "衍生文件"
        ordering = ["original_id", "id"]
        triggers = [
            NEVER_DELETED,
            pgtrigger.Protect(name="derivative_immutable", operation=pgtrigger.Update,
                              condition=pgtrigger.AnyChange("original", "file", "sha256", "size")),
        ]


@pghistory.track(exclude=["offset", "writer", "heartbeat_at", "updated_at"])
class Upload(models.Model):
    """A tus upload, and afterwards the ingest job: the row is the job record.

    Bytes arrive into a staging file (EVIDENCE_UPLOAD_DIR); `offset` is what has been received and
    made durable. Once complete the row is queued for ingest (hash, sniff, store), which ends in
    `done` with the evidence item, or `rejected` / `failed` with the reason. Nothing becomes evidence
    before that.
    """

    uid = models.UUIDField("上传编号", default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name="上传人", on_delete=models.PROTECT, related_name="evidence_uploads")
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    kind = models.CharField("证据种类", max_length=32, choices=EvidenceKind.choices, blank=True)
    derivative_of = models.ForeignKey(EvidenceItem, verbose_name="原件", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    derivative_kind = models.CharField("衍生种类", max_length=16, choices=DerivativeKind.choices, blank=True)
    filename = models.CharField("文件名", max_length=255)
    metadata = models.JSONField("上传元数据", default=dict, blank=True)
    length = models.PositiveBigIntegerField("文件大小（字节）")
    offset = models.PositiveBigIntegerField("已接收（字节）", default=0)
    declared_sha256 = models.CharField("客户端声明的 SHA-256", max_length=64, blank=True)
    status = models.CharField("状态", max_length=16, choices=UploadStatus.choices, default=UploadStatus.RECEIVING)
    # The PATCH request writing right now, and when it last showed life (a claim on the staging file).
    writer = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("入库次数", default=0)
    sha256 = models.CharField("服务器计算的 SHA-256", max_length=64, blank=True)
    content_type = models.CharField("识别的文件类型", max_length=120, blank=True)
    error_code = models.CharField("错误代码", max_length=40, blank=True)
    error = models.TextField("错误信息", blank=True)
    item = models.ForeignKey(EvidenceItem, verbose_name="形成的证据", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="uploads")
    derivative = models.ForeignKey(Derivative, verbose_name="形成的衍生文件", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="uploads")
    created_at = models.DateTimeField("开始上传", auto_now_add=True)
    updated_at = models.DateTimeField("最近接收", auto_now=True)
    completed_at = models.DateTimeField("接收完成", null=True, blank=True)
    ingest_started_at = models.DateTimeField("开始入库", null=True, blank=True)
    finished_at = models.DateTimeField("入库结束", null=True, blank=True)
    expires_at = models.DateTimeField("未完成上传的过期时间")

    class Meta:
        verbose_name = verbose_name_plural = "上传与入库任务"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["created_by", "-id"], name="upload_creator"),
            models.Index(fields=["expires_at"], name="upload_receiving_expiry",
                         condition=models.Q(status="receiving")),
            models.Index(fields=["status", "completed_at"], name="upload_ingest_pending",
                         condition=models.Q(status__in=["queued", "ingesting"])),
        ]
        constraints = [
            models.CheckConstraint(name="upload_not_empty", condition=models.Q(length__gt=0)),
            models.CheckConstraint(name="upload_offset_within_length",
                                   condition=models.Q(offset__lte=models.F("length"))),
            models.CheckConstraint(name="upload_done_has_result",
                                   condition=~models.Q(status="done")
                                   | models.Q(item__isnull=False) | models.Q(derivative__isnull=False)),
        ]

    def __str__(self):
        return f"{self.filename}（{self.get_status_display()}）"


@pghistory.track(pghistory.InsertEvent())
class AccessEvent(models.Model):
    """The evidence access log: every view, stream, download, export, report and check, and every refusal.

    Append-only, and its rows enter the sealed history chain like every history row.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    item = models.ForeignKey(EvidenceItem, verbose_name="证据", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="accesses")
    derivative = models.ForeignKey(Derivative, on_delete=models.PROTECT, null=True, blank=True, related_name="accesses")
    user = models.ForeignKey(USER, verbose_name="访问人", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    action = models.CharField("访问方式", max_length=16, choices=AccessAction.choices)
    outcome = models.CharField("结果", max_length=16, choices=AccessOutcome.choices, default=AccessOutcome.ALLOWED)
    purpose = models.CharField("用途", max_length=200, blank=True)
    reason = models.CharField("拒绝原因", max_length=200, blank=True)
    byte_range = models.CharField("字节范围", max_length=80, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=300, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证据访问日志"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["item", "id"], name="access_item"),
            models.Index(fields=["agency", "-id"], name="access_agency"),
            models.Index(fields=["user", "-id"], name="access_user"),
        ]
        triggers = [APPEND_ONLY]


@pghistory.track(pghistory.InsertEvent())
class FixityCheck(models.Model):
    """One re-hash of a stored original against its recorded SHA-256. Append-only."""

    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="checks")
    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, null=True, blank=True, related_name="checks",
                             help_text="人工校验时所针对的证据")
    trigger = models.CharField("触发方式", max_length=16, choices=FixityTrigger.choices)
    result = models.CharField("结果", max_length=16, choices=FixityResult.choices)
    expected_sha256 = models.CharField("应有摘要", max_length=64)
    found_sha256 = models.CharField("实际摘要", max_length=64, blank=True)
    found_size = models.PositiveBigIntegerField("实际大小", null=True, blank=True)
    checked_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间")

    class Meta:
        verbose_name = verbose_name_plural = "完整性校验记录"
        ordering = ["-id"]
        indexes = [models.Index(fields=["file", "-id"], name="fixity_file")]
        triggers = [APPEND_ONLY]


@pghistory.track()
class FixityAlarm(models.Model):
    """Raised when a stored original no longer matches its hash or is missing. One open alarm per file."""

    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="alarms")
    check_run = models.OneToOneField(FixityCheck, verbose_name="校验记录", on_delete=models.PROTECT, related_name="alarm")
    status = models.CharField("状态", max_length=16, choices=AlarmStatus.choices, default=AlarmStatus.OPEN)
    message = models.CharField("告警内容", max_length=300)
    opened_at = models.DateTimeField("告警时间", auto_now_add=True)
    acknowledged_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField("处理时间", null=True, blank=True)
    note = models.TextField("处理情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "完整性告警"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["file"], condition=models.Q(status="open"), name="one_open_alarm_per_file"),
        ]


@pghistory.track()
class DisposalRequest(models.Model):
    """A request to dispose of an item past its retention period; a leader other than the requester decides."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="disposal_requests")
    reason = models.TextField("销毁理由")
    requested_by = models.ForeignKey(USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    status = models.CharField("状态", max_length=16, choices=DisposalStatus.choices, default=DisposalStatus.PENDING)
    decided_by = models.ForeignKey(USER, verbose_name="审批人", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "证据销毁申请"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=models.Q(status="pending"),
                                    name="one_pending_disposal_per_item"),
            models.CheckConstraint(name="disposal_decided_by_another",
                                   condition=models.Q(decided_by__isnull=True)
                                   | ~models.Q(decided_by=models.F("requested_by"))),
        ]


@pghistory.track(pghistory.InsertEvent())
class Tombstone(models.Model):
    """What remains of a disposed item: its hash, its metadata, who asked, who approved, and why."""

    item = models.OneToOneField(EvidenceItem, on_delete=models.PROTECT, related_name="tombstone")
    request = models.OneToOneField(DisposalRequest, on_delete=models.PROTECT, related_name="tombstone")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    filename = models.CharField("原始文件名", max_length=255)
    kind = models.CharField("证据种类", max_length=32, choices=EvidenceKind.choices)
    title = models.CharField("名称", max_length=200)
    case_number = models.CharField("案件编号", max_length=60, blank=True)
    metadata = models.JSONField("证据信息快照", default=dict)
    reason = models.TextField("销毁理由")
    requested_by = models.ForeignKey(USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(USER, verbose_name="批准人", on_delete=models.PROTECT, related_name="+")
    content_purged = models.BooleanField("原始文件已删除", help_text="同一内容仍被其他证据使用时保留文件")
    disposed_at = models.DateTimeField("销毁时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证据销毁记录（墓碑）"
        ordering = ["-id"]
        indexes = [models.Index(fields=["agency", "-id"], name="tombstone_agency")]
        triggers = [APPEND_ONLY]
