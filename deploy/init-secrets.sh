#!/usr/bin/env bash
# Creates the secret files docker-compose.yml reads, once. Existing files are never overwritten,
# so running it again is safe (it fills in only what is missing).
#
#   deploy/init-secrets.sh [HOSTNAME]
#
# Writes into $ZHIFA_SECRETS_DIR (default deploy/secrets, which git ignores):
#   django_secret_key, postgres_password, minio_root_user, minio_root_password,
#   s3_access_key_id, s3_secret_access_key, flower_basic_auth,
#   tls_certificate, tls_private_key  (a self-signed certificate for HOSTNAME, valid 90 days:
#                                      replace both files with the real certificate and key)
# Also creates the backup directory ($ZHIFA_BACKUP_DIR, default ./backups) owned by uid 10001,
# the user the ops image runs as.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

secrets_dir="${ZHIFA_SECRETS_DIR:-deploy/secrets}"
backup_dir="${ZHIFA_BACKUP_DIR:-./backups}"
host="${1:-${DJANGO_ALLOWED_HOSTS:-localhost}}"
host="${host%%,*}"
host="${host#.}"

command -v openssl >/dev/null || { echo "init-secrets: openssl is required" >&2; exit 1; }
mkdir -p "$secrets_dir"
chmod 700 "$secrets_dir"

random() { openssl rand -hex "$1"; }

put() {  # put NAME VALUE: write the file unless it exists
    local file="$secrets_dir/$1"
    if [[ -s "$file" ]]; then
        echo "keep    $file"
    else
        printf '%s' "$2" > "$file"
        # Containers run as their own users (postgres, 10001, 101) and must read the files; the
        # directory itself (mode 700) keeps other host users out.
        chmod 644 "$file"
        echo "created $file"
    fi
}

put django_secret_key "$(openssl rand -base64 60 | tr -d '\n=+/' | cut -c1-64)"
put postgres_password "$(random 24)"
put minio_root_user "zhifa-root"
put minio_root_password "$(random 24)"
put s3_access_key_id "zhifa-app"
put s3_secret_access_key "$(random 24)"
put flower_basic_auth "admin:$(random 12)"

if [[ -s "$secrets_dir/tls_certificate" && -s "$secrets_dir/tls_private_key" ]]; then
    echo "keep    $secrets_dir/tls_certificate, tls_private_key"
else
    openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 90 \
        -subj "/CN=$host" -addext "subjectAltName=DNS:$host" \
        -keyout "$secrets_dir/tls_private_key" -out "$secrets_dir/tls_certificate" 2>/dev/null
    chmod 644 "$secrets_dir/tls_private_key" "$secrets_dir/tls_certificate"
    echo "created $secrets_dir/tls_certificate, tls_private_key (self-signed for $host: replace with the real ones)"
fi

mkdir -p "$backup_dir"
if [[ "$(id -u)" == 0 ]]; then
    chown 10001:10001 "$backup_dir"
else
    echo "init-secrets: run 'sudo chown 10001:10001 $backup_dir' so that the backup service can write there" >&2
fi
