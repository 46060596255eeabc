from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    LEADER = "leader", "负责人"
    LEGAL_ADVISER = "legal_adviser", "法律顾问"
    DISCLOSURE_EDITOR = "disclosure_editor", "公示管理员"
    ADMINISTRATOR = "administrator", "系统管理员"


class CredentialCategory(models.TextChoices):
    ADMINISTRATIVE_ENFORCEMENT = "administrative_enforcement", "行政执法证"
    SUPERVISION = "supervision", "行政执法监督证"


class LegalQualificationKind(models.TextChoices):
    """行政处罚法 Art. 58 ¶2 (in force 2021-07-15): a person first doing legal review holds 法律职业资格; those
    already reviewing before that day keep reviewing and are recorded as such (DOMAIN.md §5)."""

    NONE = "", "无"
    LEGAL_PROFESSION = "legal_profession", "法律职业资格"
    REVIEWING_BEFORE_2021 = "reviewing_before_2021", "2021年7月15日前已从事法制审核"
