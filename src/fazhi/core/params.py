"""Typed parsers for query parameters and path values: no odd input reaches the database.

A filter is a convenience, so a value that is not one of the choices, not a number or out of
range is dropped (the page shows everything, as without the filter). Two things are refused
with a 400 and a Chinese message instead, because no honest form ever sends them: a null byte
(PostgreSQL cannot store one and rejects the whole query) and a malformed path value.

Usage in a view::

    page = params.page_number(request.GET)
    year = params.integer(request.GET, "year", minimum=1900, maximum=2100)
    level = params.text(request.GET, "level")
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Django's own message for a null byte in a form field ("Null characters are not
# allowed."): its zh_Hans catalogue translates it as "empty string", which misleads. The msgid
# is listed here so that `makemessages` keeps it in our catalogue, where locale/parts/input.po
# says what it is: a null byte.
gettext_noop("Null characters are not allowed.")

# Fits every integer column on both databases (SQLite and PostgreSQL `integer`).
MAX_INT = 2**31 - 1
# Pages beyond this are never linked; a bigger number would only make a huge OFFSET.
MAX_PAGE = 10_000
# Long enough for any filter or search box; a longer value is cut, never sent whole.
MAX_TEXT = 200
NULL = "\x00"
_DIGITS = re.compile(r"[+-]?[0-9]{1,12}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


class InvalidParameter(BadRequest):
    """A request parameter no honest form sends; Django answers 400 (never a 500)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def null_byte_message(name: str | None = None) -> str:
    if name:
        return _("“%(name)s” must not contain a null byte (\\x00).") % {"name": name}
    return _("The input must not contain a null byte (\\x00).")


def refuse_null(value: str, name: str | None = None) -> str:
    """Return `value`, or refuse it (400) if it contains a null byte."""
    if NULL in value:
        raise InvalidParameter(null_byte_message(name))
    return value


def text(params: Mapping, name: str, default: str = "", *, max_length=MAX_TEXT) -> str:
    """A free-text parameter, stripped and cut to `max_length`; a null byte is refused."""
    value = params.get(name)
    if value is None:
        return default
    return refuse_null(str(value), name).strip()[:max_length]


def choice(params: Mapping, name: str, choices: Iterable, default: str = "") -> str:
    """One of `choices` (keys), else `default`: an unknown key is ignored."""
    value = text(params, name, default)
    return value if value in {str(c) for c in choices} else default


def integer(
    params: Mapping,
    name: str,
    default: int | None = None,
    *,
    minimum: int = 1,
    maximum: int = MAX_INT,
) -> int | None:
    """A whole number in [minimum, maximum], else `default` (ids are positive by default).

    Only ASCII digits count: "²" and "١٢" are digits to `str.isdigit` but not to `int`.
    """
    return parse_int(text(params, name), default, minimum=minimum, maximum=maximum)


def parse_int(
    value: str | None,
    default: int | None = None,
    *,
    minimum: int = 1,
    maximum: int = MAX_INT,
) -> int | None:
    """`integer` for a value already read (a path value, a POST field)."""
    value = (value or "").strip()
    if not _DIGITS.fullmatch(value):
        return default
    number = int(value)
    return number if minimum <= number <= maximum else default


def page_number(params: Mapping, name: str = "page") -> int:
    """A page number: 1 when absent or odd, at most MAX_PAGE."""
    value = text(params, name)
    if not _DIGITS.fullmatch(value):
        return 1
    return min(max(1, int(value)), MAX_PAGE)


def year(params: Mapping, name: str = "year", default: int | None = None) -> int | None:
    """A calendar year the records can have (1949 to 2100), else `default`."""
    return integer(params, name, default, minimum=1949, maximum=2100)


def month(params: Mapping, name: str = "month") -> dt.date | None:
    """A month written YYYY-MM, as the first day of that month; None when odd."""
    return parse_month(text(params, name))


def parse_month(value: str | None) -> dt.date | None:
    """The first day of the month written YYYY-MM in `value`; None when odd."""
    match = _MONTH.fullmatch((value or "").strip())
    if not match:
        return None
    y, m = int(match[1]), int(match[2])
    if not (1949 <= y <= 2100 and 1 <= m <= 12):
        return None
    return dt.date(y, m, 1)


def date(params: Mapping, name: str) -> dt.date | None:
    """A day written YYYY-MM-DD; None when absent or odd."""
    value = text(params, name)
    try:
        day = dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None
    return day if day and 1949 <= day.year <= 2100 else None


def path_key(value: str, *, max_length: int = 200) -> str:
    """A string path value (a case number, an index number) safe to look up, else 404.

    Nothing with a null byte or longer than any stored key can name a record.
    """
    if NULL in value or len(value) > max_length:
        raise Http404(_("There is no such record."))
    return value
