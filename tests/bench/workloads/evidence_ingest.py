"""Workload 3: a recording through the tus endpoint until it is evidence.

A real MP4 (a tiny video, then a `free` box of random bytes up to the size) is uploaded by the tuspy
client in 16 MB chunks over loopback to gunicorn running deploy/gunicorn.conf.py (gthread, one worker
process so that its memory is the server's), into local storage; a real Celery worker on the `ingest`
queue hashes, sniffs and stores it. The clock runs from the upload's creation until the upload row says
`done` (an evidence item exists). Each run changes a few bytes of the file first, so every run is a new
file for the content-addressed store.

Baseline: `sha256sum` over the same file on the same disk, run by run. Also reported: the peak resident
memory of the gunicorn worker and of the Celery worker (any one process, sampled with psutil every 50 ms).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from tests.bench import processes
from tests.bench.harness import Figure, interleaved, profiled

MB = 1_000_000
MIB = 1 << 20
CHUNK = 16 * MIB


def make_recording(path: Path, size: int) -> int:
    """A valid MP4 of `size` bytes; returns the offset of the bytes changed per run."""
    from zhifa.demo.evidence import make_mp4

    head = make_mp4(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        out.write(head)
        out.write((size - len(head)).to_bytes(4, "big") + b"free")
        left = size - len(head) - 8
        while left > 0:
            piece = os.urandom(min(left, CHUNK))
            out.write(piece)
            left -= len(piece)
    return len(head) + 8


def prepare_officer():
    """An officer assigned to an open case, credentialed here, and that case."""
    from zhifa.accounts.models import EnforcementCredential
    from zhifa.cases.models import CaseOfficer

    assignment = (CaseOfficer.objects.filter(case__state="investigating", officer__role="officer")
                  .select_related("case", "officer").order_by("case_id", "id").first())
    assert assignment, "no open case with an officer assigned"
    today = datetime.date.today()
    EnforcementCredential.objects.get_or_create(holder=assignment.officer, number="BENCH-42900500001", defaults={
        "valid_from": today - datetime.timedelta(days=365), "valid_to": today + datetime.timedelta(days=365)})
    return assignment.officer, assignment.case


def run(spec: dict) -> dict:
    from django.db import close_old_connections
    from tusclient import client as tus_client

    from zhifa.accounts.services import token_for
    from zhifa.evidence.choices import UploadStatus
    from zhifa.evidence.models import StoredFile, Upload

    size = spec["ingest_bytes"]
    work = Path(spec["scratch_dir"]) / "ingest"
    media = work / "media"
    source = work / "source" / "执法记录仪录像.mp4"
    officer, case = prepare_officer()
    token = token_for(user=officer)
    shutil.rmtree(work, ignore_errors=True)
    mutable_at = make_recording(source, size)
    env = processes.server_env(DJANGO_MEDIA_ROOT=str(media), EVIDENCE_ROOT="", EVIDENCE_UPLOAD_DIR="",
                               DATABASE_CONN_MAX_AGE="0")
    web = celery = None
    timings: list[dict] = []
    counter = iter(range(1_000_000))
    try:
        web, port = processes.start_gunicorn(env, workers=1, threads=4, production_config=True)
        celery = processes.start_celery(env, queues="ingest", log_path=work / "celery.log")
        sampler = processes.RssSampler({"gunicorn worker": web.pid, "celery worker": celery.pid})
        endpoint = f"http://127.0.0.1:{port}/api/evidence/uploads/"
        headers = {"Authorization": f"Token {token}"}

        def fresh_bytes() -> None:
            with open(source, "r+b") as handle:
                handle.seek(mutable_at)
                handle.write(f"bench run {next(counter):08d} {time.time_ns()}".encode())

        def ingest() -> float:
            fresh_bytes()
            started = time.perf_counter()
            uploader = tus_client.TusClient(endpoint, headers=headers).uploader(
                file_path=str(source), chunk_size=CHUNK,
                metadata={"filename": source.name, "case": str(case.pk), "kind": "audiovisual",
                          "title": "现场检查录像"})
            uploader.upload()
            uploaded = time.perf_counter()
            uid = uploader.url.rstrip("/").rsplit("/", 1)[1]
            deadline = time.monotonic() + 3600
            while True:
                close_old_connections()
                upload = Upload.objects.get(uid=uid)
                if upload.status == UploadStatus.DONE:
                    break
                if upload.status not in (UploadStatus.QUEUED, UploadStatus.INGESTING) or time.monotonic() > deadline:
                    raise RuntimeError(f"upload {uid} ended {upload.status}: {upload.error}")
                time.sleep(0.01)
            finished = time.perf_counter()
            timings.append({"upload_s": uploaded - started, "ingest_s": finished - uploaded})
            # Keep the disk from filling up over the runs: the stored copy is not needed again.
            stored = StoredFile.objects.get(sha256=upload.sha256)
            (media / "evidence" / stored.storage_name).unlink(missing_ok=True)
            return size / (finished - started) / MB

        def sha256sum() -> float:
            started = time.perf_counter()
            subprocess.run(["sha256sum", str(source)], check=True, stdout=subprocess.DEVNULL)
            return size / (time.perf_counter() - started) / MB

        with sampler:
            samples = interleaved({"zhifa": ingest, "sha256sum": sha256sum}, runs=spec["runs"],
                                  warmup=spec["warmup"])
        peaks = dict(sampler.peaks)
        check = Upload.objects.filter(status=UploadStatus.DONE).order_by("-id").first()
        with open(source, "rb") as handle:
            expected = hashlib.file_digest(handle, "sha256").hexdigest()
        assert check.sha256 == expected and check.item.size == size, "the last upload is not the file sent"
    finally:
        processes.stop(web)
        processes.stop(celery)
        shutil.rmtree(work, ignore_errors=True)

    timed = timings[-spec["runs"]:]
    profile = profile_server_side(source_size=size, officer=officer, case=case, work=work)
    extra = {"file_bytes": size, "chunk_bytes": CHUNK,
             "upload_seconds": [round(t["upload_s"], 3) for t in timed],
             "ingest_seconds_after_last_byte": [round(t["ingest_s"], 3) for t in timed]}
    figures = [
        Figure(f"tus upload of {size / MIB:,.0f} MiB until it is evidence", "MB/s", samples["zhifa"],
               "sha256sum on the same file", samples["sha256sum"], higher_is_better=True,
               target="ratio >= 0.5", target_ratio=0.5, extra=extra),
    ]
    results = [figure.summary() for figure in figures]
    for role, peak in peaks.items():
        results.append({"name": f"peak RSS, {role}", "unit": "MB", "runs": 1, "median": peak, "min": peak,
                        "max": peak, "values": [peak], "target": "<= 250 MB", "met": peak <= 250})
    return {"figures": results, "profile": profile}


def profile_server_side(*, source_size: int, officer, case, work: Path) -> str | None:
    """Where the server's time goes, in-process: the PATCH service receiving the file in 16 MB requests,
    then ingest, under pyinstrument (without HTTP, gunicorn or the client)."""
    import base64
    import io

    from django.conf import settings

    from zhifa.evidence import ingest, uploads

    source = work / "profile.mp4"
    media = work / "profile-media"
    settings.MEDIA_ROOT = str(media)
    try:
        make_recording(source, source_size)
        metadata = ",".join(f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in
                            {"filename": "profile.mp4", "case": str(case.pk), "kind": "audiovisual"}.items())
        upload = uploads.upload_create(actor=officer, length=source_size, metadata_header=metadata)

        def receive_and_ingest() -> None:
            nonlocal upload
            with open(source, "rb") as handle:
                while upload.offset < source_size:
                    chunk = handle.read(CHUNK)
                    upload = uploads.upload_receive(upload=upload, offset=upload.offset, content_length=len(chunk),
                                                    stream=io.BytesIO(chunk))
            ingest.upload_ingest(upload_id=upload.pk)

        return profiled(receive_and_ingest, limit=45)
    finally:
        shutil.rmtree(media, ignore_errors=True)
        source.unlink(missing_ok=True)
