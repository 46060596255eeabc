import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper

from zhifa.accounts.models import Agency
from zhifa.core.validators import validate_credit_code
from zhifa.registry.choices import (
    IllegalOrganisationStatus,
    InspectionResult,
    OrganisationStatus,
    OrganisationType,
)


@pghistory.track()
class Organisation(models.Model):
    """A registered social organisation, kept by the registration authority it is registered with."""

    agency = models.ForeignKey(
        Agency, verbose_name="登记管理机关", on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField("名称", max_length=200)
    type = models.CharField("类型", max_length=32, choices=OrganisationType.choices)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code],
        error_messages={"unique": "该统一社会信用代码已登记"},
    )
    credit_code_warning = models.CharField(
        "代码校验提示", max_length=200, blank=True, help_text="历史数据导入时校验位未通过的说明"
    )
    certificate_number = models.CharField("登记证号", max_length=50, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50)
    address = models.CharField("住所", max_length=200, blank=True)
    registration_date = models.DateField("成立登记日期")
    business_supervisor = models.CharField("业务主管单位", max_length=100, blank=True)
    status = models.CharField("登记状态", max_length=20, choices=OrganisationStatus.choices,
                              default=OrganisationStatus.NORMAL)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "社会组织"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "type", "-id"], name="org_agency_type"),
            models.Index(fields=["agency", "status", "-id"], name="org_agency_status"),
            models.Index(fields=["agency", "registration_date"], name="org_agency_regdate"),
            models.Index(fields=["agency", "name"], name="org_agency_name"),
            models.Index(Upper("name"), name="org_name_upper"),
        ]

    def __str__(self):
        return self.name


# The years an inspection may be for: the check constraint holds them, the field validators name the field.
FIRST_INSPECTION_YEAR, LAST_INSPECTION_YEAR = 1988, 2200


@pghistory.track()
class AnnualInspection(models.Model):
    """年检 / 年报 result for one organisation and one year."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="社会组织", on_delete=models.CASCADE, related_name="inspections"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(FIRST_INSPECTION_YEAR),
                                                              MaxValueValidator(LAST_INSPECTION_YEAR)])
    result = models.CharField("结论", max_length=24, choices=InspectionResult.choices)
    concluded_on = models.DateField("结论日期", null=True, blank=True)
    remarks = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度检查"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="inspection_one_per_year",
                                    violation_error_message="该组织该年度的年检结论已存在"),
            models.CheckConstraint(condition=models.Q(year__gte=FIRST_INSPECTION_YEAR)
                                   & models.Q(year__lte=LAST_INSPECTION_YEAR),
                                   name="inspection_year_range"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}年度"

    @property
    def agency_id(self):
        return self.organisation.agency_id


@pghistory.track()
class IllegalOrganisation(models.Model):
    """非法社会组织: found operating in the name of a social organisation but never registered."""

    agency = models.ForeignKey(Agency, verbose_name="发现机关", on_delete=models.PROTECT,
                               related_name="illegal_organisations")
    name = models.CharField("名称", max_length=200)
    activity_area = models.CharField("活动地域", max_length=200, blank=True)
    description = models.TextField("主要情况", blank=True)
    discovered_on = models.DateField("发现日期")
    status = models.CharField("处置状态", max_length=24, choices=IllegalOrganisationStatus.choices,
                              default=IllegalOrganisationStatus.UNDER_INVESTIGATION)
    announced_on = models.DateField("公告日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "非法社会组织"
        ordering = ["-id"]
        indexes = [models.Index(fields=["agency", "status", "-id"], name="illegal_org_agency_status")]

    def __str__(self):
        return self.name
