"""Register list endpoints run a fixed number of queries, whatever the page size."""

import datetime

import pytest

from zhifa.core.validators import build_credit_code
from zhifa.disclosure.models import Notice
from zhifa.registers.models import (
    AnnualReport,
    CertificationMatter,
    CleanupCampaign,
    CleanupOutcome,
    InspectionDraw,
    InspectionPlan,
    InspectionResult,
    InspectorConnection,
    NormativeDocument,
    PowerItem,
    PowerList,
    RegisterPublication,
)
from zhifa.registry.models import Organisation

ROOT = "/api/registers/"
# endpoint -> pinned query count (session, user, count, rows, one per prefetched relation)
PINNED = {
    "normative-documents/": 4,
    "cleanup-campaigns/": 5,
    "certification-matters/": 4,
    "power-lists/": 5,
    "inspection-plans/": 6,
    "inspection-connections/": 4,
    "annual-reports/": 4,
    "publications/": 4,
}
ROWS = 30


@pytest.fixture
def many_rows(agency, keeper, make_user):
    day = datetime.date(2023, 3, 1)
    organisations = [Organisation.objects.create(
        agency=agency, name=f"抽查对象{i}", type="social_group", credit_code=build_credit_code("51429005", f"RQ{i:06d}"),
        legal_representative="王某", registration_date=datetime.date(2015, 1, 1)) for i in range(ROWS)]
    inspector = make_user(full_name="钱检查")
    for i in range(ROWS):
        document = NormativeDocument.objects.create(
            agency=agency, number=f"潜民政发〔2023〕{i + 1}号", prefix="潜民政发", year=2023, sequence=i + 1,
            title=f"文件{i}", issuing_unit="潜江市民政局", issued_on=day)
        campaign = CleanupCampaign.objects.create(agency=agency, title=f"清理{i}", started_on=day)
        CleanupOutcome.objects.create(campaign=campaign, document=document, outcome="keep", reason="符合上位法")
        CertificationMatter.objects.create(agency=agency, name=f"证明事项{i}", legal_basis="依据")
        power = PowerList.objects.create(agency=agency, version=i + 1, effective_on=day)
        PowerItem.objects.bulk_create([PowerItem(
            power_list=power, position=p, name=f"事项{p}", kind="penalty", legal_basis="依据", responsible_unit="科室",
            responsibilities="职责", accountability="追责") for p in (1, 2)])
        plan = InspectionPlan.objects.create(agency=agency, title=f"计划{i}", year=2023, target_count=2,
                                             matters=[{"name": "事项"}])
        draw = InspectionDraw.objects.create(
            plan=plan, round=1, pool={}, pool_sha256="0" * 64, seed="1" * 64, seed_sha256="2" * 64,
            algorithm="zhifa-draw-v1", committed_by=keeper,
            committed_at=datetime.datetime(2023, 3, 1, tzinfo=datetime.UTC),
            drawn_by=keeper, drawn_at=datetime.datetime(2023, 3, 2, tzinfo=datetime.UTC), result={"assignments": []})
        InspectionResult.objects.bulk_create([InspectionResult(
            draw=draw, position=p, organisation=organisations[(i + p) % ROWS], inspector_ids=[inspector.pk])
            for p in (1, 2)])
        InspectorConnection.objects.create(agency=agency, inspector=inspector, organisation=organisations[i],
                                           reason="近亲属任职")
        AnnualReport.objects.create(agency=agency, year=1990 + i, figures={"year": 1990 + i},
                                    computed_at=datetime.datetime(2024, 1, 5, tzinfo=datetime.UTC))
        notice = Notice.objects.create(agency=agency, kind="register", title=f"登记簿公示{i}")
        RegisterPublication.objects.create(agency=agency, register="personnel", reference=str(i), notice=notice,
                                           created_by=keeper)


@pytest.mark.parametrize("endpoint", PINNED)
def test_register_lists_have_pinned_query_counts(many_rows, keeper, client_for, django_assert_num_queries,
                                                 endpoint):
    api = client_for(keeper)
    for page_size in (2, 10, 25):
        with django_assert_num_queries(PINNED[endpoint]):
            response = api.get(f"{ROOT}{endpoint}", {"page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size


def test_personnel_list_query_count_does_not_grow_with_the_list(make_user, keeper, client_for,
                                                                django_assert_num_queries):
    api = client_for(keeper)
    make_user(full_name="张执法")
    with django_assert_num_queries(3):
        assert len(api.get(f"{ROOT}personnel/").json()) == 1
    for n in range(10):
        make_user(full_name=f"执法{n}")
    with django_assert_num_queries(3):
        assert len(api.get(f"{ROOT}personnel/").json()) == 11
