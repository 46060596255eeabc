"""The demo data reproduces the seed report's figures, runs every case through the real procedure,
and can be loaded twice without change."""

from django.core.management import call_command
from django.db.models import Count

from zhifa.accounts.models import User
from zhifa.audit.services import history_seal, history_verify
from zhifa.cases.models import Case
from zhifa.registry.models import IllegalOrganisation, Organisation
from zhifa.reviews.models import Review


def test_demo_matches_the_seed_and_is_idempotent(db, settings, tmp_path):
    settings.PUBLICATION_ROOT = str(tmp_path)
    call_command("load_demo")
    counts = (Case.objects.count(), Organisation.objects.count(), Review.objects.count())
    call_command("load_demo")
    assert (Case.objects.count(), Organisation.objects.count(), Review.objects.count()) == counts

    for username in ["officer1", "officer2", "reviewer1", "leader1", "adviser1", "editor1", "admin"]:
        assert User.objects.get(username=username).check_password("zhifa-demo")
    revoked_2023 = Case.objects.filter(number_year=2023, decision_penalties__contains=["deregistration"])
    assert revoked_2023.count() == 10  # 10 registrations revoked in 2023
    # Ten deregistered in 2023; one of them got its registration back when the court's revocation of that
    # decision took effect in 2024 (DOMAIN.md §7; tests/litigation/test_demo.py).
    assert Organisation.objects.filter(status="deregistered", status_changed_on__year=2023).count() == 9
    assert Organisation.objects.filter(status="normal", status_changed_on__year=2024,
                                       cases__in=revoked_2023).count() == 1
    assert all(case.reviews.filter(state="agreed").exists() for case in revoked_2023)
    assert Review.objects.filter(case__in=revoked_2023, packages__number=2).count() == 1  # one correction
    assert IllegalOrganisation.objects.filter(status="announced").values("announced_on").distinct().count() == 1
    assert IllegalOrganisation.objects.filter(status="dissolved").count() == 1
    states = set(Case.objects.filter(number_year__gte=2024).values_list("state", flat=True))
    assert {"filed", "investigating", "investigation_closed", "legal_review", "notified", "served"} <= states
    from zhifa.disclosure.models import Notice

    assert Notice.objects.filter(case__in=revoked_2023, kind="deregistration").count() == 10  # each published
    assert Notice.objects.filter(kind="illegal_organisations", state="published").count() == 1
    from zhifa.litigation.models import Matter

    assert Matter.objects.filter(received_on__year=2023).count() == 12  # 12 litigation matters in 2023
    assert User.objects.filter(role="legal_adviser").count() == 2       # with 2 retained legal advisers
    # The 2023 judgment that revoked a deregistration, and this year's that changed a fine to a warning.
    withdrawn = Notice.objects.filter(state="withdrawn", withdrawal_trigger="litigation")
    assert sorted(n.case.party_name for n in withdrawn) == ["潜江市同心社区服务中心", "潜江市园林街道幸福里养老服务中心"]
    from zhifa.enforcement.models import Arrangement, Enforcement, Payment

    # Seven fines under enforcement, one at each stage the dates allow (tests/enforcement/test_demo.py): two in
    # the performance period (one partly paid, one on approved instalments), two paid (one of them closed),
    # one reminded, one applied to the court, one whose enforcement the court ordered.
    states = dict(Enforcement.objects.values_list("state").annotate(n=Count("id")))
    assert states == {"performing": 2, "performed": 2, "reminded": 1, "applied": 1, "ordered": 1}
    assert Enforcement.objects.filter(closed_on__isnull=False).count() == 1
    assert Payment.objects.count() == 3 and Arrangement.objects.filter(state="approved").count() == 1
    history_seal()
    assert history_verify().ok
