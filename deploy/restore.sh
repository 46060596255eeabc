#!/usr/bin/env bash
# Zhifa restore: puts a backup made by backup.sh back into a database and the file stores.
#
#   restore.sh BACKUP_DIR
#
# 1. checks every checksum in BACKUP_DIR/SHA256SUMS (nothing is restored from a damaged backup);
# 2. restores db.dump into the database at DATABASE_URL, in one transaction. The database must be
#    empty (freshly created) unless RESTORE_CLEAN=1, which drops the objects in the dump first;
# 3. copies each files/<store>/ back to its store (RESTORE_STORES, same form as BACKUP_STORES);
#    files already in the store and not in the backup are left alone.
#
# Afterwards run, with the application's image and settings:
#   python manage.py migrate         (when the code is newer than the backup)
#   python manage.py audit_verify    (the sealed history chain must verify: OK)
#   and the evidence fixity check, which re-hashes every original against the database.
#
# Environment: DATABASE_URL, DATABASE_PASSWORD (or their _FILE forms), PG_BIN, and for s3:// stores
# S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, as for backup.sh. An s3:// target
# bucket must exist (zhifa-s3 init creates it: S3_BUCKET=<name> zhifa-s3 init).
#   RESTORE_STORES   NAME=TARGET pairs; empty or unset means BACKUP_STORES, or else the same default as
#                    backup.sh; "none" restores the database only
#   RESTORE_CLEAN    1 to restore over an existing database (drops and recreates the dumped objects)
#   RESTORE_JOBS     parallel pg_restore jobs (default 1: a single transaction)
set -Eeuo pipefail

log() { printf '%s restore: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

file_env() {
    local var="$1" file_var="${1}_FILE"
    if [[ -n "${!file_var:-}" ]]; then
        [[ -z "${!var:-}" ]] || die "both $var and $file_var are set"
        [[ -r "${!file_var}" ]] || die "$file_var: cannot read ${!file_var}"
        export "$var"="$(<"${!file_var}")"
    fi
}

for var in DATABASE_URL DATABASE_PASSWORD S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY; do
    file_env "$var"
done

[[ $# -eq 1 ]] || die "usage: restore.sh BACKUP_DIR"
backup="$(cd "$1" && pwd -P)" || die "no such backup: $1"
[[ -f "$backup/db.dump" && -f "$backup/SHA256SUMS" ]] || die "$backup is not a backup (db.dump, SHA256SUMS missing)"
: "${DATABASE_URL:?DATABASE_URL must be set}"
RESTORE_STORES="${RESTORE_STORES:-${BACKUP_STORES:-}}"
if [[ -z "$RESTORE_STORES" ]]; then
    RESTORE_STORES="media=${DJANGO_MEDIA_ROOT:-/var/lib/zhifa/media} publication=${PUBLICATION_ROOT:-/srv/zhifa/publication}"
    RESTORE_STORES+="${S3_BUCKET:+ evidence=s3://$S3_BUCKET}"
elif [[ "$RESTORE_STORES" == none ]]; then
    RESTORE_STORES=""
fi
RESTORE_JOBS="${RESTORE_JOBS:-1}"
PG_RESTORE="${PG_BIN:+$PG_BIN/}pg_restore"
PSQL="${PG_BIN:+$PG_BIN/}psql"
PG_URL="$(printf '%s' "$DATABASE_URL" | sed -E 's#^(postgres|postgresql|pgsql|psql|postgis)://#postgresql://#')"
if [[ -n "${DATABASE_PASSWORD:-}" ]]; then
    export PGPASSWORD="$DATABASE_PASSWORD"
fi
redacted_url() { printf '%s' "$PG_URL" | sed -E 's#://([^:@/]+):[^@/]*@#://\1:***@#'; }

S3_TOOL="${ZHIFA_S3_TOOL:-$(dirname "$(readlink -f "$0")")/zhifa-s3}"
check_s3() {
    [[ -x "$S3_TOOL" ]] || die "an s3:// store needs $S3_TOOL"
    : "${S3_ENDPOINT_URL:?S3_ENDPOINT_URL must be set for an s3:// store}"
    : "${S3_ACCESS_KEY_ID:?}" "${S3_SECRET_ACCESS_KEY:?}"
    export S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY
}

# 1. Integrity of the backup itself.
log "verifying checksums in $backup"
(cd "$backup" && sha256sum --check --quiet --strict SHA256SUMS) || die "the backup is damaged: checksum mismatch"

# 2. The database.
tables="$("$PSQL" "$PG_URL" -XAtqc \
    "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")" \
    || die "cannot connect to $(redacted_url)"
restore_args=(--no-owner --no-privileges --exit-on-error)
if [[ "$tables" != "0" ]]; then
    [[ "${RESTORE_CLEAN:-0}" == "1" ]] \
        || die "$(redacted_url) already has $tables tables: restore into a new, empty database, or set RESTORE_CLEAN=1"
    restore_args+=(--clean --if-exists)
fi
if [[ "$RESTORE_JOBS" -gt 1 ]]; then
    restore_args+=(--jobs="$RESTORE_JOBS")
else
    restore_args+=(--single-transaction)
fi
log "restoring db.dump into $(redacted_url)"
"$PG_RESTORE" "${restore_args[@]}" --dbname="$PG_URL" "$backup/db.dump"
"$PSQL" "$PG_URL" -XAtqc 'ANALYZE' >/dev/null

# 3. The file stores.
for store in $RESTORE_STORES; do
    store_name="${store%%=*}"
    dest="${store#*=}"
    [[ "$store_name" =~ ^[A-Za-z0-9_-]+$ && "$store_name" != "$store" ]] || die "bad store '$store' (want NAME=TARGET)"
    source="$backup/files/$store_name"
    if [[ ! -d "$source" ]]; then
        log "the backup has no files/$store_name; skipping"
        continue
    fi
    log "copying files/$store_name -> $dest"
    if [[ "$dest" == s3://* ]]; then
        check_s3
        "$S3_TOOL" push "$source" "$dest"
    else
        mkdir -p "$dest"
        if command -v rsync >/dev/null; then
            rsync -a "$source/" "$dest/"
        else
            cp -a "$source/." "$dest/"
        fi
    fi
done

log "done. Now run: manage.py migrate, manage.py audit_verify, and the evidence fixity check"
