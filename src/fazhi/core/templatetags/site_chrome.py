"""Template tags of the site chrome (base.html): display preferences and the nav's section.

They live in core so that the base template loads only core's library; the portal's own
helpers (search snippets, form widgets, sanitized bodies) stay in `portal`.
"""

from urllib.parse import urlencode

from django import template

from ..prefs import Prefs, prefs_from

register = template.Library()

# The link that sets a preference; the view behind it is the portal's `set_prefs`.
PREFS_PATH = "/prefs/"

# The nav entry of base.html that each public page belongs to, by URL name.
SECTIONS = {
    "home": "home",
    "documents": "catalogue",
    "document-detail": "catalogue",
    "library": "library",
    "library-detail": "library",
    "guides": "guides",
    "guide": "guides",
    "request": "request",
    "request-done": "request",
    "track": "track",
}


@register.simple_tag(takes_context=True)
def site_prefs(context) -> Prefs:
    """Return the visitor's display preferences (elderly mode, 无障碍, font size)."""
    return prefs_from(context.get("request"))


@register.simple_tag(takes_context=True)
def prefs_url(context, **params) -> str:
    """Return the link that sets a preference and comes back to the current page."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    return PREFS_PATH + "?" + urlencode({**params, "next": here})


@register.simple_tag(takes_context=True)
def current_section(context) -> str:
    """Return the public section of the current page ("" off the portal), for the nav."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.app_name != "portal":
        return ""
    return SECTIONS.get(match.url_name or "", "")
