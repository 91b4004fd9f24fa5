"""Unified social credit codes (统一社会信用代码), GB 32100-2015.

18 characters: registration authority (1), organisation kind (1), administrative division (6),
organisation code (9), check character (1). The alphabet has 31 characters: digits and the
capital letters without I, O, Z, S, V.

>>> check_character("11440111007502337")
'T'
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """Return the check character for the first 17 characters of a code."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Raise ValidationError (in Chinese) naming what is wrong with a credit code."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.")
            % {"n": len(code)},
            code="credit_code_length",
        )
    for position, char in enumerate(code, start=1):
        if char not in _VALUE:
            raise ValidationError(
                _(
                    "Character %(position)d (“%(char)s”) is not allowed in a unified social "
                    "credit code (letters I, O, Z, S, V are never used)."
                )
                % {"position": position, "char": char},
                code="credit_code_character",
            )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character (character 18) is “%(found)s” but should be "
                "“%(expected)s”: a character of the code is probably mistyped."
            )
            % {"found": code[17], "expected": expected},
            code="credit_code_check",
        )


def is_valid_credit_code(value: str) -> bool:
    try:
        validate_credit_code(value)
    except ValidationError:
        return False
    return True
