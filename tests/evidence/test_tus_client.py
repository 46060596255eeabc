"""The tus endpoint driven by the real tuspy client against gunicorn, with a real Celery worker ingesting:
a resumption after a cut connection, and a file of more than 4 GiB with the server's memory measured."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import threading
import time

import pytest
from django.db import close_old_connections
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError
from tusclient.uploader import Uploader

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from tests.evidence.helpers import free_port, mp4_bytes, rss_kib
from zhifa.accounts.services import token_for
from zhifa.evidence.choices import UploadStatus
from zhifa.evidence.models import EvidenceItem, Upload

MIB = 1024 * 1024


@pytest.fixture
def celery_worker_queues():
    return ("ingest",)


class Sha256Uploader(Uploader):
    """tuspy sends sha1 checksums by default; the server offers sha256 too."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


class CuttingProxy:
    """A TCP relay in front of the server that cuts the connection in use once `cut_after` request bytes (over all
    connections) have passed, once; afterwards it relays faithfully."""

    def __init__(self, target_port: int, cut_after: int):
        self.target_port, self.cut_after = target_port, cut_after
        self.port = free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.cut = threading.Event()
        self.closed = False
        self.sent, self.lock = 0, threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self):
        while not self.closed:
            try:
                downstream, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(downstream, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, downstream, False), daemon=True).start()

    def _pump(self, source, target, counting):
        try:
            while True:
                data = source.recv(256 * 1024)
                if not data:
                    break
                if counting and not self.cut.is_set():
                    with self.lock:
                        room = self.cut_after - self.sent
                        self.sent += len(data)
                    if len(data) > room:
                        target.sendall(data[:room])
                        self.cut.set()
                        break
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self):
        self.closed = True
        self.listener.close()


def _settled(uid, *, offset_above: int = 0) -> Upload:
    """The upload once the server has finished with the interrupted PATCH (it may still be reading when the
    client gives up)."""
    deadline = time.monotonic() + 20
    while True:
        close_old_connections()
        upload = Upload.objects.get(uid=uid)
        if (upload.offset > offset_above and not upload.writer) or time.monotonic() > deadline:
            return upload
        time.sleep(0.05)


def test_tuspy_resumes_after_a_cut_connection_and_the_worker_ingests(celery_worker, live_gunicorn, officers, case,
                                                                     tmp_path):
    data = mp4_bytes(7, padding=6 * MIB)
    path = tmp_path / "现场录像.mp4"
    path.write_bytes(data)
    headers = {"Authorization": f"Token {token_for(user=officers[0])}"}
    proxy = CuttingProxy(int(live_gunicorn.url.rsplit(":", 1)[1]), cut_after=3 * MIB)
    metadata = {"filename": path.name, "case": str(case.pk), "kind": "audiovisual",
                "sha256": hashlib.sha256(data).hexdigest(), "title": "现场检查录像"}
    try:
        first = tus_client.TusClient(f"{proxy.url}/api/evidence/uploads/", headers=headers).uploader(
            file_path=str(path), metadata=metadata)  # one PATCH for the whole file, no checksum
        with pytest.raises(TusCommunicationError):
            first.upload()
        assert proxy.cut.is_set()
        uid = first.url.rstrip("/").rsplit("/", 1)[1]
        upload = _settled(uid)
        # What arrived before the cut was kept and confirmed; it is not evidence.
        assert 0 < upload.offset < len(data) and upload.status == UploadStatus.RECEIVING, live_gunicorn.log()
        assert not EvidenceItem.objects.exists()

        # A new client resumes from the server's offset (HEAD), sending sha256 checksums per chunk.
        resumed = Sha256Uploader(file_path=str(path), url=first.url, chunk_size=MIB, upload_checksum=True,
                                 retries=5, retry_delay=1,
                                 client=tus_client.TusClient(f"{proxy.url}/api/evidence/uploads/", headers=headers))
        assert resumed.offset == upload.offset
        resumed.upload()
    finally:
        proxy.close()

    done = celery_worker.wait_for(lambda: Upload.objects.filter(uid=uid, status=UploadStatus.DONE).first(), timeout=60)
    item = done.item
    assert item.sha256 == hashlib.sha256(data).hexdigest() and item.size == len(data)
    assert item.content_type == "video/mp4" and item.case_id == case.pk and item.title == "现场检查录像"


def test_a_cut_chunk_with_a_checksum_is_discarded_whole(live_gunicorn, officers, case, tmp_path):
    data = mp4_bytes(8, padding=5 * MIB)
    path = tmp_path / "a.mp4"
    path.write_bytes(data)
    headers = {"Authorization": f"Token {token_for(user=officers[0])}"}
    proxy = CuttingProxy(int(live_gunicorn.url.rsplit(":", 1)[1]), cut_after=int(3.5 * MIB))
    try:
        uploader = Sha256Uploader(file_path=str(path), chunk_size=2 * MIB, upload_checksum=True,
                                  metadata={"filename": "a.mp4", "case": str(case.pk), "kind": "audiovisual"},
                                  client=tus_client.TusClient(f"{proxy.url}/api/evidence/uploads/", headers=headers))
        with pytest.raises(TusCommunicationError):
            uploader.upload()
        upload = _settled(uploader.url.rstrip("/").rsplit("/", 1)[1], offset_above=0)
        assert upload.offset == 2 * MIB  # the first chunk; the cut second one could not be verified
        # Resume as tus clients do: HEAD for the offset, and retry while the server still discards the cut
        # chunk (423 Locked for that moment).
        uploader.retries, uploader.retry_delay = 5, 1
        uploader.offset = uploader.get_offset()
        assert uploader.offset == 2 * MIB
        uploader.upload()
    finally:
        proxy.close()
    upload.refresh_from_db()
    assert upload.offset == len(data) and upload.status == UploadStatus.QUEUED


