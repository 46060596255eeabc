"""Where evidence bytes live: one storage per purpose, content-addressed, never overwritten.

- Originals and derivatives go to the `evidence` storage (settings STORAGES["evidence"]): the filesystem
  under MEDIA_ROOT/evidence in local mode, the S3-compatible bucket in production. Keys are content
  addresses, originals/<ab>/<cd>/<sha256>, so identical content is stored once and a key can only
  ever hold the bytes its name says.
- `put` never replaces what is there. On the filesystem a new file is created with link(2), which fails
  if the name exists, so two workers storing the same content at once cannot clobber each other; when the
  staged upload is on the same filesystem the link is the whole copy (a 4 GB upload is stored in no time).
- `read_range` streams bytes start..end without loading the file (S3: a ranged GetObject).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

CHUNK = 1 << 20


def content_key(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class EvidenceFileSystemStorage(FileSystemStorage):
    """Evidence on the filesystem, by default MEDIA_ROOT/evidence (follows MEDIA_ROOT when it changes)."""

    subdirectory = "evidence"

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, os.path.join(settings.MEDIA_ROOT, self.subdirectory))

    def get_available_name(self, name, max_length=None):
        return name  # content addresses: a name is never made "available" by renaming

    def _save(self, name, content):
        with tempfile.NamedTemporaryFile(delete=False) as staged:
            for chunk in content.chunks():
                staged.write(chunk)
        try:
            self.put(name, source_path=staged.name)
        finally:
            os.unlink(staged.name)
        return name

    def put(self, name: str, *, source_path: str) -> bool:
        """Store the file at `source_path` under `name` unless something is there. True if stored now."""
        target = self.path(name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.exists(target):
            return False
        try:
            os.link(source_path, target)  # same filesystem: no copy at all
        except FileExistsError:
            return False
        except OSError:
            return self._copy_in(source_path, target)
        os.chmod(target, 0o440)
        return True

    def _copy_in(self, source_path: str, target: str) -> bool:
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, open(source_path, "rb") as source:
                shutil.copyfileobj(source, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o440)
            try:
                os.link(temporary, target)
            except FileExistsError:
                return False
            return True
        finally:
            os.unlink(temporary)

    def read_range(self, name: str, start: int = 0, end: int | None = None, chunk: int = CHUNK) -> Iterator[bytes]:
        with open(self.path(name), "rb") as handle:
            handle.seek(start)
            remaining = None if end is None else end - start + 1
            while remaining is None or remaining > 0:
                data = handle.read(chunk if remaining is None else min(chunk, remaining))
                if not data:
                    return
                if remaining is not None:
                    remaining -= len(data)
                yield data


try:
    from storages.backends.s3 import S3Storage
except ImportError:  # django-storages[s3] is only needed when S3_BUCKET is set
    S3Storage = None

if S3Storage is not None:

    class EvidenceS3Storage(S3Storage):
        """Evidence in an S3-compatible bucket (MinIO in docker-compose; versioning on).

        Keys are content addresses, so an existing key is left alone instead of renamed or replaced.
        """

        def get_available_name(self, name, max_length=None):
            return name

        def put(self, name: str, *, source_path: str) -> bool:
            if self.exists(name):
                return False
            with open(source_path, "rb") as source:
                self.save(name, File(source, name=os.path.basename(name)))  # multipart, streamed
            return True

        def read_range(self, name: str, start: int = 0, end: int | None = None,
                       chunk: int = CHUNK) -> Iterator[bytes]:
            from storages.utils import clean_name

            obj = self.bucket.Object(self._normalize_name(clean_name(name)))
            byte_range = f"bytes={start}-" + ("" if end is None else str(end))
            body = obj.get(Range=byte_range)["Body"]
            try:
                yield from body.iter_chunks(chunk)
            finally:
                body.close()


_fallback: dict[str, Storage] = {}


def evidence_storage() -> Storage:
    if "evidence" in settings.STORAGES:
        return storages["evidence"]
    config = getattr(settings, "EVIDENCE_STORAGE", None)
    if not config:
        return default_storage
    key = repr(config)
    if key not in _fallback:
        _fallback.clear()
        _fallback[key] = import_string(config["BACKEND"])(**config.get("OPTIONS", {}))
    return _fallback[key]


def store(name: str, *, source_path: str) -> bool:
    storage = evidence_storage()
    if hasattr(storage, "put"):
        return storage.put(name, source_path=source_path)
    if storage.exists(name):
        return False
    with open(source_path, "rb") as source:
        storage.save(name, File(source, name=os.path.basename(name)))
    return True


def read_range(name: str, start: int = 0, end: int | None = None, chunk: int = CHUNK) -> Iterator[bytes]:
    storage = evidence_storage()
    if hasattr(storage, "read_range"):
        yield from storage.read_range(name, start, end, chunk)
        return
    with storage.open(name, "rb") as handle:
        handle.seek(start)
        remaining = None if end is None else end - start + 1
        while remaining is None or remaining > 0:
            data = handle.read(chunk if remaining is None else min(chunk, remaining))
            if not data:
                return
            if remaining is not None:
                remaining -= len(data)
            yield data


def exists(name: str) -> bool:
    return evidence_storage().exists(name)


def delete(name: str) -> None:
    evidence_storage().delete(name)
