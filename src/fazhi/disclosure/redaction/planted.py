"""Synthetic personal numbers in listed formats, for measuring the redactor.

Used by bench/redaction.py and the shared-data test: numbers are planted into real
judgment paragraphs (which have none) at known positions, drawn with a seeded RNG.
Every format the generator can produce is a row of `FORMATS` (kind, name, maker), so
the measured recall is over a known list of formats, each drawn equally often.
Numbers are valid where a real one would be: ID numbers carry the GB 11643 check
character and a real birth date, bank cards pass the Luhn check.
"""

import random
from collections.abc import Callable

from .checks import id_check_char, uscc_check_char

REGIONS = ("440111", "440106", "430102", "510104", "110105", "320102", "420102")
AREAS = ("020", "0755", "0769", "010", "021", "0731", "028", "0571")
CARD_BINS = ("622202", "621700", "622848", "625965", "436742", "622588")
_FULL = str.maketrans("0123456789+-Xx@", "０１２３４５６７８９＋－Ｘｘ＠")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _group(value: str, sizes: tuple[int, ...], sep: str) -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(value[pos : pos + size])
        pos += size
    if pos < len(value):
        out.append(value[pos:])
    return sep.join(p for p in out if p)


def full_width(value: str) -> str:
    return value.translate(_FULL)


# --- raw values -------------------------------------------------------------------
def mobile_digits(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + _digits(rng, 9)


def id18(rng: random.Random, *, check_x: bool = False) -> str:
    while True:
        y, m, d = rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)
        body = f"{rng.choice(REGIONS)}{y:04d}{m:02d}{d:02d}{_digits(rng, 3)}"
        value = body + id_check_char(body)
        if not check_x or value.endswith("X"):
            return value


def id15(rng: random.Random) -> str:
    y, m, d = rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)
    return f"{rng.choice(REGIONS)}{y:02d}{m:02d}{d:02d}{_digits(rng, 3)}"


def luhn_complete(body: str) -> str:
    """Append the digit that makes *body* pass the Luhn check."""
    for c in "0123456789":
        total = 0
        for i, ch in enumerate(reversed(body + c)):
            v = int(ch) * (2 if i % 2 else 1)
            total += v - 9 if v > 9 else v
        if total % 10 == 0:
            return body + c
    raise AssertionError("unreachable")


def card(rng: random.Random, n: int) -> str:
    return luhn_complete(rng.choice(CARD_BINS) + _digits(rng, n - 7))


def local_phone(rng: random.Random, area: str) -> str:
    n = 8 if len(area) == 3 else rng.choice((7, 8))
    return str(rng.randint(2, 8)) + _digits(rng, n - 1)


def uscc(rng: random.Random) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + rng.choice(REGIONS) + "".join(rng.choice(chars) for _ in range(9))
    return body + uscc_check_char(body)


# --- formats ------------------------------------------------------------------------
def _mobile(fmt: Callable[[str], str]) -> Callable[[random.Random], str]:
    return lambda rng: fmt(mobile_digits(rng))


def _landline(fmt: Callable[[str, str], str]) -> Callable[[random.Random], str]:
    def make(rng: random.Random) -> str:
        area = rng.choice(AREAS)
        return fmt(area, local_phone(rng, area))

    return make


def _split4(local: str) -> str:
    return f"{local[:-4]} {local[-4:]}"


def _email(rng: random.Random, *, dots: bool = False, plus: bool = False) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    user = "".join(rng.choice(letters) for _ in range(rng.randint(3, 8)))
    if dots:
        user += "." + "".join(rng.choice(letters) for _ in range(rng.randint(2, 5)))
    if plus:
        user += "+" + "".join(rng.choice(letters) for _ in range(3))
    if rng.random() < 0.5:
        user += str(rng.randint(1, 9999))
    domain = rng.choice(("163.com", "qq.com", "126.com", "gmail.com", "sina.com.cn"))
    return f"{user}@{domain}"


