"""Template helpers of the public pages: safe search snippets, form widgets, sanitized bodies.

The display preferences and the nav's section are the site chrome's: `core`'s `site_chrome`.
"""

import html
import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from fazhi.disclosure.search.text import sanitize_html

register = template.Library()

_MARK = re.compile(r"(</?mark>)")


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
