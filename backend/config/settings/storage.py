"""Files: the evidence store, upload staging, quotas, retention and fixity.

Evidence originals and derivatives have their own storage (STORAGES["evidence"]), content-addressed and
never overwritten (zhifa.evidence.storage): the filesystem under MEDIA_ROOT/evidence in local mode, the
S3-compatible bucket S3_BUCKET when it is set (MinIO in docker-compose).
"""

from . import django as _django
from .env import env

_GIB = 1024 ** 3

_S3_BUCKET = env.str("S3_BUCKET", default="")
if _S3_BUCKET:
    EVIDENCE_STORAGE = {
        "BACKEND": "zhifa.evidence.storage.EvidenceS3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "region_name": env.str("S3_REGION", default="us-east-1"),
            "access_key": env.str("S3_ACCESS_KEY_ID"),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": None,
            "location": "evidence",
            # Keys are content addresses: the store checks for an existing key itself and never renames.
            "file_overwrite": True,
            "querystring_auth": True,
            "querystring_expire": env.int("S3_URL_EXPIRE_SECONDS", default=300),
        },
    }
else:
    # EVIDENCE_ROOT puts evidence on a volume of its own; unset, it is MEDIA_ROOT/evidence, read when used (so
    # DJANGO_MEDIA_ROOT and test overrides apply). Keep it on the filesystem of EVIDENCE_UPLOAD_DIR: a finished
    # upload is then stored by a hard link instead of a copy.
    EVIDENCE_STORAGE = {"BACKEND": "zhifa.evidence.storage.EvidenceFileSystemStorage"}
    if env.str("EVIDENCE_ROOT", default=""):
        EVIDENCE_STORAGE["OPTIONS"] = {"location": env.str("EVIDENCE_ROOT")}
# Added in place, so that other modules extending STORAGES keep this entry (zhifa.evidence.storage also
# falls back to EVIDENCE_STORAGE should the alias be missing).
_django.STORAGES.setdefault("evidence", EVIDENCE_STORAGE)

# tus uploads are staged here while they arrive, then ingested by the `ingest` workers, which must see
# the same directory (docker-compose: the `media` volume). Empty: MEDIA_ROOT/uploads (var/media/uploads
# in local mode).
EVIDENCE_UPLOAD_DIR = env.str("EVIDENCE_UPLOAD_DIR", default="")
# Largest single file (tus Tus-Max-Size), bytes.
EVIDENCE_MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_BYTES", default=64 * _GIB)
# Unfinished and not yet ingested uploads of one user, together, bytes.
EVIDENCE_USER_STAGING_QUOTA_BYTES = env.int("EVIDENCE_USER_STAGING_QUOTA_BYTES", default=256 * _GIB)
# Everything one agency keeps (evidence in the store plus uploads in progress); 0: no limit.
EVIDENCE_AGENCY_QUOTA_BYTES = env.int("EVIDENCE_AGENCY_QUOTA_BYTES", default=0)
# Free space to keep on the staging disk beyond the announced uploads.
EVIDENCE_STAGING_RESERVE_BYTES = env.int("EVIDENCE_STAGING_RESERVE_BYTES", default=2 * _GIB)
# An upload that receives nothing for this long expires and its bytes are removed.
EVIDENCE_UPLOAD_EXPIRE_HOURS = env.int("EVIDENCE_UPLOAD_EXPIRE_HOURS", default=72)
# Received bytes are flushed to disk before their offset is confirmed to the client.
EVIDENCE_UPLOAD_FSYNC = env.bool("EVIDENCE_UPLOAD_FSYNC", default=True)
# A PATCH that has shown no progress for this long is presumed dead: another may take the upload over.
EVIDENCE_UPLOAD_STALE_SECONDS = env.int("EVIDENCE_UPLOAD_STALE_SECONDS", default=120)
# Request bodies are read in pieces of this size; memory use per upload does not depend on the file size.
EVIDENCE_UPLOAD_READ_BYTES = env.int("EVIDENCE_UPLOAD_READ_BYTES", default=1024 * 1024)
# Django's own cap on request bodies read into memory stays small: tus bodies never go through it.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2621440)

# Retention (DOMAIN.md §6): at least 6 months; items used as case evidence are kept permanently.
EVIDENCE_RETENTION_MONTHS = max(6, env.int("EVIDENCE_RETENTION_MONTHS", default=6))

# Fixity: every original is re-hashed at least this often, a batch at a time, oldest check first.
EVIDENCE_FIXITY_INTERVAL_DAYS = env.int("EVIDENCE_FIXITY_INTERVAL_DAYS", default=30)
EVIDENCE_FIXITY_BATCH_FILES = env.int("EVIDENCE_FIXITY_BATCH_FILES", default=500)
EVIDENCE_FIXITY_BATCH_BYTES = env.int("EVIDENCE_FIXITY_BATCH_BYTES", default=100 * _GIB)
# "Verify now" answers at once up to this size; larger files are checked by an ingest worker.
EVIDENCE_VERIFY_SYNC_MAX_BYTES = env.int("EVIDENCE_VERIFY_SYNC_MAX_BYTES", default=256 * 1024 * 1024)
