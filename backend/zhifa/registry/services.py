from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.models import Agency
from zhifa.core.concurrency import apply_changes, bump_version, lock_for_update
from zhifa.core.exceptions import InvalidInput
from zhifa.registry.choices import IllegalOrganisationStatus, OrganisationStatus
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation
from zhifa.registry.validation import organisation_problems

DUPLICATE_CODE = "该统一社会信用代码已登记"


def _refuse(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput("输入有误，请检查标出的字段。", "Invalid input; see the fields named.", fields=errors)


@transaction.atomic
def organisation_create(*, agency: Agency, **fields) -> Organisation:
    errors, _ = organisation_problems(fields, legacy=False)
    _refuse(errors)
    organisation = Organisation(agency=agency, **fields)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:  # a concurrent insert of the same code
        _refuse({"credit_code": [DUPLICATE_CODE]})
    return organisation


@transaction.atomic
def organisation_update(*, organisation_id: int, expected_version: int | None = None, **fields) -> Organisation:
    organisation = lock_for_update(Organisation.objects, organisation_id, expected_version=expected_version)
    merged = {"credit_code": organisation.credit_code, "type": organisation.type,
              "registration_date": organisation.registration_date, **fields}
    # Correcting other fields of a legacy record must not be blocked by its code's known warning.
    code_unchanged = merged["credit_code"] == organisation.credit_code and organisation.credit_code_warning
    errors, _ = organisation_problems(merged, legacy=bool(code_unchanged))
    _refuse(errors)
    if "status" in fields and fields["status"] != organisation.status and "status_changed_on" not in fields:
        fields["status_changed_on"] = timezone.localdate()
    if not apply_changes(organisation, fields):
        return organisation
    if "credit_code" in fields and not code_unchanged:
        organisation.credit_code_warning = ""
    bump_version(organisation)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        _refuse({"credit_code": [DUPLICATE_CODE]})
    organisation.refresh_from_db()
    return organisation


@transaction.atomic
def annual_inspection_record(*, organisation: Organisation, year: int, **fields) -> AnnualInspection:
    if AnnualInspection.objects.filter(organisation=organisation, year=year).exists():
        _refuse({"year": [f"{organisation.name} {year} 年度的年检结论已存在"]})
    inspection = AnnualInspection(organisation=organisation, year=year, **fields)
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        _refuse({"year": [f"{organisation.name} {year} 年度的年检结论已存在"]})
    return inspection


def annual_inspection_update(*, inspection: AnnualInspection, **fields) -> AnnualInspection:
    """A correction of an inspection's result; the same one-per-year rule as recording one."""
    if not apply_changes(inspection, fields):
        return inspection
    if AnnualInspection.objects.filter(organisation=inspection.organisation_id, year=inspection.year).exclude(
            pk=inspection.pk).exists():
        _refuse({"year": [f"{inspection.organisation.name} {inspection.year} 年度的年检结论已存在"]})
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        _refuse({"year": [f"{inspection.organisation.name} {inspection.year} 年度的年检结论已存在"]})
    return inspection


@transaction.atomic
def illegal_organisation_create(*, agency: Agency, **fields) -> IllegalOrganisation:
    return IllegalOrganisation.objects.create(agency=agency, **fields)


@transaction.atomic
def illegal_organisation_update(*, illegal_organisation_id: int, expected_version: int | None = None,
                                **fields) -> IllegalOrganisation:
    record = lock_for_update(IllegalOrganisation.objects, illegal_organisation_id,
                             expected_version=expected_version)
    if not apply_changes(record, fields):
        return record
    bump_version(record)
    record.save()
    record.refresh_from_db()
    return record


def _status_before(record, current: str) -> str | None:
    """The status `record` held before it last took `current`, read from its history (pghistory snapshots)."""
    return (record.events.exclude(status=current).order_by("-pgh_id").values_list("status", flat=True).first())


def registry_status_restore(*, organisation: Organisation | None, illegal_organisation: IllegalOrganisation | None,
                            on) -> dict[str, str]:
    """Undo what a decision taken away by an effective judgment did to the registry (DOMAIN.md §7): a
    deregistered organisation, or a banned illegal one, gets back the status it held before, as of the day the
    judgment took effect; the change is in the record's history like any other. A record whose status has
    moved on since (cancelled, dissolved) is left alone. Returns {"organisation": status, ...} of what changed."""
    restored = {}
    if organisation is not None:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = _status_before(organisation, OrganisationStatus.DEREGISTERED)
        if organisation.status == OrganisationStatus.DEREGISTERED:
            organisation.status = before or OrganisationStatus.NORMAL
            organisation.status_changed_on = on
            bump_version(organisation)
            organisation.save(update_fields=["status", "status_changed_on", "version", "updated_at"])
            restored["organisation"] = organisation.status
    if illegal_organisation is not None:
        illegal = IllegalOrganisation.objects.select_for_update().get(pk=illegal_organisation.pk)
        before = _status_before(illegal, IllegalOrganisationStatus.BANNED)
        if illegal.status == IllegalOrganisationStatus.BANNED:
            illegal.status = before or IllegalOrganisationStatus.ANNOUNCED
            bump_version(illegal)
            illegal.save(update_fields=["status", "version"])
            restored["illegal_organisation"] = illegal.status
    return restored
