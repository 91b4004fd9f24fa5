"""Errors of the routing package: a stable machine code and a Chinese message."""


class RoutingError(Exception):
    """Something the user must fix: bad training data, a missing model, a bad file."""

    def __init__(self, message: str, *, code: str = "routing_error") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ModelVersionError(RoutingError):
    """The model file was written by another scikit-learn version: retrain it."""
