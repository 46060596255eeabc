"""What a file really is, from its bytes: the allow-list of evidence formats.

The name a client gives proves nothing: a Windows program renamed to 现场录像.mp4 is still a program.
The type is read from the content (magic numbers, container headers, the parts list of Office and OFD
packages) and checked against the allow-list: common video, audio and image formats, PDF, OFD and Office
documents. Executables and scripts are refused by name ("可执行文件"); anything unrecognised is refused too.

Pure Python, so no system library is needed.
"""

from __future__ import annotations

import os
import struct
import zipfile
from dataclasses import dataclass

HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str
    extensions: tuple[str, ...]
    category: str  # video, audio, image, document


class Refused(Exception):
    def __init__(self, code: str, message: str, message_en: str):
        super().__init__(message)
        self.code, self.message, self.message_en = code, message, message_en


def _t(content_type, label, extensions, category):
    return FileType(content_type, label, tuple(extensions), category)


MP4 = _t("video/mp4", "MP4 视频", [".mp4", ".m4v", ".mp4v"], "video")
MOV = _t("video/quicktime", "QuickTime 视频", [".mov", ".qt"], "video")
THREE_GP = _t("video/3gpp", "3GP 视频", [".3gp", ".3g2"], "video")
M4A = _t("audio/mp4", "M4A 音频", [".m4a", ".aac", ".mp4"], "audio")
HEIC = _t("image/heic", "HEIC 图片", [".heic", ".heif"], "image")
AVI = _t("video/x-msvideo", "AVI 视频", [".avi"], "video")
WAV = _t("audio/wav", "WAV 音频", [".wav"], "audio")
WEBP = _t("image/webp", "WebP 图片", [".webp"], "image")
MKV = _t("video/x-matroska", "MKV 视频", [".mkv", ".mka"], "video")
WEBM = _t("video/webm", "WebM 视频", [".webm"], "video")
ASF = _t("video/x-ms-asf", "WMV/WMA 音视频", [".wmv", ".wma", ".asf"], "video")
FLV = _t("video/x-flv", "FLV 视频", [".flv"], "video")
MPEG_TS = _t("video/mp2t", "MPEG-TS 视频", [".ts", ".mts", ".m2ts"], "video")
MPEG_PS = _t("video/mpeg", "MPEG 视频", [".mpg", ".mpeg", ".vob"], "video")
MP3 = _t("audio/mpeg", "MP3 音频", [".mp3"], "audio")
AAC = _t("audio/aac", "AAC 音频", [".aac"], "audio")
AMR = _t("audio/amr", "AMR 录音", [".amr"], "audio")
OGG = _t("audio/ogg", "Ogg 音频", [".ogg", ".oga", ".opus", ".ogv"], "audio")
FLAC = _t("audio/flac", "FLAC 音频", [".flac"], "audio")
JPEG = _t("image/jpeg", "JPEG 图片", [".jpg", ".jpeg", ".jpe"], "image")
PNG = _t("image/png", "PNG 图片", [".png"], "image")
GIF = _t("image/gif", "GIF 图片", [".gif"], "image")
BMP = _t("image/bmp", "BMP 图片", [".bmp"], "image")
TIFF = _t("image/tiff", "TIFF 图片", [".tif", ".tiff"], "image")
PDF = _t("application/pdf", "PDF 文档", [".pdf"], "document")
OFD = _t("application/ofd", "OFD 版式文档", [".ofd"], "document")
DOCX = _t("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档",
          [".docx", ".docm", ".dotx"], "document")
XLSX = _t("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 工作簿",
          [".xlsx", ".xlsm", ".xltx"], "document")
PPTX = _t("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint 演示文稿",
          [".pptx", ".pptm", ".ppsx"], "document")
OLE = _t("application/x-ole-storage", "Office 97-2003 文档", [".doc", ".xls", ".ppt", ".wps", ".et", ".dps"],
         "document")
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": _t("application/vnd.oasis.opendocument.text", "ODF 文本",
                                                  [".odt"], "document"),
    "application/vnd.oasis.opendocument.spreadsheet": _t("application/vnd.oasis.opendocument.spreadsheet",
                                                         "ODF 表格", [".ods"], "document"),
    "application/vnd.oasis.opendocument.presentation": _t("application/vnd.oasis.opendocument.presentation",
                                                          "ODF 演示文稿", [".odp"], "document"),
}

FTYP_BRANDS = {
    b"isom": MP4, b"iso2": MP4, b"iso4": MP4, b"iso5": MP4, b"iso6": MP4, b"mp41": MP4, b"mp42": MP4,
    b"avc1": MP4, b"dash": MP4, b"M4V ": MP4, b"M4VH": MP4, b"M4VP": MP4, b"MSNV": MP4, b"f4v ": MP4,
    b"qt  ": MOV, b"3gp4": THREE_GP, b"3gp5": THREE_GP, b"3gp6": THREE_GP, b"3g2a": THREE_GP,
    b"M4A ": M4A, b"M4B ": M4A, b"F4A ": M4A,
    b"heic": HEIC, b"heix": HEIC, b"mif1": HEIC, b"msf1": HEIC, b"hevc": HEIC,
}

