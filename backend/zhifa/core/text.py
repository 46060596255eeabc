"""Text normalised on the way in: the one normaliser for every text a client sends.

Every string of every request body (the API's parsers, zhifa.core.api.parsers: JSON, form and multipart,
whatever field, list or JSON document it lands in), every query string (zhifa.core.middleware.
QueryTextMiddleware), tus Upload-Metadata and the evidence access log's purpose and client go through
`clean_text`. It removes what no record needs and what breaks the systems downstream:

- NUL and the other C0 controls, DEL and the C1 controls: PostgreSQL refuses NUL in text, XML (feeds, DOCX,
  XLSX) refuses the C0 controls. Tab, line feed and carriage return are text and are kept.
- the bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
  U+061C): a right-to-left override makes `gpj.exe` read as `exe.jpg` (Trojan Source, CVE-2021-42574).

File names get more (`clean_filename`): NFC, and no path separators, so a name is one name on every system.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except TAB, LF, CR; DEL; C1 controls; bidi embeddings, overrides, isolates and marks.
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# One line: every control, line breaks included (file names, header values, log fields).
UNWANTED_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def clean_text(value, *, one_line: bool = False):
    """`value` without control characters and bidi controls; anything not a str is returned as it is.

    `one_line` also removes tab, line feed and carriage return (each becomes a space)."""
    if not isinstance(value, str):
        return value
    if one_line:
        return UNWANTED_IN_LINE.sub(lambda m: " " if m.group() in "\t\n\r" else "", value)
    return UNWANTED.sub("", value)


def has_unwanted(value: str) -> bool:
    return bool(UNWANTED.search(value))


PATH_SEPARATORS = re.compile(r"[/\\]")


def clean_filename(value: str) -> str:
    """A file name as stored: NFC, one line, no bidi controls, no path separators, no leading or trailing
    spaces or dots."""
    name = unicodedata.normalize("NFC", clean_text(value or "", one_line=True))
    return PATH_SEPARATORS.sub("_", name).strip().strip(".").strip()
