"""Resumable uploads (tus 1.0.0: core, creation, termination, checksum, expiration): the services behind
/api/evidence/uploads/.

- Creation checks everything that can be checked before a byte is sent: the metadata (file name, case,
  kind, declared hash), the case (visible, the officer's, not closed), quotas and free disk space. The
  staging file is created empty.
- A PATCH streams the request body to the staging file in pieces of EVIDENCE_UPLOAD_READ_BYTES: memory
  does not grow with the file. The PATCH first claims the upload (a conditional UPDATE with a token and a
  heartbeat), so two PATCHes never write at once; a PATCH that dies loses its claim after
  EVIDENCE_UPLOAD_STALE_SECONDS without progress.
- What was received is flushed to disk before the offset is recorded, so the offset a client reads back
  is always on disk. A broken connection keeps what arrived (the client resumes from there); with a
  checksum the whole PATCH must arrive and match, or none of it counts (460 on a mismatch).
- The last byte queues the upload for ingest (tasks.ingest_upload). Until ingest has hashed, sniffed and
  stored it, an upload is not evidence.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import logging
import os
import re
import shutil
import time
import unicodedata
import uuid
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhifa.accounts.models import User
from zhifa.cases.choices import CaseState
from zhifa.cases.selectors import case_list
from zhifa.core.api.params import is_ascii_int
from zhifa.core.exceptions import ApplicationError, Conflict, InvalidInput, PermissionRefused
from zhifa.core.text import clean_text
from zhifa.core.validators import instant_in_range
from zhifa.evidence.choices import DerivativeKind, EvidenceKind, ItemStatus, UploadStatus
from zhifa.evidence.models import EvidenceItem, RecorderDevice, Upload
from zhifa.evidence.rules import CLOSED_CASE_STATES, can_add_evidence, can_edit_item, can_see_item

logger = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,checksum,expiration"
CHECKSUMS = {"sha256": hashlib.sha256, "sha1": hashlib.sha1, "md5": hashlib.md5}
HEARTBEAT_SECONDS = 5
ACTIVE = (UploadStatus.RECEIVING, UploadStatus.QUEUED, UploadStatus.INGESTING)
METADATA_KEY = re.compile(r"^[^\s,]+$")
SHA256_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
FORBIDDEN_IN_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")
WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class TusError(ApplicationError):
    """An error with a tus status code (409 offset, 412 version, 413 size, 460 checksum, ...)."""

    def __init__(self, status: int, code: str, message: str, message_en: str, **kwargs):
        super().__init__(message, message_en, code=code, status=status, **kwargs)


def staging_dir() -> Path:
    configured = getattr(settings, "EVIDENCE_UPLOAD_DIR", "")
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "uploads"


def staging_path(upload: Upload) -> Path:
    return staging_dir() / f"{upload.uid.hex}.part"


def expiry_from(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(hours=settings.EVIDENCE_UPLOAD_EXPIRE_HOURS)


# --- creation ---------------------------------------------------------------------------------------


def parse_metadata(header: str) -> dict[str, str]:
    """`Upload-Metadata: filename ZmlsZS5tcDQ=,case MTI=` -> {"filename": "file.mp4", "case": "12"}."""
    result: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in (header or "").split(","))):
        key, _, value = pair.partition(" ")
        value = value.strip()
        if not METADATA_KEY.match(key) or key in result or " " in value:
            raise InvalidInput("Upload-Metadata 格式有误。", "Upload-Metadata is malformed.",
                               fields={"Upload-Metadata": [f"无法解析“{pair[:40]}”"]})
        try:
            result[key] = clean_text(base64.b64decode(value, validate=True).decode("utf-8")) if value else ""
        except ValueError:  # binascii.Error, UnicodeDecodeError, and non-ASCII characters in the header
            raise InvalidInput("Upload-Metadata 的值应为 UTF-8 文本的 Base64 编码。",
                               "Upload-Metadata values must be Base64-encoded UTF-8.",
                               fields={key: ["不是有效的 Base64 编码的 UTF-8 文本"]}) from None
    return result


def filename_problem(name: str) -> str | None:
    if not name or not name.strip():
        return "请提供文件名（Upload-Metadata 的 filename）"
    if FORBIDDEN_IN_NAME.search(name) or WINDOWS_DRIVE.match(name):
        return "文件名不能包含路径（/ 或 \\）、盘符或控制字符"
    if name.strip() in (".", "..") or name.startswith("..") or ".." in name.replace("\\", "/").split("/"):
        return "文件名不能是 . 或 .. 这样的路径"
    if len(name) > 200:
        return "文件名不能超过200个字符"
    return None


def _aware(value: str, field: str, errors: dict) -> datetime.datetime | None:
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:  # well formed but impossible, e.g. month 13
        parsed = None
    if parsed is None:
        errors[field] = ["时间格式应为 ISO 8601，如 2023-03-09T09:30:00+08:00"]
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if not instant_in_range(parsed):
        errors[field] = ["时间应在 1900 年至 2200 年之间"]
        return None
    if parsed > timezone.now() + datetime.timedelta(minutes=5):
        errors[field] = ["时间不能晚于现在"]
    return parsed


def _validate(actor: User, meta: dict[str, str]) -> dict:
    """The upload's metadata, checked; raises InvalidInput with every problem named by its key."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    # Normalised: NFC here, control and bidi characters already gone (parse_metadata). A name with a path or a
    # line break is refused, not guessed at.
    filename = unicodedata.normalize("NFC", meta.get("filename", "") or meta.get("name", ""))
    problem = filename_problem(filename)
    if problem:
        errors["filename"] = [problem]
    clean["filename"] = filename.strip()

    original = None
    if meta.get("derivative_of"):
        original = EvidenceItem.objects.select_related("case").filter(
            pk=meta["derivative_of"]).first() if is_ascii_int(meta["derivative_of"]) else None
        if original is None or not can_see_item(actor, original):
            errors["derivative_of"] = ["原件不存在或无权查看"]
        elif meta.get("derivative_kind") not in DerivativeKind.values:
            errors["derivative_kind"] = [f"衍生文件种类应为 {'、'.join(DerivativeKind.values)} 之一"]
        clean["derivative_of"], clean["derivative_kind"] = original, meta.get("derivative_kind", "")
    else:
        kind = meta.get("kind", "")
        if kind not in EvidenceKind.values:
            errors["kind"] = [f"证据种类应为 {'、'.join(EvidenceKind.values)} 之一"]
        clean["kind"] = kind

    case = None
    raw_case = meta.get("case", "")
    if raw_case:
        case = case_list(user=actor).filter(pk=raw_case).first() if is_ascii_int(raw_case) else None
        if case is None:
            errors["case"] = ["案件不存在或无权查看"]
    elif original is not None:
        case = original.case
    clean["case"] = case

    declared = meta.get("sha256", "").strip()
    if declared and not SHA256_HEX.match(declared):
        errors["sha256"] = ["SHA-256 应为64位十六进制"]
    clean["sha256"] = declared.lower()

    extra: dict = {}
    for key, limit in (("title", 200), ("description", 4000), ("place", 200), ("note", 300)):
        value = meta.get(key, "").strip()
        if len(value) > limit:
            errors[key] = [f"不能超过{limit}个字符"]
        if value:
            extra[key] = value
    step = meta.get("step", "")
    if step and step not in CaseState.values:
        errors["step"] = ["办案环节不正确"]
    elif step:
        extra["step"] = step
    for key in ("collected_at", "recorded_from", "recorded_to"):
        parsed = _aware(meta.get(key, ""), key, errors)
        if parsed:
            extra[key] = parsed.isoformat()
    if extra.get("recorded_from") and extra.get("recorded_to") and extra["recorded_to"] < extra["recorded_from"]:
        errors["recorded_to"] = ["录制结束时间不能早于开始时间"]
    serial = meta.get("device", "").strip()
    if serial:
        if not RecorderDevice.objects.filter(agency_id=actor.agency_id, serial_number=serial).exists():
            errors["device"] = [f"本机关没有序列号为 {serial[:60]} 的执法记录仪"]
        extra["device"] = serial[:60]
    clean["extra"] = extra
    if errors:
        raise InvalidInput("上传信息有误，请检查标出的字段。", "The upload metadata is invalid; see the fields named.",
                           fields=errors)
    return clean


