"""Check characters and plausibility tests for the numbers the redactor looks for.

All functions are pure and take the digits as a string without separators.
"""

from datetime import date

# GB 11643-1999: weights 2^(17-i) mod 11 for the first 17 digits of a citizen ID.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100-2015: the 31 characters of a unified social credit code and its weights.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check_char(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of an ID number.

    >>> id_check_char("11010519491231002")
    'X'
    """
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_id18(value: str) -> bool:
    """Whether *value* is an 18-character citizen ID: region, birth date, check character."""
    if len(value) != 18 or not value[:17].isdigit() or value[0] not in "12345678":
        return False
    year, month, day = int(value[6:10]), int(value[10:12]), int(value[12:14])
    if not (1900 <= year <= 2099 and _valid_date(year, month, day)):
        return False
    return id_check_char(value[:17]) == value[17].upper()


def is_id15(value: str) -> bool:
    """Whether *value* looks like a first-generation 15-digit ID (region, YYMMDD date).

    The old numbers carry no check character, so this is a plausibility test only.
    """
    if len(value) != 15 or not value.isdigit() or value[0] not in "12345678":
        return False
    return _valid_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


def luhn_ok(digits: str) -> bool:
    """Whether *digits* passes the Luhn (mod 10) check used by bank card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(
        _USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    return _USCC_CHARS[(31 - total % 31) % 31]


def is_uscc(value: str) -> bool:
    """Whether *value* is a unified social credit code with a valid check character."""
    value = value.upper()
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        return False
    return uscc_check_char(value[:17]) == value[17]
