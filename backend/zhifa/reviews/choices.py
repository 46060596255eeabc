from django.db import models


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", "已提交待分配"
    UNDER_REVIEW = "under_review", "审核中"
    CORRECTION_REQUESTED = "correction_requested", "退回补正"
    DISPUTED = "disputed", "有异议，提交集体讨论"
    REREVIEW_REQUESTED = "rereview_requested", "申请复核，待分配复核人员"
    AGREED = "agreed", "审核同意"
    TRANSFER_RECOMMENDED = "transfer_recommended", "建议移送"


class ReviewOutcome(models.TextChoices):
    AGREE = "agree", "同意"
    CORRECT = "correct", "纠正意见"
    RECOMMEND_TRANSFER = "recommend_transfer", "建议移送"


class CorrectionCategory(models.TextChoices):
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", "事实不清、证据不足"
    WRONG_LAW = "wrong_law", "适用依据错误"
    IMPROPER_DISCRETION = "improper_discretion", "裁量不当"
    UNLAWFUL_PROCEDURE = "unlawful_procedure", "程序违法"
    NON_STANDARD_DOCUMENTS = "non_standard_documents", "文书不规范"


class Verdict(models.TextChoices):
    PASS = "pass", "符合"
    PROBLEM = "problem", "存在问题"
    NOT_APPLICABLE = "not_applicable", "不适用"
    # Item 8 of the checklist (是否涉嫌犯罪、应当移送) has answers of its own.
    NO_TRANSFER = "no_transfer", "不涉嫌犯罪，无需移送"
    TRANSFER = "transfer", "涉嫌犯罪，应当移送"


class DisputeResult(models.TextChoices):
    UPHOLD_CORRECTION = "uphold_correction", "维持审核意见，退回补正"
    OVERRULE_CORRECTION = "overrule_correction", "不采纳审核意见，按拟处理意见决定"


class CatalogueEntryKind(models.TextChoices):
    PUBLIC_INTEREST = "public_interest", "涉及重大公共利益"
    MAJOR_RIGHTS_HEARING = "major_rights_hearing", "直接关系当事人或第三人重大权益，经过听证程序"
    COMPLEX = "complex", "案件情况疑难复杂、涉及多个法律关系"
    OTHER_LAW = "other_law", "法律、法规规定应当进行法制审核的其他情形"
    PENALTY = "penalty", "拟作出特定种类处罚"
    FINE_THRESHOLD = "fine_threshold", "拟罚款达到数额标准"
    AFTER_HEARING = "after_hearing", "经过听证程序作出的决定"
