"""Rich text in and plain text out: the allow-list sanitizer and snippets with <mark>."""

import html
import re
from html.parser import HTMLParser

from .grams import highlight_terms, normalize

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "sub", "sup", "ol", "ul",
    "li", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "a", "img", "span",
}  # fmt: skip
ALLOWED_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
VOID_TAGS = {"br", "img"}
DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
}
SAFE_URL = re.compile(r"^(https?:|mailto:|/|#|[^:]*$)", re.IGNORECASE)
BLOCK_TAGS = {"p", "br", "h2", "h3", "h4", "li", "tr", "blockquote", "table"}


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_WITH_CONTENT:
            self.skip += 1
            return
        if self.skip or tag not in ALLOWED_TAGS:
            return
        kept = []
        for name, value in attrs:
            if name not in ALLOWED_ATTRS.get(tag, ()) or value is None:
                continue
            if name in {"href", "src"} and not SAFE_URL.match(value.strip()):
                continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in DROP_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        if not self.skip:
            self.out.append(html.escape(data, quote=False))


def sanitize_html(raw: str) -> str:
    """Return *raw* HTML with only allow-listed tags and attributes, all tags closed.

    Scripts, styles and frames are dropped with their content; event handlers, `style`
    and `javascript:` URLs are dropped; text is escaped.
    """
    parser = _Sanitizer()
    parser.feed(raw or "")
    parser.close()
    parser.out.extend(f"</{tag}>" for tag in reversed(parser.open))
    return "".join(parser.out)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(raw: str) -> str:
    """Return the readable text of an HTML fragment, one line per block."""
    parser = _Text()
    parser.feed(raw or "")
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def snippet(text: str, query: str, *, width: int = 90) -> str:
    """Return an escaped excerpt of *text* around the first match, matches in <mark>.

    The result is safe HTML: everything but the <mark> tags is escaped.
    """
    terms = [t for t in highlight_terms(query) if t]
    folded = normalize(text)
    # NFKC can change lengths (e.g. ㈠); fall back to the raw text for positions then.
    if len(folded) != len(text):
        folded = text.lower()
    first = min((i for t in terms if (i := folded.find(t)) >= 0), default=0)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    piece, fpiece = text[start:end], folded[start:end]
    marks = [False] * len(piece)
    for term in terms:
        i = fpiece.find(term)
        while i >= 0:
            for k in range(i, i + len(term)):
                marks[k] = True
            i = fpiece.find(term, i + len(term))
    out, inside = [], False
    for ch, marked in zip(piece, marks, strict=True):
        if marked != inside:
            out.append("<mark>" if marked else "</mark>")
            inside = marked
        out.append(html.escape(ch))
    if inside:
        out.append("</mark>")
    return (
        ("…" if start else "")
        + "".join(out).replace("\n", " ")
        + ("…" if end < len(text) else "")
    )
