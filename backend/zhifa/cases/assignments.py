import datetime

from django.apps import apps

from zhifa.cases.models import Case, CaseOfficer
from zhifa.core.exceptions import Conflict, InvalidInput


def officers_assign(*, case: Case, officers: list, on: datetime.date) -> None:
    """Replace the case's officers. Each must be an active officer of the agency holding a credential
    valid on the day; the credential number is recorded as shown. The first officer leads. The case's hearing
    presider is never one of them (Art. 43, 64(4)): who presided over the hearing may not then work the case."""
    if case.hearing_presider_id and case.hearing_presider_id in {o.pk for o in officers}:
        raise Conflict("听证主持人不得承办本案：主持听证的人员不得再参与本案调查（行政处罚法第四十三条、第六十四条）。",
                       "The hearing presider may not be assigned to the case (Art. 43, 64).", code="legal_gate")
    recused = case_recused_ids(case) & {o.pk for o in officers}
    if recused:
        raise Conflict("负责人已决定回避的人员不得承办本案（行政处罚法第四十三条）。",
                       "A person ordered to withdraw from the case may not be assigned to it (Art. 43).",
                       code="legal_gate")
    errors = []
    for officer in officers:
        if officer.agency_id != case.agency_id:
            errors.append(f"{officer} 不是本机关人员")
        elif officer.role != "officer" or not officer.is_active:
            errors.append(f"{officer} 不是执法人员")
        elif officer.current_credential(on) is None:
            errors.append(f"{officer} 没有有效的执法证")
    if errors:
        raise InvalidInput("承办人员不符合要求", "Some officers cannot be assigned.", fields={"officers": errors})
    case.assignments.exclude(officer_id__in=[o.pk for o in officers]).delete()
    for index, officer in enumerate(officers):
        CaseOfficer.objects.update_or_create(
            case=case, officer=officer,
            defaults={"credential_number": officer.current_credential(on).number, "is_lead": index == 0},
        )


def case_recused_ids(case: Case) -> set[int]:
    """Everyone the leader has ordered to withdraw from the case (行政处罚法 Art. 43)."""
    return set(case.recusals.filter(granted=True).values_list("person_id", flat=True))


def case_investigator_ids(case: Case) -> set[int]:
    """Everyone who ever worked the case, who counts as an investigator for recusal (行政处罚法 Art. 43, 64(4)):
    assigned at any time (the assignment history keeps those since unassigned), a signer of any record, or
    whoever logged the lead."""
    from zhifa.accounts.models import User

    history = apps.get_model("cases", "CaseOfficerEvent")
    ids = set(case.assignments.values_list("officer_id", flat=True))
    ids |= set(history.objects.filter(case_id=case.pk).values_list("officer_id", flat=True))
    ids |= set(User.objects.filter(documents_signed__case_id=case.pk).values_list("pk", flat=True))
    ids.add(case.created_by_id)
    return ids
