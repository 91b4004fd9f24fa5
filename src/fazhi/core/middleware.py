"""Keep a session that still owes its two-factor step out of every other page."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from fazhi.directory.two_factor import two_factor_step

from .two_factor import NOT_NEEDED_KEY, is_verified

# Pages a person may open between password and code.
OPEN_URL_NAMES = ("core:two-factor", "core:two-factor-enrol", "core:logout")


class TwoFactorMiddleware:
    """Redirect to the two-factor step until the session is verified, when one is needed.

    Whether one is needed (superuser, a marked role, or a confirmed device) is worked out
    once per session and remembered when the answer is no; a session that needs it pays
    one device lookup per request until verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(NOT_NEEDED_KEY)
            and not is_verified(request)
        ):
            step = two_factor_step(user)
            if step is None:
                request.session[NOT_NEEDED_KEY] = True
            elif not self._open(request.path_info):
                name = (
                    "core:two-factor" if step == "verify" else "core:two-factor-enrol"
                )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse(name)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return True
        return any(path == reverse(name) for name in OPEN_URL_NAMES)
