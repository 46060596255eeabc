"""Fixtures of the reliability suite (see world.py)."""

import json

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.reliability.processes import Gunicorn, PrivatePostgres, PrivateRedis, backend_env, manage_shell
from tests.reliability.world import World

SETUP = """
import datetime, json
from zhifa.accounts.models import Agency, EnforcementCredential, Unit, User
from zhifa.accounts.services import token_for
from zhifa.cases.models import ViolationGround
from zhifa.core.validators import build_credit_code
from zhifa.registry.models import Organisation
a = Agency.objects.create(name='潜江市民政局', short_name='潜民', region_code='429005', case_number_prefix='潜民罚立')
u = Unit.objects.create(agency=a, name='社会组织管理局')
people = {}
for name, role in [('officer', 'officer'), ('officer2', 'officer'), ('leader', 'leader')]:
    user = User.objects.create_user(username='rel-' + name, password='x', role=role, unit=u, full_name=name)
    if role == 'officer':
        EnforcementCredential.objects.create(holder=user, number='429005990' + str(len(people)),
                                             valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2099, 1, 1))
    people[name] = token_for(user=user)
    people[name + '_id'] = user.pk
people['organisation'] = Organisation.objects.create(
    agency=a, name='潜江市龙虾产业协会', type='social_group', credit_code=build_credit_code('51429005', 'MJ999999'),
    legal_representative='王建华', address='潜江市', registration_date=datetime.date(2012, 5, 1)).pk
people['ground'] = ViolationGround.objects.create(
    code='STDJ-30-1-4', regulation='《社会团体登记管理条例》', article='第三十条第一款第（四）项',
    title='不按照规定参加年度检查', penalty_kinds=['warning']).pk
print(json.dumps(people))
"""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    old_root = settings.PUBLICATION_ROOT
    settings.PUBLICATION_ROOT = str(tmp_path_factory.mktemp("publication"))
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", verbosity=0)
            yield World()
            transaction.set_rollback(True)
    finally:
        settings.PUBLICATION_ROOT = old_root


@pytest.fixture
def stack(django_db_setup, django_db_blocker, tmp_path):
    """Private PostgreSQL (a copy of the migrated test database), private Redis, gunicorn on both; an
    agency with two officers and a leader (their API tokens), an organisation and a violation ground."""
    from django.db import connection

    from tests.celery_worker import database_url

    postgres, redis_server, web = PrivatePostgres(), PrivateRedis(), None
    try:
        source = database_url(connection.settings_dict)  # the test database, once django_db_setup has run
        postgres.copy_database(source, "zhifa_rel")
        env = backend_env(DATABASE_URL=postgres.url("zhifa_rel"), REDIS_URL=redis_server.url,
                          CELERY_BROKER_URL=redis_server.url, DATABASE_CONN_MAX_AGE="60",
                          DJANGO_MEDIA_ROOT=str(tmp_path / "media"), PUBLICATION_ROOT=str(tmp_path / "publication"),
                          THROTTLE_USER="100000/min", DATABASE_CONNECT_TIMEOUT="2")
        people = json.loads(manage_shell(env, SETUP))
        web = Gunicorn(env, tmp_path / "gunicorn.log")
        yield postgres, web, people, env
    finally:
        if web:
            web.close()
        redis_server.close()
        postgres.close()
