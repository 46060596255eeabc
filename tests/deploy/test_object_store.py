"""Bucket mode, as docker-compose.yml configures it, against moto's S3 server on loopback: the buckets that
the `minio-init` one-shot (deploy/zhifa-s3 init) makes, evidence originals stored in the bucket, the fixity
check reading them back from it, and the public site written into the publication bucket (PUBLICATION_BUCKET),
readable by anyone, replaced in place without a moment where a page is missing."""

import json
import re

import pytest
from botocore.exceptions import ClientError

from .conftest import count_ok, run_script, wait_for


def evidence_bucket(stack) -> str:
    return stack.env["web"]["S3_BUCKET"]


def publication_bucket(stack) -> str:
    return stack.ran["minio-init"]["env"]["S3_PUBLICATION_BUCKET"]


def test_minio_init_makes_the_buckets_and_can_run_again(stack):
    s3 = stack.object_store.client()
    evidence, publication = evidence_bucket(stack), publication_bucket(stack)
    assert (evidence, publication) == ("zhifa-evidence", "zhifa-publication")  # .env.example's names
    assert s3.get_bucket_versioning(Bucket=evidence)["Status"] == "Enabled"
    with pytest.raises(ClientError, match="NoSuchBucketPolicy"):
        s3.get_bucket_policy(Bucket=evidence)
    policy = json.loads(s3.get_bucket_policy(Bucket=publication)["Policy"])
    assert [(statement["Effect"], statement["Action"], statement["Resource"]) for statement in policy["Statement"]] \
        == [("Allow", ["s3:GetObject"], [f"arn:aws:s3:::{publication}/*"])]
    # The one-shot runs on every `up`: again, nothing changes and it succeeds.
    again = run_script(stack.ran["minio-init"]["argv"], stack.ran["minio-init"]["env"])
    assert f"bucket {evidence} exists" in again.stderr and "buckets ready" in again.stderr
    assert s3.get_bucket_versioning(Bucket=evidence)["Status"] == "Enabled"


def test_evidence_originals_are_in_the_bucket_and_pass_the_fixity_check(stack, pg_server):
    stack.demo()
    stored = pg_server.query(stack.database,
                             "SELECT storage_name, size FROM evidence_storedfile WHERE purged_at IS NULL ORDER BY id")
    assert stored, "the demo data stores evidence"
    in_bucket = stack.object_store.keys(evidence_bucket(stack), "evidence/")
    for name, size in stored:
        assert in_bucket.get(f"evidence/{name}") == size, name
    assert not [path for path in (stack.media / "evidence").rglob("*") if path.is_file()], \
        "in bucket mode no original is written to the media volume"
    # The evidence bucket is private.
    assert stack.object_store.anonymous_get(evidence_bucket(stack), f"evidence/{stored[0][0]}").status == 403
    # The fixity check re-hashes every original from the bucket.
    result = stack.manage("evidence_fixity")
    assert count_ok(result.stdout) == len(stored), result.stdout


def test_a_notice_published_into_the_publication_bucket_is_public(stack, pg_server):
    """worker-publish with PUBLICATION_BUCKET set (its compose command and environment, plus that variable from
    .env): a publish task sent through Redis writes the notice's pages into the bucket, from which the CDN (or
    anyone) reads them without credentials, with the same bytes and cache headers as nginx sends.

    For the time of the test the stack's own worker-publish (volume mode) is stopped, so that the task can only
    go to the bucket-mode one; it is started again afterwards with its compose command and environment."""
    from celery import Celery

    from .conftest import BACKEND, start

    stack.demo()
    bucket = publication_bucket(stack)
    published = pg_server.query(stack.database, "SELECT id, slug FROM disclosure_notice WHERE state = 'published' "
                                                "ORDER BY id LIMIT 1")
    assert published, "the demo data publishes notices"
    notice_id, slug = published[0]

    ran = stack.ran["worker-publish"]
    stack.processes["worker-publish"].terminate()  # warm shutdown, while the other one starts
    publisher = start("worker-publish-bucket", ran["argv"], env={**ran["env"], "PUBLICATION_BUCKET": bucket},
                      cwd=BACKEND, logs=stack.root / "logs")
    app = Celery("deploy-probe", broker=stack.redis_url, set_as_current=False)
    try:
        stack.processes["worker-publish"].stop(timeout=20)
        node = f"publish@{ran['env']['HOSTNAME']}"
        wait_for(lambda: app.control.ping(destination=[node], timeout=1), timeout=40, interval=0.5,
                 what="the bucket-mode worker-publish", processes=[publisher])
        app.send_task("zhifa.disclosure.tasks.publish_notice", args=[notice_id], queue="publish")
        wanted = {f"notices/{slug}.html", "index.html", "feed.atom"}

        def published() -> bool:
            succeeded = [record for record in map(json.loads, publisher.lines())
                         if record.get("task_name") == "zhifa.disclosure.tasks.publish_notice"
                         and "succeeded" in record.get("message", "")]
            return bool(succeeded) and wanted <= set(stack.object_store.keys(bucket))

        wait_for(published, timeout=40, interval=0.5, what="the notice's pages in the publication bucket",
                 processes=[publisher])
    finally:
        app.close()
        publisher.stop(timeout=20)
        (stack.root / "logs" / "restarted").mkdir(exist_ok=True)
        stack.processes["worker-publish"] = start("worker-publish", ran["argv"], env=ran["env"], cwd=BACKEND,
                                                  logs=stack.root / "logs" / "restarted")

    page = stack.object_store.anonymous_get(bucket, f"notices/{slug}.html")
    assert page.status == 200
    assert page.header("Content-Type").startswith("text/html")
    assert page.header("Cache-Control") == "public, max-age=60, must-revalidate"
    on_volume = stack.site / "notices" / f"{slug}.html"
    if on_volume.exists():  # published to the volume by the stack's own worker-publish: the same page
        assert page.body == on_volume.read_bytes()
    assert re.search(rb"<html", page.body)