def _check_quota(actor: User, length: int) -> None:
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    if length > limit:
        raise TusError(413, "file_too_large", f"文件大小超过上限（{_size(limit)}）。",
                       f"The file exceeds the limit of {limit} bytes.")
    # One user's uploads are counted one at a time (their row is locked), so two at once cannot both fit.
    User.objects.select_for_update(of=("self",)).filter(pk=actor.pk).first()
    staged = Upload.objects.filter(created_by=actor, status__in=ACTIVE).aggregate(total=Sum("length"))["total"] or 0
    quota = settings.EVIDENCE_USER_STAGING_QUOTA_BYTES
    if staged + length > quota:
        raise TusError(413, "quota_exceeded",
                       f"超出上传配额：您尚未完成入库的上传共 {_size(staged)}，配额 {_size(quota)}。请等待入库完成或取消未完成的上传。",
                       f"Upload quota exceeded: {staged} bytes in progress, quota {quota} bytes.")
    agency_quota = settings.EVIDENCE_AGENCY_QUOTA_BYTES
    if agency_quota:
        stored = (EvidenceItem.objects.filter(agency_id=actor.agency_id).exclude(status=ItemStatus.DISPOSED)
                  .aggregate(total=Sum("size"))["total"] or 0)
        pending = (Upload.objects.filter(agency_id=actor.agency_id, status__in=ACTIVE)
                   .aggregate(total=Sum("length"))["total"] or 0)
        if stored + pending + length > agency_quota:
            raise TusError(413, "agency_quota_exceeded",
                           f"超出本机关证据存储配额（{_size(agency_quota)}），请联系系统管理员。",
                           f"The agency's evidence quota of {agency_quota} bytes would be exceeded.")
    directory = staging_dir()
    directory.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    pending_here = (Upload.objects.filter(status=UploadStatus.RECEIVING)
                    .aggregate(remaining=Sum(F("length") - F("offset")))["remaining"] or 0)
    if free - pending_here - length < settings.EVIDENCE_STAGING_RESERVE_BYTES:
        raise TusError(507, "insufficient_storage", "服务器暂存空间不足，请稍后再试或联系系统管理员。",
                       "Not enough staging space on the server; try later.")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


