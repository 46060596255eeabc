"""An independent scanner for personal data that must never be public: 18-digit resident ID numbers,
mainland mobile numbers and bank card/account numbers. Deliberately simpler and wider than the masking
rules (zhifa.disclosure.masking), so that it does not share their blind spots."""

import re

PATTERNS = {
    "id_number": re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
                            r"\d{3}[\dXx](?![0-9A-Za-z])"),
    "mobile": re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"),
    "bank_account": re.compile(r"(?<![0-9A-Za-z])(?:\d[ -]?){15,18}\d(?![0-9A-Za-z])"),
}


def scan(text: str) -> list[tuple[str, str]]:
    return [(name, match.group(0)) for name, pattern in PATTERNS.items() for match in pattern.finditer(text)]
