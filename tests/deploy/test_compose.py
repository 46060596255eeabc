"""docker-compose.yml and deploy/: valid for docker-compose 1.29 and the compose-spec schema, and shaped
as the deployment needs (pinned images, health checks, one beat, a worker per queue, secrets as files)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import DEPLOY, REPO, VENV_BIN, WORKER_QUEUES, compose_env, run_compose

QUEUES = {"default", "publish", "ingest", "reports"}


def test_docker_compose_1_29_validates_the_file(debian_tools):
    result = run_compose(debian_tools["docker-compose"], "config", "-q", check=False)
    assert result.returncode == 0, result.stderr
    # With every profile enabled too.
    result = run_compose(debian_tools["docker-compose"], "--profile", "monitoring", "--profile", "ops",
                         "config", "-q", check=False)
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_to_start_without_the_allowed_hosts(debian_tools, tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("\n".join(line for line in (DEPLOY / ".env.example").read_text().splitlines()
                                  if not line.startswith("DJANGO_ALLOWED_HOSTS=")))
    result = subprocess.run([debian_tools["docker-compose"], "--env-file", str(env_file), "-f", "docker-compose.yml",
                             "config", "-q"], cwd=REPO, env=compose_env(ZHIFA_ENV_FILE=str(env_file)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_compose_spec_json_schema(check_jsonschema, tmp_path):
    result = subprocess.run([check_jsonschema, "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    # The schema check is not a rubber stamp: a misspelt key fails it.
    broken = tmp_path / "docker-compose.yml"
    text = (REPO / "docker-compose.yml").read_text()
    assert "\n  web:\n" in text
    broken.write_text(text.replace("\n  web:\n", "\n  web:\n    healthcheks: {}\n", 1))
    result = subprocess.run([check_jsonschema, "--builtin-schema", "vendor.compose-spec", str(broken)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0


def test_images_are_pinned(compose_config):
    for name, service in compose_config["services"].items():
        image = service["image"]
        if "build" in service:
            assert image.startswith("zhifa-"), (name, image)  # our own, built from deploy/Dockerfile
            continue
        repository, _, tag = image.rpartition(":")
        assert repository and tag and tag != "latest", f"{name}: {image} is not pinned to a release"
        assert re.search(r"\d", tag), f"{name}: {image} is not pinned to a release"
    images = {name: service["image"] for name, service in compose_config["services"].items()}
    assert images["postgres"].startswith("postgres:16.")
    assert images["redis"].startswith("redis:7.")
    assert re.fullmatch(r".*minio/minio:RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ", images["minio"])
    # The bucket one-shot and the backups run our ops image (deploy/zhifa-s3, pg_dump, MinIO's client).
    assert compose_config["services"]["minio-init"]["build"]["target"] == "ops"
    assert compose_config["services"]["backup"]["build"]["target"] == "ops"


def test_dockerfile_bases_are_pinned_and_the_runtime_is_unprivileged():
    text = (DEPLOY / "Dockerfile").read_text()
    args = dict(re.findall(r"^ARG (\w+_IMAGE)=(\S+)$", text, re.MULTILINE))
    assert set(args) >= {"PYTHON_IMAGE", "NODE_IMAGE", "NGINX_IMAGE", "POSTGRES_IMAGE", "MC_IMAGE"}
    for name, image in args.items():
        assert re.search(r":[^:]*\d", image) and "latest" not in image, f"{name}={image} is not pinned"
    stages = re.findall(r"^FROM \S+ AS (\S+)$", text, re.MULTILINE)
    assert {"frontend", "python-deps", "backend", "nginx", "ops", "flower"} <= set(stages)
    backend = text.split("AS backend", 1)[1].split("\nFROM ", 1)[0]
    assert "USER zhifa" in backend and "collectstatic" in backend
    assert "COPY --from=python-deps /opt/venv" in backend  # no compilers or pip caches in the runtime
    nginx = text.split("AS nginx", 1)[1].split("\nFROM ", 1)[0]
    assert "USER 101" in nginx and "deploy/nginx.conf" in nginx
    flower = text.split("AS flower", 1)[1].split("\nFROM ", 1)[0]
    assert "USER zhifa" in flower and "--constraint /tmp/constraints.txt flower" in flower


def test_backend_image_has_the_system_packages_the_makefile_installs():
    """The Makefile's system-deps (for local mode and CI) and the image must not drift apart."""
    makefile = (REPO / "Makefile").read_text()
    match = re.search(r"^DEB_PACKAGES\s*:?=\s*(.+)$", makefile, re.MULTILINE)
    if not match:
        pytest.skip("the Makefile lists no Debian packages")
    backend = (DEPLOY / "Dockerfile").read_text().split("AS backend", 1)[1].split("\nFROM ", 1)[0]
    test_only = {"poppler-utils", "nginx", "nginx-core", "docker-compose", "openssl", "chromium", "xvfb"}
    missing = [package for package in match.group(1).split() if package not in test_only and package not in backend]
    assert not missing, f"deploy/Dockerfile's backend image lacks {missing}"


