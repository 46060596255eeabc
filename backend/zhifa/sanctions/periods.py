"""The articles of the non-monetary penalties (DOMAIN.md §3 step 11), declared once and read by the guards, the
deadline rows and the reminders."""

from zhifa.calendar.choices import PeriodUnit
from zhifa.calendar.periods import Period
from zhifa.registry.choices import OrganisationType

# 限期停止活动 is a penalty of each of the three regulations; the period itself is set by the decision.
STOP_ACTIVITIES_ARTICLE = {
    OrganisationType.SOCIAL_GROUP: "《社会团体登记管理条例》第三十条",
    OrganisationType.PRIVATE_NON_ENTERPRISE: "《民办非企业单位登记管理暂行条例》第二十五条",
    OrganisationType.FOUNDATION: "《基金会管理条例》第四十二条",
}
STOP_ACTIVITIES_EN = {
    OrganisationType.SOCIAL_GROUP: "Regulations on Social Groups Art. 30",
    OrganisationType.PRIVATE_NON_ENTERPRISE: "Interim Regulations on Private Non-Enterprise Units Art. 25",
    OrganisationType.FOUNDATION: "Regulations on Foundations Art. 42",
}
STOP_ACTIVITIES_DEFAULT = "《社会团体登记管理条例》第三十条"
STOP_ENDS_BASIS = "处罚决定书确定的停止活动期限（{article}）；期限届满，经审查整改报告后解除封存"
# The reminder goes out three working days before the period ends: time to ask for and review the
# rectification report before lifting (the bureau's own practice; no statute fixes it).
STOP_REMINDER = Period(3, PeriodUnit.WORKING, starts="停止活动期限届满", before=True,
                       basis="处罚决定书确定的停止活动期限（《社会团体登记管理条例》第三十条、《民办非企业单位登记管理暂行条例》"
                             "第二十五条、《基金会管理条例》第四十二条）届满前三个工作日，提醒审查整改报告")
# Art. 17 lists, among others, an organisation given 限期停止活动 and one whose registration was revoked.
CREDIT_LIST_ARTICLE = "《社会组织信用信息管理办法》（民政部令第60号）第十七条"
CREDIT_LIST_EN = "MCA Order No. 60 on social organisations' credit information, Art. 17"
CREDIT_LIST_BASIS = {
    "deregistration": f"{CREDIT_LIST_ARTICLE}：被登记管理机关作出撤销成立登记决定的，列入严重违法失信名单",
    "stop_activities": f"{CREDIT_LIST_ARTICLE}：受到限期停止活动行政处罚的，列入严重违法失信名单",
}


def stop_article(organisation) -> str:
    return STOP_ACTIVITIES_ARTICLE.get(getattr(organisation, "type", None), STOP_ACTIVITIES_DEFAULT)


def stop_article_en(organisation) -> str:
    return STOP_ACTIVITIES_EN.get(getattr(organisation, "type", None), STOP_ACTIVITIES_EN["social_group"])
