"""双随机、一公开: commit-reveal draw, reproducible from the published files alone, avoiding conflicts."""

import datetime
import hashlib
import hmac
import json
import secrets

import pytest

from zhifa.accounts.choices import Role
from zhifa.cases.models import Case, CaseOfficer
from zhifa.core.exceptions import Conflict, InvalidInput
from zhifa.core.validators import build_credit_code
from zhifa.registers import draw as drawing
from zhifa.registers import services
from zhifa.registers.choices import Register
from zhifa.registers.models import InspectionDraw
from zhifa.registry.models import Organisation

TODAY = datetime.date.today()
PLANS = "/api/registers/inspection-plans/"


@pytest.fixture
def organisations(agency):
    return [Organisation.objects.create(
        agency=agency, name=f"潜江市第{i}协会", type="social_group", credit_code=build_credit_code("51429005", f"MJ9{i:05d}"),
        legal_representative="王某", registration_date=datetime.date(2015, 1, 1)) for i in range(1, 7)]


@pytest.fixture
def inspectors(make_user):
    return [make_user(Role.OFFICER, full_name=name) for name in ("甲", "乙", "丙", "丁")]


@pytest.fixture
def plan(keeper, organisations):
    return services.inspection_plan_create(actor=keeper, title="2024年社会团体双随机抽查", year=TODAY.year,
                                           matters=[{"name": "遵守章程情况"}], target_count=3,
                                           target_types=["social_group"])


def _published_json(root, notice):
    return json.loads((root / "notices" / f"{notice.slug}.json").read_text(encoding="utf-8"))


def test_run_draw_is_deterministic_and_documented_algorithm():
    pool = {"targets": [3, 5, 8, 13, 21], "inspectors": [1, 2, 4], "conflicts": [[1, 5]],
            "targets_per_draw": 3, "inspectors_per_target": 2}
    seed = "00" * 31 + "01"
    first = drawing.run_draw(pool, seed)
    assert first == drawing.run_draw(pool, seed)
    assert len(first["assignments"]) == 3
    assert len({a["target"] for a in first["assignments"]}) == 3
    for a in first["assignments"]:
        assert len(set(a["inspectors"])) == 2 and (a["target"] != 5 or 1 not in a["inspectors"])
    # A different seed generally gives a different draw; every seed respects the conflicts.
    for _ in range(200):
        for a in drawing.run_draw(pool, secrets.token_hex(32))["assignments"]:
            assert not (a["target"] == 5 and 1 in a["inspectors"])
    # Known answers pin the documented algorithm, so a silent change is caught. Recomputed independently:
    block = hmac.new(bytes.fromhex(seed), b"targets:0", hashlib.sha256).digest()
    assert int.from_bytes(block[:8], "big") % 1000 == 190
    stream = drawing.Stream(seed, "targets")
    assert [stream.below(1000) for _ in range(5)] == [190, 346, 843, 79, 588]
    assert first == {"assignments": [{"target": 21, "inspectors": [1, 2]}, {"target": 13, "inspectors": [1, 4]},
                                     {"target": 5, "inspectors": [2, 4]}]}


