"""《中华人民共和国行政处罚法》第三十四条

行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。行政处罚裁量基准应当向社会公布。

The agency's benchmark is a maintained register, each entry for one ground and one degree of circumstances,
repealed and never deleted, published like the other registers. Where an entry in force covers the case's
ground, the decision cites the entry it applied, and what is decided fits it (DOMAIN.md §3.9, §5 item 6).
"""

import datetime

import pytest

from zhifa.accounts.models import Agency
from zhifa.cases.models import Document
from zhifa.registers.models import DiscretionBenchmark, RegisterPublication

from tests.law.scenario import ago, forbidden, ok, snapshot

ENTRY = {"code": "CL-30-1", "circumstance": "一般", "conditions": "首次未按规定参加年度检查，经催告后参加",
         "penalty_kinds": ["warning"], "standard": "给予警告", "effective_on": "2022-01-01"}


@pytest.fixture
def entry(apis, ground):
    return ok(apis["leader"].post("/api/registers/discretion-benchmarks/", {**ENTRY, "ground": ground.pk},
                                  format="json"), 201)


def test_the_benchmark_is_a_register_kept_by_the_agency_and_published(apis, ground, entry):
    assert entry["in_force"] is True and entry["ground"] == ground.pk
    # Officers read it; they do not keep it.
    assert apis["officer"].post("/api/registers/discretion-benchmarks/", {**ENTRY, "code": "CL-30-9",
                                                                          "ground": ground.pk},
                                format="json").status_code == 403
    assert [e["code"] for e in ok(apis["officer"].get("/api/registers/discretion-benchmarks/"))["results"]] == ["CL-30-1"]
    # An entry may only hold what its ground provides.
    wrong = apis["leader"].post("/api/registers/discretion-benchmarks/", {**ENTRY, "code": "CL-30-2", "ground": ground.pk,
                                                                         "penalty_kinds": ["ban"]}, format="json")
    assert wrong.status_code == 400 and "penalty_kinds" in wrong.json()["fields"]
    ok(apis["leader"].post("/api/registers/publications/", {"register": "discretion_benchmarks"}, format="json"), 201)
    notice = RegisterPublication.objects.get(register="discretion_benchmarks").notice
    assert "CL-30-1" in notice.body and "给予警告" in notice.body and "行政处罚裁量基准" in notice.title


def test_a_decision_on_a_covered_ground_cites_the_entry_it_applied(case_at, statement, move, apis, entry):
    cid = case_at("notified", penalties=["warning"], start=60)
    ok(statement(cid, "not_made", 30))
    decide = next(a for a in apis["leader"].get(f"/api/cases/{cid}/").json()["actions"] if a["action"] == "decide")
    assert {"name": "discretion_benchmark", "required": True} in decide["fields"]
    before = snapshot(cid)
    missing = move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告")
    assert missing.status_code == 400 and "discretion_benchmark" in missing.json()["fields"]
    assert snapshot(cid) == before
    decided = ok(move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告",
                      discretion_benchmark=entry["id"]))
    assert decided["decision_benchmark"] == entry["id"]
    decision = Document.objects.get(case_id=cid, kind="decision")
    assert "行政处罚裁量基准" in decision.body and "CL-30-1" in decision.body


def test_the_cited_entry_fits_what_is_decided(case_at, statement, move, apis, entry, ground):
    cid = case_at("notified", penalties=["warning", "fine"], fine=3000, start=60)
    ok(statement(cid, "not_made", 30))
    before = snapshot(cid)
    # The entry says a warning only; a fine is not what it applied.
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning", "fine"], fine="3000",
                   content="警告并罚款", discretion_benchmark=entry["id"]), "第三十四条", case_id=cid, before=before)
    other_ground = type(ground).objects.create(code="OTHER", regulation="《某条例》", article="第九条", title="其他",
                                               penalty_kinds=["warning", "fine"])
    elsewhere = ok(apis["leader"].post("/api/registers/discretion-benchmarks/", {
        **ENTRY, "code": "CL-9-1", "ground": other_ground.pk, "penalty_kinds": ["warning", "fine"]}, format="json"), 201)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning", "fine"], fine="3000",
                   content="警告并罚款", discretion_benchmark=elsewhere["id"]), "第三十四条", case_id=cid, before=before)


def test_a_repealed_entry_is_not_applied(case_at, statement, move, apis, entry, ground):
    cid = case_at("notified", penalties=["warning"], start=60)
    ok(statement(cid, "not_made", 30))
    ok(apis["leader"].post(f"/api/registers/discretion-benchmarks/{entry['id']}/repeal/",
                           {"on": ago(5), "reason": "修订裁量基准"}, format="json"))
    before = snapshot(cid)
    forbidden(move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告",
                   discretion_benchmark=entry["id"]), "第三十四条", case_id=cid, before=before)
    # Dated before the repeal, the decision applied the entry then in force.
    assert ok(move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告", date=ago(6),
                   discretion_benchmark=entry["id"]))["state"] == "decided"


def test_another_agencys_entry_is_not_a_choice(case_at, statement, move, ground):
    other = Agency.objects.create(name="仙桃市民政局", short_name="仙民", region_code="429004", case_number_prefix="仙民罚立")
    foreign = DiscretionBenchmark.objects.create(agency=other, code="XT-1", ground=ground, circumstance="一般",
                                                 conditions="…", standard="警告", penalty_kinds=["warning"],
                                                 effective_on=datetime.date(2022, 1, 1))
    cid = case_at("notified", penalties=["warning"], start=60)
    ok(statement(cid, "not_made", 30))
    before = snapshot(cid)
    refused = move(cid, "decide", "leader", outcome="penalty", penalties=["warning"], content="警告",
                   discretion_benchmark=foreign.pk)
    assert refused.status_code == 400 and "discretion_benchmark" in refused.json()["fields"]
    assert snapshot(cid) == before
