"""The grounds catalogue (撤销登记 grounds of DOMAIN.md §3) and the major-decision catalogue (§5)."""

import datetime

from zhifa.accounts.models import Agency, User
from zhifa.cases.choices import FineBasis
from zhifa.cases.models import GroundFineRange, ViolationGround
from zhifa.registers.models import DiscretionBenchmark
from zhifa.registers.services import discretion_benchmark_create
from zhifa.reviews.models import Catalogue
from zhifa.reviews.services_catalogue import catalogue_publish_version

SG, PNE, FD = "social_group", "private_non_enterprise", "foundation"
DEREG = ["warning", "stop_activities", "deregistration"]

# code, regulation, article, title, organisation types, penalty kinds
GROUNDS = [
    ("STDJ-29", "《社会团体登记管理条例》", "第二十九条", "申请登记时弄虚作假，骗取登记", [SG], ["deregistration"]),
    ("STDJ-29-2", "《社会团体登记管理条例》", "第二十九条", "自取得登记证书之日起1年未开展活动", [SG], ["deregistration"]),
    ("STDJ-30-1-1", "《社会团体登记管理条例》", "第三十条第一款第（一）项", "涂改、出租、出借登记证书，或者出租、出借印章", [SG], DEREG),
    ("STDJ-30-1-2", "《社会团体登记管理条例》", "第三十条第一款第（二）项", "超出章程规定的宗旨和业务范围进行活动", [SG], DEREG),
    ("STDJ-30-1-3", "《社会团体登记管理条例》", "第三十条第一款第（三）项", "拒不接受或者不按照规定接受监督检查", [SG], DEREG),
    ("STDJ-30-1-4", "《社会团体登记管理条例》", "第三十条第一款第（四）项", "不按照规定办理变更登记", [SG], DEREG),
    ("STDJ-30-1-5", "《社会团体登记管理条例》", "第三十条第一款第（五）项", "违反规定设立分支机构、代表机构，或者对分支机构、代表机构疏于管理", [SG], DEREG),
    ("STDJ-30-1-6", "《社会团体登记管理条例》", "第三十条第一款第（六）项", "从事营利性的经营活动", [SG], DEREG + ["confiscation", "fine"]),
    ("STDJ-30-1-7", "《社会团体登记管理条例》", "第三十条第一款第（七）项", "侵占、私分、挪用社会团体资产或者所接受的捐赠、资助", [SG], DEREG + ["confiscation"]),
    ("STDJ-30-1-8", "《社会团体登记管理条例》", "第三十条第一款第（八）项", "违反国家有关规定收取费用、筹集资金或者接受、使用捐赠、资助", [SG], DEREG + ["confiscation"]),
    ("STDJ-30-AI", "《社会团体登记管理条例》", "第三十条、第二十八条", "不按照规定参加年度检查，情节严重", [SG], DEREG),
    ("MFQY-24", "《民办非企业单位登记管理暂行条例》", "第二十四条", "申请登记时弄虚作假，骗取登记，或者业务主管单位撤销批准", [PNE], ["deregistration"]),
    ("MFQY-25", "《民办非企业单位登记管理暂行条例》", "第二十五条", "涂改、出租、出借登记证书或印章，超出章程活动，不接受监督检查，营利活动等", [PNE], DEREG + ["confiscation", "fine"]),
    ("JJH-41", "《基金会管理条例》", "第四十一条", "在申请登记时弄虚作假骗取登记，或自取得登记证书之日起12个月内未按章程开展活动", [FD], ["deregistration"]),
    ("JJH-42", "《基金会管理条例》", "第四十二条", "未按照章程规定的宗旨和公益活动的业务范围进行活动、不按规定接受年度检查等", [FD], DEREG),
    ("FFSZ-10", "《取缔非法民间组织暂行办法》", "第二条、第三条", "未经登记，擅自以社会团体或者民办非企业单位名义进行活动", [], ["ban"]),
]

