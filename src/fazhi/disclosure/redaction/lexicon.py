"""Word lists of the name finder: surnames, domain terms, jieba's dictionary."""

from __future__ import annotations

from functools import cache
from importlib import resources

from .name_patterns import _STOP_CHARS


@cache
def _not_names() -> frozenset[str]:
    text = resources.files(__package__).joinpath("not_names.txt").read_text("utf-8")
    return frozenset(
        w
        for line in text.splitlines()
        if not line.startswith("#")
        for w in line.split()
    )


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return (single, compound, common) surname sets from the package's data file."""
    text = resources.files(__package__).joinpath("surnames.txt").read_text("utf-8")
    single: set[str] = set()
    compound: set[str] = set()
    common: set[str] = set()
    target = single
    for line in text.splitlines():
        if line.startswith("# compound"):
            target = compound
            continue
        if line.startswith("# common"):
            target = common
            continue
        if line.startswith("#"):
            continue
        target.update(line.split())
    single |= common
    return frozenset(single), frozenset(compound), frozenset(common)


def surname_at(text: str, i: int) -> int:
    """Return the length (2, 1 or 0) of the surname starting at text[i]."""
    single, compound, _ = _surnames()
    if text[i : i + 2] in compound:
        return 2
    return 1 if i < len(text) and text[i] in single else 0


@cache
def _jieba():
    """Return jieba.posseg and jieba's word-tag table, or None if jieba is absent."""
    try:
        import jieba
        import jieba.posseg as pseg
    except ImportError:  # pragma: no cover - jieba is optional
        return None
    jieba.setLogLevel(60)
    pseg.dt.initialize()
    return pseg, pseg.dt.word_tag_tab


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    """Return jieba's (start, end, word, flag) tokens, or [] without jieba."""
    jb = _jieba()
    if jb is None:
        return []
    out = []
    pos = 0
    for pair in jb[0].cut(text, HMM=True):
        word = pair.word
        out.append((pos, pos + len(word), word, pair.flag))
        pos += len(word)
    return out


def _dict_tag(word: str) -> str | None:
    jb = _jieba()
    if jb is None:
        return None
    return jb[1].get(word)


# Grammatical characters that do occur as the first of two given-name characters
# (赵其龙, 苏为新): allowed there, never as the last one.
_SOFT_STOP = set("其为成于以可")


def _ordinary_word(word: str) -> bool:
    """Whether jieba's dictionary knows *word* as something other than a name."""
    tag = _dict_tag(word)
    return tag is not None and not tag.startswith("nr")


@cache
def _terms() -> frozenset[str]:
    text = resources.files(__package__).joinpath("terms.txt").read_text("utf-8")
    return frozenset(
        w
        for line in text.splitlines()
        if not line.startswith("#")
        for w in line.split()
    )


def _is_term(text: str, start: int, end: int) -> bool:
    """Whether a domain term (麻古, 支付宝) starts at or covers the candidate."""
    terms = _terms()
    word = text[start:end]
    if any(term in word for term in terms if len(term) <= len(word)):
        return True
    return any(text[start : start + n] in terms for n in range(2, 6)) or any(
        text[b:e] in terms
        for b in range(max(0, start - 3), start + 1)
        for e in range(end, end + 3)
        if e - b >= 2
    )


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_given_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and ch not in _STOP_CHARS


# Verbs that name a trade (张三维修店, 李四批发部): inside a shop's name, not a sentence.
_TRADE_VERBS = frozenset(
    [
        "维修",
        "修理",
        "制造",
        "种植",
        "开发",
        "回收",
        "批发",
        "租赁",
        "装修",
        "出租",
        "加工",
        "养殖",
        "生产",
        "经营",
        "销售",
        "印刷",
        "运输",
        "设计",
        "美容",
        "美发",
        "洗车",
        "搬家",
        "配送",
        "烧烤",
        "干洗",
        "打印",
        "复印",
        "开锁",
        "收购",
        "代理",
    ]
)


def _is_action(word: str) -> bool:
    """Whether *word* is a verb of a sentence (离开, 入住, 逃离), not of a trade.

    A name followed by 离开现场 or 入住酒店 is the subject of a verb, not the head of a
    shop's name that ends in 场 or 店.
    """
    return len(word) == 2 and _dict_tag(word) == "v" and word not in _TRADE_VERBS
