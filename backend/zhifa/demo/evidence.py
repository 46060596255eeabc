"""Demo evidence: the seed's 4 body-worn recorders (执法记录仪) with their custody ledger, and footage on the
2023 deregistration cases, each a small MP4 made here.

The footage is real, playable video: H.264 (Baseline profile, every macroblock I_PCM, so no encoder
library is needed) in an MP4 container, 96x64 pixels, a few seconds long, a few tens of KB. Each clip
differs (its colours and moving bar depend on the case), so each has its own SHA-256.
"""

from __future__ import annotations

import datetime
import struct
import tempfile
from pathlib import Path

from django.utils import timezone

from zhifa.accounts.models import Agency, User
from zhifa.cases.models import Case
from zhifa.evidence import services
from zhifa.evidence.choices import CustodyAction, EvidenceKind
from zhifa.evidence.models import DeviceCustody, EvidenceItem, FootageInterruption, RecorderDevice

DEVICES = [
    ("QJMZ-DSJ-2023001", "DSJ-T9 执法记录仪", "officer1"),
    ("QJMZ-DSJ-2023002", "DSJ-T9 执法记录仪", "officer2"),
    ("QJMZ-DSJ-2023003", "DSJ-T9 执法记录仪", "officer3"),
    ("QJMZ-DSJ-2023004", "DSJ-T9 执法记录仪", "officer1"),
]
IN_SERVICE_ON = datetime.date(2023, 2, 20)


# --- a tiny H.264 / MP4 writer ---------------------------------------------------------------------------


class _Bits:
    def __init__(self):
        self.bits: list[int] = []

    def u(self, count: int, value: int) -> None:
        self.bits.extend((value >> (count - 1 - i)) & 1 for i in range(count))

    def ue(self, value: int) -> None:
        value += 1
        length = value.bit_length()
        self.u(length - 1, 0)
        self.u(length, value)

    def se(self, value: int) -> None:
        self.ue(2 * value - 1 if value > 0 else -2 * value)

    def align_zero(self) -> None:
        while len(self.bits) % 8:
            self.bits.append(0)

    def trailing(self) -> None:
        self.bits.append(1)
        self.align_zero()

    def raw(self, data: bytes) -> None:
        assert len(self.bits) % 8 == 0
        for byte in data:
            self.u(8, byte)

    def bytes(self) -> bytes:
        return bytes(int("".join(map(str, self.bits[i:i + 8])), 2) for i in range(0, len(self.bits), 8))


def _nal(kind: int, payload: bytes) -> bytes:
    """A NAL unit (nal_ref_idc 3) with emulation prevention."""
    out, zeros = bytearray([0x60 | kind]), 0
    for byte in payload:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def _sps(mb_width: int, mb_height: int) -> bytes:
    b = _Bits()
    b.u(8, 66)  # Baseline
    b.u(8, 0xC0)  # constraint_set0 and 1
    b.u(8, 11)  # level 1.1
    b.ue(0)  # seq_parameter_set_id
    b.ue(0)  # log2_max_frame_num_minus4
    b.ue(2)  # pic_order_cnt_type
    b.ue(0)  # max_num_ref_frames
    b.u(1, 0)  # gaps_in_frame_num_value_allowed_flag
    b.ue(mb_width - 1)
    b.ue(mb_height - 1)
    b.u(1, 1)  # frame_mbs_only_flag
    b.u(1, 1)  # direct_8x8_inference_flag
    b.u(1, 0)  # frame_cropping_flag
    b.u(1, 0)  # vui_parameters_present_flag
    b.trailing()
    return _nal(7, b.bytes())


def _pps() -> bytes:
    b = _Bits()
    b.ue(0)
    b.ue(0)
    b.u(1, 0)  # CAVLC
    b.u(1, 0)
    b.ue(0)  # one slice group
    b.ue(0)
    b.ue(0)
    b.u(1, 0)
    b.u(2, 0)
    b.se(0)
    b.se(0)
    b.se(0)
    b.u(1, 0)  # deblocking_filter_control_present_flag
    b.u(1, 0)
    b.u(1, 0)
    b.trailing()
    return _nal(8, b.bytes())


