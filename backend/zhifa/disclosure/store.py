"""The publication store: where the static public site lives. A directory by default; any Django
storage (an S3 bucket) in production. Writes are atomic: a reader sees the old file or the new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages


class DirectoryStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if not str(path).startswith(str(self.root.resolve())):
            raise ValueError(f"outside the publication store: {name}")
        return path

    def write(self, name: str, content: bytes) -> None:
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.read_bytes() == content:
            return  # unchanged: leave the file (and its mtime) alone
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def read(self, name: str) -> bytes | None:
        path = self._path(name)
        return path.read_bytes() if path.is_file() else None

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def files(self) -> dict[str, bytes]:
        if not self.root.exists():
            return {}
        return {str(p.relative_to(self.root)): p.read_bytes() for p in sorted(self.root.rglob("*"))
                if p.is_file() and not p.name.startswith(".tmp-")}

    def clear(self) -> None:
        for name in self.files():
            self.delete(name)


class StorageStore:
    """The same interface over a Django storage backend (e.g. S3 via django-storages)."""

    def __init__(self, storage):
        self.storage = storage

    def write(self, name: str, content: bytes) -> None:
        # One PUT over the old object: an S3 PUT replaces it atomically, so a reader (or the CDN) gets the
        # old page or the new one, never a 404 in between. The backend must overwrite in place
        # (file_overwrite=True for S3, allow_overwrite=True for the filesystem).
        saved = self.storage.save(name, ContentFile(content))
        if saved != name:
            self.storage.delete(saved)
            raise ImproperlyConfigured(
                f"the publication storage saved {name} as {saved}: configure it to overwrite files in place")

    def read(self, name: str) -> bytes | None:
        if not self.storage.exists(name):
            return None
        with self.storage.open(name) as handle:
            return handle.read()

    def delete(self, name: str) -> None:
        if self.storage.exists(name):
            self.storage.delete(name)


def publication_store():
    if "publication" in settings.STORAGES:
        return StorageStore(storages["publication"])
    return DirectoryStore(settings.PUBLICATION_ROOT)
