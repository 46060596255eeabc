"""Masking before anything is published (DOMAIN.md §4), and the one scanner for what must never be public.

Removed, in any writing: ID numbers, phone numbers and other contact details, bank accounts, e-mail
addresses, home addresses and health information. "In any writing" means the text is read as a person
reads it before anything is matched:

- NFKC: full-width digits and letters (`１３８…`, `Ｘ`), circled and superscript digits become plain ones,
  and every other script's decimal digits and the Chinese numerals 〇一二…九 count as digits too;
- invisible format characters (zero-width spaces, soft hyphens, bidi marks) are ignored;
- digits may touch letters or other digits (`ID11010519491231002X`, `…002XPENTEST`, a phone number run
  into an ID number), and may be grouped with spaces, hyphens or dots (`138 0013 8000`,
  `1101 0519 4912 3100 2X`).

Matches are found in that reading and mapped back to the original text, so exactly the original
characters are replaced. Numbers are judged as a whole run of digits: an 11-digit mobile number or
anything of 16 digits or more is removed wherever it sits; an 18-character run is kept only when it is a
valid 统一社会信用代码 (GB 32100) and not a valid resident ID (GB 11643); a 15-digit run is removed when it
reads as an old-style ID number (a real birth date).

Names: natural persons other than the punished party keep their surname, with 某 for the given name
(`third_parties`); a reporter (举报人) is never named at all (`withheld`: removed, in any spacing). The editor
may mask more (`extra_masks`) but can never switch these rules off: the masked text is always recomputed
from the original. Control characters (other than tab and line breaks) never reach the public copy.

`pii_findings` is the scanner: what the redaction check, the public-site tests and the reliability
report use. `mask_text` removes exactly what `pii_findings` finds, so the two can't disagree. A SHA-256
digest (64 hexadecimal characters standing alone) is not a number: the site and the registers publish them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from zhifa.core.validators import check_credit_code, resident_id_problem

MASK = "***"

# --- reading the text as a person does --------------------------------------------------------------

CHINESE_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
                  "七": "7", "八": "8", "九": "9"}
DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
# Control characters the public copy never carries (tab, line feed and carriage return are text).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True)
class Reading:
    """The text as read (`text`) and, for each of its characters, the index of the original character."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def _read_char(ch: str) -> str:
    if unicodedata.category(ch) == "Cf":
        return ""  # zero-width space/joiner, soft hyphen, bidi marks: invisible, so not there
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    if ch in CHINESE_DIGITS:
        return CHINESE_DIGITS[ch]
    if ch in DASHES:
        return "-"
    if ch == "\u00d7":  # × written for the X of an ID number
        return "X"
    return unicodedata.normalize("NFKC", ch)


def reading(text: str) -> Reading:
    chars, origin = [], []
    for index, ch in enumerate(text):
        for read in _read_char(ch):
            chars.append(read)
            origin.append(index)
    return Reading("".join(chars), origin)


# --- numbers -------------------------------------------------------------------------------------

_SEP = r"(?:[ \t\u00a0]{1,2}|[ \t]?[-.][ \t]?|\n)"
# A run of digits, grouped or not: groups after the first have 3 digits or more (so a date such as
# 2023-05-06 is not one long number), except a last short group before an ID number's X.
NUMBER_RUN = re.compile(rf"\d+(?:{_SEP}\d{{3,}})*(?:{_SEP}\d{{1,2}}(?=[Xx]))?[Xx]?")
MOBILE = re.compile(r"1[3-9]\d{9}")


def _valid_old_id(digits: str) -> bool:
    """A 15-digit resident ID (before 1999): region, then YYMMDD of a real date."""
    try:
        datetime.date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return False
    return digits[0] != "0"


