"""`find_personal_data`: every span of personal data in a text, with its kind."""

from collections.abc import Iterable
from typing import NamedTuple

from .names import find_names
from .numbers import find_numbers
from .patterns import find_addresses, find_emails, fold

# Chinese labels are publication text (data), shown in drafts and on the review screen.
KIND_LABELS: dict[str, str] = {
    "person_name": "姓名",
    "id_number": "身份证号",
    "mobile": "手机号码",
    "landline": "固定电话",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "address": "住址",
}
KINDS = tuple(KIND_LABELS)

# When two finders claim overlapping text, the more specific one wins.
_PRIORITY = {
    "email": 0,
    "id_number": 1,
    "bank_card": 2,
    "mobile": 3,
    "landline": 4,
    "address": 5,
    "person_name": 6,
}


class Span(NamedTuple):
    """One piece of personal data: ``text[start:end] == span.text``."""

    start: int
    end: int
    kind: str
    text: str

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "text": self.text,
        }


def find_personal_data(
    text: str,
    *,
    known_names: Iterable[str] = (),
    keep: Iterable[str] = (),
    kinds: Iterable[str] | None = None,
) -> list[Span]:
    """Return the personal data in *text*, sorted by position, without overlaps.

    ``known_names``: names the caller knows (the parties of the case); every occurrence
    is a ``person_name`` even without a cue or a listed surname.
    ``keep``: exact strings that must stay visible, e.g. the names of the enforcement
    officers, which 行政执法公示 publishes with their certificate numbers.
    ``kinds``: restrict the result to these kinds (default: all of ``KINDS``).

    Legal persons' names and unified social credit codes are never returned.
    """
    wanted = set(KINDS if kinds is None else kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {sorted(unknown)}")
    keep_set = {k for k in keep if k}
    folded = fold(text)
    raw: list[tuple[int, int, str]] = []
    raw += find_emails(folded)
    raw += find_numbers(folded)
    if "person_name" in wanted:
        raw += [
            (s, e, "person_name")
            for s, e in find_names(text, known_names=tuple(known_names))
        ]
    if "address" in wanted:
        raw += find_addresses(folded)
    raw.sort(key=lambda t: (_PRIORITY[t[2]], t[0]))
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in raw:
        if any(start < e and s < end for s, e, _ in chosen):
            continue
        chosen.append((start, end, kind))
    return [
        Span(s, e, k, text[s:e])
        for s, e, k in sorted(chosen)
        if k in wanted and text[s:e] not in keep_set
    ]
