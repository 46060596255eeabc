"""Reading numbers a client sends in query parameters and headers: the one way.

`str.isdigit()` accepts '²' and '٣', and `int()` refuses more than 4,300 digits: both used to end in a 500.
Only ASCII digits, at most `max_digits` of them, pass; anything else is a 400 naming the field.
"""

from __future__ import annotations

from zhifa.core.exceptions import InvalidInput

ASCII_DIGITS = frozenset("0123456789")


def is_ascii_int(text, *, max_digits: int = 18) -> bool:
    """True for 1..max_digits ASCII digits (18 fits a PostgreSQL bigint)."""
    return isinstance(text, str) and 0 < len(text) <= max_digits and text.isdecimal() and set(text) <= ASCII_DIGITS


def parse_int(text, *, field: str, max_digits: int = 18, minimum: int | None = None, maximum: int | None = None,
              label: str = "", exception=None) -> int:
    """`text` (surrounding spaces allowed) as a non-negative integer, or a 400 naming `field`.

    `exception(message_zh, message_en)` may build the refusal instead (the tus endpoints answer in their own
    protocol); by default it is InvalidInput with `fields={field: [...]}`.
    """
    value = text.strip() if isinstance(text, str) else text
    ok = is_ascii_int(value, max_digits=max_digits)
    number = int(value) if ok else None
    if ok and ((minimum is not None and number < minimum) or (maximum is not None and number > maximum)):
        ok = False
    if ok:
        return number
    name = label or field
    if minimum is not None and maximum is not None:
        zh, en = f"{name}应为 {minimum}–{maximum} 之间的整数", f"{field} must be an integer from {minimum} to {maximum}"
    else:
        zh, en = f"{name}应为非负整数（至多{max_digits}位）", f"{field} must be a non-negative integer of at most " \
                                                         f"{max_digits} digits"
    if exception is not None:
        raise exception(zh, en)
    raise InvalidInput(zh, en, fields={field: [zh]})


def optional_int(text, **kwargs) -> int | None:
    """parse_int, with None or an empty string meaning 'not given'."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return parse_int(text, **kwargs)
