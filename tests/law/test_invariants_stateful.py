"""A stateful fuzzer of the procedure: random actors take random steps on a few cases through the service
layer, with dates backdated, same-day and forward, penalties changed after the close and at the notice,
waivers, statements, reviews, hearings, extensions and suspensions. After every step, every legal invariant
(cases/invariants.py) holds for every case: a gate that lets an unlawful path through fails here, whatever
the order of the steps.

CI-sized by default; `make fuzz` runs more (ZHIFA_LAW_FUZZ_EXAMPLES, ZHIFA_LAW_FUZZ_STEPS). A failing example
hypothesis shrinks is saved as a regular test in tests/law/test_invariants_found.py.
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from zhifa.accounts.choices import Role
from zhifa.cases import services
from zhifa.cases.invariants import audit_context, audit_queryset, case_violations
from zhifa.cases.models import Case, ViolationGround
from zhifa.cases.procedure import PROCEDURE
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.reviews import services as reviews

from tests.law.scenario import LEADERS, PASS

EXAMPLES = int(os.environ.get("ZHIFA_LAW_FUZZ_EXAMPLES", "10"))
STEPS = int(os.environ.get("ZHIFA_LAW_FUZZ_STEPS", "60"))
REFUSED = (Conflict, InvalidInput, PermissionRefused)
REACHED: Counter = Counter()  # the states the cases ended in, to see how deep a run went (pytest -s)

ACTIONS = ["file", "start_investigation", "close_investigation", "submit_review", "deliberate", "notify",
           "record_notice_receipt", "request_hearing", "record_hearing", "decide", "serve", "start_execution", "close",
           "archive", "extend_time_limit", "record_suspension", "drop", "transfer"]
PENALTIES = ["warning", "fine", "confiscation", "stop_activities", "deregistration"]
LEADER_ACTIONS = {name for name, step in PROCEDURE.items() if step.actor == "leader"}

penalty_sets = st.lists(st.sampled_from(PENALTIES), min_size=1, max_size=3, unique=True)
fines = st.sampled_from([Decimal("500"), Decimal("3000"), Decimal("9999"), Decimal("10000"), Decimal("50000")])
KINDS = ["step"] * 8 + ["review", "review", "record", "statement", "statement", "execute", "execute",
                       "change_proposal", "flag_major", "reassign"]
# Days after the latest step of the case: backdated, same-day, forward.
offsets = st.sampled_from([0, -2, 0, 1, 1, 2, 3, 8, 12, 30])


def violations_of_all() -> list[dict]:
    cases = list(audit_queryset(Case.objects.all()).order_by("pk"))
    context = audit_context(cases)
    return [v.as_dict() for case in cases for v in case_violations(case, context)]


class Procedure(RuleBasedStateMachine):
    world: dict = {}

    cases = Bundle("cases")

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.today = timezone.localdate()
        self.log: list[str] = []

    def teardown(self):
        REACHED.update(Case.objects.values_list("state", flat=True))
        if os.environ.get("ZHIFA_LAW_FUZZ_LOG"):
            print("\n".join(self.log))
        transaction.savepoint_rollback(self.savepoint)

    # --- helpers ------------------------------------------------------------------------------

    def person(self, name: str):
        return self.world[name]

    def latest(self, case: Case) -> datetime.date:
        names = ["received_on", "filed_on", "investigation_started_on", "investigation_closed_on", "deliberated_on",
                 "notified_on", "notice_received_on", "hearing_requested_on", "hearing_held_on", "decided_on",
                 "served_on", "execution_started_on", "closed_on"]
        return max(d for d in (getattr(case, n) for n in names) if d)

    def day(self, case: Case, offset: int) -> datetime.date:
        return min(self.latest(case) + datetime.timedelta(days=offset), self.today)

    def attempt(self, label: str, call):
        try:
            call()
            self.log.append(f"ok {label}")
        except REFUSED as refused:
            self.log.append(f"refused {label}: {refused}")

    # --- rules ------------------------------------------------------------------------------------

    @initialize(target=cases, start=st.integers(100, 260), act_before=st.sampled_from([10, 200, 200, 800]),
                narrow=st.booleans(), continuing=st.booleans())
    def lead(self, start, act_before, narrow, continuing):
        return self._lead(start, act_before, narrow, continuing)

    @initialize(target=cases, start=st.integers(100, 260), act_before=st.sampled_from([10, 200, 200, 800]),
                narrow=st.booleans(), continuing=st.booleans())
    def second_lead(self, start, act_before, narrow, continuing):
        return self._lead(start, act_before, narrow, continuing)

    @rule(cid=cases, kind=st.sampled_from(KINDS), data=st.data())
    def act(self, cid, kind, data):
        """One thing happens to a case: mostly a step of the procedure; else a review moves, a record is made,
        the party states or waives, the proposal changes, the case is flagged major, or the decision is
        performed."""
        getattr(self, kind)(cid, data)

    def _lead(self, start, act_before, narrow, continuing):
        received = self.today - datetime.timedelta(days=start)
        act_date = received - datetime.timedelta(days=act_before)
        case = services.case_create(
            actor=self.person("officer0"), officers=[self.person("officer0"), self.person("officer1")],
            title="随机路径案件", source="inspection", received_on=received, party_kind="organisation",
            organisation=self.person("organisation"), grounds=[self.person("narrow" if narrow else "ground")],
            facts="违法事实", act_date=act_date, act_continuing=continuing,
            act_ended_on=act_date + datetime.timedelta(days=act_before // 2) if continuing else None)
        self.log.append(f"lead {case.pk} received {received} act {act_date} narrow={narrow} continuing={continuing}")
        return case.pk

    def step(self, cid, data):
        """Mostly a step the case's state offers, sometimes any step."""
        any_action = data.draw(st.sampled_from(["advance"] * 6 + ["offered", "any"]))
        offset, wrong_actor = data.draw(offsets), data.draw(st.integers(0, 9))
        case = Case.objects.get(pk=cid)
        offered = [a for a in ACTIONS if a in PROCEDURE and case.state in PROCEDURE[a].sources]
        advancing = [a for a in offered if PROCEDURE[a].target and a not in ("drop", "transfer")]
        if "decide" in offered and any_action == "advance" and data.draw(st.booleans()):
            advancing = ["decide"]  # the step every path is after, tried often
        choices = {"advance": advancing or offered or ACTIONS, "offered": offered or ACTIONS, "any": ACTIONS}[any_action]
        action = data.draw(st.sampled_from(choices))
        if action not in PROCEDURE:
            return
        actor = self.person("leader" if action in LEADER_ACTIONS else "officer0")
        if wrong_actor == 9:
            actor = self.person(data.draw(st.sampled_from(["officer1", "leader", "reviewer", "presider", "third"])))
        on = self.day(case, offset)
        payload = {"date": on, **self.payload(case, action, on, data)}
        self.attempt(f"{action} {cid} by {actor.username} {payload}",
                     lambda: services.case_transition(case_id=cid, actor=actor, action=action, data=payload))

    def payload(self, case: Case, action: str, on: datetime.date, data) -> dict:
        draw = data.draw
        if action == "file":
            return {"officers": draw(st.sampled_from([[], [self.person("officer0"), self.person("third")],
                                                      [self.person("officer0"), self.person("expired")]]))} \
                if draw(st.booleans()) else {}
        if action == "close_investigation":
            outcome = draw(st.sampled_from(["penalty", "penalty", "no_penalty"]))
            penalties = draw(penalty_sets)
            return {"proposed_outcome": outcome, "proposed_penalties": penalties, "proposed_content": "拟处罚",
                    "proposed_fine": draw(fines) if "fine" in penalties else None, "facts": "违法事实"}
        if action == "submit_review":
            return {"discretion": "依裁量基准"}
        if action == "deliberate":
            return {"minutes": "集体讨论", "attendees": LEADERS, "conclusion": "同意"}
        if action == "notify":
            extra = {}
            if draw(st.booleans()):
                extra["penalties"] = draw(penalty_sets)
                if "fine" in extra["penalties"]:
                    extra["fine"] = draw(fines)
            receipt = draw(st.sampled_from([0, 0, 2, None, -1]))
            if receipt is not None:
                extra["notice_received_on"] = min(on + datetime.timedelta(days=receipt), self.today)
            extra["statement_days"] = draw(st.sampled_from([None, 3, 5, 10]))
            return extra
        if action == "request_hearing":
            return {"hearing_date": on + datetime.timedelta(days=draw(st.sampled_from([3, 9, 12, 20]))),
                    "hearing_presider": self.person(draw(st.sampled_from(["presider", "presider", "officer1", "third"]))),
                    **({"hearing_notice_on": on + datetime.timedelta(days=draw(st.sampled_from([0, 1, 5])))}
                       if draw(st.booleans()) else {})}
        if action == "record_hearing":
            return {"hearing_record": "听证笔录"}
        if action == "decide":
            outcome = draw(st.sampled_from(["penalty", "penalty", "penalty", "no_penalty"]))
            if draw(st.booleans()):
                penalties = list(case.notified_penalties or case.proposed_penalties or ["warning"])
            else:
                penalties = draw(penalty_sets)
            fine = None
            if "fine" in penalties:
                fine = case.notified_fine if case.notified_fine is not None and draw(st.booleans()) else draw(fines)
            extra = {"serious_finding": "情节严重"} if draw(st.booleans()) else {}
            return {"outcome": outcome, "penalties": penalties, "fine": fine, "content": "处罚内容", **extra}
        if action == "serve":
            method = draw(st.sampled_from(["in_person", "post", "public_notice", "electronic"]))
            extra = {"service_published_on": on - datetime.timedelta(days=draw(st.sampled_from([0, 10, 31])))} \
                if method == "public_notice" else {}
            return {"service_method": method, **extra}
        if action == "extend_time_limit":
            return {"reason": "案情复杂", "days": draw(st.sampled_from([None, 10, 30])),
                    **({"minutes": "集体讨论", "attendees": LEADERS, "conclusion": "同意延长"} if draw(st.booleans()) else {})}
        if action == "record_suspension":
            start = case.filed_on or on
            return {"suspension_kind": "expert_opinion", "suspension_start": start,
                    "suspension_end": min(start + datetime.timedelta(days=draw(st.sampled_from([0, 10, 40]))),
                                          self.today),
                    "reason": "鉴定"}
        if action in ("drop", "transfer"):
            return {"reason": "理由", "transferred_to": "公安机关"}
        return {}

    def record(self, cid, data):
        offset = data.draw(offsets)
        case = Case.objects.get(pk=cid)
        on = self.day(case, offset)
        self.attempt(f"inquiry_record {cid} {on}", lambda: services.investigative_record_create(
            case_id=cid, actor=self.person("officer0"), kind="inquiry_record",
            officers=[self.person("officer0"), self.person("officer1")], on=on, content={"record": "问答"}))

    def statement(self, cid, data):
        status, declined = data.draw(st.sampled_from(["heard", "waived", "not_made"])), data.draw(st.booleans())
        offset = data.draw(st.sampled_from([0, 1, 2, 10, -1, 20]))
        case = Case.objects.get(pk=cid)
        on = min((case.notified_on or self.latest(case)) + datetime.timedelta(days=offset), self.today)
        self.attempt(f"statement {cid} {status} declined={declined} {on}", lambda: services.case_record_statement(
            case_id=cid, actor=self.person("officer0"), status=status, summary="陈述申辩", on=on,
            hearing_declined=declined))

    def change_proposal(self, cid, data):
        penalties, fine = data.draw(penalty_sets), data.draw(fines)
        self.attempt(f"change_proposal {cid} {penalties} {fine}", lambda: services.case_update(
            case_id=cid, actor=self.person("officer0"), proposed_penalties=penalties,
            proposed_fine=fine if "fine" in penalties else None))

    def reassign(self, cid, data):
        names = data.draw(st.sampled_from([["officer0", "third"], ["officer0", "officer1", "third"],
                                           ["officer1", "officer0"]]))
        self.attempt(f"reassign {cid} {names}", lambda: services.case_update(
            case_id=cid, actor=self.person("leader"), officers=[self.person(n) for n in names]))

    def flag_major(self, cid, data):
        complex_ = data.draw(st.booleans())
        self.attempt(f"flag_major {cid} complex={complex_}", lambda: services.case_flag_major(
            case_id=cid, actor=self.person("leader"), reason="重大公共利益", complex=complex_))

    def review(self, cid, data):
        """Move the case's latest review one step: assign, conclude (agree or correct), resubmit."""
        case = Case.objects.get(pk=cid)
        review = case.reviews.order_by("-id").first()
        if review is None:
            return
        outcome = data.draw(st.sampled_from(["agree", "agree", "correct"]))
        offset = data.draw(st.sampled_from([-3, 0, 1, 4]))
        if review.state == "submitted":
            self.attempt(f"review_assign {cid}", lambda: reviews.review_assign(
                review_id=review.pk, actor=self.person("leader"), reviewer=self.person("reviewer")))
        elif review.state == "under_review":
            package = review.packages.order_by("-number").first()
            on = min(package.submitted_on + datetime.timedelta(days=max(offset, 0)), self.today)
            if outcome == "agree":
                call = lambda: reviews.review_record_outcome(  # noqa: E731
                    review_id=review.pk, actor=self.person("reviewer"), package_number=package.number, outcome="agree",
                    verdicts=PASS, opinion="同意", on=on)
            else:
                problem = [*PASS[:5], {"item": 6, "verdict": "problem", "note": "裁量不当"}, *PASS[6:]]
                call = lambda: reviews.review_record_outcome(  # noqa: E731
                    review_id=review.pk, actor=self.person("reviewer"), package_number=package.number,
                    outcome="correct", verdicts=problem, opinion="纠正", correction_categories=["improper_discretion"],
                    corrections="改正", on=on)
            self.attempt(f"review_outcome {cid} {outcome} {on}", call)
        elif review.state == "correction_requested":
            self.attempt(f"review_resubmit {cid}", lambda: reviews.review_resubmit(
                review_id=review.pk, actor=self.person("officer0"), note="已补正", data={},
                on=min(self.latest(case) + datetime.timedelta(days=max(offset, 0)), self.today)))

    def execute(self, cid, data):
        what, offset = data.draw(st.sampled_from(["pay", "collect", "void"])), data.draw(st.sampled_from([0, 2, 10]))
        case = Case.objects.get(pk=cid)
        on = self.day(case, offset)
        facts = {"pay": {"fine_paid_amount": case.decision_fine or Decimal("100")},
                 "collect": {"certificate_collected": True, "seal_collected": True}, "void": {"void_notice": True}}[what]
        self.attempt(f"execute {cid} {what} {on}", lambda: services.case_record_execution(
            case_id=cid, actor=self.person("officer0"), on=on, **facts))

    @invariant()
    def every_invariant_holds_for_every_case(self):
        found = violations_of_all()
        assert found == [], "\n".join(self.log[-15:]) + "\n" + repr(found)


@pytest.fixture
def world(make_user, leader, officers, organisation, ground):
    narrow = ViolationGround.objects.create(
        code="STDJ-30-1-1", regulation="《社会团体登记管理条例》", article="第三十条第一款第（一）项",
        title="涂改、出租、出借登记证书", penalty_kinds=["warning", "stop_activities"])
    return {"leader": leader, "officer0": officers[0], "officer1": officers[1],
            "third": make_user(Role.OFFICER, full_name="赵执法"),
            "expired": make_user(Role.OFFICER, full_name="钱执法", credential="expired"),
            "reviewer": make_user(Role.LEGAL_REVIEWER, full_name="陈审核", legal_qualification=True),
            "presider": make_user(Role.LEGAL_ADVISER, full_name="周主持"),
            "organisation": organisation, "ground": ground, "narrow": narrow}


def test_every_invariant_holds_on_every_path(world):
    Procedure.world = world
    run_state_machine_as_test(Procedure, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, database=None, derandomize=False,
        suppress_health_check=list(HealthCheck)))
    print(f"\nlaw fuzz: {EXAMPLES} examples of up to {STEPS} steps; cases ended in {dict(REACHED)}")
