"""The backup and restore drill, on the loopback stack with the demo data (cases, evidence in the bucket, a
published site): deploy/backup.sh, run as the compose `backup` service runs it, dumps the database, copies
the media and publication volumes and syncs the evidence bucket; deploy/restore.sh puts them into a fresh
database, fresh directories and a fresh bucket; then the sealed history verifies (`audit_verify`) and every
evidence original in the restored bucket matches its hash (`evidence_fixity`). The drill itself is the
`drill` fixture in conftest.py."""

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import count_ok, run_script


def tree(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def backed_up(backup: Path, store: str) -> dict[str, str]:
    """{path inside the store: sha256} as recorded in the backup's SHA256SUMS."""
    prefix = f"./files/{store}/"
    entries = {}
    for line in (backup / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        if name.startswith(prefix):
            entries[name.removeprefix(prefix)] = digest
    return entries


def bucket_tree(drill, bucket: str) -> dict[str, str]:
    s3 = drill.stack.object_store.client()
    return {key: hashlib.sha256(s3.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest()
            for key in drill.stack.object_store.keys(bucket)}


def test_backup_layout(drill):
    assert drill.first.parent == drill.backups
    assert (drill.backups / "latest").resolve() == drill.first.resolve()
    with (drill.first / "db.dump").open("rb") as dump:
        assert dump.read(5) == b"PGDMP"  # pg_dump's custom format
    sums = (drill.first / "SHA256SUMS").read_text().splitlines()
    assert any(line.endswith("  ./db.dump") for line in sums)
    # The compose defaults: both volumes and the bucket S3_BUCKET, which holds the evidence originals under
    # evidence/ and the other stored files (generated documents) under files/.
    assert backed_up(drill.first, "media") and backed_up(drill.first, "publication")
    bucket = backed_up(drill.first, "evidence")
    assert any(name.startswith("evidence/originals/") for name in bucket)
    assert all(name.startswith(("evidence/", "files/")) for name in bucket), sorted(bucket)
    assert not any(name.startswith("evidence/") for name in backed_up(drill.first, "media")), \
        "in bucket mode no original is on the media volume"
    info = (drill.first / "INFO").read_text()
    assert "server_version=" in info and "pg_dump=" in info and f"evidence=s3://{drill.env['S3_BUCKET']}" in info
    assert not list(drill.backups.glob(".*.partial"))


def test_restored_history_verifies(drill):
    """Every seal in the restored database verifies (beat keeps sealing meanwhile, so there may be more
    than the drill sealed itself)."""
    result = drill.manage_restored("audit_verify")
    seals = drill.pg_server.query(drill.restored_db, "SELECT count(*) FROM audit_historyseal")[0][0]
    assert count_ok(result.stdout) == seals >= drill.sealed, result.stdout


def test_restored_evidence_passes_the_fixity_check_against_the_fresh_bucket(drill):
    result = drill.manage_restored("evidence_fixity")
    assert count_ok(result.stdout) == drill.originals, result.stdout + result.stderr


def test_restored_database_matches(drill):
    def counts(database):
        return drill.pg_server.query(database, """
            SELECT (SELECT count(*) FROM accounts_user), (SELECT count(*) FROM audit_historyseal),
                   (SELECT count(*) FROM django_migrations),
                   (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)""")[0]

    source = counts(drill.stack.database)
    restored = counts(drill.restored_db)
    assert restored[0] == source[0] and restored[2:] == source[2:]
    assert drill.sealed <= restored[1] <= source[1]
    # The history tables still refuse UPDATE and DELETE after a restore: the triggers came back.
    with pytest.raises(Exception, match="(?i)(protect|cannot|not allowed|append)"):
        drill.pg_server.query(drill.restored_db, "DELETE FROM audit_historyseal")


def test_restored_files_and_objects_are_the_backed_up_ones(drill):
    for store in ("media", "publication"):
        assert tree(drill.restored / store) == backed_up(drill.first, store), store
    assert bucket_tree(drill, drill.restored_bucket) == backed_up(drill.first, "evidence")
    # Nothing that was in a store when the backup ran is missing from it.
    taken = (drill.first / "INFO").stat().st_mtime
    before = {str(path.relative_to(drill.stack.media)) for path in drill.stack.media.rglob("*")
              if path.is_file() and path.stat().st_mtime < taken - 1}
    assert before <= set(backed_up(drill.first, "media"))
    assert set(drill.evidence_before) <= set(backed_up(drill.first, "evidence"))
    # Every stored original the restored database knows is in the restored bucket.
    keys = drill.pg_server.query(drill.restored_db,
                                 "SELECT storage_name FROM evidence_storedfile WHERE purged_at IS NULL")
    restored = drill.stack.object_store.keys(drill.restored_bucket)
    assert keys and {f"evidence/{key}" for (key,) in keys} <= set(restored)


def test_fixity_catches_a_damaged_original_in_the_restored_bucket(drill):
    s3 = drill.stack.object_store.client()
    key = sorted(drill.stack.object_store.keys(drill.restored_bucket, "evidence/"))[0]
    content = bytearray(s3.get_object(Bucket=drill.restored_bucket, Key=key)["Body"].read())
    content[len(content) // 2] ^= 0x01
    s3.put_object(Bucket=drill.restored_bucket, Key=key, Body=bytes(content))
    try:
        result = drill.manage_restored("evidence_fixity", check=False)
        assert result.returncode != 0
        assert f"1 of {drill.originals}" in result.stderr
    finally:
        content[len(content) // 2] ^= 0x01
        s3.put_object(Bucket=drill.restored_bucket, Key=key, Body=bytes(content))


def test_a_second_backup_shares_unchanged_files_and_old_ones_are_pruned(drill):
    second = Path(run_script([*drill.backup, "second"], {**drill.env, "BACKUP_KEEP": "1"}).stdout
                  .strip().splitlines()[-1])
    assert (drill.backups / "latest").resolve() == second.resolve()
    assert not drill.first.exists(), "BACKUP_KEEP=1 keeps only the newest"
    third = Path(run_script([*drill.backup, "third"], {**drill.env, "BACKUP_KEEP": "0"}).stdout
                 .strip().splitlines()[-1])
    for store in ("media", "evidence"):  # a directory (rsync --link-dest) and a bucket (cp -al, then pull)
        sample = next(path for path in sorted((second / "files" / store).rglob("*")) if path.is_file())
        assert (third / sample.relative_to(second)).stat().st_ino == sample.stat().st_ino, \
            f"{store}: unchanged files are hard links to the previous backup"


def test_restore_refuses_a_damaged_backup_and_a_database_in_use(drill, tmp_path):
    env = {**drill.env, "DATABASE_URL": drill.restored_url, "RESTORE_STORES": "none"}
    latest = (drill.backups / "latest").resolve()
    busy = drill.restore(env, str(latest), check=False)
    assert busy.returncode != 0 and "already has" in busy.stderr

    damaged = tmp_path / "damaged"
    subprocess.run(["cp", "-a", str(latest), str(damaged)], check=True)
    with (damaged / "db.dump").open("r+b") as dump:
        dump.seek(os.path.getsize(damaged / "db.dump") // 2)
        byte = dump.read(1)
        dump.seek(-1, os.SEEK_CUR)
        dump.write(bytes([byte[0] ^ 0xFF]))
    broken = drill.restore({**env, "RESTORE_CLEAN": "1"}, str(damaged), check=False)
    assert broken.returncode != 0 and "damaged" in broken.stderr


def test_restore_over_an_existing_database_when_asked(drill):
    env = {**drill.env, "DATABASE_URL": drill.restored_url, "RESTORE_STORES": "none", "RESTORE_CLEAN": "1"}
    drill.restore(env, str((drill.backups / "latest").resolve()))
    users = "SELECT count(*) FROM accounts_user"
    assert drill.pg_server.query(drill.restored_db, users) == drill.pg_server.query(drill.stack.database, users)
