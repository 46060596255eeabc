"""From decision to the public site: drafts, redaction, approval, Celery publishing, withdrawal, expiry."""

import datetime


import re
import time

import psutil
import psycopg
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.celery_worker import database_url
from zhifa.calendar import engine
from zhifa.disclosure import services
from zhifa.disclosure.masking import pii_findings
from zhifa.disclosure.models import Notice, Publication
from zhifa.disclosure.services import SITE_LOCK_KEY

TODAY = datetime.date.today()


def approve(client_for, editors, notice):
    first, second = (client_for(e) for e in editors)
    assert first.post(f"/api/disclosures/{notice.pk}/check-redaction/").status_code == 200
    return second.post(f"/api/disclosures/{notice.pk}/approve/")


def test_a_decision_drafts_its_notice(decide_case):
    case = decide_case(facts="会长王建华（电话13912345678）指使会计李秀英收费，举报人陈小明反映属实。", reporter="陈小明")
    notice = Notice.objects.get(case=case)
    assert notice.state == "draft" and notice.kind == "penalty_decision" and notice.severity == "ordinary"
    assert notice.fields["CF_NR_FK"] == "0.5" and notice.fields["CF_WSH"].startswith("潜民罚决〔")
    assert notice.due_date > case.decided_on
    assert notice.publication_end.year * 12 + notice.publication_end.month >= \
        case.decided_on.year * 12 + case.decided_on.month + 6
    assert "13912345678" in notice.fields["CF_SY"] and "13912345678" not in notice.masked_fields["CF_SY"]
    public = f"{notice.masked_title}{notice.masked_fields}{notice.masked_body}"
    assert "陈小明" not in public and "陈某" not in public and "陈小明" in notice.fields["CF_SY"]


def test_a_warning_alone_is_published_but_not_sent_to_the_credit_platform(decide_case, editors, client_for,
                                                                         django_capture_on_commit_callbacks):
    """DOMAIN.md §4: warnings are published within 7 working days like every general-procedure penalty; as a
    minor breach they have no period on the credit platform, so the 双公示 export leaves them out."""
    case = decide_case(penalties=("warning",), fine=None, content="给予警告。")
    notice = Notice.objects.get(case=case)
    assert notice.state == "draft" and notice.severity == "minor" and not notice.not_published_reason
    assert notice.due_date == engine.add_working_days(case.decided_on, 7).due
    with django_capture_on_commit_callbacks(execute=False):
        assert approve(client_for, editors, notice).status_code == 200
    assert services.notice_publish(notice_id=notice.pk).state == "published"
    lines = client_for(editors[0]).get("/api/disclosures/export/?format=csv").content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1


