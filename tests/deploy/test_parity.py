"""Every service of docker-compose.yml is a configuration the loopback tests run: the same command, the same
environment, the same nginx.conf, with only the differences listed here (and each of those checked for what
it stands in for). The stack records what it started (Stack.ran); this compares it with the compose file."""

import difflib
import re
from urllib.parse import urlsplit

from .conftest import (
    DEPLOY,
    SERVICES,
    VENV_BIN,
    WORKER_QUEUES,
    service_command,
    service_environment,
    substitute_paths,
    unescape,
)

# The servers of this machine stand in for these services; what they must provide is checked below.
INFRASTRUCTURE = {"postgres", "redis", "minio"}

# Variables whose value differs here, and why. Nothing else may differ.
SUBSTITUTED = {
    "DATABASE_URL": "this machine's PostgreSQL, a database of the test run",
    "REDIS_URL": "this machine's Redis, a database index of the test run",
    "CELERY_BROKER_URL": "the same Redis (flower)",
    "S3_ENDPOINT_URL": "moto's S3 server on loopback instead of http://minio:9000",
    "AUDIT_SEAL_INTERVAL_SECONDS": "beat seals every 2 s, so that it fires during the test",
    "FLOWER_PORT": "a free loopback port",
}
# Variables added here that the compose service does not set: what the image or the container runtime
# provides (deploy/Dockerfile's ENV, HOSTNAME, HOME), or a loopback address instead of 0.0.0.0.
ADDED = {
    "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONPATH", "FRONTEND_DIST_DIR", "ZHIFA_VAR_DIR",
    "PATH", "HOME", "LANG", "HOSTNAME", "DJANGO_STATIC_ROOT", "GUNICORN_BIND", "FLOWER_ADDRESS", "PG_BIN",
}
# Left out: MinIO's admin API (the application's own user) is not S3, and moto has none.
REMOVED = {"minio-init": {"MINIO_APP_ACCESS_KEY_FILE", "MINIO_APP_SECRET_KEY_FILE"}}


def test_every_compose_service_ran_on_loopback(stack, drill, flower):
    assert set(stack.services) == set(stack.ran) | INFRASTRUCTURE, (
        f"compose services not run by the loopback tests: {set(stack.services) - set(stack.ran) - INFRASTRUCTURE}")
    assert set(SERVICES) <= set(stack.ran)


def test_each_service_ran_with_the_compose_command_and_environment(stack, drill, flower):
    for name, ran in stack.ran.items():
        if name == "nginx":
            continue
        service = stack.services[name]
        paths = {**stack.paths, "/backups": str(drill.backups), "/data": str(stack.root / "flower")}
        if name == "backup":  # no command of its own: the ops image's CMD
            assert "command" not in service
            assert re.search(r'^CMD \["backup\.sh"\]$', (DEPLOY / "Dockerfile").read_text(), re.MULTILINE)
            expected = service_command({"command": ["backup.sh"]}, paths=paths, ports={})
        elif name == "flower":
            expected = [substitute_paths(unescape(arg), paths) for arg in [*service["entrypoint"], *service["command"]]]
        else:
            assert "entrypoint" not in service, name
            expected = service_command(service, paths=paths, ports={})
        assert ran["argv"] == expected, name
        # Only the executable's location and container paths differ from the compose command.
        compose_argv = [unescape(arg)
                        for arg in [*service.get("entrypoint", []), *service.get("command", ["backup.sh"])]]
        for here, there in zip(ran["argv"][1:], compose_argv[1:], strict=True):
            assert here == there or substitute_paths(there, paths) == here, (name, here, there)
        assert ran["argv"][0] in (compose_argv[0], str(VENV_BIN / compose_argv[0]), str(DEPLOY / compose_argv[0])), name

        compose_env = service_environment(service, paths=paths, overrides={})
        env = ran["env"]
        missing = set(compose_env) - set(env) - REMOVED.get(name, set())
        assert not missing, f"{name}: compose variables not set here: {missing}"
        assert set(env) - set(compose_env) <= ADDED, f"{name}: extra variables {set(env) - set(compose_env) - ADDED}"
        differing = {key for key in compose_env if key in env and env[key] != compose_env[key]}
        unexplained = differing - set(SUBSTITUTED)
        assert not unexplained, {key: (env[key], compose_env[key]) for key in unexplained}
        if "S3_ENDPOINT_URL" in compose_env:
            assert compose_env["S3_ENDPOINT_URL"] == "http://minio:9000"
            assert env["S3_ENDPOINT_URL"] == stack.object_store.endpoint, name