def number_category(run: str) -> str | None:
    """What a run of digits (separators removed, an optional trailing X) must be removed as, or None."""
    token = run.upper()
    digits = token.rstrip("X")
    n, has_x = len(digits), token.endswith("X")
    if has_x and n >= 17:
        return "id_number"
    if n >= 19:
        return "bank_account"
    if n in (17, 18):
        return "id_number"
    if n == 16:
        return "bank_account"
    if n == 15 and _valid_old_id(digits):
        return "id_number"
    if 11 <= n <= 14 and MOBILE.search(digits):
        return "mobile"
    if 10 <= n <= 12 and digits.startswith("0"):
        return "phone"  # a landline with its area code: 0728-6234567
    return None


# --- labelled values and other shapes ----------------------------------------------------------------

# The value after a label, up to the next punctuation; an already masked value is left alone.
_LABELLED_VALUE = r"[^，。；、,;\n<*：:\s（）()][^，。；、,;\n<*（）()]*"
_CONTACT_VALUE = r"(?:\(\d{2,4}\)[ -]?)?[0-9A-Za-z+][0-9A-Za-z+_.@/-]*(?:[ ][0-9A-Za-z+_.@/-]+)*"
LABELLED: list[tuple[str, re.Pattern]] = [
    ("bank_account", re.compile(r"(?:银行账号|银行帐号|银行卡号|银行卡|账号|帐号|账户|帐户|卡号)[:：\s]*"
                                rf"(?P<value>\d(?:{_SEP}?\d){{5,}}[Xx]?)")),
    ("phone", re.compile(r"(?:联系电话|电话号码|电话|手机号码|手机号|手机|联系方式|固定电话|座机|传真|微信号|微信|QQ号|QQ|qq)"
                         rf"[:：]?[ ]?(?P<value>{_CONTACT_VALUE})")),
    ("email", re.compile(r"(?P<value>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")),
    ("home_address", re.compile(r"(?:家庭住址|现住址|居住地址|户籍地址|住所地|居住地|户籍地|住址)[:：]?\s*"
                                rf"(?P<value>{_LABELLED_VALUE})")),
    ("health", re.compile(rf"(?:患有|确诊|诊断为|病史|残疾等级)[:：]?\s*(?P<value>{_LABELLED_VALUE})")),
]
_MIN_CONTACT = 5  # "电话3次" is not a contact; "电话：6234567" is

# A SHA-256 digest: the public site prints one per notice so that anyone can verify it.
DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{64}(?![0-9A-Za-z])")


CODE_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _is_credit_code(text: str, start: int, end: int) -> bool:
    """The digits are part of a 统一社会信用代码 (GB 32100: 18 characters with a valid check character), which
    the law publishes, and the code is not also a valid resident ID number. The code is the whole run of
    capitals and digits around the match: an ID number inside a longer run is not a code."""
    while start > 0 and text[start - 1] in CODE_CHARS:
        start -= 1
    while end < len(text) and text[end] in CODE_CHARS:
        end += 1
    code = text[start:end]
    return len(code) == 18 and check_credit_code(code).ok and resident_id_problem(code) is not None


def _findings(read: Reading) -> list[tuple[str, int, int]]:
    """(category, start, end) in the reading, for every mandatory category. Digits inside a SHA-256 digest
    (64 hexadecimal characters standing alone) are not a number: the site prints each notice's digest, and
    the random-draw register publishes its seed's, so that anyone can verify them."""
    text = read.text
    digests = [m.span() for m in DIGEST.finditer(text)]

    def in_digest(start, end):
        return any(a <= start and end <= b for a, b in digests)

    found = []
    for match in NUMBER_RUN.finditer(text):
        run = re.sub(r"[^0-9Xx]", "", match.group(0))
        category = number_category(run)
        if category and not in_digest(*match.span()) and not _is_credit_code(text, *match.span()):
            found.append((category, *match.span()))
    for category, pattern in LABELLED:
        for match in pattern.finditer(text):
            start, end = match.span("value")
            if category == "phone" and end - start < _MIN_CONTACT:
                continue
            if not in_digest(start, end):
                found.append((category, start, end))
    return found


