"""Template helpers of the public pages: display preferences and safe search snippets."""

import html
import re
from urllib.parse import urlencode

from django import template
from django.utils.safestring import SafeString, mark_safe

from fazhi.disclosure.search.text import sanitize_html

from ..prefs import Prefs, prefs_from

register = template.Library()

_MARK = re.compile(r"(</?mark>)")


@register.simple_tag(takes_context=True)
def site_prefs(context) -> Prefs:
    """Return the visitor's display preferences (elderly mode, 无障碍, font size)."""
    return prefs_from(context.get("request"))


@register.simple_tag(takes_context=True)
def prefs_url(context, **params) -> str:
    """Return the link that sets a preference and comes back to the current page."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    return "/prefs/?" + urlencode({**params, "next": here})


@register.filter
def only_mark(snippet: str) -> SafeString:
    """Return *snippet* with every tag but <mark>/</mark> escaped.

    The search API already escapes its snippets; this makes sure of it, so a stray tag in
    a document can never reach the page. Already-escaped text is not escaped twice.
    """
    parts = _MARK.split(snippet or "")
    out = []
    for part in parts:
        if part in ("<mark>", "</mark>"):
            out.append(part)
        else:
            out.append(html.escape(html.unescape(part), quote=False))
    return mark_safe("".join(out))


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
def current_section(context) -> str:
    """Return the portal section of the current page ("" off the portal), for the nav."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.app_name != "portal":
        return ""
    return SECTIONS.get(match.url_name or "", "")


@register.simple_tag
def field_widget(field) -> str:
    """Render a form field's widget tied to its help text and errors (aria-describedby)."""
    ids = []
    attrs: dict[str, str] = {}
    if field.help_text:
        ids.append(f"{field.auto_id}-help")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.field.required:
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def sanitized(body: str) -> SafeString:
    """Return stored document HTML sanitized again before it reaches the page.

    Bodies are sanitized when written (`disclosure.services`); sanitizing on the way out
    too means a row written by any other path can still not inject markup.
    """
    return mark_safe(sanitize_html(body or ""))
