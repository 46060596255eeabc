from django.db import models


class MatterKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议（普通程序）"
    RECONSIDERATION_SIMPLE = "reconsideration_simple", "行政复议（简易程序）"
    FIRST_INSTANCE = "first_instance", "行政诉讼一审"
    SECOND_INSTANCE = "second_instance", "行政诉讼二审"
    RETRIAL = "retrial", "行政诉讼再审"


RECONSIDERATION_KINDS = {MatterKind.RECONSIDERATION, MatterKind.RECONSIDERATION_SIMPLE}


class MatterState(models.TextChoices):
    OPEN = "open", "办理中"
    CONCLUDED = "concluded", "已有结果"
    CLOSED = "closed", "已结案"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "维持"
    REJECTED = "rejected", "驳回"
    REVOKED = "revoked", "撤销"
    CHANGED = "changed", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    WITHDRAWN = "withdrawn", "撤回（撤诉）"
    SETTLED = "settled", "调解（和解）"


# Outcomes that take the decision away: once legally effective, its public notice is withdrawn (DOMAIN.md §4, §7).
OVERTURNING = {Outcome.REVOKED, Outcome.CHANGED, Outcome.CONFIRMED_ILLEGAL, Outcome.CONFIRMED_VOID}
# Of those, the ones that leave nothing of the decision standing: what it did is undone (the registry status
# restored, a paid fine refunded, enforcement stopped). 变更 replaces the decision instead.
UNDOING = {Outcome.REVOKED, Outcome.CONFIRMED_ILLEGAL, Outcome.CONFIRMED_VOID}
# Outcomes in the bureau's favour, for the win rate.
FAVOURABLE = {Outcome.UPHELD, Outcome.REJECTED, Outcome.WITHDRAWN}


class OutcomeForm(models.TextChoices):
    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"
    RECONSIDERATION_DECISION = "reconsideration_decision", "复议决定"
    MEDIATION = "mediation", "调解书"


class MatterDeadlineKind(models.TextChoices):
    DEFENCE = "defence", "提交答辩状及证据、依据"
    REPLY = "reply", "提出书面答复并提交证据、依据"
    RECONSIDERATION_DECISION = "reconsideration_decision", "复议机关作出决定"
    APPEAL = "appeal", "上诉期限"
    HEARING = "hearing", "开庭（听证）"
