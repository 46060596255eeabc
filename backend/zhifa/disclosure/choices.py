from django.db import models


class NoticeKind(models.TextChoices):
    PENALTY_DECISION = "penalty_decision", "行政处罚决定公示"
    DEREGISTRATION = "deregistration", "撤销登记公告"
    ILLEGAL_ORGANISATIONS = "illegal_organisations", "非法社会组织公告"
    WITHDRAWAL_STATEMENT = "withdrawal_statement", "撤回公示说明"
    GENERAL = "general", "通知公告"
    REGISTER = "register", "执法信息公示"


class NoticeState(models.TextChoices):
    DRAFT = "draft", "草稿"
    REDACTION_CHECKED = "redaction_checked", "已核查隐私处理"
    APPROVED = "approved", "已审批待发布"
    PUBLISHING = "publishing", "发布中"
    PUBLISHED = "published", "已公示"
    WITHDRAWING = "withdrawing", "撤回中"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "公示期满"
    NOT_PUBLISHED = "not_published", "决定不予公示"


class Severity(models.TextChoices):
    """Credit-repair severity classes (from 2026-04-01): minor is not published."""

    MINOR = "minor", "轻微"
    ORDINARY = "ordinary", "一般"
    SERIOUS = "serious", "严重"


class NotPublishedReason(models.TextChoices):
    MINOR_SEVERITY = "minor_severity", "轻微失信行为，依规不予公示"
    MINOR_PARTY = "minor_party", "当事人为未成年人"
    STATE_SECRET = "state_secret", "涉及国家秘密"
    TRADE_SECRET = "trade_secret", "涉及商业秘密"
    PRIVACY = "privacy", "涉及个人隐私"


class WithdrawalTrigger(models.TextChoices):
    EDITOR = "editor", "公示管理员撤回"
    RECONSIDERATION = "reconsideration", "行政复议决定"
    LITIGATION = "litigation", "人民法院裁判"


class PublicationAction(models.TextChoices):
    PUBLISH = "publish", "发布"
    WITHDRAW = "withdraw", "撤回"
    EXPIRE = "expire", "期满撤下"