@transaction.atomic
def upload_create(*, actor: User, length: int | None, metadata_header: str) -> Upload:
    if length is None:
        raise InvalidInput("请在 Upload-Length 中给出文件大小（不支持延后声明大小）。",
                           "Upload-Length is required (deferred length is not supported).",
                           fields={"Upload-Length": ["必填，且应为非负整数"]})
    if length == 0:
        raise InvalidInput("文件为空（0 字节），不能作为证据。", "The file is empty.", code="empty_file",
                           fields={"Upload-Length": ["文件为空"]})
    meta = parse_metadata(metadata_header)
    clean = _validate(actor, meta)
    case, original = clean["case"], clean.get("derivative_of")
    if original is not None:
        if not can_edit_item(actor, original):
            raise PermissionRefused("只有能查看并处理该证据的执法人员或负责人可以上传其衍生文件。",
                                    "Only officers or leaders handling the evidence may add a derivative.")
        if original.status == ItemStatus.DISPOSED:
            raise Conflict("原件已销毁，不能再上传衍生文件。", "The original has been disposed of.", code="disposed")
    elif not can_add_evidence(actor, case):
        raise PermissionRefused("只有持有效执法证的本案（或本科室）执法人员可以上传证据。",
                                "Only credentialed officers of the case or its unit may upload evidence.")
    if case is not None and original is None and case.state in CLOSED_CASE_STATES:
        raise Conflict(f"案件{case.number or ''}已{case.get_state_display()}，不能再上传证据。",
                       f"The case is {case.state}; no more evidence may be added.", code="case_closed")
    _check_quota(actor, length)
    now = timezone.now()
    upload = Upload.objects.create(
        agency_id=actor.agency_id, unit_id=(case.unit_id if case else actor.unit_id), created_by=actor, case=case,
        kind=clean.get("kind", ""), derivative_of=original, derivative_kind=clean.get("derivative_kind", ""),
        filename=clean["filename"], length=length, declared_sha256=clean["sha256"],
        metadata={k: v for k, v in meta.items() if k not in ("filename", "case", "kind", "sha256")} | clean["extra"],
        expires_at=expiry_from(now),
    )
    path = staging_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb"):
        pass
    return upload


