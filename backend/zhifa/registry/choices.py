from django.db import models


class OrganisationType(models.TextChoices):
    SOCIAL_GROUP = "social_group", "社会团体"
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise", "民办非企业单位（社会服务机构）"
    FOUNDATION = "foundation", "基金会"


class OrganisationStatus(models.TextChoices):
    NORMAL = "normal", "正常"
    ABNORMAL = "abnormal", "活动异常"
    DEREGISTERED = "deregistered", "撤销登记"
    CANCELLED = "cancelled", "注销"
    BANNED = "banned", "取缔"


class InspectionResult(models.TextChoices):
    QUALIFIED = "qualified", "合格"
    BASICALLY_QUALIFIED = "basically_qualified", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"
    NOT_INSPECTED = "not_inspected", "未参加年检"


class IllegalOrganisationStatus(models.TextChoices):
    UNDER_INVESTIGATION = "under_investigation", "调查中"
    ANNOUNCED = "announced", "已公告"
    BANNED = "banned", "已取缔"
    DISSOLVED = "dissolved", "已自行解散"
