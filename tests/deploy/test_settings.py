"""config.settings.production: `check --deploy` is clean, bad secrets are refused, logs are JSON with the
request id."""

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from config.logging import JSONFormatter, RequestIdFilter

BACKEND = Path(__file__).resolve().parents[2] / "backend"
SECRET = "x7Kp2vQ9mW4rT8yL3nB6jH1fD5sA0gZcXeVuRiOtPwYqMkNbJhGfDsAaZx"


def production_env(tmp_path, **overrides):
    key_file = tmp_path / "django_secret_key"
    key_file.write_text(SECRET)
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY_FILE": str(key_file),
        "DJANGO_ALLOWED_HOSTS": "zhifa.example.gov.cn",
        # Not contacted by `check`: the URLs only have to parse.
        "DATABASE_URL": "postgres://zhifa@127.0.0.1:1/zhifa",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "PUBLIC_SITE_URL": "https://zhifa.example.gov.cn/disclosure/",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BACKEND, env=env, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_has_no_warnings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_has_no_warnings_in_bucket_mode_with_the_keys_from_secret_files(tmp_path):
    """As docker-compose.yml runs it: evidence and the public site in buckets, the S3 keys read from Docker
    secrets through S3_ACCESS_KEY_ID_FILE / S3_SECRET_ACCESS_KEY_FILE (FileAwareEnv)."""
    (tmp_path / "s3_access_key_id").write_text("zhifa-app")
    (tmp_path / "s3_secret_access_key").write_text("secret-from-file")
    env = production_env(tmp_path, S3_BUCKET="zhifa-evidence", PUBLICATION_BUCKET="zhifa-publication",
                         S3_ENDPOINT_URL="http://minio:9000", S3_ACCESS_KEY_ID_FILE=str(tmp_path / "s3_access_key_id"),
                         S3_SECRET_ACCESS_KEY_FILE=str(tmp_path / "s3_secret_access_key"))
    code = ("from django.core.management import call_command; call_command('check', deploy=True, fail_level='DEBUG'); "
            "from django.conf import settings as s; e = s.STORAGES['evidence']['OPTIONS']; "
            "p = s.STORAGES['publication']['OPTIONS']; "
            "print(e['access_key'], e['secret_key'], e['bucket_name'], p['bucket_name'], p['file_overwrite'])")
    result = manage(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "System check identified no issues (0 silenced).", result.stdout
    assert lines[-1].split() == ["zhifa-app", "secret-from-file", "zhifa-evidence", "zhifa-publication", "True"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_SECRET_KEY_FILE": None}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY_FILE": None, "DJANGO_SECRET_KEY": "too-short"}, "at least 50 characters"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        # The feed and the sitemap would point every reader at the server's own loopback.
        ({"PUBLIC_SITE_URL": None}, "PUBLIC_SITE_URL"),
        ({"PUBLIC_SITE_URL": "http://127.0.0.1:8000/disclosure/"}, "PUBLIC_SITE_URL"),
        ({"PUBLIC_SITE_URL": "http://localhost/disclosure/"}, "PUBLIC_SITE_URL"),
        ({"PUBLIC_SITE_URL": "/disclosure/"}, "PUBLIC_SITE_URL"),
    ],
)
def test_production_refuses_to_start_without_its_configuration(tmp_path, overrides, message):
    result = manage(production_env(tmp_path, **overrides), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_database_password_comes_from_its_own_secret(tmp_path):
    password_file = tmp_path / "postgres_password"
    password_file.write_text("s3cret-from-file")
    env = production_env(tmp_path, DATABASE_PASSWORD_FILE=str(password_file))
    code = ("from django.conf import settings as s; d = s.DATABASES['default']; "
            "print(d['PASSWORD'], d['USER'], d['HOST'], s.SECURE_SSL_REDIRECT, s.DEBUG)")
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=BACKEND, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["s3cret-from-file", "zhifa", "127.0.0.1", "True", "False"]


def _record(name="zhifa.test", message="hello %s", args=("world",), **extra):
    record = logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_json_formatter_writes_one_object_per_line_with_the_request_id():
    class Request:
        request_id = "req-123"
        method = "POST"
        path = "/api/cases/"

    record = _record(request=Request(), status_code=400, payload={"a": [1, object()]})
    RequestIdFilter().filter(record)
    line = JSONFormatter(static_fields={"service": "web"}).format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "hello world"
    assert entry["request_id"] == "req-123"
    assert entry["service"] == "web"
    assert entry["method"] == "POST" and entry["path"] == "/api/cases/"
    assert entry["status_code"] == 400 and entry["payload"]["a"][0] == 1
    assert entry["level"] == "INFO" and entry["ts"].endswith("Z")


def test_json_formatter_takes_the_request_id_from_the_middleware_context():
    from zhifa.core import middleware

    middleware._current.request_id = "ctx-456"
    try:
        record = _record()
        RequestIdFilter().filter(record)
        assert json.loads(JSONFormatter().format(record))["request_id"] == "ctx-456"
    finally:
        middleware._current.request_id = None
    assert "request_id" not in json.loads(JSONFormatter().format(_record()))


def test_json_formatter_keeps_exceptions_on_one_line():
    try:
        raise ValueError("broken 中文")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JSONFormatter().format(record))
    assert entry["exc_type"] == "ValueError" and "broken 中文" in entry["exc"]


def test_json_formatter_structures_gunicorn_access_lines():
    atoms = {"m": "GET", "U": "/api/organisations/", "q": "page=2", "s": "200", "b": "512", "L": "0.012345",
             "h": "10.0.0.5", "a": "curl/8", "{x-request-id}o": "abc", "{x-real-ip}i": "203.0.113.9"}
    record = _record(name="gunicorn.access", message="%(h)s", args=(atoms,))
    entry = json.loads(JSONFormatter().format(record))
    assert entry["request_id"] == "abc" and entry["status"] == 200 and entry["bytes"] == 512
    assert entry["path"] == "/api/organisations/" and entry["query"] == "page=2"
    assert entry["remote_addr"] == "203.0.113.9" and entry["duration_s"] == pytest.approx(0.012345)


def test_production_logging_config_emits_json(tmp_path):
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('zhifa.x').warning('警告 %s', 1, extra={'case': 7})")
    result = subprocess.run([sys.executable, "-c", code], cwd=BACKEND, env=production_env(tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in io.StringIO(result.stdout) if line.strip()]
    assert lines and lines[-1]["message"] == "警告 1" and lines[-1]["case"] == 7
    assert lines[-1]["logger"] == "zhifa.x" and lines[-1]["level"] == "WARNING"