EXECUTABLE_SIGNATURES = [
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"\xfe\xed\xfa\xce", "macOS 可执行程序"), (b"\xfe\xed\xfa\xcf", "macOS 可执行程序"),
    (b"\xce\xfa\xed\xfe", "macOS 可执行程序"), (b"\xcf\xfa\xed\xfe", "macOS 可执行程序"),
    (b"\xca\xfe\xba\xbe", "macOS 或 Java 程序"),
    (b"#!", "脚本程序"),
    (b"\x00asm", "WebAssembly 程序"),
    (b"dex\n", "Android 程序"),
]
SCRIPT_WORDS = (b"<script", b"<?php", b"@echo off", b"powershell", b"<html", b"<!doctype html", b"<svg")


def _refuse_executable(what: str) -> Refused:
    return Refused("executable", f"文件内容是{what}（可执行文件），不能作为证据上传。",
                   f"The file is an executable ({what}); executables are not accepted as evidence.")


def _mp3_frame(head: bytes) -> bool:
    return len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) != 0


def _sniff_head(head: bytes) -> FileType | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in FTYP_BRANDS:
            return FTYP_BRANDS[brand]
        # Compatible brands follow the minor version.
        box_size = struct.unpack(">I", head[:4])[0]
        for offset in range(16, min(box_size, len(head)) - 3, 4):
            if head[offset:offset + 4] in FTYP_BRANDS:
                return FTYP_BRANDS[head[offset:offset + 4]]
        return MP4
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
        return MOV
    if head[:4] == b"RIFF" and len(head) >= 12:
        return {b"AVI ": AVI, b"WAVE": WAV, b"WEBP": WEBP}.get(head[8:12])
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return WEBM if b"webm" in head[:64] else MKV
    if head[:16] == bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c"):
        return ASF
    if head[:3] == b"FLV":
        return FLV
    if head[:4] == b"\x00\x00\x01\xba":
        return MPEG_PS
    if len(head) >= 377 and head[0] == 0x47 and head[188] == 0x47 and head[376] == 0x47:
        return MPEG_TS
    if len(head) >= 389 and head[4] == 0x47 and head[196] == 0x47 and head[388] == 0x47:
        return MPEG_TS  # M2TS: 4-byte timecode before each packet
    if head[:3] == b"ID3" or _mp3_frame(head):
        return MP3
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xF6) == 0xF0:
        return AAC
    if head[:6] == b"#!AMR\n" or head[:9] == b"#!AMR-WB\n":
        return AMR
    if head[:4] == b"OggS":
        return OGG
    if head[:4] == b"fLaC":
        return FLAC
    if head[:3] == b"\xff\xd8\xff":
        return JPEG
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:2] == b"BM" and len(head) >= 14:
        return BMP
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if b"%PDF-" in head[:1024]:
        return PDF
    if head[:8] == bytes.fromhex("d0cf11e0a1b11ae1"):
        return OLE
    return None


def _sniff_zip(path: str) -> FileType:
    """A ZIP is evidence only as an Office, ODF or OFD document; any other archive is refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return ODF_TYPES[declared]
            if "OFD.xml" in names:
                return OFD
            if "[Content_Types].xml" in names:
                executable = [n for n in names if n.lower().endswith((".exe", ".dll", ".js", ".vbs", ".bat",
                                                                      ".cmd", ".ps1", ".scr"))]
                if executable:
                    raise _refuse_executable("嵌有程序的 Office 文档")
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
                if any(n.startswith("ppt/") for n in names):
                    return PPTX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        pass
    raise Refused("archive_not_allowed", "压缩包不能作为证据上传，请解压后分别上传其中的文件。",
                  "Archives are not accepted; upload the files inside one by one.")


def sniff(path: str, filename: str = "") -> FileType:
    """The file's type from its content, or Refused (executable, empty, or not on the allow-list)."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        raise Refused("empty_file", "文件为空。", "The file is empty.")
    for signature, what in EXECUTABLE_SIGNATURES:
        if head.startswith(signature):
            raise _refuse_executable(what)
    if head[:4] == b"PK\x03\x04":
        return _sniff_zip(path)
    found = _sniff_head(head)
    if found is None:
        lowered = head[:2048].lower().lstrip()
        if any(word in lowered for word in SCRIPT_WORDS):
            raise _refuse_executable("网页或脚本")
        extension = os.path.splitext(filename)[1].lower()
        raise Refused("type_not_allowed",
                      f"无法识别文件内容的类型{f'（文件名为 {extension}）' if extension else ''}，"
                      "只接受常见的视频、音频、图片、PDF、OFD 和 Office 文档。",
                      "The file's content is not a recognised video, audio, image, PDF, OFD or Office format.")
    return found


def extension_matches(file_type: FileType, filename: str) -> bool:
    return os.path.splitext(filename)[1].lower() in file_type.extensions
