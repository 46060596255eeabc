#!/usr/bin/env bash
# Zhifa backup: a PostgreSQL dump (custom format) plus a copy of every file store.
#
#   backup.sh [NAME]
#
# Writes $BACKUP_ROOT/NAME/ (NAME defaults to the UTC time, e.g. 20250131T020000Z):
#   db.dump           pg_dump --format=custom of the whole database
#   files/<store>/    a full copy of each file store; unchanged files are hard links into the
#                     previous backup, so a daily backup costs only what changed
#   SHA256SUMS        checksums of db.dump and of every file copied
#   INFO              when, from which server, with which tools
# and points $BACKUP_ROOT/latest at it. Keeps the newest $BACKUP_KEEP backups.
#
# The database is dumped first and the files copied after, so every file that the dump refers to
# is in the backup (files written meanwhile are extra and harmless). The dump is one consistent
# snapshot; the application may keep running.
#
# Environment (a variable can be read from a file through VAR_FILE, as for Docker secrets):
#   DATABASE_URL        postgres://user@host:port/db (the application's own variable)
#   DATABASE_PASSWORD   the password, when it is not in the URL
#   BACKUP_ROOT         where backups go (default /backups)
#   BACKUP_STORES       space-separated NAME=SOURCE pairs. SOURCE is a directory, or s3://bucket[/prefix]
#                       for an S3-compatible store (copied by zhifa-s3 beside this script, with
#                       S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY). Empty or unset
#                       means "media=$DJANGO_MEDIA_ROOT publication=$PUBLICATION_ROOT" (the application's
#                       variables, default /var/lib/zhifa/media and /srv/zhifa/publication), plus
#                       "evidence=s3://$S3_BUCKET" when S3_BUCKET is set; "none" means no files.
#   BACKUP_KEEP         how many backups to keep (default 14; 0 keeps all)
#   PG_BIN              directory of pg_dump / pg_restore / psql matching the server's major version
set -Eeuo pipefail
umask 027

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# VAR or VAR_FILE -> VAR
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

: "${DATABASE_URL:?DATABASE_URL must be set}"
BACKUP_ROOT="${BACKUP_ROOT:-/backups}"
if [[ -z "${BACKUP_STORES:-}" ]]; then
    BACKUP_STORES="media=${DJANGO_MEDIA_ROOT:-/var/lib/zhifa/media} publication=${PUBLICATION_ROOT:-/srv/zhifa/publication}"
    BACKUP_STORES+="${S3_BUCKET:+ evidence=s3://$S3_BUCKET}"
elif [[ "$BACKUP_STORES" == none ]]; then
    BACKUP_STORES=""
fi
BACKUP_KEEP="${BACKUP_KEEP:-14}"
PG_DUMP="${PG_BIN:+$PG_BIN/}pg_dump"
PSQL="${PG_BIN:+$PG_BIN/}psql"

# libpq understands postgres:// and postgresql://; django-environ also accepts other spellings.
PG_URL="$(printf '%s' "$DATABASE_URL" | sed -E 's#^(postgres|postgresql|pgsql|psql|postgis)://#postgresql://#')"
if [[ -n "${DATABASE_PASSWORD:-}" ]]; then
    export PGPASSWORD="$DATABASE_PASSWORD"
fi
redacted_url() { printf '%s' "$PG_URL" | sed -E 's#://([^:@/]+):[^@/]*@#://\1:***@#'; }

S3_TOOL="${ZHIFA_S3_TOOL:-$(dirname "$(readlink -f "$0")")/zhifa-s3}"
check_s3() {
    [[ -x "$S3_TOOL" ]] || die "an s3:// store needs $S3_TOOL"
    : "${S3_ENDPOINT_URL:?S3_ENDPOINT_URL must be set for an s3:// store}"
    : "${S3_ACCESS_KEY_ID:?S3_ACCESS_KEY_ID must be set for an s3:// store}"
    : "${S3_SECRET_ACCESS_KEY:?S3_SECRET_ACCESS_KEY must be set for an s3:// store}"
    export S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY
}

