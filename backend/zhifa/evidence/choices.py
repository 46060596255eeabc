from django.db import models


class EvidenceKind(models.TextChoices):
    """The eight kinds of evidence (行政处罚法 Art. 46)."""

    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    PARTY_STATEMENT = "party_statement", "当事人陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    INSPECTION_RECORD = "inspection_record", "勘验笔录、现场笔录"


class ItemStatus(models.TextChoices):
    ACTIVE = "active", "在库"
    DISPOSAL_REQUESTED = "disposal_requested", "已申请销毁"
    DISPOSED = "disposed", "已销毁"


class DeviceStatus(models.TextChoices):
    IN_SERVICE = "in_service", "在用"
    UNDER_REPAIR = "under_repair", "维修中"
    RETIRED = "retired", "已停用"
    LOST = "lost", "遗失"


class CustodyAction(models.TextChoices):
    ISSUE = "issue", "领用"
    RETURN = "return", "归还"


class UploadStatus(models.TextChoices):
    """An upload is the ingest job too: receiving -> queued -> ingesting -> done, or one of the ends."""

    RECEIVING = "receiving", "接收中"
    QUEUED = "queued", "待入库"
    INGESTING = "ingesting", "入库中"
    DONE = "done", "已入库"
    REJECTED = "rejected", "已拒收"
    FAILED = "failed", "入库失败"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "已过期"


class DerivativeKind(models.TextChoices):
    REDACTED = "redacted", "遮蔽处理件"
    TRANSCODED = "transcoded", "转码件"
    POSTER = "poster", "封面帧"
    PROXY = "proxy", "浏览器播放代理件"


class AccessAction(models.TextChoices):
    VIEW = "view", "查看"
    STREAM = "stream", "在线播放"
    DOWNLOAD = "download", "下载"
    EXPORT = "export", "导出"
    REPORT = "report", "调阅保管链报告"
    VERIFY = "verify", "完整性校验"


class AccessOutcome(models.TextChoices):
    ALLOWED = "allowed", "准许"
    REFUSED = "refused", "拒绝"


class FixityTrigger(models.TextChoices):
    INGEST = "ingest", "入库"
    SCHEDULED = "scheduled", "定期巡检"
    MANUAL = "manual", "人工校验"


class FixityResult(models.TextChoices):
    OK = "ok", "一致"
    MISMATCH = "mismatch", "摘要不符"
    MISSING = "missing", "文件缺失"


class AlarmStatus(models.TextChoices):
    OPEN = "open", "未处理"
    ACKNOWLEDGED = "acknowledged", "已处理"


class DisposalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准并销毁"
    REJECTED = "rejected", "不予批准"
