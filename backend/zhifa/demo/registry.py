import datetime
import random

from zhifa.accounts.models import Agency
from zhifa.core.validators import build_credit_code
from zhifa.registry.choices import IllegalOrganisationStatus, InspectionResult, OrganisationType
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation

TYPE_DIGIT = {OrganisationType.SOCIAL_GROUP: "1", OrganisationType.PRIVATE_NON_ENTERPRISE: "2",
              OrganisationType.FOUNDATION: "3"}

NAMES = {
    OrganisationType.SOCIAL_GROUP: [
        "潜江市龙虾产业协会", "潜江市书法家协会", "潜江市摄影家协会", "潜江市老年人体育协会", "潜江市个体劳动者协会",
        "潜江市围棋协会", "潜江市楹联学会", "潜江市收藏家协会", "潜江市志愿者协会", "潜江市曹禺研究会",
        "潜江市花鼓戏艺术研究会", "潜江市钓鱼协会", "潜江市家庭教育研究会", "潜江市汽车运输行业协会",
        "潜江市餐饮行业协会", "潜江市信鸽协会", "潜江市徒步运动协会", "潜江市青年企业家商会",
    ],
    OrganisationType.PRIVATE_NON_ENTERPRISE: [
        "潜江市园林街道幸福里养老服务中心", "潜江市启明星培训学校", "潜江市阳光康复中心", "潜江市爱心托育园",
        "潜江市乐龄社会工作服务中心", "潜江市晨曦幼儿园", "潜江市同心社区服务中心", "潜江市金色年华养老院",
        "潜江市泽口街道社会工作服务站", "潜江市竹根滩镇颐养中心", "潜江市新星艺术培训中心", "潜江市周矶敬老服务中心",
    ],
    OrganisationType.FOUNDATION: ["潜江市教育基金会", "潜江市慈善助学基金会", "潜江市曹禺文化基金会"],
}
SUPERVISORS = ["潜江市文化和旅游局", "潜江市教育局", "潜江市民政局", "潜江市体育局", "潜江市农业农村局", ""]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建华", "国强", "丽娟", "志勇", "秀英", "红梅", "海涛", "德明", "春华", "文静"]
STREETS = ["园林街道章华南路", "泽口街道东方路", "杨市街道江汉路", "周矶街道红旗路", "广华街道广泽大道"]


def load(agency: Agency) -> None:
    rng = random.Random(429005)  # fixed: the demo is the same on every machine
    serial = 0
    for org_type, names in NAMES.items():
        for name in names:
            serial += 1
            code = build_credit_code(f"5{TYPE_DIGIT[org_type]}429005", f"MJ{serial:06d}")
            registered = datetime.date(2005 + rng.randrange(17), rng.randrange(1, 13), rng.randrange(1, 29))
            organisation, created = Organisation.objects.get_or_create(
                credit_code=code,
                defaults={
                    "agency": agency, "name": name, "type": org_type,
                    "certificate_number": f"潜社证字第{serial:04d}号",
                    "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "address": f"潜江市{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
                    "registration_date": registered,
                    "business_supervisor": rng.choice(SUPERVISORS),
                },
            )
            if not created:
                continue
            for year in range(max(registered.year + 1, 2020), 2026):
                result = rng.choices(
                    [InspectionResult.QUALIFIED, InspectionResult.BASICALLY_QUALIFIED,
                     InspectionResult.UNQUALIFIED, InspectionResult.NOT_INSPECTED], weights=[70, 15, 8, 7])[0]
                AnnualInspection.objects.create(
                    organisation=organisation, year=year, result=result,
                    concluded_on=datetime.date(year + 1, 6, 30),
                )

    # The seed: one announcement of illegal social organisations, and one that dissolved itself.
    illegal = [
        ("潜江市国学文化促进会", "园林街道", IllegalOrganisationStatus.ANNOUNCED, datetime.date(2023, 8, 15)),
        ("中华龙虾产业联合会潜江分会", "泽口街道", IllegalOrganisationStatus.ANNOUNCED, datetime.date(2023, 8, 15)),
        ("潜江市老年养生健康协会", "杨市街道", IllegalOrganisationStatus.ANNOUNCED, datetime.date(2023, 8, 15)),
        ("潜江市乡贤联谊会", "周矶街道", IllegalOrganisationStatus.DISSOLVED, None),
    ]
    for name, area, status, announced in illegal:
        IllegalOrganisation.objects.get_or_create(
            name=name, agency=agency,
            defaults={"activity_area": f"潜江市{area}", "status": status, "announced_on": announced,
                      "discovered_on": datetime.date(2023, 6, 1),
                      "description": "未经登记，擅自以社会组织名义开展活动。"},
        )