# --- receiving bytes ----------------------------------------------------------------------------------


def _gone(upload: Upload) -> TusError:
    return TusError(410, "upload_gone", f"该上传{upload.get_status_display()}，请重新上传。",
                    f"The upload is {upload.status}; start a new one.")


def upload_for(*, uid, actor: User) -> Upload:
    upload = Upload.objects.filter(uid=uid, created_by_id=actor.pk).first() if actor.is_authenticated else None
    if upload is None:
        raise TusError(404, "not_found", "上传不存在或无权访问。", "No such upload.")
    return upload


def parse_checksum(header: str | None):
    """`Upload-Checksum: sha256 <base64>` -> (name, expected digest bytes), or None."""
    if not header:
        return None
    name, _, encoded = header.strip().partition(" ")
    name = name.lower()
    if name not in CHECKSUMS:
        raise TusError(400, "checksum_algorithm", f"不支持的校验算法“{name[:20]}”，可用：{', '.join(CHECKSUMS)}。",
                       f"Unsupported checksum algorithm; use one of {', '.join(CHECKSUMS)}.")
    try:
        expected = base64.b64decode(encoded.strip(), validate=True)
    except ValueError:  # binascii.Error, and non-ASCII characters in the header
        raise TusError(400, "checksum_malformed", "Upload-Checksum 的值应为 Base64 编码的摘要。",
                       "Upload-Checksum must carry a Base64-encoded digest.") from None
    if len(expected) != CHECKSUMS[name]().digest_size:
        raise TusError(400, "checksum_malformed", "Upload-Checksum 的摘要长度不对。", "The checksum has the wrong length.")
    return name, expected


class _Claim:
    """This PATCH's hold on the upload: a token, renewed by a heartbeat while bytes arrive."""

    def __init__(self, upload: Upload):
        self.upload, self.token = upload, uuid.uuid4().hex
        self.last_beat = time.monotonic()

    def take(self, offset: int) -> bool:
        stale = timezone.now() - datetime.timedelta(seconds=settings.EVIDENCE_UPLOAD_STALE_SECONDS)
        return bool(Upload.objects.filter(pk=self.upload.pk, status=UploadStatus.RECEIVING, offset=offset)
                    .filter(Q(writer="") | Q(heartbeat_at__lt=stale))
                    .update(writer=self.token, heartbeat_at=timezone.now()))

    def held(self):
        return Upload.objects.filter(pk=self.upload.pk, writer=self.token)

    def beat(self, force: bool = False) -> bool:
        """Renew the claim now and then; False if another PATCH took the upload over."""
        if not force and time.monotonic() - self.last_beat < HEARTBEAT_SECONDS:
            return True
        self.last_beat = time.monotonic()
        return bool(self.held().update(heartbeat_at=timezone.now()))

    def release(self) -> None:
        self.held().update(writer="", heartbeat_at=None)


class Interrupted(Exception):
    """The client went away before the PATCH body was complete."""


