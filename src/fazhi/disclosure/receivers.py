"""Signal receivers of the disclosure app: they only hand over to the services."""

import logging

from fazhi.procedures.models import Case, Event

log = logging.getLogger(__name__)


def on_case_changed(sender, *, case: Case, event: Event, **kwargs) -> None:
    """A step of a case was committed: draft or withdraw its publication (双公示)."""
    from . import from_cases
    from .publicity import handle_case_change

    try:
        handle_case_change(case, event)
        from_cases.handle_case_change(case, event)
    except Exception:
        # The step itself is committed; a failed draft must not turn it into an error
        # for the officer. It is logged, and the case's publication deadline stays open.
        log.exception("publicity for %s after %s failed", case.number, event.action)
