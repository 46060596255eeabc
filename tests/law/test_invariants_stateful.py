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
from zhifa.cases.models import Case, GroundFineRange, ViolationGround
from zhifa.cases.procedure import PROCEDURE, action_options
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
# "guide" takes the next step of a lawful path, so that runs reach the decision, service and closing; the
# other kinds take random steps around it.
KINDS = ["guide"] * 10 + ["step"] * 8 + ["review", "review", "record", "statement", "statement", "execute",
                                         "execute", "change_proposal", "flag_major", "reassign", "recusal"]
# A lawful proposal for the fixtures' grounds: a fine is 1–3 times the illegal turnover found (社团条例 Art. 30).
TURNOVER = Decimal("5000")
LAWFUL_PROPOSALS = [["warning"], ["warning"], ["fine"], ["warning", "fine"], ["stop_activities"], ["deregistration"]]
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
            extra["illegal_turnover"] = draw(st.sampled_from([None, TURNOVER, Decimal("100")]))
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
            method = draw(st.sampled_from(["in_person", "post", "public_notice", "electronic", "left_at_address",
                                           "entrusted", "forwarded"]))
            extra = {"service_published_on": on - datetime.timedelta(days=draw(st.sampled_from([0, 10, 31]))),
                     "service_notice_reason": draw(st.sampled_from(["", "下落不明"]))} \
                if method == "public_notice" else {}
            if method == "left_at_address":
                extra = {"service_refusal": draw(st.sampled_from(["", "拒收"])),
                         draw(st.sampled_from(["service_witnesses", "service_recording", "reason"])): "居委会 周某"}
            if method in ("entrusted", "forwarded"):
                extra = {"service_agent": draw(st.sampled_from(["", "武汉市民政局"])), "reason": "直接送达有困难"}
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

    def guide(self, cid, data):
        """The next step of a lawful path from lead to archive, a day or two after the last one, chosen by what
        the server offers this actor now (its action list, with the refusing articles): a statement period
        left to run out, a legal review and a collective deliberation where it says the decision needs them."""
        case = Case.objects.get(pk=cid)
        gap = data.draw(st.sampled_from([1, 1, 2]))
        on = self.day(case, gap)
        officer, leader = self.person("officer0"), self.person("leader")
        state = case.state

        def move(action, actor, when=None, **payload):
            date = when or on
            self.attempt(f"guide {action} {cid} {date} {payload}", lambda: services.case_transition(
                case_id=cid, actor=actor, action=action, data={"date": date, **payload}))

        if state == "lead":
            return move("file", leader)
        pending = case.recusals.filter(granted__isnull=True).order_by("id").first()
        if pending and state not in ("decided", "served", "executing", "closed", "archived"):
            last_record = max(case.documents.values_list("issued_on", flat=True), default=on)
            return move("decide_recusal", leader, when=min(max(on, pending.applied_on, last_record), self.today),
                        recusal=pending.pk, granted=data.draw(st.booleans()), reason="经查")
        if state == "filed":
            return move("start_investigation", officer)
        if state == "investigating":
            if not case.documents.filter(kind="inquiry_record").exists():
                return self.attempt(f"guide record {cid} {on}", lambda: services.investigative_record_create(
                    case_id=cid, actor=officer, kind="inquiry_record", officers=[officer, self.person("officer1")],
                    on=on, content={"record": "问答"}))
            allowed = [p for p in LAWFUL_PROPOSALS if set(p) <= set(case.grounds.first().penalty_kinds)]
            penalties = data.draw(st.sampled_from(allowed))
            fine = data.draw(st.sampled_from([TURNOVER, TURNOVER * 2, TURNOVER * 3])) if "fine" in penalties else None
            return move("close_investigation", officer, proposed_outcome="penalty", proposed_penalties=penalties,
                        proposed_fine=fine, proposed_content="拟处罚", facts="违法事实")
        if case.reviews.filter(state__in=["submitted", "under_review", "correction_requested"]).exists():
            return self.review_agreed(case)
        if state in ("investigation_closed", "legal_review", "deliberation", "notified", "hearing"):
            decide = {o["action"]: o for o in action_options(case, leader)}.get("decide")
            articles = " ".join(r["article"] for r in (decide or {}).get("reasons", []))
            if "第五十八条" in articles and state != "legal_review":
                return move("submit_review", officer, discretion="依裁量基准")
            if "第五十七条" in articles:
                return move("deliberate", leader, minutes="集体讨论", attendees=LEADERS, conclusion="同意")
            if case.proposed_outcome == "no_penalty":
                return move("decide", leader, outcome="no_penalty", content="不予处罚")
            if not case.notified_on:
                extra = {"illegal_turnover": TURNOVER} if "fine" in (case.proposed_penalties or []) else {}
                return move("notify", officer, notice_received_on=on, **extra)
            if not case.notice_received_on:
                return move("record_notice_receipt", officer)
            if state == "hearing":
                return move("record_hearing", officer, hearing_record="听证笔录")
            if case.statement_status in ("", "pending", None):
                # The statement period has run out unused (5 working days; 25 calendar days is past any holiday).
                late = min(max(on, case.notice_received_on + datetime.timedelta(days=25)), self.today)
                return self.attempt(f"guide statement {cid} {late}", lambda: services.case_record_statement(
                    case_id=cid, actor=officer, status="not_made", summary="期限内未提出", on=late))
            penalties = list(case.notified_penalties or [])
            serious = {"serious_finding": "多年不参加年检，经责令仍不改正，情节严重"} if "deregistration" in penalties else {}
            after_windows = min(max(on, case.notice_received_on + datetime.timedelta(days=25)), self.today)
            return move("decide", leader, when=after_windows, outcome="penalty", penalties=penalties, content="处罚内容",
                        fine=case.notified_fine if "fine" in penalties else None, **serious)
        if state == "decided":
            return move("serve", officer, service_method="in_person", service_recipient="法定代表人")
        if state in ("served", "executing"):
            penalties = case.decision_penalties or []
            if "fine" in penalties and not case.fine_paid_on:
                return self.attempt(f"guide pay {cid} {on}", lambda: services.case_record_execution(
                    case_id=cid, actor=officer, on=on, fine_paid_amount=case.decision_fine))
            if "deregistration" in penalties and not (case.certificate_collected and case.seal_collected):
                return self.attempt(f"guide collect {cid} {on}", lambda: services.case_record_execution(
                    case_id=cid, actor=officer, on=on, certificate_collected=True, seal_collected=True))
            return move("close", leader)
        if state == "closed":
            return move("archive", officer)
        return None

    def review_agreed(self, case: Case):
        review = case.reviews.order_by("-id").first()
        if review.state == "submitted":
            return self.attempt(f"guide review_assign {case.pk}", lambda: reviews.review_assign(
                review_id=review.pk, actor=self.person("leader"), reviewer=self.person("reviewer")))
        package = review.packages.order_by("-number").first()
        on = min(package.submitted_on + datetime.timedelta(days=1), self.today)
        if review.state == "correction_requested":
            after = min((review.concluded_on or package.submitted_on) + datetime.timedelta(days=1), self.today)
            return self.attempt(f"guide review_resubmit {case.pk} {after}", lambda: reviews.review_resubmit(
                review_id=review.pk, actor=self.person("officer0"), note="已补正", data={}, on=after))
        return self.attempt(f"guide review_agree {case.pk} {on}", lambda: reviews.review_record_outcome(
            review_id=review.pk, actor=self.person("reviewer"), package_number=package.number, outcome="agree",
            verdicts=PASS, opinion="同意", on=on))

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

    def recusal(self, cid, data):
        """The party asks that someone withdraw (an officer on the case, another, the presider or the reviewer);
        the leader decides one pending application, granting or refusing it."""
        case = Case.objects.get(pk=cid)
        on = self.day(case, data.draw(offsets))
        if data.draw(st.booleans()) or not case.recusals.filter(granted__isnull=True).exists():
            who = self.person(data.draw(st.sampled_from(["officer1", "third", "presider", "reviewer"])))
            payload = {"date": on, "recusal_person": who, "reason": "当事人称其与本会负责人系近亲属"}
            action, actor = "apply_recusal", self.person("officer0")
        else:
            payload = {"date": on, "granted": data.draw(st.booleans()), "reason": "经查"}
            action, actor = "decide_recusal", self.person("leader")
        self.attempt(f"{action} {cid} {payload}", lambda: services.case_transition(
            case_id=cid, actor=actor, action=action, data=payload))

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
    # 社团条例 Art. 30: 违法经营额1倍以上3倍以下或者违法所得3倍以上5倍以下.
    GroundFineRange.objects.create(ground=ground, basis="illegal_turnover", minimum=1, maximum=3)
    GroundFineRange.objects.create(ground=ground, basis="illegal_gains", minimum=3, maximum=5)
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
    # The invariants of a decided case are only tried if paths get there: the guided steps must reach it.
    assert sum(REACHED[s] for s in ("decided", "served", "executing", "closed", "archived")) > 0, dict(REACHED)