def _read_body(stream, *, want: int | None, limit: int, piece: int):
    """Yield the body in pieces. `want` is Content-Length (None for chunked transfer, then up to `limit`+1)."""
    remaining = want if want is not None else limit + 1
    while remaining > 0:
        try:
            data = stream.read(min(piece, remaining))
        except (OSError, ValueError) as exc:  # connection reset, or a socket closed under us
            raise Interrupted(str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - servers signal a vanished client in their own ways
            if type(exc).__name__ in ("UnreadablePostError", "NoMoreData", "ChunkMissingTerminator",
                                      "InvalidChunkSize", "ClientDisconnected"):
                raise Interrupted(str(exc)) from exc
            raise
        if not data:
            if want is not None:
                raise Interrupted("body ended early")
            return
        remaining -= len(data)
        yield data


def _write_all(fd: int, data) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def upload_receive(*, upload: Upload, offset: int | None, content_length: int | None, stream,
                   checksum_header: str | None = None) -> Upload:
    """Append a PATCH body at `offset`. Returns the upload with its new offset (queued for ingest when complete)."""
    if offset is None or offset < 0:
        raise TusError(400, "offset_required", "请求缺少 Upload-Offset（应为非负整数）。",
                       "Upload-Offset is required and must be a non-negative integer.")
    checksum = parse_checksum(checksum_header)
    if upload.status != UploadStatus.RECEIVING:
        if upload.status in (UploadStatus.CANCELLED, UploadStatus.EXPIRED):
            raise _gone(upload)
        if offset == upload.offset and not content_length:
            return upload  # a repeat of the last (empty) PATCH: nothing to do
        raise TusError(409, "upload_complete", f"该上传已接收完毕（{upload.get_status_display()}）。",
                       f"The upload is already complete ({upload.status}).")
    if offset != upload.offset:
        raise TusError(409, "offset_mismatch",
                       f"Upload-Offset 为 {offset}，但服务器已接收 {upload.offset} 字节。请先用 HEAD 查询后从该位置续传。",
                       f"Upload-Offset {offset} does not match the {upload.offset} bytes received; HEAD and resume.")
    room = upload.length - offset
    if content_length is not None and content_length > room:
        raise TusError(413, "exceeds_length",
                       f"本次发送 {content_length} 字节，超出声明的文件大小（还可接收 {room} 字节）。",
                       f"The body of {content_length} bytes exceeds the declared Upload-Length ({room} left).")
    claim = _Claim(upload)
    if not claim.take(offset):
        current = Upload.objects.get(pk=upload.pk)
        if current.status != UploadStatus.RECEIVING or current.offset != offset:
            raise TusError(409, "offset_mismatch", f"服务器已接收 {current.offset} 字节，请先用 HEAD 查询后续传。",
                           f"The server now has {current.offset} bytes; HEAD and resume.")
        raise TusError(423, "upload_locked", "另一个请求正在向该上传写入数据，请稍后重试。",
                       "Another request is writing to this upload; retry shortly.")

    path = staging_path(upload)
    digest = CHECKSUMS[checksum[0]]() if checksum else None
    received, interrupted, lost = 0, False, False
    try:
        fd = os.open(path, os.O_WRONLY)
        if os.fstat(fd).st_size < offset:  # bytes confirmed to the client are gone from the disk
            os.close(fd)
            raise FileNotFoundError(path)
    except OSError as exc:
        logger.error("Upload %s: staging file missing or short (%s)", upload.uid, exc)
        claim.held().update(status=UploadStatus.FAILED, writer="", error_code="staging_lost",
                            error="暂存的上传数据已丢失", finished_at=timezone.now())
        raise TusError(410, "staging_lost", "服务器暂存的上传数据已丢失，请重新上传。",
                       "The server lost this upload's staged data; upload again.") from exc
    try:
        os.ftruncate(fd, offset)  # anything beyond the recorded offset was never confirmed: drop it
        os.lseek(fd, offset, os.SEEK_SET)
        piece = settings.EVIDENCE_UPLOAD_READ_BYTES
        try:
            for data in _read_body(stream, want=content_length, limit=room, piece=piece):
                if received + len(data) > room:  # chunked transfer ran past Upload-Length
                    os.ftruncate(fd, offset)
                    raise TusError(413, "exceeds_length", "发送的数据超出声明的文件大小。",
                                   "The body exceeds the declared Upload-Length.")
                if not claim.beat():
                    lost = True
                    break
                _write_all(fd, data)
                if digest is not None:
                    digest.update(data)
                received += len(data)
        except Interrupted as exc:
            interrupted = True
            logger.info("Upload %s: PATCH interrupted after %s bytes (%s)", upload.uid, received, exc)
        if lost:
            raise TusError(409, "upload_taken_over", "该上传已由另一个请求接管，请用 HEAD 查询后续传。",
                           "Another request took this upload over; HEAD and resume.")
        if digest is not None and (interrupted or digest.digest() != checksum[1]):
            os.ftruncate(fd, offset)
            if interrupted:
                received = 0
            else:
                raise TusError(460, "checksum_mismatch",
                               f"本次发送的数据与 Upload-Checksum（{checksum[0]}）不符，已丢弃，请重新发送该段。",
                               "The data does not match Upload-Checksum; it was discarded, send it again.")
        if received and settings.EVIDENCE_UPLOAD_FSYNC:
            os.fsync(fd)
    except OSError as exc:
        _truncate_quietly(fd, offset)
        claim.release()
        logger.exception("Upload %s: writing to the staging file failed", upload.uid)
        raise ApplicationError("服务器写入上传数据失败（存储空间不足或磁盘故障），请稍后续传。",
                               "The server could not write the upload (disk full or failing); resume later.",
                               code="insufficient_storage", status=507) from exc
    except BaseException:
        claim.release()
        raise
    finally:
        os.close(fd)

    new_offset = offset + received
    now = timezone.now()
    complete = new_offset == upload.length
    with transaction.atomic():
        changes = {"offset": new_offset, "writer": "", "heartbeat_at": None, "expires_at": expiry_from(now)}
        if complete:
            changes.update(status=UploadStatus.QUEUED, completed_at=now)
        if not claim.held().filter(offset=offset).update(**changes):
            raise TusError(409, "upload_taken_over", "该上传已由另一个请求接管，请用 HEAD 查询后续传。",
                           "Another request took this upload over; HEAD and resume.")
        if complete:
            transaction.on_commit(partial(enqueue_ingest, upload.pk), robust=True)
    upload.refresh_from_db()
    return upload


def _truncate_quietly(fd: int, offset: int) -> None:
    try:
        os.ftruncate(fd, offset)
    except OSError:
        pass


def enqueue_ingest(upload_id: int) -> None:
    from zhifa.evidence.tasks import ingest_upload

    ingest_upload.delay(upload_id)


# --- termination and expiry ---------------------------------------------------------------------------


def upload_terminate(*, upload: Upload) -> None:
    """DELETE: drop an unfinished upload and its bytes. A complete upload is ingest's now, and stays."""
    if upload.status in (UploadStatus.CANCELLED, UploadStatus.EXPIRED):
        raise _gone(upload)
    if upload.status != UploadStatus.RECEIVING:
        raise TusError(409, "upload_complete", f"该上传已接收完毕（{upload.get_status_display()}），不能取消。",
                       f"The upload is complete ({upload.status}) and can no longer be terminated.")
    stale = timezone.now() - datetime.timedelta(seconds=settings.EVIDENCE_UPLOAD_STALE_SECONDS)
    done = (Upload.objects.filter(pk=upload.pk, status=UploadStatus.RECEIVING)
            .filter(Q(writer="") | Q(heartbeat_at__lt=stale))
            .update(status=UploadStatus.CANCELLED, finished_at=timezone.now(), writer=""))
    if not done:
        raise TusError(423, "upload_locked", "该上传正在接收数据，请先中止发送再取消。",
                       "The upload is receiving data; stop sending first.")
    remove_staging(upload)


def remove_staging(upload: Upload) -> None:
    try:
        staging_path(upload).unlink()
    except FileNotFoundError:
        pass


def uploads_expire(*, now: datetime.datetime | None = None) -> int:
    """Unfinished uploads idle past their expiry lose their bytes (tus expiration)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.EVIDENCE_UPLOAD_STALE_SECONDS)
    expired = 0
    for upload in Upload.objects.filter(status=UploadStatus.RECEIVING, expires_at__lt=now)[:1000]:
        if (Upload.objects.filter(pk=upload.pk, status=UploadStatus.RECEIVING, expires_at__lt=now)
                .filter(Q(writer="") | Q(heartbeat_at__lt=stale))
                .update(status=UploadStatus.EXPIRED, finished_at=now, writer="")):
            remove_staging(upload)
            expired += 1
    return expired
