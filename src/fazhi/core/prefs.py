"""Display preferences of the public pages: elderly mode, accessibility mode, font size.

They live in cookies set by a plain link (`/prefs/?mode=elderly&next=…`), so they work
without JavaScript; the portal script mirrors them into localStorage.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

MODE_COOKIE = "fz_mode"  # "elderly" or absent
A11Y_COOKIE = "fz_a11y"  # "on" or absent
SIZE_COOKIE = "fz_size"  # "large" | "small" | absent (medium)
SIZES = ("large", "medium", "small")
MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Prefs:
    elderly: bool = False
    a11y: bool = False
    size: str = "medium"

    @property
    def html_class(self) -> str:
        """The classes on <html> that switch the style sheet's modes."""
        names = [f"size-{self.size}"]
        if self.elderly:
            names.append("mode-elderly")
        if self.a11y:
            names.append("mode-a11y")
        return " ".join(names)


def prefs_from(request: HttpRequest | None) -> Prefs:
    """Return the preferences carried by the request's cookies (defaults without)."""
    if request is None:
        return Prefs()
    size = request.COOKIES.get(SIZE_COOKIE, "medium")
    return Prefs(
        elderly=request.COOKIES.get(MODE_COOKIE) == "elderly",
        a11y=request.COOKIES.get(A11Y_COOKIE) == "on",
        size=size if size in SIZES else "medium",
    )
