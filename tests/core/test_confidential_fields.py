"""Confidential fields (zhifa.core.confidential.FIELDS) never reach anyone outside their audience.

A marker is planted in every declared confidential field of a case built through the real procedure
(a lead, filing, an inquiry record, legal review, notification, the decision and its notice, a lawsuit
against it); officers also copy the reporter and the party's address into free text (the draft decision
and the hearing-free statement), as people do. Then, as every role, every export and package the role
may ask for is built, and every GET route of the API (found by walking the URLconf, so a route added
tomorrow is swept too) is fetched for every object that points at the case. No response body, no file
inside a ZIP or a spreadsheet, and no PDF source carries a marker the role may not see. The audience
itself must see its markers in the case detail, so the sweep can't pass by showing nothing.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import uuid
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit
from zhifa.cases.models import Case, Document
from zhifa.core import confidential
from zhifa.core.validators import resident_id_check_char
from zhifa.exports import registry
from zhifa.exports.services import export_job_run
from zhifa.notifications.services import notify

TODAY = datetime.date.today()
PASS = [{"item": n, "verdict": "pass"} for n in range(1, 10)]


def ago(days: int) -> str:
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def unique_resident_id() -> str:
    """A valid 公民身份号码 no other test data holds (born 1980-1999, random order code)."""
    born = datetime.date(1980, 1, 1) + datetime.timedelta(days=random.randrange(7000))
    first17 = f"420{random.randrange(100, 999)}{born:%Y%m%d}{random.randrange(100, 999)}"
    return first17 + resident_id_check_char(first17)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, publication_root):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EVIDENCE_UPLOAD_DIR = ""


@pytest.fixture
def people(make_user, leader, officers, other_agency):
    stranger_unit = Unit.objects.create(agency=other_agency, name="社会组织管理局")
    return {
        "handler": officers[0],
        "leader": leader,
        "reviewer": make_user(Role.LEGAL_REVIEWER, full_name="陈审核", legal_qualification=True),
        "adviser": make_user(Role.LEGAL_ADVISER, full_name="周律师"),
        "other_adviser": make_user(Role.LEGAL_ADVISER, full_name="吴律师"),
        "administrator": make_user(Role.ADMINISTRATOR),
        "unassigned_officer": make_user(Role.OFFICER, full_name="王执法"),
        "editor": make_user(Role.DISCLOSURE_EDITOR, full_name="赵公示"),
        "other_agency_officer": make_user(Role.OFFICER, unit=stranger_unit, full_name="孙执法"),
        "other_agency_leader": make_user(Role.LEADER, unit=stranger_unit, full_name="钱局长"),
    }


@pytest.fixture
def planted(people, officers, leader, ground, client_for):
    """A natural-person case with a marker in every confidential field, taken to a decision and a lawsuit."""
    tag = uuid.uuid4().hex[:12]
    markers = {f.name: f"MARK-{f.name}-{tag}" for f in confidential.declared(Case)}
    markers["person_id_number"] = unique_resident_id()  # the service checks its shape and check digit
    assert set(markers) == {f.name for f in confidential.declared(Case)}
    officer, boss = client_for(officers[0]), client_for(leader)

    def move(cid, action, who=officer, **data):
        response = who.post(f"/api/cases/{cid}/transitions/", {"action": action, **data}, format="json")
        assert response.status_code == 200, (action, response.json())

    lead = officer.post("/api/cases/", {
        "title": "违规以社会组织名义收费", "source": "report", "received_on": ago(60), "party_kind": "person",
        "person_name": "刘某某", "grounds": [ground.pk],
        "facts": f"当事人在{markers['person_address']}以协会名义向会员收费。",  # an address with no label
        "act_date": ago(120), "officers": [o.pk for o in officers], **markers,
    }, format="json")
    assert lead.status_code == 201, lead.json()
    cid = lead.json()["id"]
    assert boss.post(f"/api/cases/{cid}/flag-major/", {"reason": "涉及重大公共利益"}, format="json").status_code == 200
    move(cid, "file", boss, date=ago(50))
    move(cid, "start_investigation", date=ago(49))
    # The party signs the service address confirmation with an electronic address (行政处罚法 Art. 61 ¶2).
    move(cid, "record_service_consent", date=ago(49), electronic_service_address=markers["electronic_service_address"])
    record = officer.post(f"/api/cases/{cid}/documents/", {
        "kind": "inquiry_record", "officers": [o.pk for o in officers], "date": ago(48), "place": "询问室",
        "subject": "当事人", "record": f"问：住址？答：{markers['person_address']}"}, format="json")
    assert record.status_code == 201, record.json()
    move(cid, "close_investigation", date=ago(40), proposed_outcome="penalty", proposed_penalties=["warning", "fine"],
         proposed_fine=3000, proposed_content="警告，并处罚款3000元。")
    move(cid, "submit_review", date=ago(38), discretion="情节一般",
         draft_decision=f"经{markers['reporter_name']}（{markers['reporter_contact']}）举报，"
                        f"当事人（住{markers['person_address']}）……")
    review = boss.get(f"/api/reviews/?case={cid}").json()["results"][0]["id"]
    assigned = boss.post(f"/api/reviews/{review}/assign/", {"reviewer": people["reviewer"].pk}, format="json")
    assert assigned.status_code == 200, assigned.json()
    agreed = client_for(people["reviewer"]).post(f"/api/reviews/{review}/outcome/", {
        "package": 1, "outcome": "agree", "verdicts": PASS, "opinion": "同意", "date": ago(36)}, format="json")
    assert agreed.status_code == 200, agreed.json()
    move(cid, "deliberate", boss, date=ago(35), minutes="集体讨论同意。", conclusion="同意",
         attendees=[{"name": "刘局长", "opinion": "同意"}, {"name": "何副局长", "opinion": "同意"}])
    move(cid, "notify", date=ago(30), notice_received_on=ago(29))
    statement = officer.post(f"/api/cases/{cid}/statement/", {
        "status": "not_made", "summary": "未提出", "date": ago(20)}, format="json")
    assert statement.status_code == 200, statement.json()
    move(cid, "decide", boss, date=ago(10), outcome="penalty", penalties=["warning", "fine"], fine=3000,
         content="警告，并处罚款3000元。", basis="《社会团体登记管理条例》第三十五条")
    matter = client_for(people["adviser"]).post("/api/litigation/", {
        "kind": "first_instance", "body": "潜江市人民法院", "external_number": f"（2026）鄂9005行初{tag[:4]}号",
        "plaintiff": "刘某某", "claims": "撤销处罚决定", "contested_act": "行政处罚决定", "case": cid,
        "received_on": ago(1), "leader": leader.pk, "advisers": [people["adviser"].pk]}, format="json")
    assert matter.status_code == 201, matter.json()
    case = Case.objects.get(pk=cid)
    # Everyone in the agency is told something about the case, in words that quote it.
    notify(recipients=list(people.values()), kind="test", key=f"confidential:{tag}", subject=case,
           title=f"{case.number}：举报人{markers['reporter_name']}", message=f"住址 {markers['person_address']}")
    assert Document.objects.filter(case=case, body__contains=markers["person_address"]).exists()
    # The fine's enforcement as far as the court application, stored directly: the reminder's windows take
    # months, and what is swept here is the package the application makes of the case's documents.
    from zhifa.enforcement.models import Enforcement

    enforcement = Enforcement.objects.create(
        agency=case.agency, case=case, fine=case.decision_fine, served_on=TODAY, created_by=officers[0],
        court="潜江市人民法院", applied_on=TODAY, application=Document.objects.get(case=case, kind="decision"))
    return {"case": case, "markers": markers, "matter": matter.json()["id"], "enforcement": enforcement.pk}


# --- who may see what: the audience of each declaration, as the law and DOMAIN.md give it -------------

REPORTER_AUDIENCE = {"handler", "leader"}
CASE_FILE_AUDIENCE = {"handler", "leader", "reviewer", "adviser", "unassigned_officer"}  # same unit as the case
AUDIENCE = {"reporter_name": REPORTER_AUDIENCE, "reporter_contact": REPORTER_AUDIENCE,
            "person_id_number": CASE_FILE_AUDIENCE, "person_address": CASE_FILE_AUDIENCE,
            "electronic_service_address": CASE_FILE_AUDIENCE}
ROLES = ["handler", "leader", "reviewer", "adviser", "other_adviser", "administrator", "unassigned_officer",
         "editor", "other_agency_officer", "other_agency_leader"]


def test_every_declared_field_has_an_audience_here():
    assert set(AUDIENCE) == {f.name for f in confidential.FIELDS}


# --- the sweep ------------------------------------------------------------------------------------

_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")


def _fill(regex: str, values: dict) -> str | None:
    """A path from a route's regex, with each named group replaced by values[name] (None if one is missing)."""
    out, i = [], 0
    while i < len(regex):
        match = _GROUP.match(regex, i)
        if match:
            depth, j = 1, match.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[j], 0) if regex[j - 1] != "\\" else 0
                j += 1
            if match["name"] not in values:
                return None
            out.append(str(values[match["name"]]))
            i = j
            continue
        out.append(regex[i])
        i += 1
    path = "".join(out).replace("^", "").replace("$", "").replace("\\.", ".").replace("\\", "")
    return path if "(" not in path and "[" not in path and "?" not in path.rstrip("?") else None