def test_the_workers_and_beat_are_the_compose_ones(stack):
    beats = [name for name, ran in stack.ran.items() if "beat" in ran.get("argv", [])]
    assert beats == ["beat"], "exactly one beat"
    for name, queue in WORKER_QUEUES.items():
        argv = stack.ran[name]["argv"]
        options = dict(arg.split("=", 1) for arg in argv if arg.startswith("--") and "=" in arg)
        compose = dict(arg.split("=", 1) for arg in stack.services[name]["command"]
                       if arg.startswith("--") and "=" in arg)
        assert options["--queues"] == queue
        for option in ("--concurrency", "--soft-time-limit", "--time-limit", "--prefetch-multiplier", "--hostname"):
            assert options[option] == compose[option], (name, option)
    # The migration one-shot ran first, with its `check --deploy` gate.
    assert "check --deploy --fail-level WARNING" in " ".join(stack.ran["migrate"]["argv"])


def test_nginx_runs_deploy_nginx_conf_with_only_ports_paths_and_upstreams_changed(stack):
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "COPY deploy/nginx.conf /etc/nginx/nginx.conf" in dockerfile
    assert stack.services["nginx"]["build"]["target"] == "nginx"
    original = (DEPLOY / "nginx.conf").read_text().splitlines()
    ran = stack.ran["nginx"]["config"].read_text().splitlines()
    changed = [line for line in difflib.unified_diff(original, ran, lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed, "the test substitutes ports and paths"
    allowed = re.compile(r"^[+-]\s*(listen \S+|server \S+;|\S+_temp_path\s+\S+;|ssl_certificate(_key)?\s+\S+;|"
                         r"root \S+;|alias \S+;|pid \S+;)")
    assert all(allowed.match(line) for line in changed), [line for line in changed if not allowed.match(line)]


def test_the_infrastructure_stand_ins_provide_what_compose_configures(stack, pg_server):
    import redis

    # PostgreSQL: every process used this machine's server.
    host = urlsplit(pg_server.url).hostname
    for name in SERVICES:
        assert urlsplit(stack.env[name]["DATABASE_URL"]).hostname == host
    # Redis: as the compose service is configured, the broker never evicts.
    command = stack.services["redis"]["command"]
    policy = command[command.index("--maxmemory-policy") + 1]
    client = redis.Redis.from_url(stack.redis_url)
    assert client.config_get("maxmemory-policy")["maxmemory-policy"] == policy == "noeviction"
    client.close()
    # The object store: what the application and minio-init talk to is moto's S3 server.
    assert stack.services["minio"]["command"][:2] == ["server", "/data"]
    for name in (*SERVICES, "minio-init"):
        assert stack.ran[name]["env"]["S3_ENDPOINT_URL"] == stack.object_store.endpoint


def test_the_variables_added_for_the_backend_are_what_its_image_sets(stack):
    """The backend processes get deploy/Dockerfile's ENV of the backend stage, with container paths mapped."""
    backend = (DEPLOY / "Dockerfile").read_text().split("AS backend", 1)[1].split("\nFROM ", 1)[0]
    block = re.search(r"^ENV ((?:.*\\\n)*.*)$", backend, re.MULTILINE).group(1)
    image = dict(re.findall(r"(\w+)=(\S+)", block))
    assert set(image) - {"PATH"} <= ADDED | {"DJANGO_SETTINGS_MODULE"}
    for name in SERVICES:
        env = stack.ran[name]["env"]
        for key, value in image.items():
            if key == "PATH":
                continue
            expected = substitute_paths(value, stack.paths)
            if key == "DJANGO_STATIC_ROOT":  # collected once per code version, as the image build does
                assert env[key] == str(stack.static_root), name
            else:
                assert env[key] == expected, (name, key, env[key], expected)
