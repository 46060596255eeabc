"""The demo evidence: the seed's 4 recorders, footage on the 2023 deregistration cases, playable MP4s."""

import pytest

from zhifa.demo import evidence as demo_evidence
from zhifa.demo.evidence import make_mp4
from zhifa.evidence import sniffing, storage
from zhifa.evidence.models import EvidenceItem, RecorderDevice


def test_generated_footage_is_a_small_valid_mp4(tmp_path):
    path = tmp_path / "a.mp4"
    data = make_mp4(3)
    path.write_bytes(data)
    assert sniffing.sniff(str(path), "a.mp4").content_type == "video/mp4"
    assert len(data) < 100_000 and make_mp4(3) == data and make_mp4(4) != data
    assert b"avcC" in data and b"mdat" in data


@pytest.mark.django_db
def test_demo_evidence_loads_once(agency, make_user, case_for, officers):
    from zhifa.accounts.choices import Role

    for username, role in (("officer1", Role.OFFICER), ("officer2", Role.OFFICER), ("leader1", Role.LEADER),
                           ("admin", Role.ADMINISTRATOR)):
        make_user(role, username=username)
    case = case_for()
    case.number_year = 2023
    case.decision_penalties = ["deregistration"]
    case.save(update_fields=["number_year", "decision_penalties"])
    demo_evidence.load(agency)
    demo_evidence.load(agency)
    assert RecorderDevice.objects.filter(agency=agency).count() == 4
    item = EvidenceItem.objects.get(case=case)
    assert item.device.serial_number.startswith("QJMZ-DSJ-") and item.content_type == "video/mp4"
    assert storage.exists(item.file.storage_name)
    assert item.device.custody.count() == 2
