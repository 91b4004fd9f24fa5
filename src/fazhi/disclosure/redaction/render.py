"""Turn spans into a publication draft (`redact`) or a review screen (`highlight_html`)."""

from collections.abc import Iterable
from html import escape

from .core import KIND_LABELS, Span, find_personal_data
from .names import MASKS, surname_at

NUMBER_KINDS = frozenset({"id_number", "mobile", "landline", "bank_card", "email"})


def _name_replacement(name: str) -> str:
    """张三 -> 张某, 张建国 -> 张某某, 欧阳春华 -> 欧阳某某, 陈X册 -> 陈某某, 黑仔 -> 某某."""
    s = surname_at(name, 0)
    if not s or s >= len(name):
        return "某某"
    given = len(name) - s
    return name[:s] + ("某" if given == 1 else "某某")


def _mask(value: str) -> str:
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    keep_head, keep_tail = (3, 4) if len(value) >= 11 else (2, 2)
    middle = "".join("*" if c.isalnum() else c for c in value[keep_head:-keep_tail])
    return value[:keep_head] + middle + value[-keep_tail:]


def replacement(span: Span, *, numbers: str = "label") -> str:
    """Return the text that replaces *span* in a publication draft.

    ``numbers="label"`` (the default) replaces numbers, e-mail addresses and the part
    of an address below street level with a label such as ［身份证号已隐去］;
    ``numbers="mask"`` keeps the first and last few characters (138****5678) for
    internal documents where the holder must recognise the number.
    """
    if span.kind == "person_name":
        if all(
            c in MASKS for c in span.text[surname_at(span.text, 0) :]
        ) and surname_at(span.text, 0):
            return span.text.translate(str.maketrans(dict.fromkeys(MASKS, "某")))
        return _name_replacement(span.text)
    if numbers == "mask" and span.kind in NUMBER_KINDS:
        return _mask(span.text)
    return f"［{KIND_LABELS[span.kind]}已隐去］"


def redact(
    text: str,
    spans: Iterable[Span] | None = None,
    *,
    numbers: str = "label",
    **find_options,
) -> str:
    """Return *text* with every span replaced (spans found with `find_personal_data`
    and *find_options* when not given)."""
    if numbers not in ("label", "mask"):
        raise ValueError("numbers must be 'label' or 'mask'")
    if spans is None:
        spans = find_personal_data(text, **find_options)
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos:
            continue
        out.append(text[pos : span.start])
        out.append(replacement(span, numbers=numbers))
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def highlight_html(text: str, spans: Iterable[Span] | None = None) -> str:
    """Return *text* as escaped HTML with each span wrapped for the officer's review.

    Each span becomes ``<mark class="redact redact-<kind>" title="...">original</mark>``;
    the title names the kind and what the publication will show instead.
    """
    if spans is None:
        spans = find_personal_data(text)
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos:
            continue
        out.append(escape(text[pos : span.start]))
        title = f"{KIND_LABELS[span.kind]}，公示为：{replacement(span)}"
        out.append(
            f'<mark class="redact redact-{span.kind}" data-kind="{span.kind}" '
            f'title="{escape(title)}">{escape(span.text)}</mark>'
        )
        pos = span.end
    out.append(escape(text[pos:]))
    return "".join(out)