def test_workflow_rules(decide_case, editors, client_for, officers):
    notice = Notice.objects.get(case=decide_case())
    editor = client_for(editors[0])
    not_checked = editor.post(f"/api/disclosures/{notice.pk}/approve/")
    assert not_checked.status_code == 409 and not_checked.json()["code"] == "not_checked"
    assert client_for(officers[0]).post(f"/api/disclosures/{notice.pk}/check-redaction/").status_code in (403, 404)
    assert editor.post(f"/api/disclosures/{notice.pk}/check-redaction/").status_code == 200
    same_person = editor.post(f"/api/disclosures/{notice.pk}/approve/")
    assert same_person.status_code == 403
    no_reason = editor.post(f"/api/disclosures/{notice.pk}/withdraw/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400


def test_editor_may_mask_more_but_never_unmask(decide_case, editors, client_for):
    notice = Notice.objects.get(case=decide_case(facts="会长电话13912345678，收取评比费。"))
    editor = client_for(editors[0])
    response = editor.patch(f"/api/disclosures/{notice.pk}/", {"extra_masks": ["评比费"]}, format="json")
    assert response.status_code == 200
    assert "评比费" not in response.json()["masked_fields"]["CF_SY"]
    assert "13912345678" not in response.json()["masked_fields"]["CF_SY"]
    # There is no way to send masked text: a client-supplied masked_fields is ignored.
    editor.patch(f"/api/disclosures/{notice.pk}/", {"masked_fields": {"CF_SY": "电话13912345678"}}, format="json")
    notice.refresh_from_db()
    assert "13912345678" not in notice.masked_fields["CF_SY"]
    bad_period = editor.patch(f"/api/disclosures/{notice.pk}/", {"period_months": 30}, format="json")
    assert bad_period.status_code == 400 and "period_months" in bad_period.json()["fields"]


def test_do_not_publish_needs_a_reason(decide_case, editors, client_for):
    notice = Notice.objects.get(case=decide_case())
    editor = client_for(editors[0])
    assert editor.post(f"/api/disclosures/{notice.pk}/do-not-publish/", {"reason": "privacy"}, format="json"
                       ).status_code == 400
    done = editor.post(f"/api/disclosures/{notice.pk}/do-not-publish/", {"reason": "minor_party",
                                                                          "note": "当事人系未成年人"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "not_published"


def published_files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_celery_publishes_and_running_twice_changes_nothing(celery_worker, decide_case, editors, client_for,
                                                            publication_root):
    notice = Notice.objects.get(case=decide_case(facts="<script>alert(1)</script>{{ secret }} 会长电话13912345678"))
    assert approve(client_for, editors, notice).status_code == 200
    notice = celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="published").first())
    page = (publication_root / notice.url_path).read_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page and "{{ secret }}" in page
    assert notice.content_sha256 in page and "sha256sum" in page
    assert notice.title in (publication_root / "index.html").read_text()
    assert notice.slug in (publication_root / "feed.atom").read_text()
    before = published_files(publication_root)

    from zhifa.disclosure.tasks import publish_notice

    publish_notice.delay(notice.pk)
    publish_notice.delay(notice.pk)
    celery_worker.wait_for(lambda: celery_worker.log().count("publish_notice") >= 6, timeout=30)
    assert published_files(publication_root) == before
    assert Publication.objects.filter(notice=notice).count() == 1

    response = Client().get(f"/disclosure/{notice.url_path}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    for name, content in published_files(publication_root).items():
        assert pii_findings(content.decode()) == [], name


def test_a_worker_killed_mid_publish_leaves_exactly_one_publication(celery_worker, decide_case, editors, client_for,
                                                                    publication_root):
    notice = Notice.objects.get(case=decide_case())
    with psycopg.connect(database_url(connection.settings_dict), autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [SITE_LOCK_KEY])  # hold the site: the worker blocks inside
        approve(client_for, editors, notice)
        celery_worker.wait_for(lambda: re.search(r"publish_notice\[.*\] received", celery_worker.log()), timeout=30)
        time.sleep(1)
        for process in [psutil.Process(celery_worker.process.pid),
                        *psutil.Process(celery_worker.process.pid).children(recursive=True)]:
            process.kill()  # kill -9 the worker and its pool, mid-task
        celery_worker.process.wait()
        other.execute("SELECT pg_advisory_unlock(%s)", [SITE_LOCK_KEY])
    assert Notice.objects.get(pk=notice.pk).state == "approved"
    celery_worker.start()
    assert services.publication_sweep(older_than=datetime.timedelta(0)) == 1
    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="published").exists())
    notice.refresh_from_db()
    assert Publication.objects.filter(notice=notice, action="publish").count() == 1
    assert (publication_root / notice.url_path).exists()
    assert (publication_root / "feed.atom").read_text().count(f"notices/{notice.slug}.html</id>") == 1


def test_withdrawal_replaces_the_page_and_leaves_the_indexes(celery_worker, decide_case, editors, client_for,
                                                             publication_root):
    case = decide_case()
    notice = Notice.objects.get(case=case)
    approve(client_for, editors, notice)
    notice = celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="published").first())
    services.withdraw_decision_notices(case=case, reason="潜江市人民法院判决撤销该处罚决定", trigger="litigation")
    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="withdrawn").exists())
    notice.refresh_from_db()
    page = (publication_root / notice.url_path).read_text()
    assert "本公示已撤回" in page and "潜江市人民法院判决撤销该处罚决定" in page and "CF_SY" not in page
    assert not (publication_root / f"notices/{notice.slug}.json").exists()
    home = (publication_root / "index.html").read_text()
    assert f"notices/{notice.slug}.html" not in home and "关于撤回" in home
    assert f"notices/{notice.slug}.html</id>" not in (publication_root / "feed.atom").read_text()
    assert notice.withdrawal_due and notice.withdrawn_at


def test_expiry_takes_the_notice_down(celery_worker, decide_case, editors, client_for, publication_root):
    notice = Notice.objects.get(case=decide_case())
    approve(client_for, editors, notice)
    notice = celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="published").first())
    assert services.notices_expire(today=notice.publication_end) == 0  # the last day still shows
    Notice.objects.filter(pk=notice.pk).update(publication_end=TODAY - datetime.timedelta(days=1))

    from zhifa.disclosure.tasks import expire_notices

    expire_notices.delay()  # what beat sends every night
    celery_worker.wait_for(lambda: Notice.objects.filter(pk=notice.pk, state="expired").exists())
    assert "期满撤下" in (publication_root / notice.url_path).read_text()
    assert f"notices/{notice.slug}.html" not in (publication_root / "index.html").read_text()
    assert Publication.objects.filter(notice=notice, action="expire").count() == 1


