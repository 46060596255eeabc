import datetime

import pghistory
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from zhifa.accounts.choices import CredentialCategory, LegalQualificationKind, Role
from zhifa.core.validators import validate_credit_code


@pghistory.track()
class Agency(models.Model):
    """An enforcement organ: a civil-affairs bureau. Case and document numbers run per agency."""

    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=20, help_text="文号用简称，如“潜民”")
    region_code = models.CharField(
        "行政区划代码", max_length=6, validators=[RegexValidator(r"^\d{6}$", "行政区划代码应为6位数字")]
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    case_number_prefix = models.CharField("立案编号前缀", max_length=20, help_text="如“潜民罚立”")
    # Decisions name where to apply for reconsideration; for a county-level department that is the people's
    # government at its own level (行政复议法 Art. 24), which differs from bureau to bureau.
    reconsideration_organ = models.CharField(
        "行政复议机关", max_length=100, blank=True, help_text="决定书救济告知写明的复议机关，如“潜江市人民政府”"
    )

    class Meta:
        verbose_name = verbose_name_plural = "执法机关"
        ordering = ["id"]

    def __str__(self):
        return self.name


@pghistory.track()
class Unit(models.Model):
    """A department (科室) of an agency. Every user belongs to one."""

    agency = models.ForeignKey(Agency, verbose_name="所属机关", on_delete=models.PROTECT, related_name="units")
    name = models.CharField("科室名称", max_length=100)

    class Meta:
        verbose_name = verbose_name_plural = "科室"
        ordering = ["agency_id", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unit_name_unique_per_agency")]

    def __str__(self):
        return self.name


# 行政处罚法 (2021) Art. 58 ¶2 applies to reviewers first doing legal review from the law's entry into force.
REVIEWER_QUALIFICATION_RULE_FROM = datetime.date(2021, 7, 15)


def legal_qualification_errors(kind: str, number: str, on: datetime.date | None) -> dict[str, list[str]]:
    """What a reviewer's qualification record lacks, by field: a certificate has its number and date; the
    pre-2021 status has the day the person began reviewing, before 2021-07-15; no qualification has neither."""
    errors = {}
    if kind == LegalQualificationKind.LEGAL_PROFESSION:
        if not (number or "").strip():
            errors["legal_certificate_number"] = ["法律职业资格须记录证书编号"]
        if on is None:
            errors["legal_qualification_date"] = ["法律职业资格须记录证书授予日期"]
        elif on > timezone.localdate():
            errors["legal_qualification_date"] = ["授予日期不能晚于今天"]
    elif kind == LegalQualificationKind.REVIEWING_BEFORE_2021:
        if on is None or on >= REVIEWER_QUALIFICATION_RULE_FROM:
            errors["legal_qualification_date"] = ["须记录2021年7月15日之前开始从事法制审核的日期"]
        if (number or "").strip():
            errors["legal_certificate_number"] = ["未取得法律职业资格的，不记录证书编号；已取得的，请选择“法律职业资格”"]
    else:
        if (number or "").strip():
            errors["legal_certificate_number"] = ["请先选择法制审核资格"]
        if on is not None:
            errors["legal_qualification_date"] = ["请先选择法制审核资格"]
    return errors


class ZhifaUserManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("unit__agency")

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `manage.py createsuperuser` makes the system administrator, not an officer.
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


# A password reset changes only the excluded password: it is recorded as its own event (services.py).
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(),
                 pghistory.ManualEvent("password_reset"), exclude=["last_login", "password"])
class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=32, choices=Role.choices, default=Role.OFFICER)
    unit = models.ForeignKey(
        Unit, verbose_name="所属科室", on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    # 行政处罚法 Art. 58 ¶2: first-time reviewers hold 法律职业资格 (certificate number and date recorded);
    # those reviewing before 2021-07-15 are recorded as such, with the day they began.
    legal_qualification_kind = models.CharField(
        "法制审核资格", max_length=32, choices=LegalQualificationKind.choices, blank=True, default="",
        help_text="初次从事法制审核的人员须具有法律职业资格；2021年7月15日前已从事法制审核的，记录为此",
    )
    legal_certificate_number = models.CharField("法律职业资格证书编号", max_length=40, blank=True)
    legal_qualification_date = models.DateField(
        "取得资格日期", null=True, blank=True,
        help_text="法律职业资格：证书授予日期；2021年7月15日前已从事法制审核：开始从事法制审核的日期",
    )

    objects = ZhifaUserManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="legal_qualification_recorded",
                condition=models.Q(legal_qualification_kind="", legal_certificate_number="",
                                   legal_qualification_date__isnull=True)
                | models.Q(legal_qualification_kind="legal_profession", legal_qualification_date__isnull=False)
                & ~models.Q(legal_certificate_number="")
                | models.Q(legal_qualification_kind="reviewing_before_2021",
                           legal_qualification_date__lt=REVIEWER_QUALIFICATION_RULE_FROM),
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    @property
    def legal_qualification(self) -> bool:
        """Holds 法律职业资格, its certificate recorded (the API's `legal_qualification`, derived)."""
        return (self.legal_qualification_kind == LegalQualificationKind.LEGAL_PROFESSION
                and bool(self.legal_certificate_number) and self.legal_qualification_date is not None)

    def may_do_legal_review(self, on: datetime.date | None = None) -> bool:
        """Art. 58 ¶2: holds 法律职业资格 (obtained by `on`), or was already reviewing before 2021-07-15."""
        if self.legal_qualification_kind == LegalQualificationKind.REVIEWING_BEFORE_2021:
            return (self.legal_qualification_date is not None
                    and self.legal_qualification_date < REVIEWER_QUALIFICATION_RULE_FROM)
        return self.legal_qualification and (on is None or self.legal_qualification_date <= on)

    def clean(self):
        super().clean()
        errors = legal_qualification_errors(self.legal_qualification_kind, self.legal_certificate_number,
                                            self.legal_qualification_date)
        if errors:
            raise ValidationError(errors)

    @property
    def agency_id(self):
        return self.unit.agency_id if self.unit_id else None

    def current_credential(self, on: datetime.date | None = None):
        """The enforcement credential valid on the given day (today by default), or None.

        Uses the prefetched credentials when present, so list endpoints stay at a fixed query count.
        """
        on = on or timezone.localdate()
        valid = [c for c in self.credentials.all() if c.is_valid_on(on)]
        return max(valid, key=lambda c: c.valid_to) if valid else None


@pghistory.track()
class EnforcementCredential(models.Model):
    """执法证. An expired or revoked credential counts as none."""

    holder = models.ForeignKey(User, verbose_name="持证人", on_delete=models.CASCADE, related_name="credentials")
    number = models.CharField("执法证号", max_length=30, unique=True)
    category = models.CharField(
        "证件类别", max_length=40, choices=CredentialCategory.choices,
        default=CredentialCategory.ADMINISTRATIVE_ENFORCEMENT,
    )
    enforcement_area = models.CharField("执法领域", max_length=50, default="民政")
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期止")
    revoked = models.BooleanField("已注销", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "执法证"
        ordering = ["holder_id", "-valid_to"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")), name="credential_valid_range"
            )
        ]

    def __str__(self):
        return f"{self.number}（{self.holder}）"

    def is_valid_on(self, day: datetime.date) -> bool:
        return not self.revoked and self.valid_from <= day <= self.valid_to


class SavedView(models.Model):
    """A named set of a list's filters (its URL query without the page), kept for one user: a bookmark
    that follows the user from browser to browser."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="saved_views")
    list_name = models.CharField("列表", max_length=40, help_text="哪个列表的视图，如“cases”")
    name = models.CharField("名称", max_length=40)
    query = models.JSONField("筛选条件", default=dict, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "保存的视图"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "list_name", "name"], name="saved_view_name_unique_per_list")
        ]

    def __str__(self):
        return f"{self.name}（{self.list_name}）"
