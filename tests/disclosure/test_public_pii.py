"""Nothing personal reaches the public (DOMAIN.md §4): the title, the field names and values, the body, every
file of the public site (pages, JSON, feed, sitemaps) and every public API answer go through the one masker,
and the one scanner (tests/reliability/pii.py → zhifa.disclosure.masking.pii_findings) finds nothing in them.

The property test writes ID, mobile and bank numbers in the forms people and the decision text produce (run into
letters or other digits, grouped with spaces or hyphens, full-width) into every free-text field of a decision
and of a hand-written notice, takes them through redaction check, approval and publication by a real Celery
worker, and scans the whole site directory and the public API."""

import datetime
import io
import unicodedata
import zipfile

from django.test import Client
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.reliability.pii import scan
from zhifa.core.validators import resident_id_check_char
from zhifa.disclosure import services
from zhifa.disclosure.models import Notice
from zhifa.registry.models import Organisation

ISSUE_PARTY = "王五 电话13800138000 身份证11010519491231002X"
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _id(born: datetime.date, sequence: int) -> str:
    first17 = f"420102{born:%Y%m%d}{sequence}"
    return first17 + resident_id_check_char(first17)


MOBILES = st.builds(lambda second, rest: f"1{second}{rest:09d}", st.integers(3, 9), st.integers(0, 10**9 - 1))
IDS = st.builds(_id, st.dates(datetime.date(1940, 1, 1), datetime.date(2000, 12, 31)), st.integers(100, 999))
BANKS = st.builds(lambda rest: f"6222{rest}", st.text("0123456789", min_size=12, max_size=15))
FORMS = [
    lambda n: n,
    lambda n: f"ID{n}PENTEST",
    lambda n: f"{n}X{n[:3]}",
    lambda n: " ".join(n[i:i + 4] for i in range(0, len(n), 4)),
    lambda n: "-".join([n[:3], n[3:7], n[7:]]),
    lambda n: n.translate(FULL_WIDTH),
]
WRITTEN = st.tuples(st.one_of(MOBILES, IDS, BANKS), st.sampled_from(FORMS)).map(lambda pair: (pair[0], pair[1](pair[0])))
FILLER = st.sampled_from(["", "会长", "经查，", "联系", "该会", "。", "号码", "abc"])


@st.composite
def pii_text(draw):
    """(text, the plain numbers it hides): filler around one or two numbers in some writing."""
    numbers, parts = [], [draw(FILLER)]
    for _ in range(draw(st.integers(1, 2))):
        plain, written = draw(WRITTEN)
        numbers.append(plain)
        parts += [written, draw(FILLER)]
    return "".join(parts), numbers


def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def public_answers():
    """Every public API page of notices, and the search page."""
    client, url = Client(), "/api/public/notices/?page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        yield url, response.content.decode()
        url = body.get("next")
    yield "search", client.get("/disclosure/search/", {"q": "公示"}).content.decode()


def site_texts(root):
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    yield f"{path.name}:{name}", archive.read(name).decode("utf-8", "replace")
        else:
            yield str(path.relative_to(root)), data.decode("utf-8")


def assert_nothing_personal(root, *, numbers=(), names=()):
    scanned = 0
    for where, text in [*site_texts(root), *public_answers()]:
        scanned += 1
        assert scan(text) == [], (where, scan(text))
        digits = _digits(text)
        for number in numbers:
            assert number.rstrip("X") not in digits, (where, number)
        for name in names:
            assert name not in text, (where, name)
    assert scanned > 5
    return scanned


def _approve(client_for, editors, notice):
    first, second = (client_for(e) for e in editors)
    assert first.post(f"/api/disclosures/{notice.pk}/check-redaction/").status_code == 200
    response = second.post(f"/api/disclosures/{notice.pk}/approve/")
    assert response.status_code == 200, response.json()


def test_a_party_named_with_a_phone_and_id_number_leaks_nowhere(decide_case, editors, client_for, organisation,
                                                                 publication_root, django_capture_on_commit_callbacks):
    """The finding: the notice title (party name + 行政处罚决定公示) went out unmasked to the index, the category
    page, the search API and feed.atom."""
    Organisation.objects.filter(pk=organisation.pk).update(name=ISSUE_PARTY)
    notice = Notice.objects.get(case=decide_case())
    assert "13800138000" in notice.title and "13800138000" not in notice.masked_title
    with django_capture_on_commit_callbacks(execute=False):
        _approve(client_for, editors, notice)
    services.notice_publish(notice_id=notice.pk)
    for page in ("index.html", "feed.atom", "category/penalty_decision.html"):
        text = (publication_root / page).read_text()
        assert "王五" in text and "13800138000" not in text and "11010519491231002X" not in text
    found = Client().get("/api/public/notices/", {"q": "王五"}).json()["results"]
    assert len(found) == 1 and "13800138000" not in str(found)
    assert Client().get("/api/public/notices/", {"q": "13800138000"}).json()["results"] == []  # no search oracle
    assert_nothing_personal(publication_root, numbers=["13800138000", "11010519491231002X"])


@settings(max_examples=6, deadline=None, phases=[Phase.explicit, Phase.generate], derandomize=False,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(party=pii_text(), representative=pii_text(), facts=pii_text(), content=pii_text(), title=pii_text(),
       body=pii_text(), key=pii_text(), value=pii_text(),
       reporter=st.sampled_from(["陈小明", "欧阳建国", "李秀英"]))
@example(party=(ISSUE_PARTY, ["13800138000", "11010519491231002X"]), representative=("王五", []),
         facts=("会长王五ID11010519491231002XPENTEST，电话138 0013 8000", ["11010519491231002X", "13800138000"]),
         content=("罚款转入账户6222 0210 0103 4567 890", ["6222021001034567890"]),
         title=("关于１３８００１３８０００的公告", ["13800138000"]),
         body=("身份证1101 0519 4912 3100 2X", ["11010519491231002X"]),
         key=("电话13800138000", ["13800138000"]), value=("138-0013-8000", ["13800138000"]), reporter="陈小明")
def test_no_personal_number_reaches_the_public_site_or_api(celery_worker, decide_case, editors, client_for,
                                                            organisation, publication_root, party, representative,
                                                            facts, content, title, body, key, value, reporter):
    Organisation.objects.filter(pk=organisation.pk).update(name=f"潜江市{party[0]}协会"[:200],
                                                           legal_representative=representative[0][:50])
    case = decide_case(facts=f"{facts[0]}。举报人{reporter}反映属实。", content=f"警告，{content[0]}", reporter=reporter)
    decision = Notice.objects.get(case=case)
    general = services.notice_create(actor=editors[0], kind="general", title=f"通知{title[0]}"[:200],
                                     body=f"{body[0]}", fields={key[0]: value[0], "备注": value[0]})
    for notice in (decision, general):
        _approve(client_for, editors, notice)
    celery_worker.wait_for(lambda: Notice.objects.filter(pk__in=[decision.pk, general.pk], state="published")
                           .count() == 2, timeout=60)
    numbers = [n for _, hidden in (party, representative, facts, content, title, body, key, value) for n in hidden]
    assert_nothing_personal(publication_root, numbers=numbers, names=[reporter])