MAJOR_CATALOGUE = [
    {"kind": "public_interest", "description": "涉及重大公共利益的"},
    {"kind": "major_rights_hearing", "description": "直接关系当事人或者第三人重大权益，经过听证程序的"},
    {"kind": "complex", "description": "案件情况疑难复杂、涉及多个法律关系的"},
    {"kind": "other_law", "description": "法律、法规规定应当进行法制审核的其他情形"},
    {"kind": "penalty", "penalty": "deregistration", "description": "拟作出撤销登记决定的"},
    {"kind": "penalty", "penalty": "stop_activities", "description": "拟作出限期停止活动决定的"},
    {"kind": "penalty", "penalty": "ban", "description": "拟作出取缔非法社会组织决定的"},
    # No amount of its own: the one 较大数额 setting per party type (LARGE_FINE_THRESHOLDS), as for the hearing.
    {"kind": "fine_threshold", "description": "拟处较大数额罚款的（按当事人类别适用本省较大数额标准）"},
    {"kind": "after_hearing", "description": "经过听证程序作出行政处罚决定的"},
]


# Grounds on which revocation needs 情节严重 (社团条例 Art. 30, 民非条例 Art. 25, 基金会条例 Art. 42); they also
# provide confiscation and a fine where there is illegal turnover or gain.
SERIOUS_ONLY = ("STDJ-30", "MFQY-25", "JJH-42")


# Grounds whose fine is counted on the illegal turnover (1–3×) or gains (3–5×): 社团条例 Art. 30 ¶1,
# 民非条例 Art. 25 ¶1 (基金会条例 Art. 42 provides confiscation of gains but no fine range here).
MULTIPLE_FINES = ("STDJ-30", "MFQY-25")
FINE_RANGES = [(FineBasis.ILLEGAL_TURNOVER, 1, 3), (FineBasis.ILLEGAL_GAINS, 3, 5)]

# The bureau's 行政处罚裁量基准 (行政处罚法 Art. 34), in force from 2022: code, ground, circumstance, conditions,
# penalty kinds, standard.
BENCHMARKS = [
    ("QJ-CL-STDJ30AI-1", "STDJ-30-AI", "一般", "未按规定参加年度检查，经催告后在限期内参加的", ["warning"],
     "给予警告，责令改正"),
    ("QJ-CL-STDJ30AI-2", "STDJ-30-AI", "情节严重", "连续两个年度未参加年度检查，经书面催告仍不参加，或者已停止开展活动的",
     ["deregistration"], "撤销登记"),
    ("QJ-CL-MFQY25-1", "MFQY-25", "情节较轻", "超出业务范围开展营利性活动，违法经营额在1万元以下，首次被发现且主动改正的",
     ["warning", "fine"], "给予警告，并处违法经营额1倍以上1.5倍以下的罚款"),
    ("QJ-CL-MFQY25-3", "MFQY-25", "情节较重", "拒不接受或者不按照规定接受监督检查，经责令改正仍不改正的", ["stop_activities"],
     "责令限期停止活动，期限一至三个月"),
    ("QJ-CL-MFQY25-2", "MFQY-25", "情节严重", "连续两个年度未参加年度检查，经书面催告仍不参加，或者已停止开展活动的",
     ["deregistration"], "撤销登记"),
]


def load(agency: Agency) -> None:
    for code, regulation, article, title, types, penalties in GROUNDS:
        serious = code.startswith(SERIOUS_ONLY)
        if serious:
            penalties = [*penalties, *(p for p in ("confiscation", "fine") if p not in penalties)]
        ground, _ = ViolationGround.objects.get_or_create(code=code, defaults={
            "regulation": regulation, "article": article, "title": title, "organisation_types": types,
            "penalty_kinds": penalties, "deregistration_if_serious": serious})
        if code.startswith(MULTIPLE_FINES) and "fine" in ground.penalty_kinds and not ground.fine_ranges.exists():
            for basis, low, high in FINE_RANGES:
                GroundFineRange.objects.create(ground=ground, basis=basis, minimum=low, maximum=high)
    # The legal reviewer keeps the registers (a deployment's own superuser may be called admin too, outside any
    # agency).
    keeper = User.objects.get(username="reviewer1")
    for code, ground, circumstance, conditions, kinds, standard in BENCHMARKS:
        if not DiscretionBenchmark.objects.filter(agency=agency, code=code).exists():
            discretion_benchmark_create(actor=keeper, code=code, ground=ViolationGround.objects.get(code=ground),
                                        circumstance=circumstance, conditions=conditions, penalty_kinds=kinds,
                                        standard=standard, effective_on=datetime.date(2022, 1, 1))
    if not Catalogue.objects.filter(agency=agency).exists():
        catalogue_publish_version(agency=agency, entries=MAJOR_CATALOGUE, effective_on=datetime.date(2022, 1, 1),
                                  note="依据《行政处罚法》第五十八条及省、市有关规定制定")
