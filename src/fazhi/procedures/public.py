"""The public's way to a case: which district a public page serves, and finding a case by
its number with its tracking code (查询码), or, as a limited fallback, the last four digits
of the applicant's phone.

One selector for the desk's status page, the portal's tracking page and anything later
(an API, SMS replies): the same checks, the same limits, the same answers.

The phone fallback is what made guessing possible (sequential numbers, 10,000 endings), so
it is rationed per case number: after FAZHI_THROTTLE_PHONE_FAILURES_PER_NUMBER wrong tries
(5 an hour by default) the phone lookup of that number is closed for the rest of the hour.
Failures are counted per number *as typed*, whether a case has it or not, and an unknown
number costs the same work as a known one, so neither the answer nor its timing tells
whether a number exists. The tracking code is never closed this way (a stranger could
otherwise lock the applicant out); guessing it is hopeless (2**44 codes) and the per-client
limits of the pages bound the tries.
"""

from __future__ import annotations

import hmac
import unicodedata
from dataclasses import dataclass

from django.conf import settings

from fazhi.core.throttle import Lockout
from fazhi.directory.models import Unit, UnitKind

from . import tracking
from .models import Case

PHONE_FAILURES = "PHONE_FAILURES_PER_NUMBER"


def public_district() -> Unit | None:
    """Return the district that the public pages of this installation serve.

    `settings.FAZHI_PORTAL_DISTRICT` (a credit code) picks one where a database holds
    several; otherwise the first top-level district unit, else the first top-level unit.
    """
    code = getattr(settings, "FAZHI_PORTAL_DISTRICT", "")
    roots = Unit.objects.filter(parent__isnull=True)
    if code:
        return roots.filter(credit_code=code).order_by("pk").first()
    return (
        roots.filter(kind=UnitKind.DISTRICT).order_by("pk").first()
        or roots.order_by("pk").first()
    )


def normalise_number(typed: str) -> str:
    """A case number as typed: full-width digits made ASCII, spaces dropped."""
    # Numbers are stored with ASCII digits; NFKC maps full-width ones (typed with a Chinese
    # input method) to ASCII and leaves the 〔〕 of the number patterns alone.
    text = unicodedata.normalize("NFKC", typed or "")
    return "".join(text.split())


@dataclass(frozen=True)
class Lookup:
    """The answer of `find_public_case`.

    `case` is None for a wrong number, code or digits alike; `closed` says that the phone
    lookup of this number is closed for now (said the same way whether the number exists).
    `by_code` is True when the tracking code was given and matched: only then may the
    visitor act as the applicant (rate an answer).
    """

    case: Case | None
    by_code: bool = False
    closed: bool = False


def _phone_lockout() -> Lockout:
    return Lockout.named(PHONE_FAILURES)


def _lock_key(tenant: Unit, number: str) -> str:
    return f"{tenant.pk}\0{number}"


def phone_lookup_closed(tenant: Unit, number: str) -> bool:
    """True if the phone fallback of `number` is closed after too many wrong tries."""
    return _phone_lockout().closed(_lock_key(tenant, normalise_number(number)))


def _digits(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit()
    )


def find_public_case(
    tenant: Unit | None,
    number: str,
    *,
    procedure: str,
    code: str = "",
    phone_last4: str = "",
) -> Lookup:
    """Find case `number` of `procedure` in `tenant` for a member of the public.

    With `code` (the tracking code) the case is found if the code matches. Otherwise
    `phone_last4` is tried, within the per-number limit. A wrong code, wrong digits and an
    unknown number give the same `Lookup(None)`.
    """
    number = normalise_number(number)
    if tenant is None or not number:
        return Lookup(None)
    case = (
        Case.objects.filter(tenant=tenant, number=number, procedure=procedure)
        .select_related("unit")
        .first()
    )
    if code:
        # An unknown number is compared too (with no code), so it costs the same.
        right = tracking.matches(case.tracking_code if case else "", code)
        return (
            Lookup(case, by_code=True) if case is not None and right else Lookup(None)
        )
    key = _lock_key(tenant, number)
    lockout = _phone_lockout()
    if lockout.closed(key):
        return Lookup(None, closed=True)
    given = _digits(phone_last4)
    phone = _digits(case.applicant_phone) if case is not None else ""
    # An unknown number (or a case without a phone) is compared with a value no one can
    # type, so the work is the same and the comparison fails.
    expected = phone[-4:] if len(phone) >= 4 else "----"
    right = hmac.compare_digest(expected.encode(), given.encode())
    if case is not None and len(given) == 4 and right:
        return Lookup(case)
    return Lookup(None, closed=lockout.fail(key))


def clear_phone_lock(tenant: Unit, number: str) -> None:
    """Open the phone lookup of `number` again (for staff helping an applicant)."""
    _phone_lockout().clear(_lock_key(tenant, normalise_number(number)))


def public_case_by_number(tenant: Unit | None, number: str, *, procedure: str):
    """The case `number` of `procedure` in `tenant`, for a page that already knows the
    visitor may see it (the number is from the visitor's own session: a receipt, a case
    found earlier with its code). Never call it with a number typed by a visitor."""
    if tenant is None or not number:
        return None
    return (
        Case.objects.filter(tenant=tenant, number=number, procedure=procedure)
        .select_related("unit")
        .first()
    )