def test_commit_publish_draw_and_verify_from_published_files_only(
        plan, keeper, leader, inspectors, organisations, publish, publication_root, site_text, client_for):
    draw = services.inspection_plan_commit(plan_id=plan.pk, actor=keeper)
    assert draw.seed and draw.seed_sha256 == drawing.seed_commitment(draw.seed)
    # The seed stays secret until the draw: not in the API, not in the notice.
    plan_json = client_for(keeper).get(f"{PLANS}{plan.pk}/").json()
    assert plan_json["draws"][0]["seed"] is None
    assert draw.seed not in draw.commitment_notice.body and draw.seed not in json.dumps(draw.commitment_notice.fields)

    with pytest.raises(Conflict) as early:
        services.inspection_plan_draw(plan_id=plan.pk, actor=leader)
    assert early.value.code == "commitment_unpublished"

    commitment = publish(draw.commitment_notice)
    assert draw.seed_sha256 in site_text(commitment) and "潜江市第1协会" in site_text(commitment)
    drawn = client_for(leader).post(f"{PLANS}{plan.pk}/draw/")
    assert drawn.status_code == 200, drawn.json()
    assert drawn.json()["state"] == "drawn" and drawn.json()["draws"][0]["seed"] == draw.seed

    again = client_for(leader).post(f"{PLANS}{plan.pk}/draw/")
    assert again.status_code == 409 and again.json()["code"] == "already_drawn"

    draw.refresh_from_db()
    results = publish(services.register_publish(actor=keeper, register=Register.INSPECTION_RESULTS,
                                                object_id=draw.pk))
    assert draw.seed in site_text(results)

    # Verification from the two public JSON files only.
    before = _published_json(publication_root, commitment)["fields"]["verification"]
    after = _published_json(publication_root, results)["fields"]["verification"]
    assert drawing.verify(pool=before["pool"], pool_sha256=before["pool_sha256"], seed_sha256=before["seed_sha256"],
                          seed=after["seed"], result=after["result"]) == []
    tampered = {"assignments": list(reversed(after["result"]["assignments"]))}
    assert drawing.verify(pool=before["pool"], pool_sha256=before["pool_sha256"], seed_sha256=before["seed_sha256"],
                          seed=after["seed"], result=tampered)
    assert drawing.verify(pool=before["pool"], pool_sha256=before["pool_sha256"], seed_sha256=before["seed_sha256"],
                          seed=secrets.token_hex(32), result=after["result"])
    # The command-line verifier, run as a separate process on the two downloaded files.
    import subprocess
    import sys

    script = drawing.__file__
    files = [str(publication_root / "notices" / f"{n.slug}.json") for n in (commitment, results)]
    run = subprocess.run([sys.executable, "-I", script, *files], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and run.stdout.strip() == "OK", run.stderr
    assert client_for(keeper).get(f"{PLANS}{plan.pk}/verify/").json() == [
        {"round": 1, "verified": True, "problems": []}]

    assigned = {a["target"] for a in after["result"]["assignments"]}
    assert len(assigned) == 3 and assigned <= {o.pk for o in organisations}


def test_conflicts_are_avoided(plan, keeper, leader, inspectors, organisations, agency, unit, publish, client_for):
    """Tied: handled a case against the organisation received in the last 3 years, or recorded as connected."""
    first, second = organisations[0], organisations[1]
    case = Case.objects.create(agency=agency, unit=unit, created_by=keeper, title="旧案", source="report", party_kind="organisation",
                               organisation=first, party_name=first.name,
                               received_on=TODAY - datetime.timedelta(days=400))
    CaseOfficer.objects.create(case=case, officer=inspectors[0], credential_number="x")
    CaseOfficer.objects.create(case=case, officer=inspectors[1], credential_number="y")
    old = Case.objects.create(agency=agency, unit=unit, created_by=keeper, title="很久以前", source="report", party_kind="organisation",
                              organisation=second, party_name=second.name,
                              received_on=TODAY - datetime.timedelta(days=365 * 4))
    CaseOfficer.objects.create(case=old, officer=inspectors[3], credential_number="z")
    response = client_for(keeper).post("/api/registers/inspection-connections/",
                                       {"inspector": inspectors[2].pk, "organisation": second.pk,
                                        "reason": "近亲属任该会理事"}, format="json")
    assert response.status_code == 201, response.json()

    draw = services.inspection_plan_commit(plan_id=plan.pk, actor=keeper)
    conflicts = {tuple(pair) for pair in draw.pool["conflicts"]}
    assert conflicts == {(inspectors[0].pk, first.pk), (inspectors[1].pk, first.pk), (inspectors[2].pk, second.pk)}
    assert "近3年承办过该组织的案件" in draw.pool["conflict_reasons"][f"{inspectors[0].pk}:{first.pk}"]
    # Whatever the seed, no tied officer is drawn for the organisation.
    pool = {k: draw.pool[k] for k in ("targets", "inspectors", "conflicts", "targets_per_draw",
                                      "inspectors_per_target")}
    for _ in range(300):
        for a in drawing.run_draw(pool, secrets.token_hex(32))["assignments"]:
            assert not any((i, a["target"]) in conflicts for i in a["inspectors"])
            if a["target"] == first.pk:
                assert set(a["inspectors"]) == {inspectors[2].pk, inspectors[3].pk}
    publish(draw.commitment_notice)
    drawn = services.inspection_plan_draw(plan_id=plan.pk, actor=leader)
    for result in drawn.results.all():
        assert not any((i, result.organisation_id) in conflicts for i in result.inspector_ids)


def test_bad_pools_are_refused(keeper, agency, inspectors, organisations, client_for):
    api = client_for(keeper)
    empty = api.post(PLANS, {"title": "基金会抽查", "year": TODAY.year, "matters": [{"name": "章程"}], "target_count": 1,
                             "target_types": ["foundation"]}, format="json").json()
    refused = api.post(f"{PLANS}{empty['id']}/commit/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "empty_pool"
    big = api.post(PLANS, {"title": "全部抽查", "year": TODAY.year, "matters": [{"name": "章程"}], "target_count": 7},
                   format="json").json()
    refused = api.post(f"{PLANS}{big['id']}/commit/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "pool_too_small"
    assert api.post(PLANS, {"title": "x", "year": TODAY.year, "matters": [], "target_count": 1},
                    format="json").status_code == 400
    assert api.post(PLANS, {"title": "x", "year": TODAY.year, "matters": [{"name": "a"}], "target_count": 0},
                    format="json").status_code == 400


def test_too_few_inspectors_refused(keeper, organisations, make_user):
    make_user(Role.OFFICER)
    make_user(Role.OFFICER, credential="expired")
    plan = services.inspection_plan_create(actor=keeper, title="x", year=TODAY.year, matters=[{"name": "a"}],
                                           target_count=1)
    with pytest.raises(InvalidInput) as refused:
        services.inspection_plan_commit(plan_id=plan.pk, actor=keeper)
    assert "inspector_pool" in refused.value.fields


def test_new_draw_is_a_new_recorded_round(plan, keeper, leader, inspectors, organisations, publish, client_for):
    first = services.inspection_plan_commit(plan_id=plan.pk, actor=keeper)
    assert client_for(keeper).post(f"{PLANS}{plan.pk}/commit/", {}, format="json").status_code == 409
    publish(first.commitment_notice)
    services.inspection_plan_draw(plan_id=plan.pk, actor=leader)
    first.refresh_from_db()
    result_one = first.result

    no_reason = client_for(keeper).post(f"{PLANS}{plan.pk}/commit/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    second = services.inspection_plan_commit(plan_id=plan.pk, actor=keeper, reason="抽中对象已注销，经负责人批准重新抽取")
    assert second.round == 2 and second.seed_sha256 != first.seed_sha256
    first.refresh_from_db()
    assert first.superseded_reason and first.result == result_one  # the first round stays on record, unchanged
    publish(second.commitment_notice)
    services.inspection_plan_draw(plan_id=plan.pk, actor=leader)
    assert InspectionDraw.objects.filter(plan=plan).count() == 2
    checks = client_for(keeper).get(f"{PLANS}{plan.pk}/verify/").json()
    assert [c["verified"] for c in checks] == [True, True]

    # Results per target: recorded by a drawn inspector; the plan concludes when all are in.
    second.refresh_from_db()
    api_results = second.results.order_by("position")
    officer = next(u for u in inspectors if u.pk in api_results[0].inspector_ids)
    outsider_ids = {u.pk for u in inspectors} - set(api_results[0].inspector_ids)
    outsider = next(u for u in inspectors if u.pk in outsider_ids)
    body = {"result": api_results[0].pk, "outcome": "no_problem", "inspected_on": TODAY.isoformat()}
    assert client_for(outsider).post(f"{PLANS}{plan.pk}/results/", body, format="json").status_code == 403
    assert client_for(officer).post(f"{PLANS}{plan.pk}/results/", {**body, "inspected_on": None},
                                    format="json").status_code == 400
    assert client_for(officer).post(f"{PLANS}{plan.pk}/results/", body, format="json").status_code == 200
    with pytest.raises(Conflict):
        services.inspection_plan_commit(plan_id=plan.pk, actor=keeper, reason="再抽一次")
    for result in api_results[1:]:
        services.inspection_result_record(result_id=result.pk, actor=keeper, outcome="problems_rectified",
                                          inspected_on=TODAY, findings="财务制度不健全，已责令整改")
    plan.refresh_from_db()
    assert plan.state == "concluded"


def test_only_leaders_draw(plan, keeper, inspectors, organisations, publish, client_for, make_user):
    draw = services.inspection_plan_commit(plan_id=plan.pk, actor=keeper)
    publish(draw.commitment_notice)
    assert client_for(inspectors[0]).post(f"{PLANS}{plan.pk}/draw/").status_code == 403
    assert client_for(keeper).post(f"{PLANS}{plan.pk}/draw/").status_code == 403