FORMATS: tuple[tuple[str, str, Callable[[random.Random], str]], ...] = (
    ("mobile", "13512345678", _mobile(lambda v: v)),
    ("mobile", "135-1234-5678", _mobile(lambda v: _group(v, (3, 4), "-"))),
    ("mobile", "135 1234 5678", _mobile(lambda v: _group(v, (3, 4), " "))),
    ("mobile", "1351 234 5678", _mobile(lambda v: _group(v, (4, 3), " "))),
    ("mobile", "135　1234　5678", _mobile(lambda v: _group(v, (3, 4), "\u3000"))),
    ("mobile", "135—1234—5678", _mobile(lambda v: _group(v, (3, 4), "—"))),
    ("mobile", "+86 135 1234 5678", _mobile(lambda v: "+86 " + _group(v, (3, 4), " "))),
    ("mobile", "+86-135-1234-5678", _mobile(lambda v: "+86-" + _group(v, (3, 4), "-"))),
    ("mobile", "+8613512345678", _mobile(lambda v: "+86" + v)),
    ("mobile", "+86 13512345678", _mobile(lambda v: "+86 " + v)),
    ("mobile", "0086 13512345678", _mobile(lambda v: "0086 " + v)),
    ("mobile", "008613512345678", _mobile(lambda v: "0086" + v)),
    ("mobile", "(+86)13512345678", _mobile(lambda v: "(+86)" + v)),
    ("mobile", "（+86）13512345678", _mobile(lambda v: "（+86）" + v)),
    (
        "mobile",
        "(86) 135 1234 5678",
        _mobile(lambda v: "(86) " + _group(v, (3, 4), " ")),
    ),
    ("mobile", "１３５１２３４５６７８", _mobile(full_width)),
    ("mobile", "＋８６－１３５…", _mobile(lambda v: full_width("+86-" + v))),
    (
        "mobile",
        "＋８６ １３５ １２３４ ５６７８",
        _mobile(lambda v: full_width("+86 " + _group(v, (3, 4), " "))),
    ),
    ("landline", "020-88888888", _landline(lambda a, v: f"{a}-{v}")),
    ("landline", "020-8888 8888", _landline(lambda a, v: f"{a}-{_split4(v)}")),
    ("landline", "(020)88888888", _landline(lambda a, v: f"({a}){v}")),
    ("landline", "（020）88888888", _landline(lambda a, v: f"（{a}）{v}")),
    ("landline", "(020) 8888-8888", _landline(lambda a, v: f"({a}) {v[:-4]}-{v[-4:]}")),
    ("landline", "020 8888-8888", _landline(lambda a, v: f"{a} {v[:-4]}-{v[-4:]}")),
    ("landline", "020 88888888", _landline(lambda a, v: f"{a} {v}")),
    ("landline", "020-88888888转123", _landline(lambda a, v: f"{a}-{v}转{v[:3]}")),
    ("landline", "020-88888888-123", _landline(lambda a, v: f"{a}-{v}-{v[1:4]}")),
    (
        "landline",
        "020 8888-8888 ext. 12",
        _landline(lambda a, v: f"{a} {v[:-4]}-{v[-4:]} ext. {v[:2]}"),
    ),
    (
        "landline",
        "+86 20 8888 8888",
        _landline(lambda a, v: f"+86 {a[1:]} {_split4(v)}"),
    ),
    ("landline", "+86-20-88888888", _landline(lambda a, v: f"+86-{a[1:]}-{v}")),
    (
        "landline",
        "０２０－８８８８８８８８",
        _landline(lambda a, v: full_width(f"{a}-{v}")),
    ),
    ("id_number", "18 digits", id18),
    ("id_number", "18, check X", lambda r: id18(r, check_x=True)),
    ("id_number", "18, check x", lambda r: id18(r, check_x=True).lower()),
    ("id_number", "440111 19800512 123X", lambda r: _group(id18(r), (6, 8), " ")),
    (
        "id_number",
        "4401 1119 8005 1212 3X",
        lambda r: _group(id18(r), (4, 4, 4, 4), " "),
    ),
    ("id_number", "18 full-width", lambda r: full_width(id18(r))),
    ("id_number", "15 digits", id15),
    ("id_number", "440111 800512 123", lambda r: _group(id15(r), (6, 6), " ")),
    ("bank_card", "16 digits", lambda r: card(r, 16)),
    ("bank_card", "19 digits", lambda r: card(r, 19)),
    ("bank_card", "17 digits", lambda r: card(r, 17)),
    ("bank_card", "6222 0212 3456 7890", lambda r: _group(card(r, 16), (4, 4, 4), " ")),
    (
        "bank_card",
        "6222 0212 3456 7890 123",
        lambda r: _group(card(r, 19), (4, 4, 4, 4), " "),
    ),
    ("bank_card", "6222-0212-3456-7890", lambda r: _group(card(r, 16), (4, 4, 4), "-")),
    ("bank_card", "622202 1234567890123", lambda r: _group(card(r, 19), (6,), " ")),
    ("email", "name@163.com", _email),
    ("email", "first.last@qq.com", lambda r: _email(r, dots=True)),
    ("email", "name+tag@gmail.com", lambda r: _email(r, plus=True)),
    ("email", "name＠163.com", lambda r: _email(r).replace("@", "＠")),
)

