"""The backup and restore drill, on the loopback stack with the demo data (cases, evidence, a published
site): deploy/backup.sh dumps the database and copies the file stores; deploy/restore.sh puts them into a
fresh database and fresh directories; then the sealed history verifies (`audit_verify`) and every
evidence original matches its hash (`evidence_fixity`) on the restored copy."""

import dataclasses
import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from .conftest import DEPLOY, SYSTEM_PATH, _without_password


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


def count_ok(output: str) -> int:
    match = re.match(r"OK: (\d+) ", output)
    assert match, output
    return int(match.group(1))


@dataclasses.dataclass
class Drill:
    stack: object
    pg_server: object
    env: dict
    backups: Path
    first: Path
    restored_db: str
    restored_url: str
    restored: Path
    sealed: int
    originals: int

    def manage_restored(self, *args, check=True, **extra_env):
        return self.stack.manage(*args, check=check, extra_env={
            "DATABASE_URL": self.restored_url, "DJANGO_MEDIA_ROOT": str(self.restored / "media"),
            "PUBLICATION_ROOT": str(self.restored / "publication"), **extra_env})


def script(name: str, env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(DEPLOY / name), *args], env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, f"{name} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def drill(request, stack, pg_server, pg_bin) -> Drill:
    stack.demo()

    def stored_originals() -> int:
        return pg_server.query(stack.database,
                               "SELECT count(*) FROM evidence_storedfile WHERE purged_at IS NULL")[0][0]

    if stored_originals() == 0:
        # Evidence to back up: a recording uploaded through nginx and ingested by worker-ingest.
        from zhifa.demo.evidence import make_mp4

        token = stack.officer_token()
        case = stack.case_under_investigation(token)
        assert case, "the demo data has no case under investigation to attach evidence to"
        path = stack.tus_upload(make_mp4(5, note="backup drill"), token=token, case=case,
                                filename="备份演练.mp4", title="备份演练录像")
        stack.wait_for_ingest(path, token)
    # Seal everything written so far, so that the chain covers the whole history being backed up.
    sealed = count_ok(stack.manage("audit_verify", "--seal-first").stdout)
    originals = stored_originals()
    assert sealed > 0 and originals > 0

    source_url, _ = _without_password(pg_server.url_for(stack.database))
    backups = stack.root / "backups"
    env = {
        "PATH": f"{pg_bin}:{SYSTEM_PATH}",
        "HOME": str(stack.root / "home"),
        "LANG": "C.UTF-8",
        "DATABASE_URL": source_url,
        "DATABASE_PASSWORD_FILE": str(stack.root / "secrets" / "postgres_password"),
        "BACKUP_ROOT": str(backups),
        "BACKUP_STORES": f"media={stack.media} publication={stack.site}",
        "PG_BIN": pg_bin,
    }
    first = Path(script("backup.sh", env).stdout.strip().splitlines()[-1])

    restored_db = pg_server.create("zhifa_restore")
    request.addfinalizer(lambda: pg_server.drop_later(restored_db))
    restored_url, _ = _without_password(pg_server.url_for(restored_db))
    restored = stack.root / "restored"
    restore_env = {**env, "DATABASE_URL": restored_url,
                   "RESTORE_STORES": f"media={restored / 'media'} publication={restored / 'publication'}"}
    script("restore.sh", restore_env, str(first))
    return Drill(stack, pg_server, env, backups, first, restored_db, restored_url, restored, sealed, originals)


def test_backup_layout(drill):
    assert drill.first.parent == drill.backups
    assert (drill.backups / "latest").resolve() == drill.first.resolve()
    with (drill.first / "db.dump").open("rb") as dump:
        assert dump.read(5) == b"PGDMP"  # pg_dump's custom format
    sums = (drill.first / "SHA256SUMS").read_text().splitlines()
    assert any(line.endswith("  ./db.dump") for line in sums)
    assert backed_up(drill.first, "media") and backed_up(drill.first, "publication")
    assert any(name.startswith("evidence/") for name in backed_up(drill.first, "media"))
    info = (drill.first / "INFO").read_text()
    assert "server_version=" in info and "pg_dump=" in info
    assert not list(drill.backups.glob(".*.partial"))