def _routes(resolver=None, prefix=""):
    """(regex of the whole path, callback) for every route in the URLconf."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        regex = prefix + (pattern.pattern.regex.pattern if hasattr(pattern.pattern, "regex") else str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, regex)
        elif isinstance(pattern, URLPattern):
            yield regex, pattern.callback


def _gets(callback) -> bool:
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return "get" in actions
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return cls is None or hasattr(cls, "get")


def _model_of(callback, user):
    """The model a viewset route lists or reads, asked of the viewset itself; None when it can't say."""
    cls, actions = getattr(callback, "cls", None), getattr(callback, "actions", None)
    if cls is None or not actions:
        return None
    try:
        view = cls(**getattr(callback, "initkwargs", {}))
        http = APIRequestFactory().get("/")
        force_authenticate(http, user=user)
        view.request, view.action, view.kwargs, view.args = Request(http), actions.get("get"), {}, ()
        view.format_kwarg = None
        view.request.user = user
        return view.get_queryset().model
    except Exception:  # noqa: BLE001 - a view that can't be asked is swept with every id
        return None


def _related_ids(case: Case, user) -> dict:
    """Every object that points at the case (one hop), the case itself, and the user's own notifications
    and export jobs: {model: [pk, ...]}."""
    pool: dict = {Case: [case.pk]}
    for relation in Case._meta.related_objects:
        if relation.many_to_many or not relation.related_model._meta.managed:
            continue
        model = relation.related_model
        ids = list(model._default_manager.filter(**{relation.field.name: case}).values_list("pk", flat=True)[:50])
        if ids:
            pool.setdefault(model, []).extend(ids)
    from zhifa.exports.models import ExportJob
    from zhifa.notifications.models import Notification

    pool[Notification] = list(Notification.objects.filter(recipient=user).values_list("pk", flat=True))
    pool[ExportJob] = list(ExportJob.objects.filter(requested_by=user).values_list("pk", flat=True))
    return pool


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _texts(data: bytes):
    """The bytes themselves, and each file inside when they are a ZIP (case files, packages, XLSX)."""
    yield "", data
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield name, archive.read(name)


