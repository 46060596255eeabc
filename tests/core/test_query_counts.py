"""List endpoints run a fixed number of queries, whatever the page size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit
from zhifa.core.validators import build_credit_code
from zhifa.registry.models import AnnualInspection, IllegalOrganisation, Organisation

# endpoint -> pinned query count (auth token, user, count/page, rows, prefetches)
PINNED = {
    "/api/organisations/": 3,
    "/api/annual-inspections/": 4,
    "/api/illegal-organisations/": 4,
    "/api/users/": 5,
    "/api/units/": 4,
    "/api/credentials/": 4,
}


@pytest.fixture
def many_rows(agency, make_user):
    for i in range(30):
        org = Organisation.objects.create(
            agency=agency, name=f"组织{i}", type="social_group",
            credit_code=build_credit_code("51429005", f"QC{i:06d}"), legal_representative="王某",
            registration_date=datetime.date(2015, 1, 1),
        )
        AnnualInspection.objects.create(organisation=org, year=2023, result="qualified")
        IllegalOrganisation.objects.create(agency=agency, name=f"非法{i}", discovered_on=datetime.date(2023, 1, 1))
    for i in range(25):
        make_user(Role.OFFICER, unit=Unit.objects.create(agency=agency, name=f"科室{i}"))


@pytest.mark.parametrize("endpoint", PINNED)
def test_query_count_is_pinned_and_independent_of_page_size(many_rows, officer_api, endpoint):
    counts = []
    for page_size in (2, 10, 25):
        with CaptureQueriesContext(connection) as queries:
            response = officer_api.get(endpoint, {"page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert counts == [PINNED[endpoint]] * 3, counts