def _frame(index: int, mb_width: int, mb_height: int, luma, chroma) -> bytes:
    """One IDR picture, every macroblock I_PCM: luma(x, y) and chroma(x, y) give the sample values."""
    b = _Bits()
    b.ue(0)  # first_mb_in_slice
    b.ue(7)  # I slice
    b.ue(0)  # pic_parameter_set_id
    b.u(4, 0)  # frame_num
    b.ue(index % 2)  # idr_pic_id: consecutive IDRs differ
    b.u(1, 0)  # no_output_of_prior_pics_flag
    b.u(1, 0)  # long_term_reference_flag
    b.se(0)  # slice_qp_delta
    for my in range(mb_height):
        for mx in range(mb_width):
            b.ue(25)  # mb_type I_PCM
            b.align_zero()
            b.raw(bytes(luma(mx * 16 + x, my * 16 + y) for y in range(16) for x in range(16)))
            cb, cr = zip(*(chroma(mx * 8 + x, my * 8 + y) for y in range(8) for x in range(8)))
            b.raw(bytes(cb))
            b.raw(bytes(cr))
    b.trailing()
    return _nal(5, b.bytes())


def _box(kind: bytes, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full(kind: bytes, version_flags: int, *parts: bytes) -> bytes:
    return _box(kind, struct.pack(">I", version_flags), *parts)


MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def make_mp4(seed: int, *, seconds: int = 3, fps: int = 2, width: int = 96, height: int = 64,
             note: str = "") -> bytes:
    """A small playable H.264 MP4; `seed` picks its colours and motion, `note` goes in a free box."""
    mb_width, mb_height = width // 16, height // 16
    frames = seconds * fps
    background = 40 + (seed * 37) % 150
    tint = ((seed * 53) % 200 + 28, (seed * 91) % 200 + 28)
    samples = []
    for n in range(frames):
        bar = (n * width // frames + seed * 7) % width

        def luma(x, y, bar=bar, n=n):
            if bar <= x < bar + 12:
                return 220
            return max(16, min(235, background + (y * 2) + (n % 3) * 4))

        def chroma(x, y):
            return tint

        nal = _frame(n, mb_width, mb_height, luma, chroma)
        samples.append(struct.pack(">I", len(nal)) + nal)
    sps, pps = _sps(mb_width, mb_height), _pps()

    timescale, duration = 1000, seconds * 1000
    delta = timescale // fps
    ftyp = _box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2avc1mp41")
    free = _box(b"free", note.encode("utf-8"))
    mdat_header = 8
    head_size = len(ftyp) + len(free)

    def moov(chunk_offset: int) -> bytes:
        mvhd = _full(b"mvhd", 0, struct.pack(">IIII", 0, 0, timescale, duration), struct.pack(">IH", 0x10000, 0x100),
                     b"\0" * 10, MATRIX, b"\0" * 24, struct.pack(">I", 2))
        tkhd = _full(b"tkhd", 3, struct.pack(">IIIII", 0, 0, 1, 0, duration), b"\0" * 8,
                     struct.pack(">HHHH", 0, 0, 0, 0), MATRIX, struct.pack(">II", width << 16, height << 16))
        mdhd = _full(b"mdhd", 0, struct.pack(">IIII", 0, 0, timescale, duration), struct.pack(">HH", 0x55C4, 0))
        hdlr = _full(b"hdlr", 0, struct.pack(">I", 0), b"vide", b"\0" * 12, b"VideoHandler\0")
        avcc = _box(b"avcC", bytes([1, 66, 0xC0, 11, 0xFF, 0xE1]), struct.pack(">H", len(sps)), sps,
                    bytes([1]), struct.pack(">H", len(pps)), pps)
        avc1 = _box(b"avc1", b"\0" * 6, struct.pack(">H", 1), b"\0" * 16, struct.pack(">HH", width, height),
                    struct.pack(">II", 0x480000, 0x480000), struct.pack(">I", 0), struct.pack(">H", 1),
                    b"\0" * 32, struct.pack(">H", 0x18), struct.pack(">h", -1), avcc)
        stsd = _full(b"stsd", 0, struct.pack(">I", 1), avc1)
        stts = _full(b"stts", 0, struct.pack(">III", 1, frames, delta))
        stsc = _full(b"stsc", 0, struct.pack(">IIII", 1, 1, frames, 1))
        stsz = _full(b"stsz", 0, struct.pack(">II", 0, frames), *(struct.pack(">I", len(s)) for s in samples))
        stco = _full(b"stco", 0, struct.pack(">II", 1, chunk_offset))
        stbl = _box(b"stbl", stsd, stts, stsc, stsz, stco)
        dinf = _box(b"dinf", _full(b"dref", 0, struct.pack(">I", 1), _full(b"url ", 1)))
        minf = _box(b"minf", _full(b"vmhd", 1, b"\0" * 8), dinf, stbl)
        return _box(b"moov", mvhd, _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, minf)))

    size_of_moov = len(moov(0))
    offset = head_size + size_of_moov + mdat_header
    mdat = _box(b"mdat", *samples)
    return ftyp + free + moov(offset) + mdat


