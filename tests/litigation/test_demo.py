"""The demo's overturned 2023 judgment (（2023）鄂9005行初21号, revoking a deregistration) follows the rules on legal
effect (DOMAIN.md §7): unappealed, it took effect the day after its appeal window, and then withdrew the notice
and gave the organisation back its registration."""

import datetime

import pytest
from django.core.management import call_command

from zhifa.cases.models import TimelineEvent
from zhifa.disclosure.models import Notice
from zhifa.litigation.models import Matter

pytestmark = pytest.mark.django_db


def test_the_demo_judgment_acted_only_once_effective(publication_root):
    call_command("load_demo", verbosity=0)
    matter = Matter.objects.get(external_number="（2023）鄂9005行初21号")
    assert matter.outcome == "revoked" and matter.appealed_on is None
    # Art. 85: 15 days from receipt, a window ending on a rest day running on to the next working day.
    assert matter.outcome_effective_on > matter.outcome_received_on + datetime.timedelta(days=15)
    case = matter.case
    assert "deregistration" in case.decision_penalties
    case.organisation.refresh_from_db()
    assert case.organisation.status != "deregistered"
    event = TimelineEvent.objects.get(case=case, kind="outcome_effective")
    assert event.occurred_on == matter.outcome_effective_on
    assert event.data["registry_restored"] == {"organisation": case.organisation.status}
    notices = Notice.objects.filter(case=case).exclude(kind="withdrawal_statement")
    assert notices.exists() and not notices.filter(state="published").exists()
    assert notices.filter(state="withdrawn").exists()
    # Loading the demo again acts on nothing twice.
    call_command("load_demo", verbosity=0)
    assert TimelineEvent.objects.filter(case=case, kind="outcome_effective").count() == 1
