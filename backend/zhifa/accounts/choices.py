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
