"""Errors of the procedure engine, each with a stable machine code and a Chinese message."""

from django.utils.translation import gettext as _


class ProcedureError(Exception):
    """Base class: `code` is stable for machines, `message` is for people, `field` if any."""

    code = "procedure_error"

    def __init__(
        self, message: str, *, field: str | None = None, code: str | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field}


class SpecError(ProcedureError):
    """A procedure file is wrong; names the file and line."""

    code = "spec_invalid"

    def __init__(self, file: str, line: int | None, problem: str):
        self.file, self.line, self.problem = file, line, problem
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {problem}")


class UnknownProcedure(ProcedureError):
    code = "unknown_procedure"


class ActionNotAllowed(ProcedureError):
    code = "action_not_allowed"


class InvalidData(ProcedureError):
    code = "invalid_data"

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        first_field, first = next(iter(errors.items()))
        super().__init__(first, field=first_field)


class StaleVersion(ProcedureError):
    code = "stale_version"

    def __init__(self, number: str):
        super().__init__(
            _(
                "Case %(number)s was changed by someone else in the meantime. Reload the "
                "page and try again; nothing was saved."
            )
            % {"number": number}
        )