def _exports(api, planted) -> list:
    """Every export and package the role may ask for, built now; the responses that carry files."""
    case, matter = planted["case"], planted["matter"]
    asked = {
        "case_file": api.post("/api/evidence/case-files/", {"case": case.pk}, format="json"),
        "court_package": api.post(f"/api/litigation/{matter}/package/"),
        "enforcement_package": api.post(f"/api/enforcement/{planted['enforcement']}/package/"),
        "case_ledger": api.get("/api/cases/export/?format=xlsx"),
    }
    responses = [asked["case_ledger"], api.get("/api/cases/export/?format=csv")]
    for kind, response in asked.items():
        if response.status_code == 202:
            job = export_job_run(job_id=response.json()["id"])
            assert job.status == "done", (kind, job.error)
    # Every kind of export the registry knows is asked for here.
    assert set(registry._EXPORTERS) <= set(asked), set(registry._EXPORTERS) - set(asked)
    return responses


@pytest.mark.parametrize("role", ROLES)
def test_no_confidential_marker_reaches_a_role_outside_its_audience(role, planted, people, client_for):
    user, case, markers = people[role], planted["case"], planted["markers"]
    hidden = {name: value for name, value in markers.items() if role not in AUDIENCE[name]}
    api = client_for(user)

    # The positive side: what the role may see, it sees (a sweep of empty answers proves nothing).
    detail = api.get(f"/api/cases/{case.pk}/")
    if role in CASE_FILE_AUDIENCE | REPORTER_AUDIENCE:
        assert detail.status_code == 200
        for name, value in markers.items():
            if name not in hidden:
                assert detail.json()[name] == value, name

    leaks, fetched = [], 0

    def check(label, response):
        nonlocal fetched
        if response.status_code != 200:
            return
        fetched += 1
        data = _body(response)
        for inner, text in _texts(data):
            for name, value in hidden.items():
                if value.encode() in text:
                    leaks.append(f"{label}{' → ' + inner if inner else ''}: {name}")
        if response.get("Content-Type", "").startswith("application/pdf"):
            # A PDF's text is compressed: check the document body it was rendered from.
            number = re.search(r"/documents/(\d+)/pdf", label)
            body = Document.objects.get(pk=number[1]).body if number else ""
            leaks.extend(f"{label} (PDF source): {name}" for name, value in hidden.items() if value in body)

    for response in _exports(api, planted):
        check(response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", ""), response)

    pool = _related_ids(case, user)
    every_id = sorted({pk for ids in pool.values() for pk in ids})
    for regex, callback in _routes():
        if not regex.startswith("^api/") or "format" in regex or not _gets(callback):
            continue
        if "schema" in regex or "docs" in regex:
            continue
        names = set(_GROUP.findall(regex))
        if not names:
            path = _fill(regex, {})
            if path is not None:
                check("/" + path, api.get("/" + path))
            continue
        model = _model_of(callback, people["leader"])
        ids = pool.get(model, []) if model is not None else every_id
        for pk in ids:
            path = _fill(regex, {name: pk for name in names})
            if path is not None:
                check("/" + path, api.get("/" + path))

    assert not leaks, "\n".join(leaks)
    if role in CASE_FILE_AUDIENCE:
        assert fetched > 20  # the sweep reached the case's routes


def test_the_case_history_hides_the_reporter_from_those_outside_the_audience(planted, people, client_for):
    """Regression: GET /api/cases/{id}/history/ used to return every field of every history row."""
    case, reporter = planted["case"], planted["markers"]["reporter_name"]
    for role in ("reviewer", "administrator", "unassigned_officer", "other_adviser"):
        response = client_for(people[role]).get(f"/api/cases/{case.pk}/history/")
        assert response.status_code == 200 and response.json(), role
        assert reporter not in response.content.decode(), role
        assert all(event["data"].get("reporter_name") is None for event in response.json()), role
    seen = client_for(people["handler"]).get(f"/api/cases/{case.pk}/history/").json()
    assert seen[0]["data"]["reporter_name"] == reporter


def test_an_editor_saving_a_notice_shown_redacted_keeps_what_was_hidden(planted, people, client_for):
    """The disclosure editor sees the reporter (a third party to mask) hidden. Saving the masks back must
    neither drop the reporter from them (the public copy would name the reporter) nor write the placeholder."""
    from zhifa.disclosure.models import Notice

    reporter = planted["markers"]["reporter_name"]
    notice = Notice.objects.get(case=planted["case"])
    # Notices drafted before the reporter was withheld by rule list the reporter among the third parties.
    Notice.objects.filter(pk=notice.pk).update(third_parties=[reporter])
    notice.refresh_from_db()
    editor = client_for(people["editor"])
    shown = editor.get(f"/api/disclosures/{notice.pk}/").json()
    assert reporter not in str(shown) and shown["third_parties"] == [confidential.REDACTED]
    saved = editor.patch(f"/api/disclosures/{notice.pk}/", {"third_parties": [*shown["third_parties"], "李秀英"]},
                         format="json")
    assert saved.status_code == 200, saved.json()
    notice.refresh_from_db()
    assert notice.third_parties == [reporter, "李秀英"] and reporter not in saved.content.decode()
    rewritten = editor.patch(f"/api/disclosures/{notice.pk}/", {"body": shown["body"]}, format="json")
    assert rewritten.status_code == 400 and "body" in rewritten.json()["fields"], rewritten.json()
    assert Notice.objects.get(pk=notice.pk).body == notice.body


def test_a_value_the_field_once_held_is_hidden_too(apis, lead_payload, make_user, client_for):
    """The reporter is corrected while the case is a lead: the first name stays confidential wherever it went
    (the history's rows and diffs by key, free text by value), not only the name the field holds now."""
    first, second = f"MARK-first-{uuid.uuid4().hex[:8]}", f"MARK-second-{uuid.uuid4().hex[:8]}"
    created = apis["officer"].post("/api/cases/", {**lead_payload, "reporter_name": first,
                                                   "facts": f"据{first}反映，该会违规收费。"}, format="json")
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    edited = apis["officer"].patch(f"/api/cases/{case_id}/", {"reporter_name": second}, format="json")
    assert edited.status_code == 200, edited.json()
    reviewer = client_for(make_user(Role.LEGAL_REVIEWER))
    for path in (f"/api/cases/{case_id}/", f"/api/cases/{case_id}/history/", f"/api/cases/{case_id}/timeline/"):
        body = reviewer.get(path).content.decode()
        assert first not in body and second not in body, path
    assert confidential.REDACTED in reviewer.get(f"/api/cases/{case_id}/").json()["facts"]
    # The one function, on an instance and on a dict, for a user outside and inside the audience.
    case = Case.objects.get(pk=case_id)
    reviewer_user = make_user(Role.LEGAL_REVIEWER)
    as_dict = confidential.redact(case, user=reviewer_user)
    assert as_dict["reporter_name"] is None and first not in as_dict["facts"]
    assert confidential.redact({"note": f"{second} 来电"}, user=reviewer_user, subject=case) == {
        "note": f"{confidential.REDACTED} 来电"}
    handler = case.assignments.first().officer
    assert confidential.redact(case, user=handler)["reporter_name"] == second


def test_the_public_copy_of_the_decision_notice_carries_no_confidential_value(planted):
    """The public is outside every audience: the notice's public title, fields and body hold no value of a
    confidential field, whether or not the masking rules would recognise it (the address in the facts has no
    label)."""
    from zhifa.disclosure.models import Notice

    notice = Notice.objects.get(case=planted["case"])
    assert planted["markers"]["person_address"] in notice.fields["CF_SY"]  # the original keeps it
    public = " ".join([notice.masked_title, notice.masked_body, *map(str, notice.masked_fields.values())])
    for name, value in planted["markers"].items():
        assert value not in public, name