def test_restored_history_verifies(drill):
    """Every seal in the restored database verifies (beat keeps sealing meanwhile, so there may be more
    than the drill sealed itself)."""
    result = drill.manage_restored("audit_verify")
    seals = drill.pg_server.query(drill.restored_db, "SELECT count(*) FROM audit_historyseal")[0][0]
    assert count_ok(result.stdout) == seals >= drill.sealed, result.stdout


def test_restored_evidence_passes_the_fixity_check(drill):
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


def test_restored_files_are_the_backed_up_files(drill):
    for store in ("media", "publication"):
        assert tree(drill.restored / store) == backed_up(drill.first, store), store
    # Nothing that was in the store when the backup ran is missing from it.
    taken = (drill.first / "INFO").stat().st_mtime
    before = {str(path.relative_to(drill.stack.media)) for path in drill.stack.media.rglob("*")
              if path.is_file() and path.stat().st_mtime < taken - 1}
    assert before <= set(backed_up(drill.first, "media"))


def test_fixity_catches_a_damaged_restored_original(drill):
    original = next(path for path in sorted((drill.restored / "media" / "evidence").rglob("*")) if path.is_file())
    content = bytearray(original.read_bytes())
    content[len(content) // 2] ^= 0x01
    original.write_bytes(bytes(content))
    try:
        result = drill.manage_restored("evidence_fixity", check=False)
        assert result.returncode != 0
        assert f"1 of {drill.originals}" in result.stderr
    finally:
        content[len(content) // 2] ^= 0x01
        original.write_bytes(bytes(content))


def test_a_second_backup_shares_unchanged_files_and_old_ones_are_pruned(drill):
    second = Path(script("backup.sh", {**drill.env, "BACKUP_KEEP": "1"}, "second").stdout.strip().splitlines()[-1])
    assert (drill.backups / "latest").resolve() == second.resolve()
    assert not drill.first.exists(), "BACKUP_KEEP=1 keeps only the newest"
    third = Path(script("backup.sh", {**drill.env, "BACKUP_KEEP": "0"}, "third").stdout.strip().splitlines()[-1])
    sample = next(path for path in sorted((second / "files" / "media" / "evidence").rglob("*")) if path.is_file())
    assert (third / sample.relative_to(second)).stat().st_ino == sample.stat().st_ino, \
        "unchanged files are hard links to the previous backup"


def test_restore_refuses_a_damaged_backup_and_a_database_in_use(drill, tmp_path):
    env = {**drill.env, "DATABASE_URL": drill.restored_url, "RESTORE_STORES": "none"}
    latest = (drill.backups / "latest").resolve()
    busy = script("restore.sh", env, str(latest), check=False)
    assert busy.returncode != 0 and "already has" in busy.stderr

    damaged = tmp_path / "damaged"
    subprocess.run(["cp", "-a", str(latest), str(damaged)], check=True)
    with (damaged / "db.dump").open("r+b") as dump:
        dump.seek(os.path.getsize(damaged / "db.dump") // 2)
        byte = dump.read(1)
        dump.seek(-1, os.SEEK_CUR)
        dump.write(bytes([byte[0] ^ 0xFF]))
    broken = script("restore.sh", {**env, "RESTORE_CLEAN": "1"}, str(damaged), check=False)
    assert broken.returncode != 0 and "damaged" in broken.stderr


def test_restore_over_an_existing_database_when_asked(drill):
    env = {**drill.env, "DATABASE_URL": drill.restored_url, "RESTORE_STORES": "none", "RESTORE_CLEAN": "1"}
    script("restore.sh", env, str((drill.backups / "latest").resolve()))
    users = "SELECT count(*) FROM accounts_user"
    assert drill.pg_server.query(drill.restored_db, users) == drill.pg_server.query(drill.stack.database, users)