# --- the demo data --------------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load_devices(agency: Agency, people: dict[str, User]) -> list[RecorderDevice]:
    devices = []
    for serial, model, _ in DEVICES:
        device, _ = RecorderDevice.objects.get_or_create(
            agency=agency, serial_number=serial,
            defaults={"model": model, "in_service_on": IN_SERVICE_ON, "note": "2023年配备，用于执法全过程记录"})
        devices.append(device)
    return devices


def _record_use(device: RecorderDevice, holder: User, recorder: User, start: datetime.datetime,
                end: datetime.datetime) -> None:
    """The ledger for one outing: issued before, returned after."""
    if DeviceCustody.objects.filter(device=device, occurred_at=start - datetime.timedelta(minutes=30)).exists():
        return
    if device.custody.filter(occurred_at__gt=start).exists():
        return  # the ledger runs forward only
    services.device_custody_record(device_id=device.pk, actor=recorder, action=CustodyAction.ISSUE, holder=holder,
                                   occurred_at=start - datetime.timedelta(minutes=30), note="执法检查领用")
    services.device_custody_record(device_id=device.pk, actor=recorder, action=CustodyAction.RETURN, holder=holder,
                                   occurred_at=end + datetime.timedelta(minutes=40), note="归还并导出视音频")


def load(agency: Agency) -> None:
    people = {u.username: u for u in User.objects.filter(
        username__in=["officer1", "officer2", "officer3", "leader1", "admin"])}
    if "officer1" not in people or "leader1" not in people:
        return
    devices = load_devices(agency, people)
    cases = list(Case.objects.filter(agency=agency, number_year=2023, decision_penalties__contains=["deregistration"])
                 .order_by("number_sequence"))
    for index, case in enumerate(cases):
        title = f"{case.party_name}现场检查执法记录仪视音频"
        if EvidenceItem.objects.filter(case=case, title=title).exists():
            continue
        inspection = case.documents.filter(kind="inspection_record").order_by("id").first()
        day = inspection.issued_on if inspection else (case.filed_on or case.received_on)
        start = _at(day, 9, 30) + datetime.timedelta(minutes=7 * index)
        end = start + datetime.timedelta(minutes=24)
        device = devices[index % len(devices)]
        wearer = people[DEVICES[index % len(DEVICES)][2]]
        _record_use(device, wearer, people["leader1"], start, end)
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"{device.serial_number}_{start:%Y%m%d_%H%M%S}.mp4"
            path.write_bytes(make_mp4(case.pk, note=f"{case.number} {device.serial_number}"))
            item = services.evidence_import(
                actor=wearer, path=path, filename=path.name, kind=EvidenceKind.AUDIOVISUAL, case=case,
                title=title, description=f"执法人员对{case.party_name}住所进行现场检查，出示执法证件，询问负责人，全程录像。",
                procedure_step="investigating", collected_at=start, collected_place=case.organisation.address
                if case.organisation_id else "当事人住所", device=device, recording_officer=wearer,
                recorded_from=start, recorded_to=end,
                collectors=[people["officer1"], people.get("officer2", people["officer1"])])
        if index == 2:
            FootageInterruption.objects.create(item=item, started_at=start + datetime.timedelta(minutes=11),
                                               ended_at=start + datetime.timedelta(minutes=13),
                                               reason="记录仪电量不足，更换电池", recorded_by=wearer)
        if case.state in ("closed", "archived"):
            # Used as evidence in the decision: kept permanently.
            services.item_admit(item_id=item.pk, actor=people["leader1"])
