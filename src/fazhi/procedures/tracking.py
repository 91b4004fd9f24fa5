"""Tracking codes (查询码): the secret that lets the public follow a case.

A case number is sequential and easy to guess; the tracking code is not. It is drawn with
`secrets` from 31 characters that cannot be mistaken for one another (no 0/O, 1/I/L), nine
of them: 31**9 is about 2**44.6. People read it as `K7Q-M3X-PA9`; they may type it in lower
case, with or without the dashes, with spaces or in full-width characters.
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 9
GROUP = 3


def new_code() -> str:
    """Return a fresh random code of LENGTH characters (stored without dashes)."""
    return "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))


def normalise(typed: str) -> str:
    """Return what someone typed as a stored code: upper case, no separators.

    Full-width letters and digits (typed with a Chinese input method) become ASCII; every
    character that is not a letter or digit (dashes, spaces, dots) is dropped.
    """
    text = unicodedata.normalize("NFKC", typed or "").upper()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def display(code: str) -> str:
    """Return `code` in groups for reading aloud and copying: `K7Q-M3X-PA9`."""
    code = normalise(code)
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def matches(stored: str, typed: str) -> bool:
    """True if `typed` is the stored code; compared in constant time.

    A case without a code (a staff-only procedure) matches nothing.
    """
    given = normalise(typed)
    # Compare against a value of the same length either way, so a case without a code
    # costs the same as one with.
    expected = stored or "-" * LENGTH
    same = hmac.compare_digest(expected.encode(), given.encode())
    return bool(stored) and same


def has_public_tracking(spec) -> bool:
    """True for procedures the public may open: their cases get a tracking code.

    Every case of such a procedure gets one, also when staff open it for a caller (a phone
    call taken by the hotline): whoever asked must be able to follow it.
    """
    from .spec import PUBLIC

    return PUBLIC in spec.opened_by