def test_the_bucket_store_replaces_a_page_in_place(stack):
    """StorageStore.write over an existing page: one PUT, no delete first. With versioning on, a delete
    would leave a delete marker; and a reader polling the page meanwhile never finds it missing."""
    bucket = "zhifa-publication-replace"
    s3 = stack.object_store.client()
    init = stack.ran["minio-init"]
    run_script(init["argv"], {**init["env"], "S3_BUCKET": bucket, "S3_PUBLICATION_BUCKET": ""})  # versioned
    code = """
import threading
from zhifa.disclosure.store import publication_store
store = publication_store()
assert type(store).__name__ == "StorageStore", store
store.write("notices/replace.html", b"version 0")
missing, reads, done = [], [0], threading.Event()
def read():
    while not done.is_set():
        content = store.read("notices/replace.html")
        reads[0] += 1
        if content is None or not content.startswith(b"version "):
            missing.append(content)
reader = threading.Thread(target=read)
reader.start()
for n in range(1, 41):
    store.write("notices/replace.html", f"version {n}".encode())
done.set()
reader.join()
print(reads[0], len(missing), store.read("notices/replace.html").decode())
"""
    out = stack.manage("shell", "-c", code, service="worker-publish",
                       extra_env={"PUBLICATION_BUCKET": bucket}).stdout.strip().splitlines()[-1].split()
    reads, missing, last = int(out[0]), int(out[1]), " ".join(out[2:])
    assert reads >= 10 and missing == 0 and last == "version 40", out
    versions = s3.list_object_versions(Bucket=bucket, Prefix="notices/replace.html")
    assert len(versions.get("Versions", [])) == 41
    assert not versions.get("DeleteMarkers"), "the page was deleted before being written again"


def test_the_store_refuses_a_backend_that_would_rename_instead_of_replace(tmp_path):
    from django.core.exceptions import ImproperlyConfigured
    from django.core.files.storage import FileSystemStorage

    from zhifa.disclosure.store import StorageStore

    store = StorageStore(FileSystemStorage(location=tmp_path))
    store.write("index.html", b"one")
    with pytest.raises(ImproperlyConfigured, match="overwrite"):
        store.write("index.html", b"two")
    assert store.read("index.html") == b"one"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index.html"]
    assert StorageStore(FileSystemStorage(location=tmp_path, allow_overwrite=True)).write("index.html", b"two") \
        is None and store.read("index.html") == b"two"


def test_the_minio_user_step_needs_minio_and_limits_the_user_to_the_buckets(stack):
    """The part of minio-init that is MinIO's admin API (not S3, so not run against moto): with the user's keys
    set, init refuses to finish without MinIO's client instead of leaving the application without a user; and
    the policy it gives that user covers the two buckets' objects and nothing else."""
    import importlib.machinery
    import importlib.util

    from .conftest import DEPLOY, SYSTEM_PATH, VENV_BIN

    init = stack.ran["minio-init"]
    compose_env = stack.services["minio-init"]["environment"]
    secrets = {key: value.replace("/run/secrets", str(stack.secrets_dir)) for key, value in compose_env.items()
               if key.startswith("MINIO_APP_")}
    assert set(secrets) == {"MINIO_APP_ACCESS_KEY_FILE", "MINIO_APP_SECRET_KEY_FILE"}
    result = run_script(init["argv"], {**init["env"], **secrets, "PATH": f"{VENV_BIN}:{SYSTEM_PATH}"}, check=False)
    assert result.returncode != 0 and "needs MinIO's client (mc)" in result.stderr, result.stderr

    loader = importlib.machinery.SourceFileLoader("zhifa_s3", str(DEPLOY / "zhifa-s3"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("zhifa_s3", loader))
    loader.exec_module(module)
    policy = module.app_policy(["zhifa-evidence", "zhifa-publication"])
    actions = {action for statement in policy["Statement"] for action in statement["Action"]}
    resources = {resource for statement in policy["Statement"] for resource in statement["Resource"]}
    assert all(statement["Effect"] == "Allow" for statement in policy["Statement"])
    assert resources == {"arn:aws:s3:::zhifa-evidence", "arn:aws:s3:::zhifa-publication",
                         "arn:aws:s3:::zhifa-evidence/*", "arn:aws:s3:::zhifa-publication/*"}
    assert not any(action.startswith(("admin:", "s3:PutBucket", "s3:DeleteBucket", "s3:*")) for action in actions)
    assert {"s3:GetObject", "s3:PutObject", "s3:ListBucket"} <= actions
