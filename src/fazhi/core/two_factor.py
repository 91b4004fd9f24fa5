"""The two-factor state of a request's session (the device check itself is django-otp's)."""

from django.http import HttpRequest

# Set once the session's person was found to need no second step.
NOT_NEEDED_KEY = "fazhi_two_factor_not_needed"


def is_verified(request: HttpRequest) -> bool:
    """Whether this session confirmed a code from a device (django-otp's OTPMiddleware)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())