def _sparse_mp4(path, size: int) -> None:
    """A valid MP4 of `size` bytes: a tiny video, then one 64-bit `free` box of zeros, left as a hole."""
    head = mp4_bytes(9)
    with open(path, "wb") as out:
        out.write(head + struct.pack(">I4sQ", 1, b"free", size - len(head)))
        out.truncate(size)


class HashingFile:
    """The file as tuspy reads it, hashed on the way (tuspy reads it front to back once): the client's own
    SHA-256 of what it sent, without reading 4 GiB a second time."""

    def __init__(self, path):
        self.file, self.digest, self.hashed = open(path, "rb"), hashlib.sha256(), 0

    def read(self, size=-1):
        position = self.file.tell()
        data = self.file.read(size)
        if position == self.hashed:
            self.digest.update(data)
            self.hashed += len(data)
        return data

    def seek(self, *args):
        return self.file.seek(*args)

    def tell(self):
        return self.file.tell()

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Sampler(threading.Thread):
    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids, self.peak, self.running = pids, {}, True

    def run(self):
        while self.running:
            for pid in self.pids():
                try:
                    self.peak[pid] = max(self.peak.get(pid, 0), rss_kib(pid))
                except (OSError, LookupError):
                    pass
            time.sleep(0.05)


@pytest.fixture
def memory_media(monkeypatch, tmp_path):
    """Upload staging and the evidence store in memory (tmpfs) when there is room, so that 4 GiB are not written
    to disk only to be removed. Flushing to disk is covered by the other tests; this one measures memory.
    Set in the environment, so that gunicorn and the Celery worker use them too."""
    import shutil
    import tempfile

    shm = "/dev/shm"
    if os.path.isdir(shm) and shutil.disk_usage(shm).free > 12 * 1024 ** 3:
        root = tempfile.mkdtemp(prefix="zhifa-evidence-", dir=shm)
    else:
        root = str(tmp_path / "big")
    monkeypatch.setenv("EVIDENCE_UPLOAD_DIR", os.path.join(root, "uploads"))
    monkeypatch.setenv("EVIDENCE_ROOT", os.path.join(root, "evidence"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("live_gunicorn", [{"EVIDENCE_UPLOAD_FSYNC": "false"}], indirect=True)
def test_a_file_over_4_gib_streams_through_with_flat_memory(memory_media, celery_worker, live_gunicorn, officers, case,
                                                           tmp_path):
    import psutil

    size = 4 * 1024 * MIB + 24 * MIB  # past 2**32
    path = tmp_path / "整日执法记录.mp4"
    _sparse_mp4(path, size)
    headers = {"Authorization": f"Token {token_for(user=officers[0])}"}
    client = tus_client.TusClient(f"{live_gunicorn.url}/api/evidence/uploads/", headers=headers)

    # Warm the worker up (imports, URL resolver, database connection) before measuring.
    small = tmp_path / "warm.mp4"
    small.write_bytes(mp4_bytes(10))
    client.uploader(file_path=str(small), metadata={"filename": "warm.mp4", "case": str(case.pk),
                                                    "kind": "audiovisual"}).upload()
    celery_worker.wait_for(lambda: Upload.objects.filter(filename="warm.mp4", status=UploadStatus.DONE).exists())
    web = live_gunicorn.worker_pid()
    web_before = rss_kib(web, "VmHWM")
    ingest_pids = lambda: [p.pid for p in psutil.Process(celery_worker.process.pid).children()]  # noqa: E731
    ingest_before = {pid: rss_kib(pid, "VmHWM") for pid in ingest_pids()}

    sampler = Sampler(lambda: [web, *ingest_pids()])
    sampler.start()
    started = time.monotonic()
    sent = HashingFile(path)
    uploader = Sha256Uploader(file_stream=sent, chunk_size=32 * MIB, client=client,
                              metadata={"filename": path.name, "case": str(case.pk), "kind": "audiovisual"})
    uploader.upload()
    assert sent.hashed == size
    expected = sent.digest.hexdigest()
    uploaded_in = time.monotonic() - started
    uid = uploader.url.rstrip("/").rsplit("/", 1)[1]
    done = celery_worker.wait_for(
        lambda: Upload.objects.filter(uid=uid, status__in=[UploadStatus.DONE, UploadStatus.REJECTED,
                                                           UploadStatus.FAILED]).first(), timeout=120)
    ingested_in = time.monotonic() - started - uploaded_in
    sampler.running = False
    sampler.join()

    assert done.status == UploadStatus.DONE, done.error
    assert done.item.size == size and done.item.sha256 == expected and done.item.content_type == "video/mp4"
    web_growth = rss_kib(web, "VmHWM") - web_before
    ingest_growth = max((rss_kib(pid, "VmHWM") - ingest_before.get(pid, 0)) for pid in ingest_pids())
    figures = {"size_bytes": size, "upload_seconds": round(uploaded_in, 1), "ingest_seconds": round(ingested_in, 1),
               "web_worker_peak_rss_before_kib": web_before, "web_worker_peak_rss_growth_kib": web_growth,
               "web_worker_max_sampled_rss_kib": sampler.peak.get(web),
               "ingest_worker_peak_rss_growth_kib": ingest_growth}
    print("\nmemory figures:", json.dumps(figures))
    # Flat: a 4 GiB body moves through a web worker whose peak memory grows by a few MB at most.
    assert web_growth < 48 * 1024, figures
    assert ingest_growth < 48 * 1024, figures
