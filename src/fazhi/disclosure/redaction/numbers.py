"""Personal numbers: citizen IDs, mobile and fixed phones, bank cards.

Takes the text after `patterns.fold` (full-width digits already ASCII, same length) and
returns `(start, end, kind)` triples; `find_personal_data` merges them.

Formats handled (docs/redaction.md lists them with examples):
- any grouping of the digits by one space, an ideographic space or a dash of any kind
  (135 1234 5678, 135-1234-5678, 4401 1119 8005 1212 3X, 6222 0212 3456 7890 128);
- a country code before a phone: +86, ＋86, 0086, (+86), （86）, +86- (the span includes
  it, so nothing of the number is left in the publication);
- fixed phones with an area code in brackets or followed by a separator, and an
  extension after -, 转, 分机 or ext.
"""

import re

from .checks import is_id15, is_id18, is_uscc, luhn_ok

# Separators and brackets fold to ASCII, one character for one (offsets stay valid).
_SEPARATORS = str.maketrans(
    "\u3000\u00a0\u2002\u2003\u2009—–‐‑−－＋（）",
    "     ------+()",
)


def _fold_separators(folded: str) -> str:
    return folded.translate(_SEPARATORS)


# A separator between two digit groups: one space or a dash, the dash possibly with a
# space on each side ("135 - 1234 - 5678").
_SEP = r"(?: ?- ?| )"
# A country code before a phone number.
_COUNTRY = r"(?:\( ?\+? ?86 ?\) ?|\+ ?86" + _SEP + r"?|0086" + _SEP + r"?)"
# A run of digits grouped by separators, possibly ending in X (ID numbers), possibly
# after a country code. Letters or digits on either side disqualify it, so a credit
# code such as 91440111MA59XXXX1X is never cut into a number.
_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z+])(?P<cc>{_COUNTRY})?\d(?:{_SEP}?\d){{6,22}}"
    rf"(?:{_SEP}?[Xx])?(?![0-9A-Za-z])"
)
_EXTENSION = r"(?:(?: ?- ?|转|分机| ?(?:ext|EXT|Ext)\.? ?)\d{1,5})?"
_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z])(?:\( ?0\d{2,3} ?\) ?|0\d{2,3}" + _SEP + r")"
    r"[2-9]\d{2,3}" + _SEP + r"?\d{4}" + _EXTENSION + r"(?![0-9A-Za-z])"
)

# Words just before a number that say what it is. They override the checks where a
# check alone would be too weak (15 digits) or where the holder mistyped a number.
_CUE_WINDOW = 12
_CUES = re.compile(
    r"(?P<id>身份证|身份号码|证件号|公民身份|居民身份)"
    r"|(?P<card>银行卡|卡号|银行账号|银行帐号|储蓄卡|信用卡|借记卡|账号|帐号)"
    r"|(?P<phone>电话|手机|联系方式|号码|tel|Tel|TEL|致电|拨打|座机|分机)"
    r"|(?P<keep>信用代码|注册号|组织机构代码|纳税人识别号|税号|文号|编号|案号|索引号)"
)
# What follows an amount, a quantity or a document number, never a personal number.
_UNIT_AFTER = re.compile(r"(?:元|万|亿|克|千克|公斤|吨|米|平方|股|份|年|次|件|条|款)")


def _cues_before(folded: str, start: int) -> set[str]:
    """Return the kinds of cue just before *start*; a keep cue counts only when last."""
    kinds: list[str] = []
    for m in _CUES.finditer(folded, max(0, start - _CUE_WINDOW), start):
        kinds.append(m.lastgroup)
    if kinds and kinds[-1] == "keep":
        return {"keep"}
    return set(kinds) - {"keep"}


def _is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def _looks_like_uscc(digits: str) -> bool:
    # An all-digit credit code: registration authority 1-9, region code of a province.
    return is_uscc(digits) and 11 <= int(digits[2:4]) <= 65


def _id_grouping(raw: str) -> bool:
    """Whether the separators of a 15/18-digit number fall between the ID's fields
    (region, birth date, sequence): 440111 19800512 1234, 4401 1119 8005 1212 34."""
    groups = [len(g) for g in re.split(r"[ -]+", raw)]
    if len(groups) == 1:
        return True
    return groups[0] == 6 or all(n == 4 for n in groups[:-1])


def find_numbers(folded: str) -> list[tuple[int, int, str]]:
    """Return ID, mobile, bank card and landline numbers found in *folded* text."""
    text = _fold_separators(folded)
    found = [(m.start(), m.end(), "landline") for m in _LANDLINE.finditer(text)]
    lines = list(found)
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        raw = text[m.end("cc") if m.group("cc") else start : end]
        digits = re.sub(r"[ -]", "", raw)
        if _UNIT_AFTER.match(text, end):
            continue  # 13500000000元, 15000000000吨: an amount
        kind = _classify(text, start, digits, raw, country=bool(m.group("cc")))
        if kind:
            pieces = [(start, end, kind)]
        elif raw != digits and not m.group("cc"):
            pieces = _split_run(text, start, end)  # 13512345678 13612345678
        else:
            pieces = []
        for s, e, k in pieces:
            if k == "landline" and any(a <= s and e <= b for a, b, _ in lines):
                continue  # the local part of (020)86123456, taken with its area code
            found = [x for x in found if not (x[0] < e and s < x[1])]
            found.append((s, e, k))
    return found


def _split_run(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Numbers inside a run that is none as a whole: two phones side by side."""
    groups = [(g.start(), g.end()) for g in re.finditer(r"\d+[Xx]?", text[:end])]
    groups = [g for g in groups if g[0] >= start]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(groups):
        for j in range(len(groups), i, -1):
            s, e = groups[i][0], groups[j - 1][1]
            if (i, j) == (0, len(groups)):
                continue
            raw = text[s:e]
            kind = _classify(text, s, re.sub(r"[ -]", "", raw), raw, country=False)
            if kind:
                out.append((s, e, kind))
                i = j
                break
        else:
            i += 1
    return out


def _classify(
    folded: str, start: int, digits: str, raw: str, *, country: bool
) -> str | None:
    n = len(digits)
    cues = _cues_before(folded, start)
    if "keep" in cues:
        return None
    grouped = raw != digits
    if country:
        if _is_mobile(digits):
            return "mobile"
        # +86 20 8888 8888: an area code without its leading 0 (or with it).
        return "landline" if 9 <= n <= 12 else None
    if digits.startswith("86") and _is_mobile(digits[2:]):
        return "mobile"  # 8613512345678: the country code without its plus
    if n == 18 and is_id18(digits):
        return "id_number"
    if "id" in cues and n in (15, 18):
        return "id_number"
    if _is_mobile(digits):
        return "mobile"
    if 16 <= n <= 19 and ("card" in cues or luhn_ok(digits)):
        if n == 18 and "card" not in cues and _looks_like_uscc(digits):
            return None
        return "bank_card"
    if n == 15 and is_id15(digits) and _id_grouping(raw):
        return "id_number"
    if "card" in cues and 12 <= n <= 19:
        return "bank_card"
    if "phone" in cues and 7 <= n <= 12 and not grouped and digits[0] != "1":
        return "landline"
    return None
