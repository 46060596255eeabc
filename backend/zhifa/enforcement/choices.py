from django.db import models


class EnforcementState(models.TextChoices):
    PERFORMING = "performing", "履行期"
    REMINDED = "reminded", "已催告"
    APPLIED = "applied", "已申请人民法院强制执行"
    ACCEPTED = "accepted", "人民法院已受理"
    ORDERED = "ordered", "人民法院裁定准予执行"
    PERFORMED = "performed", "已履行"
    ENFORCED = "enforced", "人民法院执行完毕"
    TERMINATED = "terminated", "人民法院裁定终结执行"
    VOIDED = "voided", "处罚决定已被撤销或确认违法、无效"


# Where enforcement has come to its end: the decision performed, or enforcement ended by law; the case may close.
ENDED = (EnforcementState.PERFORMED, EnforcementState.ENFORCED, EnforcementState.TERMINATED)


class EnforcementAction(models.TextChoices):
    RECORD_PAYMENT = "record_payment", "登记缴款"
    APPLY_ARRANGEMENT = "apply_arrangement", "登记延期（分期）缴纳申请"
    APPROVE_ARRANGEMENT = "approve_arrangement", "批准延期（分期）缴纳"
    REFUSE_ARRANGEMENT = "refuse_arrangement", "不批准延期（分期）缴纳"
    REMIND = "remind", "制作催告书"
    RECORD_REMINDER_SERVICE = "record_reminder_service", "记录催告书送达"
    RECORD_STATEMENT = "record_statement", "记录当事人陈述、申辩"
    APPLY_TO_COURT = "apply_to_court", "申请人民法院强制执行"
    RECORD_RULING = "record_ruling", "记录人民法院裁定"
    CLOSE_CASE = "close_case", "结案"


class ArrangementKind(models.TextChoices):
    DEFERRAL = "deferral", "延期缴纳"
    INSTALMENTS = "instalments", "分期缴纳"


class ArrangementState(models.TextChoices):
    APPLIED = "applied", "待批准"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class CourtRuling(models.TextChoices):
    ACCEPTED = "accepted", "受理"
    ENFORCE = "enforce", "裁定准予强制执行"
    COMPLETED = "completed", "执行完毕"
    TERMINATED = "terminated", "裁定终结执行"


class EnforcementDeadlineKind(models.TextChoices):
    PAYMENT = "payment", "缴纳罚款"
    COURT_APPLICATION = "court_application", "申请人民法院强制执行"


class ClosingBasis(models.TextChoices):
    PERFORMED = "performed", "处罚决定已履行"
    ENFORCEMENT_ENDED = "enforcement_ended", "强制执行依法终结"


class RefundState(models.TextChoices):
    DUE = "due", "待退还"
    REFUNDED = "refunded", "已退还"