def pii_findings(text: str) -> list[tuple[str, str]]:
    """Every mandatory-category match in a text: (category, the original text matched). This is the scanner:
    it finds exactly what `mask_text` removes."""
    if not text:
        return []
    read = reading(text)
    results, seen = [], set()
    for category, start, end in sorted(_findings(read), key=lambda f: (f[1], f[2])):
        if (start, end) not in seen:
            seen.add((start, end))
            a, b = read.span(start, end)
            results.append((category, text[a:b]))
    return results


# --- names -------------------------------------------------------------------------------------------

COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "夏侯", "令狐", "端木", "呼延", "南宫", "独孤")


def surname_only(name: str) -> str:
    """王建华 → 王某; 欧阳修 → 欧阳某."""
    name = name.strip()
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    return f"{surname}某"


def _name_pattern(name: str) -> re.Pattern | None:
    """A name as written in the reading, with any spacing between its characters."""
    chars = [c for c in reading(name).text if not c.isspace()]
    if not chars:
        return None
    return re.compile(r"\s*".join(re.escape(c) for c in chars))


def _withheld_forms(name: str) -> list[str]:
    """A reporter is named in no form: the full name, and the given name alone when it has two characters
    or more (陈小明 → 陈小明, 小明)."""
    name = name.strip()
    forms = [name]
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    if len(name) - len(surname) >= 2:
        forms.append(name[len(surname):])
    return forms


# --- masking -----------------------------------------------------------------------------------------


def mask_text(text: str, *, third_parties=(), extra_masks=(), withheld=()) -> str:
    if not text:
        return text or ""
    text = CONTROL.sub("", text)
    read = reading(text)
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text

    def add(pattern: re.Pattern | None, replacement: str):
        if pattern is None:
            return
        for match in pattern.finditer(read.text):
            if match.end() > match.start():
                spans.append((*read.span(*match.span()), replacement))

    for name in sorted({n.strip() for n in withheld if n and n.strip()}, key=len, reverse=True):
        for form in _withheld_forms(name):
            add(_name_pattern(form), MASK)
    for extra in sorted({e for e in extra_masks if e and e.strip()}, key=len, reverse=True):
        add(_name_pattern(extra), MASK)
    for category, start, end in _findings(read):
        spans.append((*read.span(start, end), MASK))
    for name in sorted({n.strip() for n in third_parties if n and n.strip()}, key=len, reverse=True):
        add(_name_pattern(name), surname_only(name))
    return _replace(text, spans)


def _replace(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Apply the replacements. Overlapping ones become one removal, and so do removals that touch."""
    merged: list[list] = []
    for start, end, replacement in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and (start < merged[-1][1] or (start == merged[-1][1] and MASK == replacement == merged[-1][2])):
            last = merged[-1]
            if (start, end, replacement) != (last[0], last[1], last[2]) and end > last[0]:
                last[2] = MASK if (replacement != last[2] or end > last[1] or replacement == MASK) else last[2]
            last[1] = max(last[1], end)
        else:
            merged.append([start, end, replacement])
    out, position = [], 0
    for start, end, replacement in merged:
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


def mask_value(value, **options):
    """Any JSON value: strings masked, lists and objects (their keys too) walked, other values kept."""
    if isinstance(value, str):
        return mask_text(value, **options)
    if isinstance(value, list):
        return [mask_value(item, **options) for item in value]
    if isinstance(value, dict):
        return mask_fields(value, **options)
    return value


def mask_fields(fields: dict, **options) -> dict:
    """Field names are published too: they are masked like values."""
    masked = {}
    for key, value in fields.items():
        name = mask_text(key, **options) if isinstance(key, str) else key
        while name in masked:
            name = f"{name}*"
        masked[name] = mask_value(value, **options)
    return masked


def public_texts(value) -> list[str]:
    """Every string in a JSON value, keys included: what the scanner reads of a notice's fields."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for item in value for t in public_texts(item)]
    if isinstance(value, dict):
        return [t for key, item in value.items() for t in [*public_texts(key), *public_texts(item)]]
    return []
