"""The scanner for personal data that must never be public. There is one: zhifa.disclosure.masking's
`pii_findings`, which the masking removes exactly and the redaction check runs. It reads text as a person
does (full-width digits, digits grouped with spaces or hyphens, numbers run into letters or other digits),
so a second, simpler pattern set here would only be blinder. Categories: id_number, mobile, phone,
bank_account, email, home_address, health."""

from zhifa.disclosure.masking import pii_findings


def scan(text: str) -> list[tuple[str, str]]:
    return pii_findings(text)
