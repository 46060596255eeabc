"""Export kinds. Each kind has one Exporter, registered here, that the job engine calls.

An exporter turns the request's parameters into plain JSON (validating them: bad input is a 400
before any job exists), names the file, and writes it. The engine (services.export_job_run) does the
rest for every kind: claiming the job, a temporary file, progress, hashing, storage, failure.
"""

from __future__ import annotations

from typing import BinaryIO, Callable, Protocol

# progress(done, total): called as the file grows; the engine turns it into a percentage.
Progress = Callable[[int, int], None]


class Exporter(Protocol):
    kind: str

    def extension(self, params: dict) -> str:
        """File extension without the dot: "xlsx", "csv", "zip"."""

    def content_type(self, params: dict) -> str: ...

    def filename(self, params: dict, *, on) -> str:
        """The name a user saves the file under (Chinese allowed), given the day it is made."""

    def write(self, *, user, params: dict, out: BinaryIO, progress: Progress) -> int:
        """Write the whole file to `out` as `user` sees the data; return the number of rows or items."""


_EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    _EXPORTERS[exporter.kind] = exporter
    return exporter


def exporter_for(kind: str) -> Exporter:
    try:
        return _EXPORTERS[kind]
    except KeyError:
        raise LookupError(f"no exporter registered for {kind!r}") from None