def test_rebuild_is_byte_identical_to_incremental_output(decide_case, editors, client_for, publication_root,
                                                         django_capture_on_commit_callbacks, organisation):
    notices = []
    for _ in range(3):
        notice = Notice.objects.get(case=decide_case())
        with django_capture_on_commit_callbacks(execute=False):
            approve(client_for, editors, notice)
        services.notice_publish(notice_id=notice.pk)
        notices.append(notice)
    services.notice_withdraw(notice_id=notices[1].pk, actor=editors[0], reason="复议撤销", trigger="editor")
    services.notice_withdraw_publish(notice_id=notices[1].pk)
    incremental = published_files(publication_root)
    for path in list(incremental):
        (publication_root / path).unlink()
    call_command("rebuild_disclosure_site")
    assert published_files(publication_root) == incremental


def test_public_search_never_returns_unpublished_or_unmasked(decide_case, editors, client_for, organisation,
                                                             django_capture_on_commit_callbacks):
    draft = Notice.objects.get(case=decide_case(facts="电话13912345678"))
    public = Client()
    assert public.get("/api/public/notices/", {"q": organisation.name}).json()["results"] == []
    with django_capture_on_commit_callbacks(execute=False):
        approve(client_for, editors, draft)
    services.notice_publish(notice_id=draft.pk)
    results = public.get("/api/public/notices/", {"credit_code": organisation.credit_code}).json()["results"]
    assert len(results) == 1 and "13912345678" not in str(results) and "body" in results[0]
    assert "fields" in results[0] and "masked_fields" not in results[0]
    by_name = public.get("/api/public/notices/", {"q": organisation.name[:6]}).json()["results"]
    assert len(by_name) == 1
    assert public.get("/api/public/notices/", {"published_after": "not-a-date"}).status_code == 400
    page = public.get("/disclosure/search/", {"q": organisation.name[:6]})
    assert page.status_code == 200 and draft.title in re.sub("</?mark>", "", page.content.decode())  # words marked


def test_shuanggongshi_export_columns(decide_case, editors, client_for, django_capture_on_commit_callbacks):
    notice = Notice.objects.get(case=decide_case())
    with django_capture_on_commit_callbacks(execute=False):
        approve(client_for, editors, notice)
    services.notice_publish(notice_id=notice.pk)
    response = client_for(editors[0]).get("/api/disclosures/export/?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:6] == ["CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_XDR_SHZZ", "CF_FRDB", "CF_WSH"]
    assert lines[0].endswith("BZ") and len(lines) == 2
    assert client_for(editors[0]).get("/api/disclosures/export/?format=pdf").status_code == 400
    xlsx = client_for(editors[0]).get("/api/disclosures/export/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_alarms_for_overdue_drafts(decide_case, editors, client_for):
    notice = Notice.objects.get(case=decide_case())
    Notice.objects.filter(pk=notice.pk).update(due_date=TODAY - datetime.timedelta(days=1))
    alarms = client_for(editors[0]).get("/api/disclosures/alarms/").json()
    assert [a["kind"] for a in alarms] == ["publication_overdue"]
    from zhifa.disclosure.alerts import disclosure_alerts_send

    assert disclosure_alerts_send() == 1 and disclosure_alerts_send() == 0




def test_the_publish_task_takes_waiting_notices_in_one_pass(decide_case, editors, client_for, publication_root,
                                                            django_capture_on_commit_callbacks,
                                                            django_assert_max_num_queries):
    """A queue of approved notices is published by the first task in one pass (the shared index pages are
    written once); the later tasks find their notice published and write nothing. A withdrawal statement
    waiting for its withdrawal is not taken along."""
    from zhifa.disclosure.tasks import publish_notice

    notices = [Notice.objects.get(case=decide_case()) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False):
        for notice in notices:
            assert approve(client_for, editors, notice).status_code == 200
    published = Notice.objects.get(case=decide_case())
    with django_capture_on_commit_callbacks(execute=False):
        approve(client_for, editors, published)
    services.notice_publish(notice_id=published.pk)
    services.notice_withdraw(notice_id=published.pk, actor=editors[0], reason="复议撤销", trigger="editor")
    statement = Notice.objects.get(withdraws=published)
    assert statement.state == "approved"

    publish_notice(notices[0].pk, republish=False)  # as approval queues it
    states = dict(Notice.objects.filter(pk__in=[n.pk for n in notices]).values_list("pk", "state"))
    assert set(states.values()) == {"published"}
    assert Notice.objects.get(pk=statement.pk).state == "approved"
    home = (publication_root / "index.html").read_text()
    for notice in Notice.objects.filter(pk__in=states):
        assert notice.slug in home and (publication_root / notice.url_path).exists()
        assert Publication.objects.filter(notice=notice, action="publish").count() == 1
    before = published_files(publication_root)
    with django_assert_max_num_queries(6):
        publish_notice(notices[2].pk, republish=False)  # its notice went out with the first: nothing to do
    assert published_files(publication_root) == before
