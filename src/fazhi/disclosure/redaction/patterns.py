"""E-mail and home addresses, and the folding of full-width characters.

Personal numbers are in `numbers.py`.

Each finder takes the text (full-width digits already folded to ASCII, same length)
and returns `(start, end, kind)` triples; `find_personal_data` merges them.
"""

import re

# Full-width digits, letters and separators fold to ASCII one character for one, so
# offsets in the folded text are offsets in the original.
_FOLD = str.maketrans(
    "０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＹ－＠．",
    "0123456789XxABCDEFGHJKLMNPQRTUWY-@.",
)


def fold(text: str) -> str:
    """Return *text* with full-width digits and a few symbols folded to ASCII."""
    return text.translate(_FOLD)


_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,10}"
)


def find_emails(folded: str) -> list[tuple[int, int, str]]:
    """Return e-mail addresses."""
    return [(m.start(), m.end(), "email") for m in _EMAIL.finditer(folded)]


# --- home addresses -------------------------------------------------------------
# The address is kept down to the town/street (镇、乡、街道) level and hidden below it.
_ADMIN_PREFIX = re.compile(
    r"(?:本省|[\u4e00-\u9fff]{2,8}?(?:省|自治区))?"
    r"(?:本市|[\u4e00-\u9fff]{1,8}?(?:市|自治州|地区|盟))?"
    r"(?:本区|本县|[\u4e00-\u9fff]{1,8}?(?:区|县|旗|市))?"
    r"(?:[\u4e00-\u9fff]{1,8}?(?:街道办事处|街道|镇|乡|街(?![0-9X×某一二三四五六七八九十])))?"
)
_BELOW_STREET = re.compile(
    r"[0-9X×x某一二三四五六七八九十百零〇]+(?:号|栋|幢|座|室|房|楼|层|单元|组|社|队|弄|巷|排|户)"
    r"|村|巷|弄|小区|花园|公寓|宿舍|大院|苑|家属院|新村|山庄|大厦|广场|城|里|坊|屯|庄"
)
_RESIDENCE_CUE = re.compile(
    r"(?:住址|家庭住址|家住|现住|暂住|居住地|居住于|户籍所在地|户籍地|户籍|住所地|住所|住)"
    r"(?![宿院房所处宅])[：:为在于址]?\s*"
)
_HOME_TAIL = re.compile(
    r"(?:在|到|至|于|回|去|往|进入|位于)([^，。；;,、\n在到至于]{4,40}?)"
    r"(?:的|之)?(?:家中|家里|住处|住所|租住房|租住处|出租屋|出租房|暂住处|居所|住宅|自己的租住房|其租住房|其住处)"
)
_ADDRESS_END = re.compile(r"[，。；;,\n（(）)]|(?:的家|家中|期间|时|后|被|因|与|并)")
_NATURAL_PERSON = re.compile(r"(男|女|出生|身份证|公民身份|民族|汉族)")


def _split_address(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """Return the part of an address below street level, or None if there is none."""
    prefix = _ADMIN_PREFIX.match(folded, start, end)
    cut = prefix.end() if prefix else start
    if cut >= end or not _BELOW_STREET.search(folded, cut, end):
        return None
    return cut, end


def find_addresses(folded: str) -> list[tuple[int, int, str]]:
    """Return home addresses below street level (after 住/家住/户籍..., or before 家中)."""
    found: list[tuple[int, int, str]] = []
    for m in _RESIDENCE_CUE.finditer(folded):
        cue = m.group()
        if cue.startswith("住所") and not _NATURAL_PERSON.search(
            folded, max(0, m.start() - 40), m.start()
        ):
            # 住所 is also a company's registered seat, which stays public.
            continue
        if cue == "住" and m.start() > 0 and folded[m.start() - 1] in "居入暂租留":
            continue
        start = m.end()
        stop = _ADDRESS_END.search(folded, start, start + 60)
        end = stop.start() if stop else min(len(folded), start + 60)
        part = _split_address(folded, start, end)
        if part:
            found.append((*part, "address"))
    for m in _HOME_TAIL.finditer(folded):
        part = _split_address(folded, m.start(1), m.end(1))
        if part:
            found.append((*part, "address"))
    return found
