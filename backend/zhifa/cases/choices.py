from django.db import models


class CaseState(models.TextChoices):
    LEAD = "lead", "线索登记"
    FILED = "filed", "已立案"
    INVESTIGATING = "investigating", "调查取证"
    INVESTIGATION_CLOSED = "investigation_closed", "调查终结"
    LEGAL_REVIEW = "legal_review", "法制审核"
    DELIBERATION = "deliberation", "集体讨论"
    NOTIFIED = "notified", "事先告知"
    HEARING = "hearing", "听证"
    DECIDED = "decided", "已决定"
    SERVED = "served", "已送达"
    EXECUTING = "executing", "执行中"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"
    DROPPED = "dropped", "已撤案"
    TRANSFERRED = "transferred", "已移送"


class CaseAction(models.TextChoices):
    REQUEST_FILING = "request_filing", "报请立案审批"
    FILE = "file", "立案"
    START_INVESTIGATION = "start_investigation", "开始调查"
    CLOSE_INVESTIGATION = "close_investigation", "调查终结"
    SUBMIT_REVIEW = "submit_review", "提交法制审核"
    DELIBERATE = "deliberate", "集体讨论"
    NOTIFY = "notify", "事先告知"
    RECORD_NOTICE_RECEIPT = "record_notice_receipt", "记录告知书送达"
    RECORD_SERVICE_CONSENT = "record_service_consent", "记录电子送达确认书"
    RECORD_SERVICE_ATTEMPT = "record_service_attempt", "记录送达未果"
    PUBLISH_SERVICE_NOTICE = "publish_service_notice", "公告送达"
    REQUEST_PRESERVATION = "request_preservation", "申请先行登记保存"
    APPROVE_PRESERVATION = "approve_preservation", "审批先行登记保存"
    RESOLVE_PRESERVATION = "resolve_preservation", "先行登记保存处理决定"
    APPLY_RECUSAL = "apply_recusal", "回避申请"
    DECIDE_RECUSAL = "decide_recusal", "回避决定"
    EXTEND_TIME_LIMIT = "extend_time_limit", "延长办案期限"
    RECORD_SUSPENSION = "record_suspension", "记录不计入办案期限的期间"
    REQUEST_HEARING = "request_hearing", "申请听证"
    RECORD_HEARING = "record_hearing", "记录听证"
    DECIDE = "decide", "作出决定"
    SERVE = "serve", "送达"
    START_EXECUTION = "start_execution", "开始执行"
    CLOSE = "close", "结案"
    ARCHIVE = "archive", "归档"
    DROP = "drop", "撤案"
    TRANSFER = "transfer", "移送"


class SuspensionKind(models.TextChoices):
    """Periods that don't count towards the 90 days of Art. 60 (DOMAIN.md §3.9)."""

    HEARING = "hearing", "听证"
    PUBLIC_NOTICE = "public_notice", "公告"
    EXPERT_OPINION = "expert_opinion", "专家论证、鉴定"
    TESTING = "testing", "检测、检验"


class CaseSource(models.TextChoices):
    REPORT = "report", "举报"
    INSPECTION = "inspection", "检查发现"
    ANNUAL_INSPECTION = "annual_inspection", "年检发现"
    TRANSFER = "transfer", "移送"
    OTHER = "other", "其他"


class PartyKind(models.TextChoices):
    ORGANISATION = "organisation", "登记的社会组织"
    ILLEGAL_ORGANISATION = "illegal_organisation", "非法社会组织"
    PERSON = "person", "自然人"


class FineBasis(models.TextChoices):
    """How a ground sets its fine: a fixed amount range, or a multiple of the illegal turnover or gains
    (e.g. 社团条例 Art. 30: 违法经营额1倍以上3倍以下或者违法所得3倍以上5倍以下)."""

    AMOUNT = "amount", "罚款数额"
    ILLEGAL_TURNOVER = "illegal_turnover", "违法经营额的倍数"
    ILLEGAL_GAINS = "illegal_gains", "违法所得的倍数"


class PenaltyKind(models.TextChoices):
    """Ordered from lightest to heaviest: the index is used to refuse a heavier decision than notified."""

    WARNING = "warning", "警告"
    FINE = "fine", "罚款"
    CONFISCATION = "confiscation", "没收违法所得、非法财物"
    STOP_ACTIVITIES = "stop_activities", "限期停止活动"
    DEREGISTRATION = "deregistration", "撤销登记"
    BAN = "ban", "取缔"


