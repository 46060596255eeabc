"""Helpers for the evidence tests: tus requests through the test client, small real MP4 files, ports."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
from pathlib import Path

from zhifa.demo.evidence import make_mp4

PORTS = range(8300, 8400)


def mp4_bytes(seed: int = 1, padding: int = 0) -> bytes:
    """A real (tiny, playable) MP4; `padding` random bytes in a trailing free box make it bigger and unique."""
    data = make_mp4(seed)
    if padding:
        data += (8 + padding).to_bytes(4, "big") + b"free" + os.urandom(padding)
    return data


def metadata_header(**values) -> str:
    return ",".join(f"{key} {base64.b64encode(str(value).encode()).decode()}" for key, value in values.items())


TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}


def tus_create(client, *, length: int, **metadata):
    return client.post("/api/evidence/uploads/", HTTP_UPLOAD_LENGTH=str(length),
                       HTTP_UPLOAD_METADATA=metadata_header(**metadata), **TUS)


def tus_patch(client, url: str, data: bytes, *, offset: int, checksum: str | None = None,
              content_type: str = "application/offset+octet-stream"):
    headers = {"HTTP_UPLOAD_OFFSET": str(offset), **TUS}
    if checksum:
        headers["HTTP_UPLOAD_CHECKSUM"] = checksum
    return client.generic("PATCH", url, data, content_type=content_type, **headers)


def sha256_header(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8300-8399")


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)