name="${1:-$(date -u +%Y%m%dT%H%M%SZ)}"
[[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die "backup name may use only letters, digits, . _ -"
mkdir -p "$BACKUP_ROOT"
target="$BACKUP_ROOT/$name"
[[ ! -e "$target" ]] || die "$target already exists"
work="$BACKUP_ROOT/.$name.partial"
rm -rf "$work"
mkdir -p "$work/files"
trap 'rm -rf "$work"' ERR INT TERM

previous=""
if [[ -L "$BACKUP_ROOT/latest" && -d "$BACKUP_ROOT/latest/" ]]; then
    previous="$(cd "$BACKUP_ROOT/latest/" && pwd -P)"
fi

# 1. The database.
server_version="$("$PSQL" "$PG_URL" -XAtqc 'SHOW server_version' 2>/dev/null)" \
    || die "cannot connect to $(redacted_url)"
log "dumping $(redacted_url) (PostgreSQL $server_version) with $("$PG_DUMP" --version)"
"$PG_DUMP" --format=custom --compress=6 --no-owner --no-privileges --file="$work/db.dump" "$PG_URL"

# 2. The file stores.
for store in $BACKUP_STORES; do
    store_name="${store%%=*}"
    source="${store#*=}"
    [[ "$store_name" =~ ^[A-Za-z0-9_-]+$ && "$store_name" != "$store" ]] || die "bad store '$store' (want NAME=SOURCE)"
    dest="$work/files/$store_name"
    if [[ "$source" == s3://* ]]; then
        check_s3
        if [[ -n "$previous" && -d "$previous/files/$store_name" ]]; then
            cp -al "$previous/files/$store_name" "$dest"   # unchanged objects stay hard links
        else
            mkdir -p "$dest"
        fi
        log "copying $source -> files/$store_name"
        # Changed objects are downloaded under a new name and renamed: the previous backup's hard-linked
        # copy is never written through.
        "$S3_TOOL" pull --remove "$source" "$dest"
    else
        [[ -d "$source" ]] || die "store $store_name: $source is not a directory"
        log "copying $source -> files/$store_name"
        link_dest=()
        if [[ -n "$previous" && -d "$previous/files/$store_name" ]]; then
            link_dest=(--link-dest="$previous/files/$store_name")
        fi
        if command -v rsync >/dev/null; then
            rsync -a "${link_dest[@]}" "$source/" "$dest/"
        else
            cp -a "$source/." "$dest/"
        fi
    fi
done

# 3. Checksums and a description.
(
    cd "$work"
    find . -type f ! -name SHA256SUMS ! -name INFO -print0 | LC_ALL=C sort -z \
        | xargs -0 -r sha256sum > SHA256SUMS
)
{
    echo "created=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "database=$(redacted_url)"
    echo "server_version=$server_version"
    echo "pg_dump=$("$PG_DUMP" --version)"
    echo "stores=$BACKUP_STORES"
    echo "files=$(($(wc -l < "$work/SHA256SUMS") - 1))"
} > "$work/INFO"

mv "$work" "$target"
trap - ERR INT TERM
ln -sfn "$name" "$BACKUP_ROOT/latest"
log "done: $target ($(du -sh "$target" | cut -f1))"

# 4. Keep the newest BACKUP_KEEP backups.
if [[ "$BACKUP_KEEP" -gt 0 ]]; then
    mapfile -t old < <(find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%f\n' \
        | LC_ALL=C sort -r | tail -n +"$((BACKUP_KEEP + 1))")
    for stale in "${old[@]}"; do
        [[ "$stale" == "$name" ]] && continue
        log "removing old backup $stale"
        rm -rf "${BACKUP_ROOT:?}/$stale"
    done
fi
echo "$target"