def test_infrastructure_has_health_checks_and_the_app_waits_for_it(compose_config):
    services = compose_config["services"]
    for name in ("postgres", "redis", "minio", "web", "nginx", *WORKER_QUEUES):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no health check"
    for name in ("web", "beat", *WORKER_QUEUES):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    assert services["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["minio-init"]["depends_on"]["minio"]["condition"] == "service_healthy"


def test_one_shot_services(compose_config):
    services = compose_config["services"]
    migrate = " ".join(services["migrate"]["command"])
    assert services["migrate"]["restart"] == "no"
    assert "check --deploy --fail-level WARNING" in migrate and "migrate --no-input" in migrate
    assert services["minio-init"]["command"] == ["zhifa-s3", "init"]
    assert services["minio-init"]["restart"] == "no"
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    ops = dockerfile.split("AS ops", 1)[1]
    assert "COPY deploy/zhifa-s3 /usr/local/bin/zhifa-s3" in ops and "python3-boto3" in ops
    assert "COPY --from=mc /usr/bin/mc /usr/local/bin/mc" in ops  # MinIO's admin API: the application's user


def test_a_worker_per_queue_with_its_own_limits(compose_config):
    services = compose_config["services"]
    seen = {}
    for name, service in services.items():
        command = service.get("command") or []
        if "worker" not in command or command[:1] != ["celery"]:
            continue
        options = dict(arg.split("=", 1) for arg in command if arg.startswith("--") and "=" in arg)
        queues = set(options["--queues"].split(","))
        assert len(queues) == 1, f"{name} consumes several queues: {queues}"
        seen[name] = (queues.pop(), int(options["--concurrency"]), int(options["--soft-time-limit"]),
                      int(options["--time-limit"]))
        assert options["--hostname"].startswith(f"{seen[name][0]}@")
        # The health check pings this worker's own node (%h is the container's $HOSTNAME).
        check = " ".join(service["healthcheck"]["test"]).replace("$$", "$")
        assert f"--destination {options['--hostname'].replace('%h', '$HOSTNAME')}" in check, (name, check)
        assert seen[name][2] < seen[name][3], f"{name}: the soft limit must come before the hard one"
    assert {queue for queue, *_ in seen.values()} == QUEUES
    assert {name: queue for name, (queue, *_) in seen.items()} == WORKER_QUEUES
    assert len({tuple(limits) for _, *limits in seen.values()}) == len(seen), "each queue needs its own settings"
    # Longer than any task: an acks_late task is never handed out twice while it runs.
    from django.conf import settings

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert max(hard for _, _, _, hard in seen.values()) < visibility


def test_exactly_one_beat(compose_config):
    services = compose_config["services"]
    beats = [name for name, service in services.items() if "beat" in (service.get("command") or [])]
    assert beats == ["beat"]
    assert services["beat"].get("container_name"), "a fixed container name stops `--scale beat=2`"
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert any(volume.endswith(":/var/lib/zhifa/beat:rw") or volume.endswith(":/var/lib/zhifa/beat")
               for volume in services["beat"]["volumes"])


def test_secrets_are_files_and_never_values(compose_config):
    services = compose_config["services"]
    secret_names = ("SECRET_KEY", "PASSWORD", "ACCESS_KEY", "BASIC_AUTH")
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if any(word in key for word in secret_names) and not key.endswith("_FILE"):
                pytest.fail(f"{name}: {key} is given as a value; use a secret and {key}_FILE")
            if key.endswith("_FILE") and key not in ("ZHIFA_ENV_FILE",):
                assert value.startswith("/run/secrets/"), (name, key, value)
                assert value.removeprefix("/run/secrets/") in {
                    secret if isinstance(secret, str) else secret["source"]
                    for secret in service.get("secrets", [])}, f"{name}: {value} is not mounted"
    web = services["web"]["environment"]
    assert web["DJANGO_SECRET_KEY_FILE"] == "/run/secrets/django_secret_key"
    assert web["DATABASE_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    assert set(compose_config["secrets"]) >= {"django_secret_key", "postgres_password", "tls_certificate",
                                              "tls_private_key", "flower_basic_auth"}
    gitignore = (DEPLOY / "secrets" / ".gitignore").read_text().split()
    assert "*" in gitignore


def test_named_volumes_for_all_state(compose_config):
    volumes = set(compose_config["volumes"])
    assert {"pgdata", "redisdata", "miniodata", "media", "publication", "beat"} <= volumes
    services = compose_config["services"]

    def mounts(name):
        return {volume.split(":")[0]: volume.split(":")[1] for volume in services[name].get("volumes", [])}

    assert mounts("postgres")["pgdata"] == "/var/lib/postgresql/data"
    assert mounts("nginx")["publication"] == "/srv/zhifa/publication"
    assert services["nginx"]["volumes"][0].endswith(":ro")  # nginx only reads the publication store
    assert mounts("worker-publish")["publication"] == "/srv/zhifa/publication"


def test_flower_is_optional_and_behind_authentication(compose_config):
    flower = compose_config["services"]["flower"]
    assert flower["profiles"] == ["monitoring"]
    assert "flower_basic_auth" in {s if isinstance(s, str) else s["source"] for s in flower["secrets"]}
    assert "FLOWER_BASIC_AUTH" in " ".join(flower["command"])
    for port in flower.get("ports", []):
        published = port if isinstance(port, str) else f"{port.get('host_ip')}:{port.get('published')}"
        assert str(published).startswith("127.0.0.1:"), "Flower must not be published beyond the host"


def test_only_nginx_and_flower_publish_ports(compose_config):
    publishing = {name for name, service in compose_config["services"].items() if service.get("ports")}
    assert publishing == {"nginx", "flower"}


def test_env_example_documents_every_variable():
    """Every ${VAR} in docker-compose.yml and every variable production settings read is in .env.example."""
    example = (DEPLOY / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    compose = (REPO / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", compose))
    settings_dir = REPO / "backend" / "config" / "settings"
    read = set()
    for module in settings_dir.glob("*.py"):
        read |= set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", module.read_text()))
    gunicorn = set(re.findall(r"\"((?:GUNICORN|WEB)_[A-Z_]+)\"", (DEPLOY / "gunicorn.conf.py").read_text()))
    local_only = {"DEMO_PASSWORD", "ZHIFA_TEST_DATABASE", "DJANGO_DEBUG", "ZHIFA_VAR_DIR", "WEB_CONCURRENCY",
                  "GUNICORN_BIND", "GUNICORN_FORWARDED_ALLOW_IPS", "PUBLICATION_ROOT", "FRONTEND_DIST_DIR"}
    documented |= {name.removesuffix("_FILE") for name in documented}  # secrets: documented as VAR_FILE
    missing = sorted((interpolated | read | gunicorn) - documented - local_only)
    assert not missing, f"not documented in deploy/.env.example: {missing}"


def test_shell_scripts_parse():
    for script in ("backup.sh", "restore.sh", "init-secrets.sh"):
        path = DEPLOY / script
        assert path.stat().st_mode & 0o111, f"{script} is not executable"
        result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert (DEPLOY / "zhifa-s3").stat().st_mode & 0o111
    result = subprocess.run([str(DEPLOY / "zhifa-s3"), "--help"], capture_output=True, text=True,
                            env={"PATH": f"{VENV_BIN}:/usr/bin:/bin"})
    assert result.returncode == 0 and "init" in result.stdout, result.stderr


def test_init_secrets_creates_everything_compose_mounts_and_never_overwrites(debian_tools, compose_config, tmp_path):
    env = {**compose_env(), "ZHIFA_SECRETS_DIR": str(tmp_path / "secrets"), "ZHIFA_BACKUP_DIR": str(tmp_path / "b")}
    subprocess.run([str(DEPLOY / "init-secrets.sh"), "zhifa.example.gov.cn"], env=env, check=True,
                   capture_output=True, timeout=120)
    for name, secret in compose_config["secrets"].items():
        file = tmp_path / "secrets" / Path(secret["file"]).name
        assert file.is_file() and file.stat().st_size > 0, f"{name} was not created"
    key = (tmp_path / "secrets" / "django_secret_key").read_text()
    assert len(key) >= 50 and len(set(key)) >= 5
    assert (tmp_path / "secrets").stat().st_mode & 0o777 == 0o700
    subprocess.run([str(DEPLOY / "init-secrets.sh")], env=env, check=True, capture_output=True, timeout=120)
    assert (tmp_path / "secrets" / "django_secret_key").read_text() == key
    shutil.rmtree(tmp_path / "secrets")


def test_nginx_conf_only_raises_the_body_limit_for_uploads():
    text = (DEPLOY / "nginx.conf").read_text()
    sizes = re.findall(r"client_max_body_size\s+(\S+);", text)
    assert sizes[0] == "10m" and len(sizes) == 2
    upload = text.split("location /api/evidence/uploads/", 1)[1].split("}", 1)[0]
    assert "client_max_body_size 64g;" in upload
    assert "proxy_request_buffering off;" in upload
    assert yaml  # the loopback tests check the behaviour; this pins the intent
