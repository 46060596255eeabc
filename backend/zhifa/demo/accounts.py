import datetime

from django.conf import settings

from zhifa.accounts.choices import LegalQualificationKind, Role
from zhifa.accounts.models import Agency, EnforcementCredential, Unit, User
from zhifa.core.validators import build_credit_code

UNITS = ["社会组织管理局", "政策法规科", "局领导", "办公室"]

# username, full name, role, unit, legal qualification (法律职业资格证书编号, 授予日期), credential number
USERS = [
    ("officer1", "张建国", Role.OFFICER, "社会组织管理局", None, "42900501001"),
    ("officer2", "李明华", Role.OFFICER, "社会组织管理局", None, "42900501002"),
    ("officer3", "王志强", Role.OFFICER, "社会组织管理局", None, "42900501003"),
    ("reviewer1", "陈静", Role.LEGAL_REVIEWER, "政策法规科", ("A20184290050123", datetime.date(2019, 2, 28)), None),
    ("leader1", "刘卫东", Role.LEADER, "局领导", None, None),
    ("adviser1", "周律师", Role.LEGAL_ADVISER, "政策法规科", ("A20164290050311", datetime.date(2017, 3, 10)), None),
    ("adviser2", "吴律师", Role.LEGAL_ADVISER, "政策法规科", ("A20194290050207", datetime.date(2020, 2, 21)), None),
    ("editor1", "赵敏", Role.DISCLOSURE_EDITOR, "办公室", None, None),
    ("admin", "系统管理员", Role.ADMINISTRATOR, "办公室", None, None),
]


def load() -> Agency:
    agency, _ = Agency.objects.get_or_create(
        name="潜江市民政局",
        defaults={"short_name": "潜民", "region_code": "429005", "case_number_prefix": "潜民罚立",
                  "credit_code": build_credit_code("11429005", "MB1A0420"),
                  "reconsideration_organ": "潜江市人民政府"},
    )
    units = {name: Unit.objects.get_or_create(agency=agency, name=name)[0] for name in UNITS}
    for username, full_name, role, unit, qualification, credential in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            certificate = {"legal_qualification_kind": LegalQualificationKind.LEGAL_PROFESSION,
                           "legal_certificate_number": qualification[0],
                           "legal_qualification_date": qualification[1]} if qualification else {}
            user = User.objects.create_user(
                username=username, password=settings.DEMO_PASSWORD, full_name=full_name, role=role,
                unit=units[unit], **certificate,
                is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR,
            )
        if credential:
            EnforcementCredential.objects.get_or_create(
                number=credential,
                defaults={"holder": user, "valid_from": datetime.date(2022, 1, 1),
                          "valid_to": datetime.date(2028, 12, 31)},
            )
    return agency
