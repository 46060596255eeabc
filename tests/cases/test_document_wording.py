"""How the documents name the case: the party and the matter, the party only once."""

import pytest

from tests.cases.test_documents import case, issue, media, presider  # noqa: F401 - the fixtures
from zhifa.cases.choices import DocumentKind
from zhifa.cases.models import Case

NAMING_KINDS = [DocumentKind.DECISION, DocumentKind.INVESTIGATION_REPORT, DocumentKind.INQUIRY_RECORD]


@pytest.mark.parametrize("kind", NAMING_KINDS)
def test_a_title_that_starts_with_the_party_does_not_get_the_party_again(case, leader, organisation, kind):
    Case.objects.filter(pk=case.pk).update(title=f"{organisation.name}连续两年未参加年度检查")
    case.refresh_from_db()
    body = issue(case, kind, leader).body
    assert organisation.name * 2 not in body
    assert f"{organisation.name}连续两年未参加年度检查一案" in body


@pytest.mark.parametrize("kind", NAMING_KINDS)
def test_a_title_without_the_party_is_preceded_by_it(case, leader, organisation, kind):
    Case.objects.filter(pk=case.pk).update(title="违规收取会费")
    case.refresh_from_db()
    assert f"{organisation.name}违规收取会费一案" in issue(case, kind, leader).body
