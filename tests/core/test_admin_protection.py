"""Rows PostgreSQL keeps (append-only and never-deleted tables, issued documents) in the Django admin: no
delete offered, and a delete or edit the database refuses anyway is a message on the page, not an HTML 500."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import Client, RequestFactory

from zhifa.accounts.choices import Role
from zhifa.core.admin import ProtectedRowsAdmin, delete_protected
from zhifa.disclosure import services as disclosure_services
from zhifa.disclosure.models import Notice, NoticeStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(make_user):
    return make_user(Role.ADMINISTRATOR, is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def notice(make_user):
    editor = make_user(Role.DISCLOSURE_EDITOR)
    return disclosure_services.notice_create(actor=editor, kind="general", title="关于开展年检的通知", body="请按时参加年检。")


def test_no_delete_is_offered_for_a_table_the_database_keeps(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    protected = [(model, model_admin) for model, model_admin in admin.site._registry.items() if delete_protected(model)]
    assert len(protected) >= 10  # the sweep reached the append-only tables
    offered = [model._meta.label for model, model_admin in protected if model_admin.has_delete_permission(request)]
    assert offered == []
    assert all(isinstance(model_admin, ProtectedRowsAdmin) for model_admin in admin.site._registry.values())


def test_a_delete_that_would_cascade_into_kept_rows_is_not_offered(admin_client, notice):
    # Deleting a notice would delete its append-only steps: the admin names them and refuses, without a 500.
    page = admin_client.get(f"/admin/disclosure/notice/{notice.pk}/delete/")
    assert page.status_code == 200 and "公示操作记录".encode() in page.content
    assert admin_client.post(f"/admin/disclosure/notice/{notice.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Notice.objects.filter(pk=notice.pk).exists()


@pytest.fixture
def steps_not_in_the_admin():
    """As if the append-only steps had no admin of their own: the admin cannot see the cascade coming, and
    only PostgreSQL's trigger stops it."""
    model_admin = admin.site._registry.pop(NoticeStep)
    yield
    admin.site._registry[NoticeStep] = model_admin


def test_a_delete_the_trigger_refuses_is_a_message(admin_client, notice, steps_not_in_the_admin):
    response = admin_client.post(f"/admin/disclosure/notice/{notice.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, response.content[:300]
    assert "只能追加" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert Notice.objects.filter(pk=notice.pk).exists() and NoticeStep.objects.filter(notice=notice).exists()


def test_a_bulk_delete_the_trigger_refuses_is_a_message(admin_client, notice, steps_not_in_the_admin):
    response = admin_client.post("/admin/disclosure/notice/", {
        "action": "delete_selected", "_selected_action": [notice.pk], "post": "yes"})
    assert response.status_code == 302, response.content[:300]
    assert "只能追加" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert Notice.objects.filter(pk=notice.pk).exists()