# Where a number stands: {} is the number. Half the contexts carry a cue, half none.
CONTEXTS = {
    "mobile": (
        "（手机：{}）",
        "，使用{}联系，",
        "，电话{}，",
        "，微信绑定号码为{}，",
        "（{}）",
        "，{}，",
    ),
    "landline": (
        "（电话：{}）",
        "，座机{}，",
        "，拨打{}联系，",
        "，联系方式：{}。",
        "（{}）",
    ),
    "id_number": (
        "（身份证号码：{}）",
        "（公民身份号码{}）",
        "，证件号码{}，",
        "（{}）",
        "，{}，",
    ),
    "bank_card": (
        "（银行卡号：{}）",
        "，向{}账户转账，",
        "，卡号{}，",
        "，通过{}收款，",
        "（{}）",
    ),
    "email": ("（邮箱：{}）", "，发送至{}，", "，联系邮箱{}，", "（{}）"),
}

# Text that must stay: numbers that are not personal data.
NEGATIVES: tuple[Callable[[random.Random], str], ...] = (
    lambda r: (
        f"，涉及广州市白云区鸿{r.choice('发达兴盛')}贸易有限公司（统一社会信用代码：{uscc(r)}）"
    ),
    lambda r: f"，另查（{r.randint(2015, 2023)}）粤0111刑初{r.randint(1, 2999)}号案",
    lambda r: f"，（{r.randint(2015, 2023)}）粤01民终{r.randint(10000, 29999)}号",
    lambda r: f"，罚款人民币{r.randint(1, 99) * 1000}元",
    lambda r: f"，涉案金额{r.randint(13, 19)}{_digits(r, 9)}元",
    lambda r: (
        f"，违法所得{r.randint(1, 999)},{_digits(r, 3)},{_digits(r, 3)}.{_digits(r, 2)}元"
    ),
    lambda r: f"，依据第{r.choice('一二三四五六七八九十')}十{r.choice('一二三四五')}条",
    lambda r: f"，依据《治安管理处罚法》第{r.randint(10, 119)}条第{r.randint(1, 3)}款",
    lambda r: f"，白云复〔{r.randint(2018, 2024)}〕{r.randint(1, 300)}号",
    lambda r: (
        f"，于{r.randint(2015, 2023)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}立案"
    ),
    lambda r: (
        f"，于{r.randint(2015, 2023)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} {r.randint(8, 20)}:{r.randint(10, 59)}受理"
    ),
    lambda r: f"，净重{r.randint(0, 99)}.{_digits(r, 2)}克",
)


def plant(
    points: list[int], rng: random.Random, *, count: int
) -> list[tuple[int, str, str | None, str | None, str | None]]:
    """Choose *count* numbers (a format drawn uniformly) and maybe one negative.

    Returns the inserts as (position, snippet, kind, value, format name), the last
    three None for a negative; the caller applies them from the end so that
    positions stay valid.
    """
    inserts = []
    for _ in range(count):
        kind, name, make = rng.choice(FORMATS)
        value = make(rng)
        snippet = rng.choice(CONTEXTS[kind]).replace("{}", value)
        inserts.append((rng.choice(points), snippet, kind, value, name))
    if rng.random() < 0.6:
        negative = rng.choice(NEGATIVES)(rng)
        inserts.append((rng.choice(points), negative, None, None, None))
    return inserts