class DecisionOutcome(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"


class ProcedureKind(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    HEARING = "hearing", "听证程序"


class StatementStatus(models.TextChoices):
    PENDING = "pending", "待陈述申辩"
    HEARD = "heard", "已陈述申辩并复核"
    NOT_MADE = "not_made", "期限内未陈述申辩"
    WAIVED = "waived", "书面放弃"


class ServiceMethod(models.TextChoices):
    """民事诉讼法 Art. 88–95, which 行政处罚法 Art. 61 applies to the decision's service."""

    IN_PERSON = "in_person", "直接送达"
    POST = "post", "邮寄送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"
    ELECTRONIC = "electronic", "电子送达"
    LEFT_AT_ADDRESS = "left_at_address", "留置送达"
    ENTRUSTED = "entrusted", "委托送达"
    FORWARDED = "forwarded", "转交送达"


class RecusalApplicant(models.TextChoices):
    """行政处罚法 Art. 43: the officer withdraws of his own accord, or the party applies."""

    PARTY = "party", "当事人申请回避"
    SELF = "self", "本人申请回避"


class PreservationStatus(models.TextChoices):
    REQUESTED = "requested", "待负责人批准"
    APPROVED = "approved", "已批准登记保存"
    REFUSED = "refused", "负责人不予批准"
    DEALT = "dealt", "已作出处理决定"


class PreservationOutcome(models.TextChoices):
    """What is done with preserved evidence within the 7 working days (Art. 56)."""

    EXAMINATION = "examination", "送交检验、鉴定"
    CONFISCATION = "confiscation", "依法应予没收的，依照法定程序处理"
    TRANSFER = "transfer", "移交有关部门处理"
    RELEASE = "release", "解除先行登记保存，退还物品"


class DeadlineKind(models.TextChoices):
    DECISION = "decision", "作出处罚决定"
    HEARING_REQUEST = "hearing_request", "当事人申请听证"
    HEARING_NOTICE = "hearing_notice", "送达听证通知"
    SERVICE = "service", "送达处罚决定书"
    PRESERVATION = "preservation", "先行登记保存物品处理"
    FINE_PAYMENT = "fine_payment", "缴纳罚款"


class CaseEventKind(models.TextChoices):
    CREATED = "created", "登记线索"
    TRANSITION = "transition", "程序推进"
    UPDATED = "updated", "修改案件信息"
    HEARING_RECORDED = "hearing_recorded", "记录听证"
    STATEMENT_RECORDED = "statement_recorded", "记录陈述申辩"
    LIMITATION_OVERRIDDEN = "limitation_overridden", "超过追责时效仍立案"
    MAJOR_FLAGGED = "major_flagged", "认定为重大执法决定"
    DOCUMENT_ISSUED = "document_issued", "制作文书"
    FINE_PAID = "fine_paid", "缴纳罚款"
    ITEMS_COLLECTED = "items_collected", "收缴证书印章"
    DEADLINE_ALERT = "deadline_alert", "期限提醒"
    LITIGATION_OUTCOME = "litigation_outcome", "复议诉讼结果"
    OUTCOME_EFFECTIVE = "outcome_effective", "复议诉讼结果生效"
    FINE_REFUNDED = "fine_refunded", "退还罚款"
    REOPENED = "reopened", "撤销后重新办理"
    DECISION_CHANGED = "decision_changed", "决定被变更"


class DocumentKind(models.TextChoices):
    FILING_APPROVAL = "filing_approval", "立案审批表"
    INQUIRY_RECORD = "inquiry_record", "询问笔录"
    INSPECTION_RECORD = "inspection_record", "现场检查笔录"
    INVESTIGATION_REPORT = "investigation_report", "调查终结报告"
    PRIOR_NOTICE = "prior_notice", "行政处罚事先告知书"
    HEARING_NOTICE = "hearing_notice", "听证通知书"
    HEARING_RECORD = "hearing_record", "听证笔录"
    DECISION = "decision", "行政处罚决定书"
    SERVICE_RECEIPT = "service_receipt", "送达回证"
    CLOSING_REPORT = "closing_report", "结案报告"
    LEGAL_REVIEW_OPINION = "legal_review_opinion", "法制审核意见书"
    RECUSAL_DECISION = "recusal_decision", "回避决定书"
    EXTENSION_APPROVAL = "extension_approval", "延长办案期限审批表"
    ENFORCEMENT_REMINDER = "enforcement_reminder", "催告书"
    ENFORCEMENT_APPLICATION = "enforcement_application", "强制执行申请书"
