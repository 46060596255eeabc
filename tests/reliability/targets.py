"""Which real object each route's URL parameters point at: the demo agency's, so that the own-agency
users act on objects of their agency and the other agency's users on objects that are not theirs."""

from __future__ import annotations

import datetime
import uuid

from django.urls import reverse

# An id that no row has: for kinds of object the demo data does not produce (they are made only by
# uploads, fixity failures or disposals), the cell checks that the route answers cleanly, without a 5xx.
MISSING = 999_999_999


def _first(model_path: str):
    from django.apps import apps

    app_label, model_name = model_path.split(".")
    return apps.get_model(app_label, model_name).objects.order_by("pk").first()


def _pk(model_path: str) -> int:
    row = _first(model_path)
    return row.pk if row is not None else MISSING


def make_missing_objects(world) -> None:
    """Objects of the kinds the demo does not load, in the demo agency."""
    from zhifa.calendar.services import calendar_day_set
    from zhifa.cases.models import Case, Preservation
    from zhifa.exports.services import export_job_create

    calendar_day_set(date=datetime.date(2026, 10, 1), kind="holiday", name="国庆节")
    case = Case.objects.filter(state="investigating").order_by("pk").first()
    Preservation.objects.create(case=case, items="账簿三册", status="approved",  # a leader approved it (Art. 56)
                                approved_on=datetime.date.today(), preserved_on=datetime.date.today())
    export_job_create(kind="case_ledger", params={"format": "csv"}, user=world.users["own"]["officer"])
    # A refund falls due only when an effective judgment takes a fined decision away: one for the demo's fine.
    from zhifa.enforcement.models import Enforcement, Refund

    fined = Enforcement.objects.order_by("pk").first().case
    Refund.objects.create(agency_id=fined.agency_id, case=fined, amount=2000, principal=2000, surcharge=0,
                          due_on=datetime.date.today(), reason="复议决定撤销该处罚决定")
    # A sealing under 限期停止活动 and a 严重违法失信名单 entry, on demo cases with an organisation.
    from zhifa.sanctions.models import CreditListing, StopOrder

    today = datetime.date.today()
    served = Case.objects.filter(organisation__isnull=False, served_on__isnull=False).order_by("pk")[:2]
    leader = world.users["own"]["leader"]
    StopOrder.objects.create(agency_id=served[0].agency_id, case=served[0], organisation=served[0].organisation,
                             basis="《社会团体登记管理条例》第三十条", starts_on=today, ends_on=today + datetime.timedelta(days=30),
                             sealed_on=today, sealed_items="登记证书正副本、印章", sealing_number="测民封〔2026〕1号",
                             created_by=leader)
    CreditListing.objects.create(agency_id=served[1].agency_id, case=served[1], organisation=served[1].organisation,
                                 listed_on=today, basis="《社会组织信用信息管理办法》", created_by=leader)


# route name -> URL kwargs, computed against the world's current rows.
def url_kwargs(world, name: str) -> dict:
    from zhifa.cases.models import Preservation
    from zhifa.litigation.models import Hearing

    own = world.users["own"]
    by_base = {
        "user": lambda: {"pk": own["officer"].pk},
        "unit": lambda: {"pk": own["officer"].unit_id},
        "credential": lambda: {"pk": own["officer"].credentials.first().pk},
        "saved-view": lambda: {"pk": _pk("accounts.SavedView")},
        "organisation": lambda: {"pk": _pk("registry.Organisation")},
        "annual-inspection": lambda: {"pk": _pk("registry.AnnualInspection")},
        "illegal-organisation": lambda: {"pk": _pk("registry.IllegalOrganisation")},
        "calendar-day": lambda: {"pk": _pk("calendar.CalendarDay")},
        "calendar-year": lambda: {"year": "2026"},
        "case": lambda: {"pk": Preservation.objects.order_by("pk").first().case_id},
        "violation-ground": lambda: {"pk": _pk("cases.ViolationGround")},
        "document": lambda: {"pk": _pk("cases.Document")},
        "review": lambda: {"pk": _pk("reviews.Review")},
        "review-catalogue": lambda: {"pk": _pk("reviews.Catalogue")},
        "review-checklist": lambda: {"pk": _pk("reviews.ChecklistTemplate")},
        "evidence-upload": lambda: {"uid": uuid.UUID(int=MISSING)},
        "evidence-device": lambda: {"pk": _pk("evidence.RecorderDevice")},
        "evidence-disposal": lambda: {"pk": _pk("evidence.DisposalRequest")},
        "evidence-tombstone": lambda: {"pk": _pk("evidence.Tombstone")},
        "evidence-alarm": lambda: {"pk": _pk("evidence.FixityAlarm")},
        "evidence": lambda: {"pk": _pk("evidence.EvidenceItem")},
        "disclosure": lambda: {"pk": _pk("disclosure.Notice")},
        "normative-document": lambda: {"pk": _pk("registers.NormativeDocument")},
        "cleanup-campaign": lambda: {"pk": _pk("registers.CleanupCampaign")},
        "certification-matter": lambda: {"pk": _pk("registers.CertificationMatter")},
        "power-list": lambda: {"pk": _pk("registers.PowerList")},
        "discretion-benchmark": lambda: {"pk": _pk("registers.DiscretionBenchmark")},
        "inspection-plan": lambda: {"pk": _pk("registers.InspectionPlan")},
        "annual-report": lambda: {"pk": _pk("registers.AnnualReport")},
        "notification": lambda: {"pk": _pk("notifications.Notification")},
        "export": lambda: {"pk": _pk("exports.ExportJob")},
        "litigation": lambda: {"pk": Hearing.objects.order_by("pk").first().matter_id},
        "enforcement": lambda: {"pk": _pk("enforcement.Enforcement")},
        "refund": lambda: {"pk": _pk("enforcement.Refund")},
        "stop-order": lambda: {"pk": _pk("sanctions.StopOrder")},
        "credit-listing": lambda: {"pk": _pk("sanctions.CreditListing")},
    }
    extra = {
        "case-resolve-preservation": lambda: {"preservation_id": Preservation.objects.order_by("pk").first().pk},
        "evidence-derivative-download": lambda: {"derivative_id": _pk("evidence.Derivative")},
        "litigation-record-hearing": lambda: {"hearing_id": Hearing.objects.order_by("pk").first().pk},
    }
    kwargs, candidate = {}, name
    while candidate:  # the longest basename the route name starts with
        if candidate in by_base:
            kwargs = by_base[candidate]()
            break
        candidate = candidate.rpartition("-")[0]
    if name in extra:
        kwargs.update(extra[name]())
    return kwargs


def url_for(world, route) -> str:
    if route.name == "app":
        return "/app/"
    if route.name == "disclosure":
        return "/disclosure/index.html"
    if "<" not in route.pattern and "(?P" not in route.pattern:
        return reverse(route.name)
    return reverse(route.name, kwargs=url_kwargs(world, route.name))
