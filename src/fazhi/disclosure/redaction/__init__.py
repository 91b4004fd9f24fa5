"""Redaction of personal data for enforcement publicity (行政执法公示, 双公示).

Pure Python, no database::

    spans = find_personal_data(text)          # [Span(start, end, kind, text), ...]
    draft = redact(text, spans)               # 张三 -> 张某, 身份证号 -> ［身份证号已隐去］
    html = highlight_html(text, spans)        # the officer's review screen

The rules, what stays and the measured figures are in docs/redaction.md.
"""

from .core import KIND_LABELS, KINDS, Span, find_personal_data
from .render import highlight_html, redact, replacement

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "Span",
    "find_personal_data",
    "highlight_html",
    "redact",
    "replacement",
]
