"""Writes from the public pages: a disclosure request opens a case through the engine."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fazhi.directory.models import Unit
from fazhi.procedures import engine
from fazhi.procedures.errors import ProcedureError
from fazhi.procedures.models import Case


class PortalError(Exception):
    """A public submission that could not be taken, with a Chinese message."""

    code = "portal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def submit_disclosure_request(
    *,
    office: Unit | None,
    applicant_kind: str,
    name: str,
    code: str,
    phone: str,
    contact: str,
    content: str,
    delivery: str,
) -> Case:
    """Open a `disclosure_request` case from the public form; return the case.

    The case's number is the tracking number; its deadlines (一次性告知补正 7 working
    days, 答复 20 working days) start now. Raises PortalError if no office takes requests
    or the engine refuses the data.
    """
    if office is None:
        raise PortalError(_("No office takes requests at the moment. Please call us."))
    subject = content.strip().splitlines()[0][:60] if content.strip() else ""
    try:
        return engine.open_case(
            "disclosure_request",
            unit=office,
            actor=None,
            data={"content": content, "delivery": delivery, "contact": contact},
            subject=_("Request for: %(subject)s") % {"subject": subject},
            applicant=engine.Applicant(
                name=name.strip(), kind=applicant_kind, code=code, phone=phone
            ),
        )
    except ProcedureError as exc:
        raise PortalError(exc.message) from exc
